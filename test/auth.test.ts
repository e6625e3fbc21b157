import { describe, expect, it } from 'vitest';
import { adminApi, apiError, client, mailFor, randomIp, signUp, uniqueEmail } from './support/client.js';

describe('registration and login', () => {
  it('registers a customer and returns a session', async () => {
    const email = uniqueEmail();
    const session = await client().register({ body: { email, password: 'a long passphrase', name: 'Nimal' } });
    expect(session.user).toMatchObject({ email, name: 'Nimal', role: 'customer' });
    const accessLifetime = Date.parse(session.tokens.accessTokenExpiresAt) - Date.now();
    expect(accessLifetime).toBeLessThanOrEqual(15 * 60_000);
    expect(accessLifetime).toBeGreaterThan(0);
    const me = await client({ accessToken: session.tokens.accessToken }).getMe();
    expect(me.id).toBe(session.user.id);
  });

  it('refuses a second account with the same email, whatever its case', async () => {
    const { email } = await signUp();
    const err = await apiError(() => client().register({ body: { email: email.toUpperCase(), password: 'another passphrase' } }));
    expect(err.status).toBe(409);
    expect(err.code).toBe('email_taken');
    expect(err.fields[0]?.field).toBe('body.email');
  });

  it('names each invalid field', async () => {
    const err = await apiError(() => client().register({ body: { email: 'not-an-email', password: 'short' } }));
    expect(err.status).toBe(400);
    expect(err.fields.map((f) => f.field).sort()).toEqual(['body.email', 'body.password']);
    const extra = await apiError(() => client().register({ body: { email: uniqueEmail(), password: 'long enough pass', role: 'admin' } as never }));
    expect(extra.status).toBe(400);
  });

  it('logs in with the right password only, with the same answer for unknown emails', async () => {
    const { email, password } = await signUp();
    const ok = await client().login({ body: { email, password } });
    expect(ok.user.email).toBe(email);
    const wrong = await apiError(() => client().login({ body: { email, password: 'wrong password' } }));
    const unknown = await apiError(() => client().login({ body: { email: uniqueEmail(), password } }));
    expect([wrong.status, wrong.code]).toEqual([401, 'invalid_credentials']);
    expect([unknown.status, unknown.code, unknown.message]).toEqual([401, 'invalid_credentials', wrong.message]);
  });
});

describe('refresh-token rotation', () => {
  it('rotates the refresh token on every use', async () => {
    const { tokens } = await signUp();
    const api = client();
    const second = await api.refresh({ body: { refreshToken: tokens.refreshToken } });
    expect(second.refreshToken).not.toBe(tokens.refreshToken);
    const third = await api.refresh({ body: { refreshToken: second.refreshToken } });
    expect(third.refreshToken).not.toBe(second.refreshToken);
    const me = await client({ accessToken: third.accessToken }).getMe();
    expect(me.role).toBe('customer');
  });

  it('treats reuse of a spent token as theft and ends the whole session', async () => {
    const { tokens } = await signUp();
    const api = client();
    const next = await api.refresh({ body: { refreshToken: tokens.refreshToken } });
    const reuse = await apiError(() => api.refresh({ body: { refreshToken: tokens.refreshToken } }));
    expect(reuse.code).toBe('refresh_token_reused');
    // The legitimate successor is revoked too, and so are the access tokens of the family.
    const successor = await apiError(() => api.refresh({ body: { refreshToken: next.refreshToken } }));
    expect(successor.status).toBe(401);
    const me = await apiError(() => client({ accessToken: next.accessToken }).getMe());
    expect(me.code).toBe('invalid_token');
  });

  it('lets exactly one of two simultaneous refreshes with one token succeed', async () => {
    const { tokens } = await signUp();
    const api = client();
    const results = await Promise.allSettled([
      api.refresh({ body: { refreshToken: tokens.refreshToken } }),
      api.refresh({ body: { refreshToken: tokens.refreshToken } }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  });

  it('keeps other sessions of the same user alive when one is revoked', async () => {
    const { email, password, tokens } = await signUp();
    const other = await client().login({ body: { email, password } });
    await client().logout({ body: { refreshToken: tokens.refreshToken } });
    expect((await apiError(() => client().refresh({ body: { refreshToken: tokens.refreshToken } }))).status).toBe(401);
    expect((await apiError(() => client({ accessToken: tokens.accessToken }).getMe())).status).toBe(401);
    const still = await client().refresh({ body: { refreshToken: other.tokens.refreshToken } });
    expect(still.accessToken).toBeTruthy();
  });

  it('rejects unknown tokens and tampered access tokens', async () => {
    expect((await apiError(() => client().refresh({ body: { refreshToken: 'made-up' } }))).code).toBe('invalid_token');
    const { tokens } = await signUp();
    const [h, p, s] = tokens.accessToken.split('.');
    const payload = JSON.parse(Buffer.from(p!, 'base64url').toString());
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...payload, role: 'admin' })).toString('base64url')}.${s}`;
    expect((await apiError(() => client({ accessToken: forged }).getMe())).code).toBe('invalid_token');
    const none = await apiError(() => client().getMe());
    expect([none.status, none.code]).toEqual([401, 'unauthorized']);
  });
});

describe('password reset', () => {
  it('emails a single-use token that sets a new password and ends old sessions', async () => {
    const { email, tokens } = await signUp();
    const res = await client().requestPasswordReset({ body: { email } });
    expect(res.accepted).toBe(true);
    const [mail] = await mailFor(email);
    expect(mail?.template).toBe('password_reset');
    expect(mail?.text).toContain(mail!.data.link);
    const token = new URL(mail!.data.link!).searchParams.get('token')!;
    expect(token.length).toBeGreaterThan(20);

    await client().confirmPasswordReset({ body: { token, password: 'a brand new passphrase' } });
    const again = await apiError(() => client().confirmPasswordReset({ body: { token, password: 'yet another passphrase' } }));
    expect([again.status, again.code, again.fields[0]?.field]).toEqual([400, 'validation_failed', 'body.token']);

    expect((await apiError(() => client().refresh({ body: { refreshToken: tokens.refreshToken } }))).status).toBe(401);
    expect((await apiError(() => client().login({ body: { email, password: 'correct horse battery' } }))).status).toBe(401);
    const session = await client().login({ body: { email, password: 'a brand new passphrase' } });
    expect(session.user.email).toBe(email);
  });

  it('spends every other reset link once the password changes', async () => {
    const { email } = await signUp();
    await client().requestPasswordReset({ body: { email } });
    await client().requestPasswordReset({ body: { email } });
    const [first, second] = (await mailFor(email)).map((m) => new URL(m.data.link!).searchParams.get('token')!);
    await client().confirmPasswordReset({ body: { token: second!, password: 'a brand new passphrase' } });
    const stale = await apiError(() => client().confirmPasswordReset({ body: { token: first!, password: 'an attacker passphrase' } }));
    expect(stale.status).toBe(400);
  });

  it('answers the same for an unknown email and sends nothing', async () => {
    const email = uniqueEmail('ghost');
    expect(await client().requestPasswordReset({ body: { email } })).toEqual({ accepted: true });
    expect(await mailFor(email)).toEqual([]);
  });
});

describe('rate limits', () => {
  it('limits login attempts per IP', async () => {
    const ip = randomIp();
    const api = client({ ip });
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) {
      const err = await apiError(() => api.login({ body: { email: uniqueEmail(), password: 'wrong password' } }));
      statuses.push(err.status);
    }
    // The test API allows 8 per IP per window.
    expect(statuses.slice(0, 8).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(8)).toEqual([429, 429]);
    const limited = await apiError(() => api.login({ body: { email: uniqueEmail(), password: 'x' } }));
    expect(limited.code).toBe('rate_limited');
    expect(limited.headers?.get('retry-after')).toBeTruthy();
  });

  it('limits failed logins per account across IPs, so the right password waits too', async () => {
    const { email, password } = await signUp();
    for (let i = 0; i < 4; i++) {
      expect((await apiError(() => client().login({ body: { email, password: 'wrong password' } }))).status).toBe(401);
    }
    const blocked = await apiError(() => client().login({ body: { email, password } }));
    expect(blocked.status).toBe(429);
  });

  it('limits reset requests per account', async () => {
    const { email } = await signUp();
    for (let i = 0; i < 3; i++) await client().requestPasswordReset({ body: { email } });
    const err = await apiError(() => client().requestPasswordReset({ body: { email } }));
    expect(err.status).toBe(429);
    expect(await mailFor(email)).toHaveLength(3);
  });
});

describe('profile and addresses', () => {
  it('updates the profile', async () => {
    const { api } = await signUp();
    const me = await api.updateMe({ body: { name: 'Kumari Perera', phone: '+94 77 123 4567' } });
    expect(me).toMatchObject({ name: 'Kumari Perera', phone: '+94 77 123 4567' });
    const bad = await apiError(() => api.updateMe({ body: { phone: 'call me' } }));
    expect(bad.fields[0]?.field).toBe('body.phone');
  });

  it('keeps one default shipping address and hides addresses from other users', async () => {
    const { api } = await signUp();
    const base = { fullName: 'Kumari Perera', line1: '12 Galle Road', city: 'Colombo', country: 'lk' };
    const home = await api.createAddress({ body: { ...base, label: 'Home', isDefaultShipping: true } });
    expect(home.country).toBe('LK');
    const office = await api.createAddress({ body: { ...base, label: 'Office', line1: '1 World Trade Center', isDefaultShipping: true } });
    const { items } = await api.listAddresses();
    expect(items.map((a) => [a.label, a.isDefaultShipping])).toEqual([['Home', false], ['Office', true]]);

    const stranger = (await signUp()).api;
    expect((await apiError(() => stranger.updateAddress({ params: { id: office.id }, body: { city: 'Kandy' } }))).status).toBe(404);
    expect((await apiError(() => stranger.deleteAddress({ params: { id: office.id } }))).status).toBe(404);

    const moved = await api.updateAddress({ params: { id: office.id }, body: { city: 'Kandy' } });
    expect(moved.city).toBe('Kandy');
    await api.deleteAddress({ params: { id: home.id } });
    expect((await api.listAddresses()).items.map((a) => a.id)).toEqual([office.id]);
  });

  it('changes the password and signs out other sessions only', async () => {
    const { email, password, api, tokens } = await signUp();
    const other = await client().login({ body: { email, password } });
    const wrong = await apiError(() => api.changePassword({ body: { currentPassword: 'nope', newPassword: 'a fresh passphrase' } }));
    // A wrong field, not an expired session: 400 keeps clients from signing the user out.
    expect([wrong.status, wrong.fields[0]?.field]).toEqual([400, 'body.currentPassword']);
    await api.changePassword({ body: { currentPassword: password, newPassword: 'a fresh passphrase' } });
    expect((await api.getMe()).email).toBe(email);
    expect((await apiError(() => client().refresh({ body: { refreshToken: other.tokens.refreshToken } }))).status).toBe(401);
    expect((await client().refresh({ body: { refreshToken: tokens.refreshToken } })).accessToken).toBeTruthy();
  });
});

describe('roles', () => {
  it('keeps staff routes from customers and admin routes from staff', async () => {
    const customer = await signUp();
    const forbidden = await apiError(() => customer.api.createCategory({ body: { name: 'Nope' } }));
    expect([forbidden.status, forbidden.code]).toEqual([403, 'forbidden']);

    const admin = await adminApi();
    const promoted = await admin.setUserRole({ params: { id: customer.user.id }, body: { role: 'staff' } });
    expect(promoted.role).toBe('staff');
    // The old token carried the old role, so it was revoked; a new login carries the new one.
    expect((await apiError(() => customer.api.getMe())).status).toBe(401);
    const staffSession = await client().login({ body: { email: customer.email, password: customer.password } });
    const staff = client({ accessToken: staffSession.tokens.accessToken });
    const category = await staff.createCategory({ body: { name: `Staff made ${Date.now()}` } });
    expect(category.slug).toMatch(/^staff-made-/);
    const notAdmin = await apiError(() => staff.setUserRole({ params: { id: customer.user.id }, body: { role: 'admin' } }));
    expect(notAdmin.status).toBe(403);
  });
});
