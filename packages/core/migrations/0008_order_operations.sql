-- Shipments with tracking, and stock that comes back when a paid order is cancelled.
CREATE TABLE order_shipments (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  order_id        uuid NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
  carrier         text NOT NULL,
  tracking_number text NOT NULL,
  tracking_url    text,
  shipped_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX order_shipments_order_idx ON order_shipments (order_id, shipped_at);

ALTER TABLE stock_reservations DROP CONSTRAINT stock_reservations_status_check;
ALTER TABLE stock_reservations ADD CONSTRAINT stock_reservations_status_check
  CHECK (status IN ('active', 'committed', 'released', 'expired', 'returned'));
