import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { TEST_ADMIN, adminApi, client, raw, signUp } from './support/client.js';

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
});
