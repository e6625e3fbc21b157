import { type FormEvent, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { ApiError } from '@tk/sdk';
import { session } from '../lib/session';

/** Staff sign in against the same API as every client; customer accounts are turned away. */
export function LoginPage() {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const navigate = useNavigate();
  const [params] = useSearchParams();

  async function signIn(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setError(null);
    setBusy(true);
    try {
      const user = await session.signIn(String(form.get('email')), String(form.get('password')));
      if (user.role === 'customer') {
        await session.signOut();
        setError('This is a customer account. Sign in with a staff account.');
        return;
      }
      const next = params.get('next');
      navigate(next?.startsWith('/') && !next.startsWith('//') ? next : '/');
    } catch (err) {
      setError(err instanceof ApiError ? (err.status === 401 ? 'Wrong email or password.' : err.message) : 'The API is not reachable.');
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="login">
      <h1>T &amp; K admin</h1>
      <form onSubmit={signIn} className="stack">
        <label htmlFor="email">Email</label>
        <input id="email" name="email" type="email" autoComplete="username" required />
        <label htmlFor="password">Password</label>
        <input id="password" name="password" type="password" autoComplete="current-password" required />
        <button type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
      </form>
    </main>
  );
}
