import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { adminApi, client, paySandbox, signUp } from './support/client.js';

const address = { fullName: 'Kumari Perera', line1: '12 Galle Road', city: 'Colombo', country: 'lk' };

async function product(admin: Awaited<ReturnType<typeof adminApi>>, stock = 20) {
  const sku = `REC-${Date.now()}-${Math.random().toString(36).slice(2, 7)}`;
  const created = await admin.createProduct({ body: { title: `Rec ${sku}`, status: 'published', variants: [{ sku, title: 'One', prices: [{ currency: 'LKR', amount: 9_000 }], initialStock: stock }] } });
  return { id: created.id, slug: created.slug, variantId: created.variants[0]!.id };
}

/** A visitor browsing products, identified as web and mobile clients identify theirs. */
const visitor = () => client({ headers: { 'x-visitor-id': `v-${randomUUID()}` } });

describe('recommendations', () => {
  it('learns "viewed together" from activity, leaves out what is out of stock or bought, falls back to trending', async () => {
    const admin = await adminApi();
    const [tea, kettle, mug, saree, sarong, fresh] = [await product(admin), await product(admin), await product(admin), await product(admin), await product(admin, 1), await product(admin)];
    // Tea and kettle are looked at together; saree and sarong too.
    for (let n = 0; n < 4; n++) {
      const v = visitor();
      for (const p of [tea, kettle]) await v.getProduct({ params: { slug: p.slug } });
      if (n === 0) await v.getProduct({ params: { slug: mug.slug } });
    }
    for (let n = 0; n < 3; n++) {
      const v = visitor();
      for (const p of [saree, sarong]) await v.getProduct({ params: { slug: p.slug } });
    }
    // The customer looks at tea and buys the kettle.
    const customer = await signUp();
    await customer.api.getProduct({ params: { slug: tea.slug } });
    const cart = await customer.api.getMyCart();
    await customer.api.addCartLine({ params: { id: cart.id }, body: { variantId: kettle.variantId, quantity: 1 } });
    const order = await customer.api.checkout({ body: { cartId: cart.id, shippingAddress: address } }, { idempotencyKey: randomUUID() });
    await paySandbox(customer.api, order.id);
    // The last sarong is sold: it must not be recommended.
    const buyer = client();
    const c2 = await buyer.createCart({ body: { currency: 'LKR' } });
    await buyer.addCartLine({ params: { id: c2.id }, body: { variantId: sarong.variantId, quantity: 1 } });
    const o2 = await buyer.checkout({ body: { cartId: c2.id, email: 'sarong@example.com', shippingAddress: address } }, { idempotencyKey: randomUUID() });
    await paySandbox(buyer, o2.id);

    await new Promise((r) => setTimeout(r, 400)); // the purchase is logged once its payment committed
    const rebuilt = await admin.rebuildRecommendations();
    expect(rebuilt.activityFlushed).toBeGreaterThan(10);

    const forTea = await client().productRecommendations({ params: { id: tea.id } });
    expect(forTea.source).toBe('similar');
    expect(forTea.items[0]!.id).toBe(kettle.id);
    expect(forTea.items.map((i) => i.id)).not.toContain(tea.id);
    const forSaree = await client().productRecommendations({ params: { id: saree.id } });
    expect(forSaree.items.map((i) => i.id)).not.toContain(sarong.id); // out of stock
    const forNew = await client().productRecommendations({ params: { id: fresh.id } });
    expect(forNew.source).toBe('trending');

    const mine = await customer.api.myRecommendations();
    expect(mine.source).toBe('personal');
    expect(mine.items.map((i) => i.id)).not.toContain(kettle.id); // already bought
    expect(mine.items.map((i) => i.id)).toContain(mug.id);
    const newcomer = await (await signUp()).api.myRecommendations();
    expect(newcomer.source).toBe('trending');
    // The public list (home pages) is the same trending list, in stock only.
    const trending = await client().trendingProducts({ query: { limit: 5 } });
    expect(trending.source).toBe('trending');
    expect(trending.items.map((i) => i.id)).toEqual(newcomer.items.slice(0, 5).map((i) => i.id));
    expect(trending.items.map((i) => i.id)).not.toContain(sarong.id);
  });
});
