import type { TTokens, TUser } from '@tk/contract';
import { ApiError, createClient, type ApiClient } from './index.js';

/** Where a client keeps its tokens between calls: memory, secure storage (mobile), session storage (admin). */
export interface TokenStore {
  load(): TTokens | null | Promise<TTokens | null>;
  save(tokens: TTokens | null): void | Promise<void>;
}

export interface Session {
  /** Calls made through it carry a fresh access token, refreshed shortly before it expires. */
  api: ApiClient;
  signIn(email: string, password: string): Promise<TUser>;
  /** Opens an account and signs in with it. */
  register(input: { email: string; password: string; name: string }): Promise<TUser>;
  signOut(): Promise<void>;
  isSignedIn(): Promise<boolean>;
  /** A current access token, for the few calls the typed client cannot make (file uploads). */
  accessToken(): Promise<string | undefined>;
}

/**
 * A signed-in client: keeps the token pair in the given store, spends the refresh token when the
 * access token is about to expire, and shares one refresh between concurrent calls (refresh tokens
 * rotate, and spending one twice ends the session). A refresh the API refuses signs the client out.
 */
export function createSession(options: { baseUrl: string; store: TokenStore; fetch?: typeof fetch; refreshEarlyMs?: number; onSignedOut?: () => void }): Session {
  const early = options.refreshEarlyMs ?? 30_000;
  const plain = createClient({ baseUrl: options.baseUrl, fetch: options.fetch });
  let tokens: TTokens | null | undefined;
  let refreshing: Promise<TTokens | null> | null = null;

  const current = async () => {
    if (tokens === undefined) tokens = await options.store.load();
    return tokens;
  };
  const remember = async (next: TTokens | null) => {
    tokens = next;
    await options.store.save(next);
    if (!next) options.onSignedOut?.();
  };

  async function accessToken(): Promise<string | undefined> {
    const held = await current();
    if (!held) return undefined;
    if (Date.parse(held.accessTokenExpiresAt) - Date.now() > early) return held.accessToken;
    refreshing ??= plain
      .refresh({ body: { refreshToken: held.refreshToken } })
      .then(async (next) => {
        await remember(next);
        return next;
      })
      .catch(async (err: unknown) => {
        // Refused (expired, revoked, reused): signed out. Unreachable: keep the pair and try later.
        if (err instanceof ApiError && err.status >= 400 && err.status < 500) await remember(null);
        return tokens ?? null;
      })
      .finally(() => {
        refreshing = null;
      });
    return (await refreshing)?.accessToken;
  }

  return {
    api: createClient({ baseUrl: options.baseUrl, fetch: options.fetch, getAccessToken: accessToken }),
    async signIn(email, password) {
      const session = await plain.login({ body: { email, password } });
      await remember(session.tokens);
      return session.user;
    },
    async register(input) {
      const session = await plain.register({ body: input });
      await remember(session.tokens);
      return session.user;
    },
    async signOut() {
      const held = await current();
      if (held) await plain.logout({ body: { refreshToken: held.refreshToken } }).catch(() => undefined);
      await remember(null);
    },
    async isSignedIn() {
      return Boolean(await current());
    },
    accessToken,
  };
}
