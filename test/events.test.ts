import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { subscribeEvents, type TServerEvent } from '@tk/sdk';
import { adminApi, client, signUp } from './support/client.js';
import { startSecondApi } from './support/second-api.js';

const address = { fullName: 'Kumari Perera', line1: '12 Galle Road', city: 'Colombo', country: 'lk' };
const realServers = inject('database') === 'postgres';

/** Collects a subscription's events; `next` waits (up to `ms`) for one that matches. */
function collector() {
  const events: TServerEvent[] = [];
  const waiters: { match: (e: TServerEvent) => boolean; resolve: (e: TServerEvent) => void }[] = [];
  return {
    events,
    push(e: TServerEvent) {
      events.push(e);
      for (const w of [...waiters]) if (w.match(e)) { waiters.splice(waiters.indexOf(w), 1); w.resolve(e); }
    },
    next(match: (e: TServerEvent) => boolean, ms: number) {
      const found = events.find(match);
      if (found) return Promise.resolve(found);
      return new Promise<TServerEvent>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no matching event within ${ms} ms (got ${events.map((e) => e.type).join(', ')})`)), ms);
        waiters.push({ match, resolve: (e) => { clearTimeout(timer); resolve(e); } });
      });
    },
  };
}

async function product(stock: number) {
  const admin = await adminApi();
  const sku = `EV-${Date.now()}-${Math.random().toString(36).slice(2, 7)}`;
  const created = await admin.createProduct({ body: { title: `Events ${sku}`, status: 'published', variants: [{ sku, title: 'One', prices: [{ currency: 'LKR', amount: 5_000 }], initialStock: stock }] } });
  return created.variants[0]!.id;
}

describe.skipIf(!realServers)('real-time events across two API processes', () => {
  let second: { url: string; stop: () => void };
  beforeAll(async () => {
    second = await startSecondApi(4600 + Math.floor(Math.random() * 200));
  });
  afterAll(() => second?.stop());

  it('a checkout on one copy reaches an SSE client of the other as inventory.updated within 1 s', async () => {
    const variantId = await product(7);
    const seen = collector();
    const opened = new Promise<void>((resolve) => {
      const sub = subscribeEvents({ baseUrl: second.url }, { onEvent: (e) => seen.push(e), onOpen: resolve });
      afterAll(() => sub.close());
    });
    await opened;
    const api = client();
    const cart = await api.createCart({ body: { currency: 'LKR' } });
    await api.addCartLine({ params: { id: cart.id }, body: { variantId, quantity: 2 } });
    const started = Date.now();
    await api.checkout({ body: { cartId: cart.id, email: 'sse@example.com', shippingAddress: address } }, { idempotencyKey: randomUUID() });
    const event = await seen.next((e) => e.type === 'inventory.updated' && e.data.variantId === variantId, 1000);
    expect(event.data).toEqual({ variantId, available: 5 });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it("a cart change from the phone reaches the same customer's browser stream, and only theirs", async () => {
    const customer = await signUp();
    const other = await signUp();
    const browser = collector();
    const stranger = collector();
    const { ticket } = await customer.api.eventTicket();
    const opened = Promise.all([
      new Promise<void>((resolve) => {
        const sub = subscribeEvents({ baseUrl: second.url }, { ticket, onEvent: (e) => browser.push(e), onOpen: resolve });
        afterAll(() => sub.close());
      }),
      new Promise<void>((resolve) => {
        const sub = subscribeEvents({ baseUrl: second.url, getAccessToken: () => other.tokens.accessToken }, { onEvent: (e) => stranger.push(e), onOpen: resolve });
        afterAll(() => sub.close());
      }),
    ]);
    await opened;
    const variantId = await product(3);
    const phone = customer.api; // the phone talks to the first copy
    const cart = await phone.getMyCart();
    await phone.addCartLine({ params: { id: cart.id }, body: { variantId, quantity: 1 } });
    const event = await browser.next((e) => e.type === 'cart.updated' && e.data.cartId === cart.id && e.data.itemCount === 1, 1000);
    expect(event.type).toBe('cart.updated');
    await new Promise((r) => setTimeout(r, 200));
    expect(stranger.events.some((e) => e.type === 'cart.updated' && e.data.cartId === cart.id)).toBe(false);
  });

  it('resumes after a dropped connection with Last-Event-ID and learns what changed while away', async () => {
    const variantId = await product(10);
    const seen = collector();
    const sub = subscribeEvents({ baseUrl: second.url }, { onEvent: (e) => seen.push(e) });
    const admin = await adminApi();
    const adjust = () => admin.adjustStock({ body: { variantId, quantity: 1, reason: 'correction' } });
    await adjust();
    const first = await seen.next((e) => e.type === 'inventory.updated' && e.data.variantId === variantId, 2000);
    sub.close();
    // While the client is away, two more changes happen.
    await adjust();
    await adjust();
    await new Promise((r) => setTimeout(r, 600));
    const res = await fetch(`${second.url}/v1/events`, { headers: { 'last-event-id': String(first.id) } });
    const reader = res.body!.getReader();
    let body = '';
    const until = Date.now() + 1000;
    while (Date.now() < until && !/"available":13/.test(body)) {
      const chunk = await Promise.race([reader.read(), new Promise<undefined>((r) => setTimeout(() => r(undefined), 300))]);
      if (!chunk || chunk.done) continue;
      body += new TextDecoder().decode(chunk.value);
    }
    await reader.cancel().catch(() => undefined);
    const mine = [...body.matchAll(/data: (\{"variantId":"[^"]+","available":\d+\})/g)].map((m) => JSON.parse(m[1]!)).filter((d) => d.variantId === variantId);
    // Changes close together are coalesced into one event carrying the latest availability.
    expect(mine.length).toBeGreaterThanOrEqual(1);
    expect(mine.at(-1)!.available).toBe(13);
    expect(body).not.toContain(`id: ${first.id}\n`); // nothing already seen is sent again
  });
});

describe('who may follow what', () => {
  it("refuses another customer's order or cart stream, and a ticket works once", async () => {
    const owner = await signUp();
    const stranger = await signUp();
    const cart = await owner.api.getMyCart();
    const base = inject('apiUrl');
    const open = (path: string, token?: string) =>
      fetch(`${base}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {}, signal: AbortSignal.timeout(2000) }).then(async (r) => {
        await r.body?.cancel();
        return r.status;
      });
    expect(await open(`/v1/events?cartId=${cart.id}`, stranger.tokens.accessToken)).toBe(404);
    expect(await open(`/v1/events?cartId=${cart.id}`)).toBe(404);
    expect(await open(`/v1/events?cartId=${cart.id}`, owner.tokens.accessToken)).toBe(200);
    const { ticket } = await owner.api.eventTicket();
    expect(await open(`/v1/events?ticket=${ticket}&cartId=${cart.id}`)).toBe(200);
    expect(await open(`/v1/events?ticket=${ticket}`)).toBe(401);
  });
});
