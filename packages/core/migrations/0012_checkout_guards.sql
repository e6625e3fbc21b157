-- What a checkout request asked for, so a retry with the same key but other details is refused,
-- and which version of the cart was ordered, so one cart version cannot become two orders.
ALTER TABLE orders ADD COLUMN request_hash text NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN cart_version text NOT NULL DEFAULT '';
CREATE UNIQUE INDEX orders_cart_version_idx ON orders (cart_id, cart_version) WHERE cart_version <> '';
