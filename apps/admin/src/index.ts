import { createClient } from '@tk/sdk';

/** The admin dashboard's API client; the React dashboard itself arrives with issue 9. */
export function adminApi(getAccessToken: () => string | undefined, baseUrl = 'http://localhost:4000') {
  return createClient({ baseUrl, getAccessToken });
}
