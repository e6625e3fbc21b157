import { createClient, type ApiClient } from '@tk/sdk';

/** The test API (started by global-setup.js), reached as the website or the operations team would. */
export const apiUrl = process.env.EXPO_PUBLIC_API_URL!;

/** Node's own fetch: the tests' clients stay online when the app's device goes offline. */
const nodeFetch = (globalThis as unknown as { __nodeFetch: typeof fetch }).__nodeFetch;
const randomIp = () => `10.${[0, 0, 0].map(() => Math.floor(Math.random() * 250) + 1).join('.')}`;

/** A client of its own (own address, so rate limits are per test). */
export function client(accessToken?: string): ApiClient {
  return createClient({ baseUrl: apiUrl, fetch: nodeFetch, headers: { 'x-forwarded-for': randomIp() }, getAccessToken: () => accessToken });
}

export async function adminClient(): Promise<ApiClient> {
  const { tokens } = await client().login({ body: { email: 'admin@test.tk', password: 'test-admin-password' } });
  return client(tokens.accessToken);
}

export async function newCustomer() {
  const email = `app-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}@example.com`;
  const password = 'correct horse battery';
  const { tokens, user } = await client().register({ body: { email, password, name: 'Test Customer' } });
  return { email, password, user, api: client(tokens.accessToken) };
}

/** A published product with one variant and the given stock, priced in rupees and dollars. */
export async function product(stock: number, title = `App test ${Date.now().toString(36)}`) {
  const admin = await adminClient();
  const sku = `APP-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`.toUpperCase();
  const created = await admin.createProduct({
    body: { title, status: 'published', variants: [{ sku, title: 'One size', prices: [{ currency: 'LKR', amount: 250_000 }, { currency: 'USD', amount: 1_500 }], initialStock: stock }] },
  });
  return { ...created, sku, variantId: created.variants[0]!.id, admin };
}
