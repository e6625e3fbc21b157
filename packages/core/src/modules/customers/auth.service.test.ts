import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgliteDatabase, type Database } from '../../platform/database.js';
import { createMemoryStore } from '../../platform/kv.js';
import { migrate } from '../../platform/migrate.js';
import { RateLimiter } from '../../platform/rate-limit.js';
import type { OutgoingMessage } from '../notifications/index.js';
import { AuthService } from './auth.service.js';

let db: Database;
let auth: AuthService;
const sent: OutgoingMessage[] = [];
const kv = createMemoryStore();

beforeAll(async () => {
  db = await createPgliteDatabase('memory');
  await migrate(db);
  auth = new AuthService({
    db,
    kv,
    rateLimiter: new RateLimiter(kv),
    notifier: { send: async (m) => void sent.push(m) },
    settings: {
      jwtSecret: 'x'.repeat(40),
      accessTokenTtlSeconds: 900,
      refreshTokenTtlDays: 30,
      passwordResetTtlMinutes: 30,
      appBaseUrl: 'http://shop.test',
      rateLimitWindowSeconds: 60,
      loginPerIp: 100,
      loginPerAccount: 100,
      resetPerIp: 100,
      resetPerAccount: 100,
      registerPerIp: 100,
    },
  });
});
afterAll(async () => {
  await db.close();
  await kv.close();
});

describe('AuthService storage', () => {
  it('stores argon2id password hashes and only hashes of tokens', async () => {
    const { user, tokens } = await auth.register({ email: 'Hash@Example.com', password: 'a long passphrase', name: '' }, '127.0.0.1');
    const { rows } = await db.query<{ password_hash: string }>('SELECT password_hash FROM users WHERE id = $1', [user.id]);
    expect(rows[0]!.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    const stored = await db.query<{ token_hash: string }>('SELECT token_hash FROM refresh_tokens WHERE user_id = $1', [user.id]);
    expect(stored.rows).toHaveLength(1);
    expect(stored.rows[0]!.token_hash).not.toContain(tokens.refreshToken);
    expect(stored.rows[0]!.token_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses an expired refresh token', async () => {
    const { user, tokens } = await auth.register({ email: 'expiry@example.com', password: 'a long passphrase', name: '' }, '127.0.0.1');
    await db.query(`UPDATE refresh_tokens SET expires_at = now() - interval '1 second' WHERE user_id = $1`, [user.id]);
    await expect(auth.refresh(tokens.refreshToken)).rejects.toMatchObject({ code: 'invalid_token' });
  });

  it('refuses an expired reset token', async () => {
    await auth.register({ email: 'late@example.com', password: 'a long passphrase', name: '' }, '127.0.0.1');
    await auth.requestPasswordReset('late@example.com', '127.0.0.1');
    const token = new URL(sent.at(-1)!.data.link!).searchParams.get('token')!;
    await db.query(`UPDATE password_reset_tokens SET expires_at = now() - interval '1 second'`);
    await expect(auth.confirmPasswordReset(token, 'another passphrase', '127.0.0.1')).rejects.toMatchObject({ code: 'validation_failed' });
  });

  it('promotes an existing account to first admin only when it holds ADMIN_PASSWORD', async () => {
    await auth.register({ email: 'squatter@example.com', password: 'a long passphrase', name: '' }, '127.0.0.1');
    expect(await auth.ensureAdmin('SQUATTER@example.com', 'the configured admin password')).toBe('refused');
    await auth.register({ email: 'boss@example.com', password: 'the configured admin password', name: '' }, '127.0.0.1');
    expect(await auth.ensureAdmin('BOSS@example.com', 'the configured admin password')).toBe('promoted');
    expect(await auth.ensureAdmin('boss@example.com', 'the configured admin password')).toBe('exists');
    const { rows } = await db.query<{ email: string; role: string }>(
      `SELECT lower(email) AS email, role FROM users WHERE lower(email) IN ('boss@example.com', 'squatter@example.com') ORDER BY 1`,
    );
    expect(rows).toEqual([
      { email: 'boss@example.com', role: 'admin' },
      { email: 'squatter@example.com', role: 'customer' },
    ]);
  });

  it('never leaves a live successor when a refresh races a logout', async () => {
    for (let i = 0; i < 5; i++) {
      const { tokens } = await auth.register({ email: `race${i}@example.com`, password: 'a long passphrase', name: '' }, '127.0.0.1');
      const [rotated] = await Promise.allSettled([auth.refresh(tokens.refreshToken), auth.logout(tokens.refreshToken)]);
      if (rotated.status === 'fulfilled') {
        await expect(auth.refresh(rotated.value.refreshToken)).rejects.toMatchObject({ status: 401 });
      }
    }
  });

  it('purges expired sessions and old reset tokens, keeping live ones', async () => {
    const live = await auth.register({ email: 'live@example.com', password: 'a long passphrase', name: '' }, '127.0.0.1');
    const old = await auth.register({ email: 'old@example.com', password: 'a long passphrase', name: '' }, '127.0.0.1');
    await db.query(`UPDATE refresh_tokens SET expires_at = now() - interval '1 minute' WHERE user_id = $1`, [old.user.id]);
    const purged = await auth.purgeExpired();
    expect(purged.sessions).toBeGreaterThanOrEqual(1);
    await expect(auth.refresh(live.tokens.refreshToken)).resolves.toBeTruthy();
    await expect(auth.refresh(old.tokens.refreshToken)).rejects.toMatchObject({ code: 'invalid_token' });
  });
});
