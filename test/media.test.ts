import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { TEST_ADMIN, adminApi, apiError, client, raw, signUp } from './support/client.js';

describe('product images through the API', () => {
  it('staff upload a file; shoppers get WebP/AVIF sources served with year-long caching; deleting removes it', async () => {
    const admin = await adminApi();
    const sku = `IMG-${Date.now()}`;
    const product = await admin.createProduct({ body: { title: `Image ${sku}`, status: 'published', variants: [{ sku, title: 'One', prices: [{ currency: 'LKR', amount: 1_000 }], initialStock: 1 }] } });
    const { tokens } = await client().login({ body: TEST_ADMIN });
    const upload = (body: Buffer, token = tokens.accessToken, type = 'image/png') =>
      raw(`/v1/admin/products/${product.id}/images?alt=Front`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': type }, body: new Uint8Array(body) });
    const file = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#7c2d12' } }).png().toBuffer();
    const res = await upload(file);
    expect(res.status).toBe(201);
    const image = (await res.json()) as { id: string; url: string; sources: { format: string; width: number; url: string }[] };
    expect(image.sources.map((s) => s.width)).toEqual([320, 320, 640, 640, 800, 800]);
    const page = await client().getProduct({ params: { slug: product.slug } });
    expect(page.images.at(-1)).toMatchObject({ id: image.id, alt: 'Front', url: image.url, width: 800, height: 600 });
    const served = await raw(image.sources[1]!.url);
    expect([served.status, served.headers.get('content-type'), served.headers.get('cache-control')]).toEqual([200, 'image/avif', 'public, max-age=31536000, immutable']);

    const customer = await signUp();
    expect((await upload(file, customer.tokens.accessToken)).status).toBe(403);
    const notImage = await upload(Buffer.from('MZ\x90\x00 definitely an executable'), tokens.accessToken, 'image/png');
    expect([notImage.status, ((await notImage.json()) as { code: string }).code]).toEqual([415, 'unsupported_media_type']);

    await admin.deleteProductImage({ params: { id: product.id, imageId: image.id } });
    expect((await raw(image.sources[1]!.url)).status).toBe(404);
    expect((await client().getProduct({ params: { slug: product.slug } })).images.some((i) => i.id === image.id)).toBe(false);
  });

  it('puts a product\'s images in a new order, naming each once', async () => {
    const admin = await adminApi();
    const sku = `ORD-${Date.now()}`;
    const product = await admin.createProduct({ body: { title: `Order ${sku}`, status: 'published', variants: [{ sku, title: 'One', prices: [{ currency: 'LKR', amount: 1_000 }], initialStock: 1 }] } });
    const { tokens } = await client().login({ body: TEST_ADMIN });
    const ids: string[] = [];
    for (const colour of ['#111111', '#888888', '#eeeeee']) {
      const file = await sharp({ create: { width: 400, height: 400, channels: 3, background: colour } }).png().toBuffer();
      const res = await raw(`/v1/admin/products/${product.id}/images?alt=${encodeURIComponent(colour)}`, { method: 'POST', headers: { authorization: `Bearer ${tokens.accessToken}`, 'content-type': 'image/png' }, body: new Uint8Array(file) });
      ids.push(((await res.json()) as { id: string }).id);
    }
    const [a, b, c] = ids as [string, string, string];
    await admin.reorderProductImages({ params: { id: product.id }, body: { imageIds: [c, a, b] } });
    const shown = await client().getProduct({ params: { slug: product.slug } });
    expect(shown.images.map((i) => i.id)).toEqual([c, a, b]);
    // Listings show the first.
    expect((await admin.listAdminProducts({ query: { q: sku } })).items[0]?.imageUrl).toBe(shown.images[0]!.url);

    const missing = await apiError(() => admin.reorderProductImages({ params: { id: product.id }, body: { imageIds: [c, a] } }));
    expect([missing.status, missing.fields[0]?.field]).toEqual([400, 'body.imageIds']);
    const twice = await apiError(() => admin.reorderProductImages({ params: { id: product.id }, body: { imageIds: [c, a, a] } }));
    expect(twice.status).toBe(400);
    const unknown = await apiError(() => admin.reorderProductImages({ params: { id: crypto.randomUUID() }, body: { imageIds: [a] } }));
    expect(unknown.status).toBe(404);
    expect((await client().getProduct({ params: { slug: product.slug } })).images.map((i) => i.id)).toEqual([c, a, b]);
  });
});
