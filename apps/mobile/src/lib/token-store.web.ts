import type { TokenStore } from '@tk/sdk';

const KEY = 'tk-session';

/**
 * The web build (used to preview and test the app in a browser) has no secure storage: tokens
 * stay in this tab's sessionStorage, gone when the tab closes. The shop's real website is the
 * Next.js storefront, which keeps them in httpOnly cookies.
 */
export const tokenStore: TokenStore = {
  load() {
    const raw = globalThis.sessionStorage?.getItem(KEY);
    return raw ? JSON.parse(raw) : null;
  },
  save(tokens) {
    if (tokens) globalThis.sessionStorage?.setItem(KEY, JSON.stringify(tokens));
    else globalThis.sessionStorage?.removeItem(KEY);
  },
};
