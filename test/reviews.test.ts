import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { adminApi, apiError, client, signUp, paySandbox } from './support/client.js';

async function newProduct() {
  const admin = await adminApi();
  const sku = `REV-${Date.now()}-${Math.random().toString(36).slice(2, 6)}`;
  const product = await admin.createProduct({
    body: { title: `Review ${sku}`, status: 'published', variants: [{ sku, title: 'One', prices: [{ currency: 'LKR', amount: 100000 }], initialStock: 5 }] },
  });
  return { admin, product };
}

describe('reviews', () => {
  it('shows a review once approved, marks verified purchases and updates the rating', async () => {
    const { admin, product } = await newProduct();
    const buyer = await signUp('buyer');
    await buyer.api.updateMe({ body: { name: 'Kumari Perera' } });
    const cart = await buyer.api.getMyCart();
    await buyer.api.addCartLine({ params: { id: cart.id }, body: { variantId: product.variants[0]!.id, quantity: 1 } });
    const order = await buyer.api.checkout(
      { body: { cartId: cart.id, shippingAddress: { fullName: 'K', line1: '1 Road', city: 'Galle', country: 'LK' } } },
      { idempotencyKey: randomUUID() },
    );
    await paySandbox(buyer.api, order.id, 'success');

    const text = '<script>alert("x")</script> Lovely & soft';
    const review = await buyer.api.createReview({ body: { productId: product.id, rating: 5, title: 'Great', body: text } });
    expect(review).toMatchObject({ status: 'pending', verifiedPurchase: true, author: 'Kumari P.', body: text });
    const browser = await buyer.api.createReview({ body: { productId: product.id, rating: 1, body: 'again' } }).catch((e) => e);
    expect([browser.status, browser.fields[0]?.code]).toEqual([409, 'already_reviewed']);

    const other = await signUp('visitor');
    const second = await other.api.createReview({ body: { productId: product.id, rating: 2, body: 'Not for me' } });
    expect(second.verifiedPurchase).toBe(false);

    // Nothing shows before moderation.
    expect((await client().listProductReviews({ params: { slug: product.slug } })).count).toBe(0);
    const pending = await admin.listReviewsForModeration({ query: { limit: 100 } });
    expect(pending.items.map((r) => r.id)).toEqual(expect.arrayContaining([review.id, second.id]));
    expect(pending.items.find((r) => r.id === review.id)?.productTitle).toBe(product.title);
    expect(pending.total).toBeGreaterThanOrEqual(2);
    // The queue is first come, first served.
    const times = pending.items.map((r) => r.createdAt);
    expect(times).toEqual([...times].sort());
    await admin.moderateReview({ params: { id: review.id }, body: { status: 'approved' } });
    await admin.moderateReview({ params: { id: second.id }, body: { status: 'approved' } });
    const shown = await client().listProductReviews({ params: { slug: product.slug } });
    expect([shown.count, shown.average]).toEqual([2, 3.5]);
    expect(shown.items.find((r) => r.id === review.id)?.body).toBe(text);
    const page = await client().getProduct({ params: { slug: product.slug } });
    expect(page.rating).toEqual({ average: 3.5, count: 2 });

    await admin.moderateReview({ params: { id: second.id }, body: { status: 'rejected' } });
    expect((await client().getProduct({ params: { slug: product.slug } })).rating).toEqual({ average: 5, count: 1 });
    expect((await other.api.listMyReviews()).items[0]?.status).toBe('rejected');
  });

  it('validates ratings and keeps moderation for staff', async () => {
    const { product } = await newProduct();
    const { api } = await signUp();
    for (const rating of [0, 6, 3.5]) {
      const err = await apiError(() => api.createReview({ body: { productId: product.id, rating, body: 'x' } }));
      expect(err.fields[0]?.field).toBe('body.rating');
    }
    const review = await api.createReview({ body: { productId: product.id, rating: 4, body: 'Good' } });
    expect((await apiError(() => api.moderateReview({ params: { id: review.id }, body: { status: 'approved' } }))).status).toBe(403);
    expect((await apiError(() => client().createReview({ body: { productId: product.id, rating: 4, body: 'x' } }))).status).toBe(401);
  });
});
