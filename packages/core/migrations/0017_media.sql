-- Uploaded product images: every size and format made from one upload, and the storage keys that
-- must go when the image is deleted.
ALTER TABLE product_images ADD COLUMN sources jsonb NOT NULL DEFAULT '[]';
ALTER TABLE product_images ADD COLUMN storage_keys text[] NOT NULL DEFAULT '{}';
