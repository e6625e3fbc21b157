import { randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { inject } from 'vitest';
import { createClient, type ApiClient, ApiError } from '@tk/sdk';
import { TEST_ADMIN } from './test-api.js';

export { TEST_ADMIN };

/** An SDK client as one distinct caller: its own X-Forwarded-For, so rate limits are per test. */
export function client(opts: { accessToken?: string; ip?: string; headers?: Record<string, string> } = {}): ApiClient {
  const ip = opts.ip ?? randomIp();
  return createClient({
    baseUrl: inject('apiUrl'),
    headers: { 'x-forwarded-for': ip, ...opts.headers },
    getAccessToken: () => opts.accessToken,
  });
}

export function randomIp(): string {
  const b = () => Math.floor(Math.random() * 250) + 1;
  return `10.${b()}.${b()}.${b()}`;
}

export const uniqueEmail = (tag = 'user') => `${tag}-${randomUUID().slice(0, 8)}@example.com`;

/** Runs fn and returns the ApiError it throws; fails the test if it does not throw one. */
export async function apiError(fn: () => Promise<unknown>): Promise<ApiError> {
  try {
    await fn();
  } catch (err) {
    if (err instanceof ApiError) return err;
    throw err;
  }
  throw new Error('expected the API to answer with an error');
}

export async function signUp(tag = 'user') {
  const email = uniqueEmail(tag);
  const password = 'correct horse battery';
  const session = await client().register({ body: { email, password, name: 'Test User' } });
  return { email, password, ...session, api: client({ accessToken: session.tokens.accessToken }) };
}

export async function adminApi(): Promise<ApiClient> {
  const session = await client().login({ body: TEST_ADMIN });
  return client({ accessToken: session.tokens.accessToken });
}

/** Mail the offline adapter delivered to an address, newest last. */
export async function mailFor(email: string): Promise<{ template: string; data: Record<string, string>; text: string }[]> {
  const dir = inject('mailDir');
  let files: string[] = [];
  try {
    files = (await readdir(dir)).sort();
  } catch {
    return [];
  }
  const messages = await Promise.all(files.map(async (f) => JSON.parse(await readFile(path.join(dir, f), 'utf8'))));
  return messages.filter((m) => m.to === email).sort((a, b) => (a.sentAt < b.sentAt ? -1 : a.sentAt > b.sentAt ? 1 : 0));
}

/** Raw fetch for what the SDK deliberately cannot send (malformed JSON, wrong methods). */
export function raw(pathname: string, init?: RequestInit) {
  return fetch(new URL(pathname, inject('apiUrl')), init);
}

/**
 * Pays an order through the sandbox gateway as a shopper would: start the payment, then answer
 * the sandbox's payment page. Its webhook arrives before the page answers (mode "immediate").
 */
export async function paySandbox(api: ApiClient, orderId: string, outcome: 'success' | 'decline' = 'success') {
  const payment = await api.startPayment({ params: { id: orderId }, body: { gateway: 'sandbox' } });
  if (payment.nextAction.type !== 'sandbox') throw new Error(`expected a sandbox page, got ${payment.nextAction.type}`);
  await api.sandboxConfirm({ params: { reference: payment.nextAction.reference }, body: { outcome } });
  return api.getOrder({ params: { id: orderId } });
}
