-- Collections, promotions (codes and automatic), their redemptions, flash sales and bulk price runs.

-- A hand-picked set of products ("Avurudu gifts"), for promotions and bulk price changes.
CREATE TABLE collections (
  id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  slug       text NOT NULL UNIQUE,
  name       text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE collection_products (
  collection_id uuid NOT NULL REFERENCES collections(id) ON DELETE CASCADE,
  product_id    uuid NOT NULL REFERENCES products(id) ON DELETE CASCADE,
  PRIMARY KEY (collection_id, product_id)
);
CREATE INDEX collection_products_product_idx ON collection_products (product_id);

CREATE TABLE promotions (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name               text NOT NULL,
  -- Upper-case; null for an automatic promotion.
  code               text UNIQUE,
  kind               text NOT NULL CHECK (kind IN ('percentage', 'fixed', 'free_shipping')),
  percent_bp         integer CHECK (percent_bp BETWEEN 1 AND 10000),
  -- Fixed amounts per currency: {"LKR": 50000, "USD": 500}.
  amounts            jsonb NOT NULL DEFAULT '{}',
  target             text NOT NULL CHECK (target IN ('order', 'products', 'categories', 'collections', 'shipping')),
  target_ids         uuid[] NOT NULL DEFAULT '{}',
  min_subtotal       jsonb NOT NULL DEFAULT '{}',
  starts_at          timestamptz NOT NULL,
  ends_at            timestamptz CHECK (ends_at IS NULL OR ends_at > starts_at),
  usage_limit        integer CHECK (usage_limit > 0),
  per_customer_limit integer CHECK (per_customer_limit > 0),
  exclusive          boolean NOT NULL DEFAULT false,
  priority           integer NOT NULL DEFAULT 0,
  active             boolean NOT NULL DEFAULT true,
  -- Paid orders that used it, and unpaid orders holding a use: together never above usage_limit.
  times_used         integer NOT NULL DEFAULT 0 CHECK (times_used >= 0),
  times_reserved     integer NOT NULL DEFAULT 0 CHECK (times_reserved >= 0),
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  CHECK (usage_limit IS NULL OR times_used + times_reserved <= usage_limit)
);
CREATE INDEX promotions_automatic_idx ON promotions (starts_at) WHERE code IS NULL AND active;

-- One row per order that used a promotion: reserved at checkout, counted when paid, released if not.
CREATE TABLE promotion_redemptions (
  promotion_id uuid NOT NULL REFERENCES promotions(id) ON DELETE CASCADE,
  order_id     uuid NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
  customer_key text NOT NULL,
  amount       bigint NOT NULL CHECK (amount >= 0),
  status       text NOT NULL CHECK (status IN ('reserved', 'counted', 'released')),
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (promotion_id, order_id)
);
CREATE INDEX promotion_redemptions_customer_idx ON promotion_redemptions (promotion_id, customer_key) WHERE status <> 'released';
CREATE INDEX promotion_redemptions_order_idx ON promotion_redemptions (order_id);

-- Each order line's share of the order's discounts, to the minor unit: partial refunds are exact.
ALTER TABLE order_lines ADD COLUMN discount bigint NOT NULL DEFAULT 0 CHECK (discount >= 0);
-- Which promotions an order got, for its receipt.
ALTER TABLE orders ADD COLUMN promotions jsonb NOT NULL DEFAULT '[]';

CREATE TABLE flash_sales (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name               text NOT NULL,
  starts_at          timestamptz NOT NULL,
  ends_at            timestamptz NOT NULL CHECK (ends_at > starts_at),
  kind               text NOT NULL CHECK (kind IN ('percentage', 'fixed_price')),
  percent_bp         integer CHECK (percent_bp BETWEEN 1 AND 10000),
  per_customer_limit integer CHECK (per_customer_limit > 0),
  cancelled          boolean NOT NULL DEFAULT false,
  -- When the worker announced the start and the end (cache refresh, storefront revalidation).
  started_fired_at   timestamptz,
  ended_fired_at     timestamptz,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX flash_sales_window_idx ON flash_sales (ends_at, starts_at) WHERE NOT cancelled;

CREATE TABLE flash_sale_items (
  flash_sale_id uuid NOT NULL REFERENCES flash_sales(id) ON DELETE CASCADE,
  variant_id    uuid NOT NULL REFERENCES variants(id) ON DELETE CASCADE,
  -- For fixed_price sales: the sale price per currency.
  prices        jsonb NOT NULL DEFAULT '{}',
  PRIMARY KEY (flash_sale_id, variant_id)
);
CREATE INDEX flash_sale_items_variant_idx ON flash_sale_items (variant_id);

-- What a customer bought at a flash-sale price, for the per-customer limit.
CREATE TABLE flash_sale_purchases (
  flash_sale_id uuid NOT NULL REFERENCES flash_sales(id) ON DELETE CASCADE,
  order_id      uuid NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
  customer_key  text NOT NULL,
  variant_id    uuid NOT NULL,
  quantity      integer NOT NULL CHECK (quantity > 0),
  PRIMARY KEY (flash_sale_id, order_id, variant_id)
);
CREATE INDEX flash_sale_purchases_customer_idx ON flash_sale_purchases (flash_sale_id, customer_key);

-- Bulk price runs: who changed which prices when, with every change, so a run can be reversed.
CREATE TABLE price_runs (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  created_by  uuid REFERENCES users(id) ON DELETE SET NULL,
  description text NOT NULL,
  -- The request that made it (filter and operation, or "csv"), for the audit trail.
  request     jsonb NOT NULL,
  reverts     uuid REFERENCES price_runs(id),
  reverted_by uuid REFERENCES price_runs(id),
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE price_run_changes (
  run_id         uuid NOT NULL REFERENCES price_runs(id) ON DELETE CASCADE,
  variant_id     uuid NOT NULL REFERENCES variants(id) ON DELETE CASCADE,
  currency       char(3) NOT NULL,
  old_amount     bigint,
  -- Null: the run removed the price (a revert of a run that created it).
  new_amount     bigint,
  old_compare_at bigint,
  new_compare_at bigint,
  PRIMARY KEY (run_id, variant_id, currency)
);
