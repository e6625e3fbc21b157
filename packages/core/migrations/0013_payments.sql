-- Payments: attempts at a gateway, the gateway events that settled them, refunds, disputes and
-- saved cards. No card data is stored: only the gateway's references and what it reports
-- (brand, last four digits, expiry).

CREATE TABLE payments (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  order_id        uuid NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
  gateway         text NOT NULL CHECK (gateway IN ('sandbox', 'stripe', 'payhere')),
  -- The gateway's id for this payment (PaymentIntent id, PayHere order_id); set once created there.
  gateway_ref     text,
  -- A second id some gateways give the settled charge (PayHere's payment_id); refunds need it.
  charge_ref      text,
  status          text NOT NULL CHECK (status IN ('creating', 'pending', 'requires_action', 'succeeded', 'failed', 'canceled')),
  amount          bigint NOT NULL CHECK (amount > 0),
  currency        char(3) NOT NULL,
  refunded_amount bigint NOT NULL DEFAULT 0 CHECK (refunded_amount >= 0 AND refunded_amount <= amount),
  save_card       boolean NOT NULL DEFAULT false,
  -- Paid with a card saved earlier: a twin request with the same card resumes this attempt.
  saved_card_id   uuid,
  failure_reason  text,
  card_brand      text,
  card_last4      text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  -- When reconciliation last asked the gateway about this payment.
  checked_at      timestamptz
);
CREATE UNIQUE INDEX payments_gateway_ref_idx ON payments (gateway, gateway_ref);
-- One open attempt per order and gateway: a second "pay" request resumes it instead of charging twice.
CREATE UNIQUE INDEX payments_open_idx ON payments (order_id, gateway) WHERE status IN ('creating', 'pending', 'requires_action');
CREATE INDEX payments_order_idx ON payments (order_id, created_at);
CREATE INDEX payments_unsettled_idx ON payments (created_at) WHERE status IN ('creating', 'pending', 'requires_action');

-- Every gateway event, normalised. The unique key makes a redelivered webhook a no-op.
CREATE TABLE payment_events (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  gateway     text NOT NULL,
  event_id    text NOT NULL,
  type        text NOT NULL,
  payment_id  uuid REFERENCES payments(id) ON DELETE SET NULL,
  order_id    uuid REFERENCES orders(id) ON DELETE SET NULL,
  -- What was done with it ('applied', 'ignored: ...'), for the operator reading the trail.
  outcome     text NOT NULL,
  payload     jsonb NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (gateway, event_id)
);
CREATE INDEX payment_events_order_idx ON payment_events (order_id, id);

CREATE TABLE refunds (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  order_id          uuid NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
  payment_id        uuid NOT NULL REFERENCES payments(id) ON DELETE CASCADE,
  amount            bigint NOT NULL CHECK (amount > 0),
  currency          char(3) NOT NULL,
  reason            text NOT NULL,
  kind              text NOT NULL CHECK (kind IN ('requested', 'order_cancelled', 'duplicate_payment')),
  -- 'pending' until the gateway accepts it; a pending refund is retried by reconciliation.
  status            text NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed')),
  gateway_refund_id text,
  -- The admin request that asked for it: a retried request returns this refund.
  request_key       text UNIQUE,
  requested_by      uuid REFERENCES users(id) ON DELETE SET NULL,
  failure_reason    text,
  attempts          integer NOT NULL DEFAULT 0,
  -- While one process is asking the gateway, no other sends the same refund.
  claimed_until     timestamptz,
  -- A failed refund that staff sent again: the new refund (with its own idempotency key).
  retried_by        uuid REFERENCES refunds(id) ON DELETE SET NULL,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX refunds_gateway_ref_idx ON refunds (payment_id, gateway_refund_id);
CREATE INDEX refunds_order_idx ON refunds (order_id, created_at);
CREATE INDEX refunds_pending_idx ON refunds (created_at) WHERE status = 'pending';

CREATE TABLE disputes (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  order_id           uuid NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
  payment_id         uuid NOT NULL REFERENCES payments(id) ON DELETE CASCADE,
  gateway            text NOT NULL,
  gateway_dispute_id text NOT NULL,
  amount             bigint NOT NULL CHECK (amount >= 0),
  currency           char(3) NOT NULL,
  reason             text NOT NULL,
  created_at         timestamptz NOT NULL DEFAULT now(),
  UNIQUE (gateway, gateway_dispute_id)
);
CREATE INDEX disputes_order_idx ON disputes (order_id);

-- The customer's account at a gateway (a Stripe Customer), created once.
CREATE TABLE gateway_customers (
  user_id             uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  gateway             text NOT NULL,
  gateway_customer_id text NOT NULL,
  PRIMARY KEY (user_id, gateway)
);

-- Saved cards: the gateway's token and what it tells us about the card, nothing more.
CREATE TABLE saved_payment_methods (
  id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id    uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  gateway    text NOT NULL,
  token      text NOT NULL,
  brand      text NOT NULL,
  last4      text NOT NULL CHECK (last4 ~ '^[0-9]{4}$'),
  exp_month  integer CHECK (exp_month BETWEEN 1 AND 12),
  exp_year   integer,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (gateway, token)
);
CREATE INDEX saved_payment_methods_user_idx ON saved_payment_methods (user_id, created_at DESC);

-- The payment that paid the order: refunds of the order come out of it.
ALTER TABLE orders ADD COLUMN payment_id uuid REFERENCES payments(id) ON DELETE SET NULL;

-- Notification outbox rows are claimed by type; the dispatcher needs that fast.
CREATE INDEX outbox_events_pending_type_idx ON outbox_events (type, id) WHERE dispatched_at IS NULL;
