-- Inventory: stock per variant per location, and the ledger of every change.
CREATE TABLE stock_locations (
  id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code       text NOT NULL UNIQUE,
  name       text NOT NULL,
  is_default boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX stock_locations_one_default ON stock_locations (is_default) WHERE is_default;

CREATE TABLE inventory_levels (
  variant_id          uuid NOT NULL,
  location_id         uuid NOT NULL REFERENCES stock_locations(id) ON DELETE RESTRICT,
  on_hand             integer NOT NULL DEFAULT 0 CHECK (on_hand >= 0),
  reserved            integer NOT NULL DEFAULT 0 CHECK (reserved >= 0),
  low_stock_threshold integer NOT NULL DEFAULT 5 CHECK (low_stock_threshold >= 0),
  -- Optimistic lock: every write bumps it, and a write that read an older version changes 0 rows.
  version             integer NOT NULL DEFAULT 0,
  updated_at          timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (variant_id, location_id),
  CHECK (reserved <= on_hand)
);

CREATE TABLE stock_movements (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  variant_id     uuid NOT NULL,
  location_id    uuid NOT NULL REFERENCES stock_locations(id),
  on_hand_delta  integer NOT NULL DEFAULT 0,
  reserved_delta integer NOT NULL DEFAULT 0,
  reason         text NOT NULL,
  reference      text,
  created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX stock_movements_variant_idx ON stock_movements (variant_id, created_at);
