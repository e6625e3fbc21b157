-- Catalogue: categories (a tree), products, variants, images and per-currency prices.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE categories (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  parent_id   uuid REFERENCES categories(id) ON DELETE RESTRICT,
  slug        text NOT NULL UNIQUE,
  name        text NOT NULL,
  description text NOT NULL DEFAULT '',
  -- Materialised ancestry '/<root>/<child>/…/<self>/': descendants are `path LIKE prefix || '%'`.
  path        text NOT NULL,
  position    integer NOT NULL DEFAULT 0,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX categories_path_idx ON categories (path text_pattern_ops);
CREATE INDEX categories_parent_idx ON categories (parent_id);

CREATE TABLE products (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  slug            text NOT NULL UNIQUE,
  title           text NOT NULL,
  description     text NOT NULL DEFAULT '',
  brand           text,
  category_id     uuid REFERENCES categories(id) ON DELETE SET NULL,
  attributes      jsonb NOT NULL DEFAULT '{}'::jsonb,
  seo_title       text,
  seo_description text,
  status          text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'archived')),
  -- Kept up to date by the reviews module; stored here so "sort by rating" is an index scan.
  rating_avg      real NOT NULL DEFAULT 0,
  rating_count    integer NOT NULL DEFAULT 0,
  search_vector   tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('simple', coalesce(title, '')), 'A') ||
    setweight(to_tsvector('simple', coalesce(brand, '')), 'B') ||
    setweight(to_tsvector('simple', coalesce(description, '')), 'D')
  ) STORED,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX products_listing_idx ON products (status, created_at DESC, id DESC);
CREATE INDEX products_category_idx ON products (category_id, created_at DESC, id DESC);
CREATE INDEX products_rating_idx ON products (rating_avg DESC, id DESC);
CREATE INDEX products_brand_idx ON products (brand);
CREATE INDEX products_search_idx ON products USING gin (search_vector);
CREATE INDEX products_title_trgm_idx ON products USING gin (title gin_trgm_ops);

CREATE TABLE product_images (
  id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  product_id uuid NOT NULL REFERENCES products(id) ON DELETE CASCADE,
  url        text NOT NULL,
  alt        text NOT NULL DEFAULT '',
  width      integer,
  height     integer,
  position   integer NOT NULL DEFAULT 0
);
CREATE INDEX product_images_product_idx ON product_images (product_id, position);

CREATE TABLE variants (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  product_id   uuid NOT NULL REFERENCES products(id) ON DELETE CASCADE,
  sku          text NOT NULL UNIQUE,
  title        text NOT NULL,
  -- Option values such as {"size": "M", "colour": "Red"}.
  options      jsonb NOT NULL DEFAULT '{}'::jsonb,
  weight_grams integer NOT NULL DEFAULT 0 CHECK (weight_grams >= 0),
  barcode      text,
  position     integer NOT NULL DEFAULT 0,
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX variants_product_idx ON variants (product_id, position);
CREATE INDEX variants_options_idx ON variants USING gin (options jsonb_path_ops);

-- Prices are set per currency, never converted on the fly. Amounts in integer minor units.
CREATE TABLE variant_prices (
  variant_id        uuid NOT NULL REFERENCES variants(id) ON DELETE CASCADE,
  currency          char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  amount            bigint NOT NULL CHECK (amount >= 0),
  compare_at_amount bigint CHECK (compare_at_amount IS NULL OR compare_at_amount > amount),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (variant_id, currency)
);

-- Per product and currency, the cheapest and dearest variant: what listings filter and sort by.
-- Derived from variant_prices by the catalogue repository whenever prices change.
CREATE TABLE product_price_ranges (
  product_id uuid NOT NULL REFERENCES products(id) ON DELETE CASCADE,
  currency   char(3) NOT NULL,
  min_amount bigint NOT NULL,
  max_amount bigint NOT NULL,
  PRIMARY KEY (product_id, currency)
);
CREATE INDEX product_price_ranges_sort_idx ON product_price_ranges (currency, min_amount, product_id);

-- The vocabulary of titles and brands, used to correct misspelt search words.
CREATE TABLE search_words (
  word text PRIMARY KEY
);
CREATE INDEX search_words_trgm_idx ON search_words USING gin (word gin_trgm_ops);
CREATE INDEX search_words_prefix_idx ON search_words (word text_pattern_ops);
