import { randomUUID } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { subscribeEvents, type ApiClient, type TServerEvent } from '@tk/sdk';
import { adminApi, apiError, client, mailFor, paySandbox, signUp, TEST_ADMIN, uniqueEmail } from './support/client.js';

const lkAddress = { fullName: 'Kumari Perera', line1: '12 Galle Road', city: 'Colombo', country: 'lk' };
const gbAddress = { fullName: 'Ann Smith', line1: '1 High Street', city: 'Leeds', country: 'gb' };

/** Today and yesterday in store time (Asia/Colombo), as YYYY-MM-DD. */
function storeDay(offsetDays = 0): string {
  return new Date(Date.now() + offsetDays * 86_400_000).toLocaleDateString('en-CA', { timeZone: 'Asia/Colombo' });
}

async function product(admin: ApiClient, opts: { prices?: { currency: 'LKR' | 'USD' | 'GBP'; amount: number }[]; stock?: number; title?: string } = {}) {
  const sku = `OPS-${Date.now()}-${Math.random().toString(36).slice(2, 7)}`;
  const created = await admin.createProduct({
    body: {
      title: opts.title ?? `Ops ${sku}`,
      status: 'published',
      variants: [{ sku, title: 'One', prices: opts.prices ?? [{ currency: 'LKR', amount: 10_000 }], initialStock: opts.stock ?? 20 }],
    },
  });
  return { id: created.id, slug: created.slug, sku, variantId: created.variants[0]!.id, title: created.title };
}

async function order(api: ApiClient, variantId: string, opts: { currency?: 'LKR' | 'GBP'; quantity?: number; email?: string; signedIn?: boolean } = {}) {
  const currency = opts.currency ?? 'LKR';
  const cart = opts.signedIn ? await api.getMyCart({ query: { currency } }) : await api.createCart({ body: { currency } });
  await api.addCartLine({ params: { id: cart.id }, body: { variantId, quantity: opts.quantity ?? 1 } });
  return api.checkout(
    { body: { cartId: cart.id, email: opts.signedIn ? undefined : (opts.email ?? uniqueEmail('ops')), shippingAddress: currency === 'GBP' ? gbAddress : lkAddress } },
    { idempotencyKey: randomUUID() },
  );
}

describe('admin order search', () => {
  it('finds orders by number, by part of the email and by customer, a page at a time with the total', async () => {
    const admin = await adminApi();
    const { variantId } = await product(admin);
    const customer = await signUp('opsbuyer');
    const mine = [await order(customer.api, variantId, { signedIn: true }), await order(customer.api, variantId, { signedIn: true })];
    const tag = `needle${Date.now()}`;
    const guest = await order(client(), variantId, { email: `${tag}@example.com` });

    const byNumber = await admin.listOrders({ query: { q: guest.number.toLowerCase() } });
    expect([byNumber.total, byNumber.items.map((o) => o.id)]).toEqual([1, [guest.id]]);
    expect((await admin.listOrders({ query: { q: tag } })).items.map((o) => o.id)).toEqual([guest.id]);
    const byCustomer = await admin.listOrders({ query: { customerId: customer.user.id } });
    expect([byCustomer.total, byCustomer.items.map((o) => o.id)]).toEqual([2, [mine[1]!.id, mine[0]!.id]]);
    const page2 = await admin.listOrders({ query: { customerId: customer.user.id, limit: 1, offset: 1 } });
    expect([page2.total, page2.items.map((o) => o.id)]).toEqual([2, [mine[0]!.id]]);
    expect((await admin.listOrders({ query: { customerId: customer.user.id, status: 'paid' } })).total).toBe(0);
    // Wildcards are literal.
    expect((await admin.listOrders({ query: { q: `${tag}%` } })).total).toBe(0);
    const bad = await apiError(() => admin.listOrders({ query: { customerId: 'nope' } }));
    expect([bad.status, bad.fields[0]?.field]).toEqual([400, 'query.customerId']);
  });
});

describe('customers and staff accounts', () => {
  it('lists accounts by role or search with their order counts; admins open staff accounts, staff cannot', async () => {
    const admin = await adminApi();
    const { variantId } = await product(admin);
    const customer = await signUp('opscustomer');
    await order(customer.api, variantId, { signedIn: true });

    const found = await admin.listUsers({ query: { q: customer.email, role: 'customer' } });
    expect(found.total).toBe(1);
    expect(found.items[0]).toMatchObject({ id: customer.user.id, email: customer.email, role: 'customer', orderCount: 1 });
    expect(found.items[0]!.lastOrderAt).not.toBeNull();

    const staffEmail = uniqueEmail('staff');
    const staffUser = await admin.createStaffUser({ body: { email: staffEmail, name: 'Nimal Silva', password: 'staff password 123', role: 'staff' } });
    expect(staffUser).toMatchObject({ email: staffEmail, role: 'staff', name: 'Nimal Silva' });
    expect((await admin.listUsers({ query: { role: 'staff', q: staffEmail } })).items.map((u) => u.id)).toEqual([staffUser.id]);
    const taken = await apiError(() => admin.createStaffUser({ body: { email: staffEmail, name: 'Again', password: 'staff password 123', role: 'admin' } }));
    expect([taken.status, taken.code, taken.fields[0]?.field]).toEqual([409, 'email_taken', 'body.email']);
    const weak = await apiError(() => admin.createStaffUser({ body: { email: uniqueEmail('staff'), name: 'Weak', password: 'short', role: 'staff' } }));
    expect([weak.status, weak.fields[0]?.field]).toEqual([400, 'body.password']);

    // The new member of staff signs in and may read customers, but not manage staff or roles.
    const session = await client().login({ body: { email: staffEmail, password: 'staff password 123' } });
    const staff = client({ accessToken: session.tokens.accessToken });
    expect((await staff.listUsers({ query: { q: customer.email } })).total).toBe(1);
    expect((await apiError(() => staff.createStaffUser({ body: { email: uniqueEmail('x'), name: 'X', password: 'staff password 123', role: 'admin' } }))).status).toBe(403);
    expect((await apiError(() => staff.setUserRole({ params: { id: staffUser.id }, body: { role: 'admin' } }))).status).toBe(403);
    expect((await apiError(() => customer.api.listUsers())).status).toBe(403);

    // An admin cannot demote themself (the shop could be left with no admin).
    const me = await admin.getMe();
    const own = await apiError(() => admin.setUserRole({ params: { id: me.id }, body: { role: 'staff' } }));
    expect([own.status, own.code]).toEqual([409, 'conflict']);
  });
});

describe('the stock table', () => {
  it('lists levels per location, least available first, finds low stock, and sets thresholds that alert', async () => {
    const admin = await adminApi();
    const tag = `STK${Date.now()}`;
    const low = await product(admin, { title: `Low ${tag}`, stock: 2 });
    const plenty = await product(admin, { title: `Plenty ${tag}`, stock: 50 });

    const all = await admin.listInventory({ query: { q: tag } });
    expect(all.items.map((i) => [i.sku, i.locationCode, i.onHand, i.available, i.lowStockThreshold, i.low])).toEqual([
      [low.sku, 'main', 2, 2, 5, true],
      [plenty.sku, 'main', 50, 50, 5, false],
    ]);
    expect((await admin.listInventory({ query: { q: tag, lowStock: 'true' } })).items.map((i) => i.variantId)).toEqual([low.variantId]);
    expect((await admin.listInventory({ query: { q: plenty.sku } })).total).toBe(1);

    // Raising the threshold above what is left makes it low, and staff are alerted.
    const set = await admin.setLowStockThreshold({ body: { variantId: plenty.variantId, threshold: 60 } });
    expect([set.onHand, set.available]).toEqual([50, 50]);
    expect((await admin.listInventory({ query: { q: tag, lowStock: 'true' } })).total).toBe(2);
    const alerted = async () => (await mailFor(TEST_ADMIN.email)).some((m) => m.template === 'low_stock' && m.data.sku === plenty.sku);
    for (const deadline = Date.now() + 10_000; !(await alerted()) && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 200));
    expect(await alerted()).toBe(true);

    const unknown = await apiError(() => admin.setLowStockThreshold({ body: { variantId: randomUUID(), threshold: 1 } }));
    expect([unknown.status, unknown.fields[0]?.field]).toEqual([400, 'body.variantId']);
    const negative = await apiError(() => admin.setLowStockThreshold({ body: { variantId: low.variantId, threshold: -1 } }));
    expect([negative.status, negative.fields[0]?.field]).toEqual([400, 'body.threshold']);
    const { api } = await signUp();
    expect((await apiError(() => api.listInventory())).status).toBe(403);
  });
});

describe('the sales report', () => {
  it('adds up paid orders in one currency, less refunds, by store day, with best sellers and the funnel', async () => {
    const admin = await adminApi();
    // GBP is ours alone in this test run, so other tests' orders cannot change the figures.
    const zone = await admin.createShippingZone({ body: { name: `UK ${Date.now()}`, countries: ['GB'] } });
    await admin.createShippingMethod({ params: { id: zone.id }, body: { name: 'Royal Mail', kind: 'flat', rates: [{ currency: 'GBP', amount: 500 }] } });
    const scarf = await product(admin, { title: `Scarf ${Date.now()}`, prices: [{ currency: 'GBP', amount: 4_000 }] });
    const tea = await product(admin, { title: `Tea ${Date.now()}`, prices: [{ currency: 'GBP', amount: 1_250 }] });
    const range = { from: storeDay(-1), to: storeDay(), currency: 'GBP' as const };
    const before = await admin.salesReport({ query: range });

    // A visitor looks and adds to a cart; three orders are paid, one is not.
    const shopper = client({ headers: { 'x-visitor-id': `v-${randomUUID()}` } });
    await shopper.getProduct({ params: { slug: scarf.slug } });
    const paid = [await order(shopper, scarf.variantId, { currency: 'GBP', quantity: 2 }), await order(client(), tea.variantId, { currency: 'GBP' }), await order(client(), scarf.variantId, { currency: 'GBP' })];
    for (const o of paid) await paySandbox(client(), o.id);
    await order(client(), tea.variantId, { currency: 'GBP', quantity: 5 }); // never paid
    await admin.refundOrder({ params: { id: paid[1]!.id }, body: { amount: 300, reason: 'late' } }, { idempotencyKey: randomUUID() });
    await admin.rebuildRecommendations(); // writes the queued shopper activity

    const after = await admin.salesReport({ query: range });
    const totals = paid.map((o) => o.totals.total.amount); // goods + £5 shipping each
    expect(totals).toEqual([8_500, 1_750, 4_500]);
    const gross = totals.reduce((a, b) => a + b, 0);
    expect(after.orders - before.orders).toBe(3);
    expect(after.refunded.amount - before.refunded.amount).toBe(300);
    expect(after.revenue.amount - before.revenue.amount).toBe(gross - 300);
    expect(after.revenue.currency).toBe('GBP');
    if (before.orders === 0) expect(after.averageOrderValue.amount).toBe(Math.round(gross / 3));
    expect(after.daily.map((d) => d.date)).toEqual([range.from, range.to]);
    expect(after.daily.reduce((sum, d) => sum + d.revenue.amount, 0)).toBe(after.revenue.amount);
    expect(after.daily.reduce((sum, d) => sum + d.orders, 0)).toBe(after.orders);
    const scarfRow = after.topProducts.find((p) => p.productId === scarf.id);
    expect(scarfRow).toMatchObject({ title: scarf.title, quantity: 3, revenue: { amount: 12_000, currency: 'GBP' } });
    expect(after.topProducts.find((p) => p.productId === tea.id)).toMatchObject({ quantity: 1, revenue: { amount: 1_250 } });
    expect(after.topProducts.indexOf(scarfRow!)).toBeLessThan(after.topProducts.findIndex((p) => p.productId === tea.id));
    expect(after.funnel.views).toBeGreaterThan(before.funnel.views);
    expect(after.funnel.carts).toBeGreaterThan(before.funnel.carts);
    expect(after.funnel.orders - before.funnel.orders).toBeGreaterThanOrEqual(3);

    // Another currency does not see them; a range of earlier days is empty.
    const weekAgo = await admin.salesReport({ query: { from: storeDay(-9), to: storeDay(-8), currency: 'GBP' } });
    expect([weekAgo.orders, weekAgo.revenue.amount, weekAgo.daily.length, weekAgo.topProducts]).toEqual([0, 0, 2, []]);
  });

  it('says which part of the range is wrong, and is for staff only', async () => {
    const admin = await adminApi();
    const backwards = await apiError(() => admin.salesReport({ query: { from: '2026-03-02', to: '2026-03-01' } }));
    expect([backwards.status, backwards.fields[0]?.field]).toEqual([400, 'query.to']);
    const long = await apiError(() => admin.salesReport({ query: { from: '2024-01-01', to: '2026-01-01' } }));
    expect(long.fields[0]?.field).toBe('query.to');
    const notADay = await apiError(() => admin.salesReport({ query: { from: '2026-02-30', to: '2026-03-01' } }));
    expect(notADay.fields[0]?.field).toBe('query.from');
    const { api } = await signUp();
    expect((await apiError(() => api.salesReport({ query: { from: storeDay(), to: storeDay() } }))).status).toBe(403);
  });
});

describe('live order events for staff', () => {
  it('tells a staff stream about every order, and refuses that stream to customers', async () => {
    const admin = await adminApi();
    const session = await client().login({ body: TEST_ADMIN });
    const { variantId } = await product(admin);
    const events: TServerEvent[] = [];
    let opened!: () => void;
    const open = new Promise<void>((resolve) => (opened = resolve));
    const stream = subscribeEvents(
      { baseUrl: inject('apiUrl'), getAccessToken: () => session.tokens.accessToken },
      { scope: 'staff', onEvent: (e) => events.push(e), onOpen: () => opened(), retryMs: 200 },
    );
    try {
      await open;
      const placed = await order(client(), variantId);
      await paySandbox(client(), placed.id);
      const deadline = Date.now() + 10_000;
      while (!events.some((e) => e.type === 'order.updated' && e.data.orderId === placed.id && e.data.status === 'paid') && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(events.some((e) => e.type === 'order.updated' && e.data.orderId === placed.id && e.data.status === 'paid')).toBe(true);
    } finally {
      stream.close();
    }

    const customer = await signUp();
    const errors: unknown[] = [];
    const refused = subscribeEvents({ baseUrl: inject('apiUrl'), getAccessToken: () => customer.tokens.accessToken }, { scope: 'staff', onEvent: () => {}, onError: (e) => errors.push(e), retryMs: 10_000 });
    const deadline = Date.now() + 5_000;
    while (!errors.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    refused.close();
    expect((errors[0] as { status?: number }).status).toBe(403);
  });
});

describe('payment settings', () => {
  it('shows admins which gateway takes which currency, test or live, and webhook addresses, never a key', async () => {
    const admin = await adminApi();
    const settings = await admin.paymentSettings();
    expect(settings.routes).toBe('LKR:payhere,*:stripe');
    expect(settings.currencies.find((c) => c.currency === 'LKR')?.gateways).toEqual(['payhere', 'sandbox']);
    expect(settings.currencies.find((c) => c.currency === 'USD')?.gateways).toEqual(['stripe', 'sandbox']);
    expect(settings.gateways.map((g) => [g.name, g.configured, g.mode])).toEqual([
      ['stripe', true, 'test'],
      ['payhere', true, 'test'],
      ['sandbox', true, 'test'],
    ]);
    expect(settings.gateways[0]!.webhookUrl).toMatch(/\/v1\/webhooks\/stripe$/);
    expect(JSON.stringify(settings)).not.toMatch(/sk_test|whsec_|secret/i);

    const staffEmail = uniqueEmail('staff');
    await admin.createStaffUser({ body: { email: staffEmail, name: 'S', password: 'staff password 123', role: 'staff' } });
    const staff = client({ accessToken: (await client().login({ body: { email: staffEmail, password: 'staff password 123' } })).tokens.accessToken });
    expect((await apiError(() => staff.paymentSettings())).status).toBe(403);
  });
});
