import { type FormEvent, useState } from 'react';
import { Link, useOutletContext } from 'react-router';
import type { TRole, TUser } from '@tk/sdk';
import { Field, FormError, inputProps, LoadError, Pager, SearchForm, confirmAction } from '../components/ui';
import { fieldErrors, formatStoreTime } from '../lib/forms';
import { api } from '../lib/session';
import { useLoad } from '../lib/use-load';
import { useUrlState } from '../lib/url-state';

const LIMIT = 25;

/** Customers, newest first, searchable by email or name, each with their orders. */
export function CustomersPage() {
  const url = useUrlState();
  const q = url.get('q');
  const { data, error, loading } = useLoad(() => api.listUsers({ query: { role: 'customer', q: q || undefined, limit: LIMIT, offset: url.offset } }), [q, url.offset]);
  return (
    <>
      <h1>Customers</h1>
      <SearchForm id="customer-search" label="Email or name" initial={q} onSearch={(text) => url.set({ q: text, offset: '' })} />
      <LoadError error={error} />
      <table aria-busy={loading}>
        <thead>
          <tr>
            <th scope="col">Customer</th>
            <th scope="col">Joined</th>
            <th scope="col">Orders</th>
            <th scope="col">Last order</th>
          </tr>
        </thead>
        <tbody>
          {data?.items.map((u) => (
            <tr key={u.id}>
              <td>
                {u.name}
                <div className="muted">
                  {u.email}
                  {u.phone && ` · ${u.phone}`}
                </div>
              </td>
              <td>{formatStoreTime(u.createdAt)}</td>
              <td>{u.orderCount ? <Link to={`/orders?customer=${u.id}`}>{u.orderCount === 1 ? '1 order' : `${u.orderCount} orders`}</Link> : 'None yet'}</td>
              <td>{u.lastOrderAt ? formatStoreTime(u.lastOrderAt) : '—'}</td>
            </tr>
          ))}
          {data && !data.items.length && (
            <tr>
              <td colSpan={4}>No customers match.</td>
            </tr>
          )}
        </tbody>
      </table>
      {data && <Pager offset={url.offset} limit={LIMIT} total={data.total} onPage={(o) => url.set({ offset: o ? String(o) : '' })} />}
    </>
  );
}

/** Admins only: the team's accounts, opening one, and changing roles. */
export function StaffPage() {
  const me = useOutletContext<TUser>();
  const staff = useLoad(() => api.listUsers({ query: { role: 'staff', limit: 100 } }), []);
  const admins = useLoad(() => api.listUsers({ query: { role: 'admin', limit: 100 } }), []);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState('');
  if (me.role !== 'admin') return <p role="alert">Only admins manage staff accounts.</p>;
  const team = [...(admins.data?.items ?? []), ...(staff.data?.items ?? [])];
  const reload = () => {
    staff.reload();
    admins.reload();
  };

  async function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const target = event.currentTarget;
    const form = new FormData(target);
    setErrors({});
    try {
      const user = await api.createStaffUser({
        body: { email: String(form.get('email') ?? ''), name: String(form.get('name') ?? ''), password: String(form.get('password') ?? ''), role: form.get('role') as 'staff' | 'admin' },
      });
      setMessage(`${user.email} can now sign in as ${user.role}.`);
      target.reset();
      reload();
    } catch (err) {
      setErrors(fieldErrors(err));
    }
  }

  async function changeRole(user: TUser, role: TRole) {
    const what = role === 'customer' ? `remove ${user.email} from the team` : `make ${user.email} ${role === 'admin' ? 'an admin' : 'staff'}`;
    if (!confirmAction(`Do you want to ${what}? They will be signed out everywhere.`)) return;
    try {
      await api.setUserRole({ params: { id: user.id }, body: { role } });
      setMessage(`${user.email} is now ${role}.`);
      reload();
    } catch (err) {
      setMessage(fieldErrors(err)[''] ?? 'The change was refused.');
    }
  }

  return (
    <>
      <h1>Staff</h1>
      <LoadError error={staff.error ?? admins.error} />
      {message && <p role="status">{message}</p>}
      <table aria-busy={staff.loading || admins.loading}>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Role</th>
            <th scope="col">Since</th>
            <th scope="col">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {team.map((u) => (
            <tr key={u.id}>
              <td>
                {u.name}
                <div className="muted">{u.email}</div>
              </td>
              <td>{u.role}</td>
              <td>{formatStoreTime(u.createdAt)}</td>
              <td>
                {u.id === me.id ? (
                  <span className="muted">You</span>
                ) : (
                  <span className="inline">
                    <button type="button" className="link" onClick={() => changeRole(u, u.role === 'admin' ? 'staff' : 'admin')}>
                      {u.role === 'admin' ? 'Make staff' : 'Make admin'}
                    </button>
                    <button type="button" className="link" onClick={() => changeRole(u, 'customer')}>
                      Remove from team
                    </button>
                  </span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Add a member of the team</h2>
      <form onSubmit={create} className="stack" noValidate>
        <FormError errors={errors} />
        <Field label="Name" name="name" error={errors.name}>
          <input {...inputProps('name', errors.name)} required maxLength={100} />
        </Field>
        <Field label="Email" name="email" error={errors.email}>
          <input {...inputProps('email', errors.email)} type="email" required />
        </Field>
        <Field label="Password" name="password" error={errors.password} hint="At least 10 characters; they can change it after signing in.">
          <input {...inputProps('password', errors.password)} type="password" autoComplete="new-password" required />
        </Field>
        <Field label="Role" name="role" error={errors.role} hint="Staff run the shop; admins also manage the team and payment settings.">
          <select {...inputProps('role', errors.role)} defaultValue="staff">
            <option value="staff">Staff</option>
            <option value="admin">Admin</option>
          </select>
        </Field>
        <div className="actions">
          <button type="submit">Add to the team</button>
        </div>
      </form>
    </>
  );
}
