import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DeleteObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';

/** Where image files live. Keys are content-hashed, so a file never changes once written. */
export interface MediaStorage {
  readonly kind: 'local' | 's3';
  put(key: string, body: Buffer, contentType: string): Promise<void>;
  delete(keys: string[]): Promise<void>;
  /** The public URL of a key (the CDN's, when there is one). */
  url(key: string): string;
}

/** The embedded default: files under MEDIA_DIR, served by the API at /media with year-long caching. */
export class LocalDiskStorage implements MediaStorage {
  readonly kind = 'local' as const;

  constructor(private readonly settings: { dir: string; baseUrl: string }) {}

  async put(key: string, body: Buffer): Promise<void> {
    const file = this.file(key);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, body);
  }

  async delete(keys: string[]): Promise<void> {
    await Promise.all(keys.map((k) => rm(this.file(k), { force: true })));
  }

  url(key: string): string {
    return `${this.settings.baseUrl.replace(/\/$/, '')}/${key}`;
  }

  private file(key: string): string {
    // Keys are made by the media service, but a path must still never leave the media folder.
    const file = path.resolve(this.settings.dir, key);
    if (!file.startsWith(path.resolve(this.settings.dir) + path.sep)) throw new Error('media key escapes the media folder');
    return file;
  }
}

/**
 * Amazon S3 or any S3-compatible store (R2, MinIO, Spaces) through the official SDK. Objects are
 * written with a year-long immutable Cache-Control; URLs point at the CDN base URL when set
 * (CloudFront or any CDN in front of the bucket), else at the bucket.
 */
export class S3Storage implements MediaStorage {
  readonly kind = 's3' as const;
  private readonly client: S3Client;

  constructor(
    private readonly settings: {
      bucket: string;
      region: string;
      endpoint?: string;
      forcePathStyle: boolean;
      credentials?: { accessKeyId: string; secretAccessKey: string };
      cdnBaseUrl?: string;
    },
  ) {
    this.client = new S3Client({
      region: settings.region,
      endpoint: settings.endpoint,
      forcePathStyle: settings.forcePathStyle,
      credentials: settings.credentials,
      // Checksums only where S3 requires them: S3-compatible stores do not all accept the newer ones.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      maxAttempts: 4,
    });
  }

  async put(key: string, body: Buffer, contentType: string): Promise<void> {
    await this.client.send(
      new PutObjectCommand({ Bucket: this.settings.bucket, Key: key, Body: body, ContentType: contentType, CacheControl: 'public, max-age=31536000, immutable' }),
    );
  }

  async delete(keys: string[]): Promise<void> {
    for (const key of keys) await this.client.send(new DeleteObjectCommand({ Bucket: this.settings.bucket, Key: key }));
  }

  url(key: string): string {
    if (this.settings.cdnBaseUrl) return `${this.settings.cdnBaseUrl.replace(/\/$/, '')}/${key}`;
    if (this.settings.endpoint) return `${this.settings.endpoint.replace(/\/$/, '')}/${this.settings.bucket}/${key}`;
    return `https://${this.settings.bucket}.s3.${this.settings.region}.amazonaws.com/${key}`;
  }
}
