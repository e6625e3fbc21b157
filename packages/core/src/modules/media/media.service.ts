import { createHash } from 'node:crypto';
import sharp from 'sharp';

type Sharp = ReturnType<typeof sharp>;
type Metadata = Awaited<ReturnType<Sharp['metadata']>>;
import type { Database } from '../../platform/database.js';
import { AppError, invalidField, notFound } from '../../platform/errors.js';
import type { MediaStorage } from './storage.js';

/** Widths made of every upload (never wider than the original). */
const WIDTHS = [320, 640, 1024, 1600];
const MIN_SIDE = 100;
const MAX_SIDE = 8000;

type Format = 'jpeg' | 'png' | 'webp' | 'avif';

/** The real type of a file, from its first bytes; what the client claims does not count. */
export function sniffImage(bytes: Buffer): Format | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  if (bytes.length >= 12 && bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP') return 'webp';
  if (bytes.length >= 12 && bytes.toString('latin1', 4, 8) === 'ftyp' && ['avif', 'avis'].includes(bytes.toString('latin1', 8, 12))) return 'avif';
  return null;
}

/**
 * Where the image's own structure ends, by its format's framing: PNG chunks to IEND, JPEG segments
 * and scans to EOI, the RIFF length, ISO-BMFF boxes. Bytes after it (a script, an HTML page, a ZIP:
 * a polyglot) are refused even though a decoder would ignore them. Null when the framing is broken.
 */
export function imageLength(bytes: Buffer, format: Format): number | null {
  if (format === 'png') {
    let at = 8;
    while (at + 12 <= bytes.length) {
      const length = bytes.readUInt32BE(at);
      const type = bytes.toString('latin1', at + 4, at + 8);
      at += 12 + length;
      if (type === 'IEND') return at <= bytes.length ? at : null;
    }
    return null;
  }
  if (format === 'webp') return bytes.length >= 8 ? bytes.readUInt32LE(4) + 8 + (bytes.readUInt32LE(4) % 2) : null;
  if (format === 'avif') {
    let at = 0;
    while (at + 8 <= bytes.length) {
      let size = bytes.readUInt32BE(at);
      if (size === 1) {
        if (at + 16 > bytes.length) return null;
        size = Number(bytes.readBigUInt64BE(at + 8));
      } else if (size === 0) return null; // "to the end of the file" would let anything follow
      if (size < 8) return null;
      at += size;
    }
    return at === bytes.length ? at : null;
  }
  // JPEG: marker segments (with lengths) until a scan; scan data runs to the next marker that is not
  // a stuffed 0xFF00, a restart marker or fill; EOI ends the image.
  let at = 2;
  while (at + 1 < bytes.length) {
    if (bytes[at] !== 0xff) return null;
    const marker = bytes[at + 1]!;
    if (marker === 0xd9) return at + 2;
    if (marker === 0xff) {
      at += 1;
      continue;
    }
    if (at + 4 > bytes.length) return null;
    at += 2 + bytes.readUInt16BE(at + 2);
    if (marker === 0xda) {
      while (at + 1 < bytes.length && !(bytes[at] === 0xff && bytes[at + 1] !== 0x00 && !(bytes[at + 1]! >= 0xd0 && bytes[at + 1]! <= 0xd7) && bytes[at + 1] !== 0xff)) at++;
    }
  }
  return null;
}

export interface StoredImage {
  id: string;
  url: string;
  alt: string;
  width: number;
  height: number;
  position: number;
  sources: { format: 'webp' | 'avif'; width: number; url: string }[];
}

/**
 * Product images. An upload is checked by its bytes (JPEG, PNG, WebP or AVIF only), its size and
 * its dimensions, decoded fully by sharp (so a file that only pretends to be an image, or hides
 * something after one, never reaches a shopper), and re-encoded as WebP and AVIF at several widths
 * with content-hashed names, without EXIF data. Deleting an image removes its files.
 */
export class MediaService {
  constructor(private readonly deps: { db: Database; storage: MediaStorage; maxBytes: number; onProductChanged: (productId: string) => Promise<void> }) {}

  async upload(productId: string, body: Buffer, alt: string): Promise<StoredImage> {
    if (!body.length) throw invalidField('body', 'send the image file as the request body', 'required');
    if (body.length > this.deps.maxBytes) throw new AppError('payload_too_large', `Images are at most ${this.deps.maxBytes} bytes`);
    const format = sniffImage(body);
    if (!format) {
      throw new AppError('unsupported_media_type', 'Only JPEG, PNG, WebP and AVIF images can be uploaded', {
        fields: [{ field: 'body', message: 'not a JPEG, PNG, WebP or AVIF file (judged by its content)', code: 'unsupported_image' }],
      });
    }
    if (imageLength(body, format) !== body.length) {
      throw new AppError('unsupported_media_type', 'The file has data after the end of the image (or a broken structure); upload the image alone', {
        fields: [{ field: 'body', message: 'more than an image: data after its end', code: 'polyglot' }],
      });
    }
    const { rows: product } = await this.deps.db.query('SELECT 1 FROM products WHERE id = $1', [productId]);
    if (!product.length) throw notFound('Product');
    let meta: Metadata;
    try {
      // Decoding the whole image (failOn 'warning') refuses truncated and doctored files.
      meta = await sharp(body, { failOn: 'warning', limitInputPixels: MAX_SIDE * MAX_SIDE }).metadata();
      await sharp(body, { failOn: 'warning', limitInputPixels: MAX_SIDE * MAX_SIDE }).stats();
    } catch {
      throw invalidField('body', 'the image could not be decoded', 'corrupt_image');
    }
    if (meta.format !== format && !(format === 'avif' && meta.format === 'heif')) throw invalidField('body', `the content is ${meta.format}, not ${format}`, 'mismatched_image');
    const width = meta.autoOrient?.width ?? meta.width ?? 0;
    const height = meta.autoOrient?.height ?? meta.height ?? 0;
    if (width < MIN_SIDE || height < MIN_SIDE || width > MAX_SIDE || height > MAX_SIDE) {
      throw invalidField('body', `images must be between ${MIN_SIDE} and ${MAX_SIDE} pixels on each side (this one is ${width}×${height})`, 'bad_dimensions');
    }
    const hash = createHash('sha256').update(body).digest('hex').slice(0, 16);
    const widths = WIDTHS.filter((w) => w <= width);
    if (!widths.length || widths.at(-1)! < width) widths.push(Math.min(width, 2400));
    const sources: StoredImage['sources'] = [];
    const keys: string[] = [];
    for (const w of [...new Set(widths)]) {
      const resized = () => sharp(body, { failOn: 'warning', limitInputPixels: MAX_SIDE * MAX_SIDE }).rotate().resize({ width: w, withoutEnlargement: true });
      for (const [out, encode, type] of [
        ['webp', (s: Sharp) => s.webp({ quality: 80 }), 'image/webp'],
        ['avif', (s: Sharp) => s.avif({ quality: 50, effort: 2 }), 'image/avif'],
      ] as const) {
        const key = `products/${productId}/${hash}-${w}.${out}`;
        await this.deps.storage.put(key, await encode(resized()).toBuffer(), type);
        keys.push(key);
        sources.push({ format: out, width: w, url: this.deps.storage.url(key) });
      }
    }
    const largest = sources.filter((s) => s.format === 'webp').at(-1)!;
    const shown = { width: largest.width, height: Math.round((height * largest.width) / width) };
    const { rows } = await this.deps.db.query<{ id: string; position: number }>(
      `INSERT INTO product_images (product_id, url, alt, width, height, position, sources, storage_keys)
       VALUES ($1, $2, $3, $4, $5, coalesce((SELECT max(position) + 1 FROM product_images WHERE product_id = $1), 0), $6, $7)
       RETURNING id, position`,
      [productId, largest.url, alt, shown.width, shown.height, JSON.stringify(sources), keys],
    );
    await this.deps.onProductChanged(productId);
    return { id: rows[0]!.id, url: largest.url, alt, width: shown.width, height: shown.height, position: rows[0]!.position, sources };
  }

  async remove(productId: string, imageId: string): Promise<void> {
    const { rows } = await this.deps.db.query<{ storage_keys: string[] }>(
      'DELETE FROM product_images WHERE id = $1 AND product_id = $2 RETURNING storage_keys',
      [imageId, productId],
    );
    if (!rows[0]) throw notFound('Image');
    // The row is gone first: no page links to the files any more when they are deleted.
    await this.deps.storage.delete(rows[0].storage_keys);
    await this.deps.onProductChanged(productId);
  }

  /** Puts a product's images in the given order (the first is the one listings show); every image must be named once. */
  async reorder(productId: string, imageIds: string[]): Promise<void> {
    await this.deps.db.transaction(async (tx) => {
      const { rows: product } = await tx.query('SELECT 1 FROM products WHERE id = $1 FOR UPDATE', [productId]);
      if (!product.length) throw notFound('Product');
      const { rows } = await tx.query<{ id: string }>('SELECT id FROM product_images WHERE product_id = $1', [productId]);
      const current = new Set(rows.map((r) => r.id));
      const named = new Set(imageIds);
      if (named.size !== imageIds.length || named.size !== current.size || imageIds.some((id) => !current.has(id))) {
        throw invalidField('body.imageIds', `name each of the product's ${current.size} images exactly once`, 'mismatch');
      }
      await tx.query(
        `UPDATE product_images i SET position = t.n - 1 FROM unnest($2::uuid[]) WITH ORDINALITY AS t(id, n)
          WHERE i.id = t.id AND i.product_id = $1`,
        [productId, imageIds],
      );
    });
    await this.deps.onProductChanged(productId);
  }
}
