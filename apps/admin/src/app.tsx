import { type FormEvent, useState } from 'react';
import { ApiError, createClient, type TUser } from '@tk/sdk';

const api = createClient({ baseUrl: import.meta.env.VITE_API_URL });

/**
 * The admin dashboard's first screen: staff sign in against the same API as every client.
 * Catalogue, stock, orders and promotions screens arrive with issue 9.
 */
export function App() {
  const [user, setUser] = useState<TUser | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function signIn(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setError(null);
    try {
      const session = await api.login({ body: { email: String(form.get('email')), password: String(form.get('password')) } });
      if (session.user.role === 'customer') {
        setError('This account is not a staff account.');
        return;
      }
      setUser(session.user);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'The API is not reachable.');
    }
  }

  if (user) {
    return (
      <main style={{ fontFamily: 'system-ui, sans-serif', padding: 24 }}>
        <h1>T &amp; K admin</h1>
        <p>
          Signed in as {user.email} ({user.role}).
        </p>
      </main>
    );
  }
  return (
    <main style={{ fontFamily: 'system-ui, sans-serif', padding: 24, maxWidth: 360 }}>
      <h1>T &amp; K admin</h1>
      <form onSubmit={signIn} style={{ display: 'grid', gap: 8 }}>
        <label>
          Email <input name="email" type="email" autoComplete="username" required />
        </label>
        <label>
          Password <input name="password" type="password" autoComplete="current-password" required />
        </label>
        <button type="submit">Sign in</button>
        {error && <p role="alert">{error}</p>}
      </form>
    </main>
  );
}
