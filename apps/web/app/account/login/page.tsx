import type { Metadata } from 'next';
import { login, register } from '../../actions';

export const metadata: Metadata = { title: 'Sign in | T & K', robots: { index: false } };
export const dynamic = 'force-dynamic';

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string; error?: string; tab?: string }> }) {
  const { next = '/account', error, tab } = await searchParams;
  return (
    <main>
      <h1>Sign in or create an account</h1>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <div className="columns">
        <form action={login} className="form" aria-labelledby="signin-title">
          <h2 id="signin-title">Sign in</h2>
          <input type="hidden" name="next" value={next} />
          <label htmlFor="login-email">Email</label>
          <input id="login-email" name="email" type="email" autoComplete="username" required autoFocus={tab !== 'register'} />
          <label htmlFor="login-password">Password</label>
          <input id="login-password" name="password" type="password" autoComplete="current-password" required />
          <button type="submit">Sign in</button>
        </form>
        <form action={register} className="form" aria-labelledby="register-title">
          <h2 id="register-title">New here?</h2>
          <input type="hidden" name="next" value={next} />
          <label htmlFor="register-name">Name</label>
          <input id="register-name" name="name" autoComplete="name" autoFocus={tab === 'register'} />
          <label htmlFor="register-email">Email</label>
          <input id="register-email" name="email" type="email" autoComplete="email" required />
          <label htmlFor="register-password">Password (at least 10 characters)</label>
          <input id="register-password" name="password" type="password" autoComplete="new-password" minLength={10} required />
          <button type="submit">Create account</button>
        </form>
      </div>
      <p>
        Bought as a guest? <a href="/orders/lookup">Find your order</a>
      </p>
    </main>
  );
}
