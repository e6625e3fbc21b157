-- Orders: what was bought at which price, its state and the history of every state change.
CREATE SEQUENCE order_number_seq START 1001;

CREATE TABLE orders (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  number           text NOT NULL UNIQUE DEFAULT ('TK' || nextval('order_number_seq')::text),
  customer_id      uuid REFERENCES users(id) ON DELETE SET NULL,
  email            text NOT NULL,
  currency         char(3) NOT NULL,
  status           text NOT NULL CHECK (status IN ('pending_payment', 'paid', 'payment_failed', 'fulfilled', 'shipped',
                                                   'delivered', 'cancelled', 'refunded', 'partially_refunded')),
  subtotal         bigint NOT NULL CHECK (subtotal >= 0),
  discount         bigint NOT NULL DEFAULT 0 CHECK (discount >= 0),
  shipping         bigint NOT NULL DEFAULT 0 CHECK (shipping >= 0),
  tax              bigint NOT NULL DEFAULT 0 CHECK (tax >= 0),
  total            bigint NOT NULL CHECK (total >= 0),
  shipping_address jsonb NOT NULL,
  -- The checkout request that made this order: a retry with the same key returns it.
  idempotency_key  text NOT NULL UNIQUE,
  cart_id          uuid NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX orders_customer_idx ON orders (customer_id, created_at DESC);
CREATE INDEX orders_status_idx ON orders (status, created_at);

CREATE TABLE order_lines (
  order_id      uuid NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
  position      integer NOT NULL,
  variant_id    uuid NOT NULL,
  product_id    uuid NOT NULL,
  sku           text NOT NULL,
  title         text NOT NULL,
  variant_title text NOT NULL,
  unit_price    bigint NOT NULL CHECK (unit_price >= 0),
  quantity      integer NOT NULL CHECK (quantity > 0),
  line_total    bigint NOT NULL CHECK (line_total >= 0),
  PRIMARY KEY (order_id, position)
);

CREATE TABLE order_status_history (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  order_id    uuid NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
  from_status text,
  to_status   text NOT NULL,
  reason      text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX order_status_history_order_idx ON order_status_history (order_id, id);
