import { describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { createSession, type TTokens } from '@tk/sdk';
import { randomIp, signUp } from './support/client.js';

/** The SDK's signed-in client, as the admin dashboard and the app use it, against the real API. */
describe('SDK sessions', () => {
  it('refreshes before expiry, shares one refresh between concurrent calls, and signs out', async () => {
    const { email, password } = await signUp('session');
    let stored: TTokens | null = null;
    const saves: (TTokens | null)[] = [];
    const ip = randomIp();
    const session = createSession({
      baseUrl: inject('apiUrl'),
      // Every token counts as about to expire: each round of calls refreshes.
      refreshEarlyMs: 10 * 365 * 86_400_000,
      fetch: (input, init) => fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), 'x-forwarded-for': ip } }),
      store: { load: () => stored, save: (t) => void saves.push((stored = t)) },
    });
    expect(await session.isSignedIn()).toBe(false);
    const user = await session.signIn(email, password);
    expect(user.email).toBe(email);
    const first = stored!.refreshToken;

    // Five calls at once: one refresh (a second spend of the same refresh token would end the session).
    const answers = await Promise.all(Array.from({ length: 5 }, () => session.api.getMe()));
    expect(answers.every((me) => me.email === email)).toBe(true);
    expect(saves.length).toBe(2); // sign-in, one refresh
    expect(stored!.refreshToken).not.toBe(first);
    expect((await session.api.getMe()).email).toBe(email); // and the rotation goes on

    await session.signOut();
    expect(stored).toBeNull();
    expect(await session.isSignedIn()).toBe(false);
  });

  it('opens an account and keeps its session, and says which field is wrong', async () => {
    let stored: TTokens | null = null;
    const ip = randomIp();
    const session = createSession({
      baseUrl: inject('apiUrl'),
      fetch: (input, init) => fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), 'x-forwarded-for': ip } }),
      store: { load: () => stored, save: (t) => void (stored = t) },
    });
    const email = `register-${Date.now()}@example.com`;
    const user = await session.register({ email, password: 'correct horse battery', name: 'Amali' });
    expect([user.email, user.role, Boolean(stored)]).toEqual([email, 'customer', true]);
    expect((await session.api.getMe()).id).toBe(user.id);
    const again = await session.register({ email, password: 'correct horse battery', name: 'Amali' }).catch((e: unknown) => e as { status: number; fields: { field: string }[] });
    expect([(again as { status: number }).status, (again as { fields: { field: string }[] }).fields[0]?.field]).toEqual([409, 'body.email']);
  });

  it('a refused refresh signs the client out instead of retrying forever', async () => {
    const { tokens } = await signUp('session');
    let signedOut = 0;
    let stored: TTokens | null = { ...tokens, accessTokenExpiresAt: new Date(0).toISOString(), refreshToken: 'not-a-real-refresh-token' };
    const session = createSession({ baseUrl: inject('apiUrl'), store: { load: () => stored, save: (t) => void (stored = t) }, onSignedOut: () => signedOut++ });
    await expect(session.api.getMe()).rejects.toMatchObject({ status: 401 });
    expect([stored, signedOut]).toEqual([null, 1]);
  });
});
