-- Reservations hold stock for a checkout until payment commits or releases them. PostgreSQL is the
-- record; available = on_hand - reserved on inventory_levels is kept in step in the same transaction.
CREATE TABLE stock_reservations (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- What holds the stock, e.g. "order:<id>"; all lines of one checkout share it.
  reference   text NOT NULL,
  variant_id  uuid NOT NULL,
  location_id uuid NOT NULL REFERENCES stock_locations(id),
  quantity    integer NOT NULL CHECK (quantity > 0),
  status      text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'committed', 'released', 'expired')),
  expires_at  timestamptz NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX stock_reservations_reference_idx ON stock_reservations (reference);
CREATE INDEX stock_reservations_due_idx ON stock_reservations (expires_at) WHERE status = 'active';

-- Set when available stock falls to the threshold, cleared when it rises above: one alert per crossing.
ALTER TABLE inventory_levels ADD COLUMN low_stock_alerted boolean NOT NULL DEFAULT false;

-- Transactional outbox: events written in the same transaction as the change they announce.
-- The worker's dispatcher (issue 6) delivers them; until then they are the durable record.
CREATE TABLE outbox_events (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  type          text NOT NULL,
  payload       jsonb NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  dispatched_at timestamptz
);
CREATE INDEX outbox_events_pending_idx ON outbox_events (id) WHERE dispatched_at IS NULL;
