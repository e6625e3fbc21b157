import { createClient } from '@tk/sdk';

/**
 * The storefront's one door to the API. The Next.js storefront (issue 8) builds on this; until
 * then this package only proves the SDK is usable from the web workspace.
 */
export function storefrontApi(baseUrl = process.env.NEXT_PUBLIC_API_URL ?? 'http://localhost:4000') {
  return createClient({ baseUrl });
}
