import type { TTokens } from '@tk/sdk';

/**
 * The web session: the refresh token and a short-lived access token, each in an httpOnly,
 * SameSite=Lax cookie (Secure in production). Page scripts never see either; nothing goes to
 * localStorage. The access cookie expires a little before its token, so proxy.ts refreshes
 * the pair silently on the next request.
 */
export const ACCESS_COOKIE = 'tk_at';
export const REFRESH_COOKIE = 'tk_rt';

interface CookieJar {
  set(name: string, value: string, options: Record<string, unknown>): unknown;
  delete(name: string): unknown;
}

const base = () => ({ httpOnly: true, sameSite: 'lax' as const, secure: process.env.NODE_ENV === 'production' && process.env.COOKIE_SECURE !== 'false', path: '/' });
const secondsUntil = (iso: string, early = 0) => Math.max(1, Math.floor((Date.parse(iso) - Date.now()) / 1000) - early);

export function writeSession(jar: CookieJar, tokens: TTokens) {
  jar.set(ACCESS_COOKIE, tokens.accessToken, { ...base(), maxAge: secondsUntil(tokens.accessTokenExpiresAt, 30) });
  jar.set(REFRESH_COOKIE, tokens.refreshToken, { ...base(), maxAge: secondsUntil(tokens.refreshTokenExpiresAt) });
}

export function clearSession(jar: CookieJar) {
  jar.delete(ACCESS_COOKIE);
  jar.delete(REFRESH_COOKIE);
}
