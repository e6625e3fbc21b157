-- Where we ship, how, at what price per currency, and the tax that applies there.
CREATE TABLE shipping_zones (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name          text NOT NULL,
  -- ISO 3166-1 alpha-2 codes; '*' is every country no other zone names.
  countries     text[] NOT NULL CHECK (cardinality(countries) > 0),
  -- Empty: the whole of each country. Otherwise only these regions (provinces, states).
  regions       text[] NOT NULL DEFAULT '{}',
  tax_name      text NOT NULL DEFAULT '',
  tax_rate_bp   integer NOT NULL DEFAULT 0 CHECK (tax_rate_bp BETWEEN 0 AND 10000),
  tax_inclusive boolean NOT NULL DEFAULT false,
  created_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE shipping_methods (
  id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  zone_id    uuid NOT NULL REFERENCES shipping_zones(id) ON DELETE CASCADE,
  name       text NOT NULL,
  kind       text NOT NULL CHECK (kind IN ('flat', 'weight')),
  active     boolean NOT NULL DEFAULT true,
  position   integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX shipping_methods_zone_idx ON shipping_methods (zone_id, position);

-- A method is offered in a currency only if it has a rate in it.
CREATE TABLE shipping_method_rates (
  method_id        uuid NOT NULL REFERENCES shipping_methods(id) ON DELETE CASCADE,
  currency         char(3) NOT NULL,
  amount           bigint NOT NULL CHECK (amount >= 0),
  per_kg_amount    bigint NOT NULL DEFAULT 0 CHECK (per_kg_amount >= 0),
  free_over_amount bigint CHECK (free_over_amount IS NULL OR free_over_amount >= 0),
  PRIMARY KEY (method_id, currency)
);

-- The method an order ships by, as it was named when ordered.
ALTER TABLE orders ADD COLUMN shipping_method text NOT NULL DEFAULT '';
