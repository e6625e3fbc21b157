import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import { expect, it } from 'vitest';
import { createLogger } from './logger.js';
import { StorefrontRevalidator } from './storefront-revalidator.js';

it('sends one signed request for many changes close together', async () => {
  const received: { tags: string[]; signature: string | undefined; body: string }[] = [];
  const server = createServer(async (req, res) => {
    let body = '';
    for await (const c of req) body += c;
    received.push({ ...JSON.parse(body), signature: req.headers['x-signature'] as string, body });
    res.writeHead(200).end('{}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/api/revalidate`;
  const revalidator = new StorefrontRevalidator({ url, secret: 'a-shared-secret-of-length', delayMs: 50, log: createLogger('silent') });
  revalidator.request(['catalog', 'product:1']);
  revalidator.request(['catalog', 'product:2']);
  await new Promise((r) => setTimeout(r, 200));
  expect(received).toHaveLength(1);
  expect(received[0]!.tags).toEqual(['catalog', 'product:1', 'product:2']);
  expect(received[0]!.signature).toBe(createHmac('sha256', 'a-shared-secret-of-length').update(received[0]!.body).digest('hex'));
  await new Promise<void>((r) => server.close(() => r()));
});

it('asks again when the storefront is down or failing, then gives up', async () => {
  let calls = 0;
  const server = createServer((req, res) => {
    calls++;
    req.resume();
    // Still starting: a 503 twice, then it answers.
    res.writeHead(calls <= 2 ? 503 : 200).end('{}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/api/revalidate`;
  const revalidator = new StorefrontRevalidator({ url, secret: 'a-shared-secret-of-length', delayMs: 10, retryBaseMs: 20, log: createLogger('silent') });
  revalidator.request(['catalog']);
  await new Promise((r) => setTimeout(r, 300));
  expect(calls).toBe(3);
  await new Promise<void>((r) => server.close(() => r()));

  // Nobody listening at all: a bounded number of attempts.
  const gone = new StorefrontRevalidator({ url, secret: 'a-shared-secret-of-length', delayMs: 5, retries: 2, retryBaseMs: 10, log: createLogger('silent') });
  const attempts: number[] = [];
  const original = globalThis.fetch;
  globalThis.fetch = ((...args: Parameters<typeof fetch>) => {
    attempts.push(Date.now());
    return original(...args);
  }) as typeof fetch;
  try {
    gone.request(['catalog']);
    await new Promise((r) => setTimeout(r, 300));
  } finally {
    globalThis.fetch = original;
  }
  expect(attempts).toHaveLength(3); // the first try and two more
});
