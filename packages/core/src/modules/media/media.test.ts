import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeS3 } from '../../../../../test/support/fake-s3.js';
import type { Database } from '../../platform/database.js';
import { openTestDatabase } from '../../platform/test-database.js';
import { MediaService, sniffImage } from './media.service.js';
import { LocalDiskStorage, S3Storage } from './storage.js';

let db: Database;
let drop: () => Promise<void>;
let productId: string;
const png = (width: number, height: number) => sharp({ create: { width, height, channels: 3, background: '#0f766e' } }).png().toBuffer();

beforeAll(async () => {
  ({ db, drop } = await openTestDatabase());
  const { rows } = await db.query<{ id: string }>(`INSERT INTO products (slug, title, status) VALUES ('media-test', 'Media test', 'published') RETURNING id`);
  productId = rows[0]!.id;
});
afterAll(() => drop());

describe('image uploads', () => {
  it('judges the type by the bytes', async () => {
    expect(sniffImage(await png(120, 120))).toBe('png');
    expect(sniffImage(await sharp(await png(120, 120)).jpeg().toBuffer())).toBe('jpeg');
    expect(sniffImage(await sharp(await png(120, 120)).webp().toBuffer())).toBe('webp');
    expect(sniffImage(await sharp(await png(120, 120)).avif().toBuffer())).toBe('avif');
    expect(sniffImage(Buffer.from('GIF89a....'))).toBeNull();
    expect(sniffImage(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeNull();
  });

  it('on local disk: makes WebP and AVIF widths with hashed names, and deleting the image removes them', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'tk-media-'));
    const changed: string[] = [];
    const media = new MediaService({ db, storage: new LocalDiskStorage({ dir, baseUrl: '/media' }), maxBytes: 2_000_000, onProductChanged: async (id) => void changed.push(id) });
    const image = await media.upload(productId, await png(1200, 800), 'Green tea');
    expect(image.sources.map((s) => `${s.format}@${s.width}`)).toEqual(['webp@320', 'avif@320', 'webp@640', 'avif@640', 'webp@1024', 'avif@1024', 'webp@1200', 'avif@1200']);
    expect(image.url).toMatch(/^\/media\/products\/[\w-]+\/[0-9a-f]{16}-1200\.webp$/);
    expect([image.width, image.height]).toEqual([1200, 800]);
    const files = image.sources.map((s) => path.join(dir, s.url.replace('/media/', '')));
    expect(files.every((f) => existsSync(f))).toBe(true);
    expect((await sharp(files[1]!).metadata()).format).toBe('heif'); // AVIF is a HEIF brand
    await media.remove(productId, image.id);
    expect(files.some((f) => existsSync(f))).toBe(false);
    expect(changed).toEqual([productId, productId]);
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses what is not an image, is too big or too small, or only pretends to be one', async () => {
    const media = new MediaService({ db, storage: new LocalDiskStorage({ dir: os.tmpdir(), baseUrl: '/media' }), maxBytes: 200_000, onProductChanged: async () => {} });
    const refusal = (p: Promise<unknown>) => p.then(() => 'accepted', (e: { code: string }) => e.code);
    expect(await refusal(media.upload(productId, Buffer.from('%PDF-1.7 not an image'), ''))).toBe('unsupported_media_type');
    expect(await refusal(media.upload(productId, await png(50, 50), ''))).toBe('validation_failed');
    expect(await refusal(media.upload(productId, Buffer.alloc(300_000, 1), ''))).toBe('payload_too_large');
    // A PNG signature followed by anything else (a polyglot, a truncated file): its chunks do not add up.
    const fake = Buffer.concat([(await png(200, 200)).subarray(0, 40), Buffer.from('<script>alert(1)</script>')]);
    expect(await refusal(media.upload(productId, fake, ''))).toBe('unsupported_media_type');
    // A whole, valid image with something else after its end (a GIFAR-style polyglot: HTML, a ZIP, a script).
    const script = Buffer.from('<html><script>alert(document.cookie)</script></html>');
    for (const image of [await png(200, 200), await sharp(await png(200, 200)).jpeg().toBuffer(), await sharp(await png(200, 200)).webp().toBuffer()]) {
      expect(await refusal(media.upload(productId, Buffer.concat([image, script]), ''))).toBe('unsupported_media_type');
    }
  });

  it('on S3 (a local server speaking the S3 API): signed puts with immutable caching, CDN URLs, deletes', async () => {
    const s3 = await startFakeS3('tk-media');
    const media = new MediaService({
      db,
      storage: new S3Storage({ bucket: 'tk-media', region: 'ap-south-1', endpoint: s3.url, forcePathStyle: true, credentials: { accessKeyId: 'AKIATEST', secretAccessKey: 'secret' }, cdnBaseUrl: 'https://cdn.tk.lk' }),
      maxBytes: 2_000_000,
      onProductChanged: async () => {},
    });
    const image = await media.upload(productId, await sharp(await png(700, 500)).jpeg().toBuffer(), 'Kettle');
    expect(image.url).toMatch(/^https:\/\/cdn\.tk\.lk\/products\/[\w-]+\/[0-9a-f]{16}-700\.webp$/);
    expect(s3.objects.size).toBe(6); // 320, 640, 700 × WebP and AVIF
    const stored = [...s3.objects.values()];
    expect(new Set(stored.map((o) => o.contentType))).toEqual(new Set(['image/webp', 'image/avif']));
    expect(stored.every((o) => o.cacheControl === 'public, max-age=31536000, immutable')).toBe(true);
    expect(s3.requests.every((r) => r.signed)).toBe(true);
    await media.remove(productId, image.id);
    expect(s3.objects.size).toBe(0);
    await s3.stop();
  });
});
