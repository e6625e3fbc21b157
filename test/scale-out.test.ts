import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createClient } from '@tk/sdk';
import { adminApi, randomIp } from './support/client.js';
import { startSecondApi } from './support/second-api.js';

const realServers = inject('database') === 'postgres';
const address = { fullName: 'Nimal Silva', line1: '3 Lake Drive', city: 'Kandy', country: 'lk' };

/** A local round-robin load balancer: each request goes to the next copy in turn. */
async function roundRobin(targets: string[]) {
  const hits = targets.map(() => 0);
  let next = 0;
  const server = http.createServer((req, res) => {
    const i = next++ % targets.length;
    hits[i]!++;
    const target = new URL(req.url ?? '/', targets[i]);
    const upstream = http.request(target, { method: req.method, headers: { ...req.headers, host: target.host } }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return { url: `http://127.0.0.1:${port}`, hits, close: () => new Promise<void>((r) => server.close(() => r())) };
}

describe.skipIf(!realServers)('two API copies behind a round-robin proxy', () => {
  let second: Awaited<ReturnType<typeof startSecondApi>>;
  let proxy: Awaited<ReturnType<typeof roundRobin>>;
  beforeAll(async () => {
    second = await startSecondApi(4800 + Math.floor(Math.random() * 100), { SHUTDOWN_DRAIN_SECONDS: '2' });
    proxy = await roundRobin([inject('apiUrl'), second.url]);
  });
  afterAll(async () => {
    second?.stop();
    await proxy?.close();
  });

  it('serves a whole customer journey with every request landing on either copy', async () => {
    const admin = await adminApi();
    const sku = `SO-${Date.now()}`;
    const product = await admin.createProduct({ body: { title: `Scale ${sku}`, status: 'published', variants: [{ sku, title: 'One', prices: [{ currency: 'LKR', amount: 12_000 }], initialStock: 10 }] } });
    let token: string | undefined;
    const api = createClient({ baseUrl: proxy.url, headers: { 'x-forwarded-for': randomIp() }, getAccessToken: () => token });
    const email = `journey-${randomUUID().slice(0, 8)}@example.com`;
    // Guest browsing and a guest cart…
    const page = await api.getProduct({ params: { slug: product.slug } });
    const guestCart = await api.createCart({ body: { currency: 'LKR' } });
    await api.addCartLine({ params: { id: guestCart.id }, body: { variantId: page.variants[0]!.id, quantity: 2 } });
    // …then registering, signing in again, merging the cart, checking out and paying.
    await api.register({ body: { email, password: 'correct horse battery', name: 'Nimal' } });
    const session = await api.login({ body: { email, password: 'correct horse battery' } });
    token = session.tokens.accessToken;
    const refreshed = await api.refresh({ body: { refreshToken: session.tokens.refreshToken } });
    token = refreshed.accessToken;
    const cart = await api.mergeCart({ body: { cartId: guestCart.id } });
    expect(cart.lines.map((l) => l.quantity)).toEqual([2]);
    await api.setCartDestination({ params: { id: cart.id }, body: { country: 'LK', region: '', postalCode: '' } });
    const order = await api.checkout({ body: { cartId: cart.id, shippingAddress: address } }, { idempotencyKey: randomUUID() });
    const payment = await api.startPayment({ params: { id: order.id }, body: { gateway: 'sandbox' } });
    if (payment.nextAction.type !== 'sandbox') throw new Error('expected the sandbox page');
    await api.sandboxConfirm({ params: { reference: payment.nextAction.reference }, body: { outcome: 'challenge' } });
    await api.sandboxChallenge({ params: { reference: payment.nextAction.reference }, body: { result: 'pass' } });
    const mine = await api.listMyOrders();
    expect(mine.items.map((o) => [o.id, o.status])).toEqual([[order.id, 'paid']]);
    expect((await api.getProduct({ params: { slug: product.slug } })).variants[0]!.available).toBe(8);
    expect(proxy.hits.every((n) => n >= 5)).toBe(true);
  });

  it('on SIGTERM a copy fails readiness, finishes what it was doing and exits cleanly', async () => {
    second.stop();
    // The signal takes a moment to arrive; from then on readiness fails for the drain window.
    let ready = await fetch(`${second.url}/readyz`);
    for (let i = 0; i < 120 && ready.status === 200; i++) {
      await new Promise((r) => setTimeout(r, 10));
      ready = await fetch(`${second.url}/readyz`);
    }
    expect(ready.status).toBe(503);
    expect(((await ready.json()) as { code: string }).code).toBe('service_unavailable');
    // Still serving during the drain window: a request sent now is answered.
    expect((await fetch(`${second.url}/v1/categories`)).status).toBe(200);
    expect(await second.exited).toBe(0);
  });
});
