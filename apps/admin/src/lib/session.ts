import { createSession, type TTokens } from '@tk/sdk';

/**
 * The dashboard's session. Tokens live in this tab's sessionStorage: they survive a reload but not
 * closing the tab, and no other site can read them. (The API serves other origins by bearer token
 * only; a cookie session would need the API and the dashboard on one site.)
 */
const KEY = 'tk-admin-session';
const storage = typeof sessionStorage === 'undefined' ? undefined : sessionStorage;

export const apiBaseUrl: string = import.meta.env.VITE_API_URL;

export const session = createSession({
  baseUrl: apiBaseUrl,
  store: {
    load: () => {
      const raw = storage?.getItem(KEY);
      return raw ? (JSON.parse(raw) as TTokens) : null;
    },
    save: (tokens) => (tokens ? storage?.setItem(KEY, JSON.stringify(tokens)) : storage?.removeItem(KEY)),
  },
  onSignedOut: () => window.dispatchEvent(new Event('tk-signed-out')),
});

export const api = session.api;
