/** Media: product image uploads, their WebP/AVIF variants, and where the files are kept. */
export { MediaService, sniffImage, type StoredImage } from './media.service.js';
export { LocalDiskStorage, S3Storage, type MediaStorage } from './storage.js';
