import { NextResponse, type NextRequest } from 'next/server';
import { createClient, type TTokens } from '@tk/sdk';
import { ACCESS_COOKIE, REFRESH_COOKIE, clearSession, writeSession } from './lib/session';

const api = createClient({ baseUrl: process.env.API_URL ?? 'http://localhost:4000' });

/**
 * Refresh tokens rotate and a reused one ends the session (theft detection), so two requests of
 * the same browser arriving together must not both spend it: refreshes are shared while in flight
 * and their result is remembered for a few seconds. (With several web copies, route a browser to
 * one copy, or its parallel first requests may still race.)
 */
const recent = new Map<string, { at: number; tokens: Promise<TTokens> }>();
function refreshOnce(refreshToken: string): Promise<TTokens> {
  const now = Date.now();
  for (const [key, entry] of recent) if (now - entry.at > 15_000) recent.delete(key);
  let entry = recent.get(refreshToken);
  if (!entry) {
    entry = { at: now, tokens: api.refresh({ body: { refreshToken } }) };
    recent.set(refreshToken, entry);
  }
  return entry.tokens;
}

/** Currencies the storefront offers (lib/currency.ts); the chosen one lives in a cookie and picks the page variant. */
const SHOP_CURRENCIES = ['lkr', 'usd'];

export async function proxy(req: NextRequest) {
  const url = req.nextUrl;
  const headers = new Headers(req.headers);
  let sessionTokens: TTokens | null | undefined; // undefined: untouched; null: ended

  const refreshToken = req.cookies.get(REFRESH_COOKIE)?.value;
  if (refreshToken && !req.cookies.get(ACCESS_COOKIE)) {
    try {
      sessionTokens = await refreshOnce(refreshToken);
      req.cookies.set(ACCESS_COOKIE, sessionTokens.accessToken);
      req.cookies.set(REFRESH_COOKIE, sessionTokens.refreshToken);
    } catch {
      sessionTokens = null; // expired, revoked or reused: signed out
      req.cookies.delete(REFRESH_COOKIE);
    }
    headers.set('cookie', req.cookies.toString());
  }

  // Catalogue pages are statically generated once per currency: /p/x is served from /lkr/p/x or
  // /usd/p/x by the shopper's currency cookie, so the address (and its canonical URL) stays one.
  let res: NextResponse;
  const path = url.pathname;
  const catalogue = path === '/' || path.startsWith('/p/') || path.startsWith('/c/');
  if (catalogue) {
    const chosen = req.cookies.get('tk_currency')?.value?.toLowerCase();
    const currency = SHOP_CURRENCIES.includes(chosen ?? '') ? chosen : 'lkr';
    const target = url.clone();
    // Filtered, sorted or later pages of a category are rendered per request; its first page is static.
    const filtered = path.startsWith('/c/') && url.search.length > 1;
    target.pathname = `/${currency}${path === '/' ? '' : path}${filtered ? '/filtered' : ''}`;
    res = NextResponse.rewrite(target, { request: { headers } });
  } else {
    res = NextResponse.next({ request: { headers } });
  }
  if (sessionTokens) writeSession(res.cookies, sessionTokens);
  if (sessionTokens === null) clearSession(res.cookies);
  return res;
}

export const config = {
  // Pages only: not Next's assets, the image optimiser, media, the event stream or API routes.
  matcher: ['/((?!_next/|media/|v1/|api/revalidate|favicon.ico|icon.svg|robots.txt|sitemap.xml).*)'],
};
