import { createClient } from '@tk/sdk';

/** The mobile app's API client; the Expo app itself arrives with issue 10. */
export function mobileApi(getAccessToken: () => Promise<string | undefined>, baseUrl: string) {
  return createClient({ baseUrl, getAccessToken });
}
