import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { adminApi, apiError, mailFor, paySandbox, signUp } from './support/client.js';

const address = { fullName: 'Kumari Perera', line1: '12 Galle Road', city: 'Colombo', country: 'lk' };

describe('notifications', () => {
  it('sends offers only to customers who opted in, and the admin reads every message in the log', async () => {
    const keen = await signUp();
    const quiet = await signUp();
    expect(await keen.api.getNotificationPreferences()).toEqual({ marketingEmail: false, marketingPush: false, orderPush: true });
    expect(await keen.api.updateNotificationPreferences({ body: { marketingEmail: true } })).toMatchObject({ marketingEmail: true });
    const admin = await adminApi();
    const subject = `Avurudu sale ${randomUUID().slice(0, 6)}`;
    const { recipients } = await admin.sendCampaign({ body: { channel: 'email', subject, text: '20 % off everything this week.', url: 'https://shop.example/sale' } });
    expect(recipients).toBeGreaterThanOrEqual(1);
    await expect.poll(async () => (await mailFor(keen.email)).map((m) => m.template)).toContain('promotion');
    expect((await mailFor(quiet.email)).some((m) => m.template === 'promotion')).toBe(false);
    const log = await admin.notificationLog({ query: { limit: 200 } });
    expect(log.items.find((i) => i.recipient === keen.email && i.subject === subject)).toMatchObject({ channel: 'email', status: 'sent', provider: 'offline' });
    expect((await apiError(() => keen.api.notificationLog())).status).toBe(403);
  });

  it('registers devices for pushes and tells the customer when the order ships, with tracking', async () => {
    const customer = await signUp();
    await customer.api.registerDevice({ body: { token: `ExponentPushToken[${randomUUID()}]`, provider: 'expo', platform: 'android' } });
    const admin = await adminApi();
    const sku = `NT-${Date.now()}`;
    const product = await admin.createProduct({ body: { title: `Notify ${sku}`, status: 'published', variants: [{ sku, title: 'One', prices: [{ currency: 'LKR', amount: 5_000 }], initialStock: 5 }] } });
    const cart = await customer.api.getMyCart();
    await customer.api.addCartLine({ params: { id: cart.id }, body: { variantId: product.variants[0]!.id, quantity: 1 } });
    const order = await customer.api.checkout({ body: { cartId: cart.id, shippingAddress: address } }, { idempotencyKey: randomUUID() });
    await paySandbox(customer.api, order.id);
    await admin.shipOrder({ params: { id: order.id }, body: { carrier: 'Pronto', trackingNumber: 'PR999LK', trackingUrl: 'https://track.example/PR999LK' } });
    await expect.poll(async () => (await mailFor(customer.email)).map((m) => m.template)).toEqual(['order_confirmed', 'order_shipped']);
    const shipped = (await mailFor(customer.email)).find((m) => m.template === 'order_shipped')!;
    expect(shipped.text).toContain('PR999LK');
    // Pushes are logged (no push provider is configured in tests): confirmation and shipping, for this customer.
    const pushes = (await admin.notificationLog({ query: { limit: 500 } })).items.filter((i) => i.channel === 'push' && i.recipient === customer.user.id);
    expect(pushes.map((p) => p.template).sort()).toEqual(['order_confirmed', 'order_shipped']);
    await customer.api.registerDevice({ body: { token: 'fcm-token-for-removal-1', provider: 'fcm', platform: 'ios' } });
    await customer.api.removeDevice({ params: { token: 'fcm-token-for-removal-1' } });
    expect((await apiError(() => customer.api.removeDevice({ params: { token: 'fcm-token-for-removal-1' } }))).status).toBe(404);
  });
});
