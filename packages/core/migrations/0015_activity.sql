-- Shopper activity for recommendations and analytics: written in batches by the worker from a
-- Redis queue, so recording it adds nothing to the request that caused it.
CREATE TABLE activity_events (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind        text NOT NULL CHECK (kind IN ('view', 'search', 'cart', 'purchase')),
  -- 'user:<id>' for signed-in customers, 'visitor:<id>' for a browser or device that sent X-Visitor-Id.
  shopper     text,
  product_id  uuid,
  query       text,
  occurred_at timestamptz NOT NULL
);
CREATE INDEX activity_events_time_idx ON activity_events (occurred_at);
CREATE INDEX activity_events_shopper_idx ON activity_events (shopper, occurred_at) WHERE shopper IS NOT NULL;
CREATE INDEX activity_events_product_idx ON activity_events (product_id, occurred_at) WHERE product_id IS NOT NULL;
