import { type FormEvent, useState } from 'react';
import { useOutletContext } from 'react-router';
import type { TUser } from '@tk/sdk';
import { Field, FormError, inputProps, LoadError, Pager, confirmAction } from '../components/ui';
import { fieldErrors, formatStoreTime } from '../lib/forms';
import { api } from '../lib/session';
import { useLoad } from '../lib/use-load';

const PAGE = 25;
const JOBS = [
  ['notifications.dispatch', 'Send waiting emails and pushes now'],
  ['payments.reconcile', 'Ask the gateways about unsettled payments'],
  ['reservations.sweep', 'Return expired stock holds'],
  ['flash-sales.fire', 'Start and end due flash sales'],
  ['recommendations.rebuild', 'Rebuild recommendations'],
] as const;

/** What the shop sent and what failed: the message log with what waits, failed jobs, and a campaign form. */
export function OperationsPage() {
  const me = useOutletContext<TUser>();
  const log = useLoad(() => api.notificationLog({ query: { limit: 500 } }), []);
  const [offset, setOffset] = useState(0);
  const dead = useLoad(() => api.listDeadLetters(), []);
  const [message, setMessage] = useState('');

  async function run(name: (typeof JOBS)[number][0]) {
    try {
      const queued = await api.runJob({ params: { name } });
      setMessage(`${name} is queued (${queued.runner === 'bullmq' ? 'on the worker' : 'in the API'}); refresh in a moment to see its effect.`);
    } catch (err) {
      setMessage(fieldErrors(err)[''] ?? 'Refused.');
    }
  }

  return (
    <>
      <h1>Messages and jobs</h1>
      {message && <p role="status">{message}</p>}
      <section>
        <div className="title-row">
          <h2>Messages</h2>
          <button type="button" className="secondary" onClick={log.reload}>
            Refresh
          </button>
        </div>
        <LoadError error={log.error} />
        {log.data && <p>{log.data.pending === 0 ? 'Nothing is waiting to be sent.' : `${log.data.pending} waiting to be sent or retried.`}</p>}
        <table aria-busy={log.loading}>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">To</th>
              <th scope="col">Message</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {log.data?.items.slice(offset, offset + PAGE).map((m) => (
              <tr key={m.id}>
                <td>{formatStoreTime(m.createdAt)}</td>
                <td>
                  {m.recipient}
                  <div className="muted">
                    {m.channel} via {m.provider}
                  </div>
                </td>
                <td>
                  {m.subject}
                  <div className="muted">{m.template}</div>
                </td>
                <td>
                  <span className={`badge ${m.status === 'sent' ? 'paid' : m.status === 'failed' ? 'cancelled' : ''}`}>{m.status}</span>
                  {m.error && <div className="error">{m.error}</div>}
                </td>
              </tr>
            ))}
            {log.data && !log.data.items.length && (
              <tr>
                <td colSpan={4}>Nothing sent yet.</td>
              </tr>
            )}
          </tbody>
        </table>
        {log.data && <Pager offset={offset} limit={PAGE} total={log.data.items.length} onPage={setOffset} />}
        <p className="muted">The latest 500 messages; older ones stay in the notification log in the database.</p>
      </section>
      <section>
        <div className="title-row">
          <h2>Failed jobs</h2>
          <button type="button" className="secondary" onClick={dead.reload}>
            Refresh
          </button>
        </div>
        <LoadError error={dead.error} />
        {dead.data && !dead.data.items.length ? (
          <p className="muted">No job has failed all its attempts.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">Job</th>
                <th scope="col">Failed</th>
                <th scope="col">Attempts</th>
                <th scope="col">Error</th>
              </tr>
            </thead>
            <tbody>
              {dead.data?.items.map((d, n) => (
                <tr key={n}>
                  <td>{d.name}</td>
                  <td>{formatStoreTime(d.failedAt)}</td>
                  <td>{d.attempts}</td>
                  <td className="error">{d.error}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {me.role === 'admin' && (
          <>
            <h3>Run a job now</h3>
            <div className="inline">
              {JOBS.map(([name, text]) => (
                <button key={name} type="button" className="secondary" onClick={() => run(name)}>
                  {text}
                </button>
              ))}
            </div>
          </>
        )}
      </section>
      <Campaign />
    </>
  );
}

/** A message to every customer who agreed to marketing on that channel. */
function Campaign() {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [sent, setSent] = useState('');
  async function send(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const target = event.currentTarget;
    const form = new FormData(target);
    if (!confirmAction('Send this message to every customer who opted in?')) return;
    setErrors({});
    try {
      const result = await api.sendCampaign({
        body: { channel: form.get('channel') as 'email' | 'push', subject: String(form.get('subject') ?? ''), text: String(form.get('text') ?? ''), url: String(form.get('url') ?? '').trim() || undefined },
      });
      setSent(`Queued for ${result.recipients} ${result.recipients === 1 ? 'customer' : 'customers'}.`);
      target.reset();
    } catch (err) {
      setErrors(fieldErrors(err));
    }
  }
  return (
    <section>
      <h2>Send a campaign</h2>
      <form onSubmit={send} className="stack" noValidate>
        <FormError errors={errors} />
        <Field label="Channel" name="channel" error={errors.channel}>
          <select {...inputProps('channel', errors.channel)}>
            <option value="email">Email</option>
            <option value="push">Push notification</option>
          </select>
        </Field>
        <Field label="Subject" name="subject" error={errors.subject}>
          <input {...inputProps('subject', errors.subject)} maxLength={150} />
        </Field>
        <Field label="Text" name="text" error={errors.text}>
          <textarea {...inputProps('text', errors.text)} rows={4} maxLength={5000} />
        </Field>
        <Field label="Link" name="url" error={errors.url} hint="Optional: where the message takes the customer.">
          <input {...inputProps('url', errors.url)} type="url" />
        </Field>
        <div className="actions">
          <button type="submit">Send</button>
        </div>
        {sent && <p role="status">{sent}</p>}
      </form>
    </section>
  );
}
