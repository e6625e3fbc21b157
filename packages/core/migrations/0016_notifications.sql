-- Notifications: what each customer agreed to receive, their devices, and the log of everything
-- sent (the outbox the admin reads, and the record that stops a message going out twice).
CREATE TABLE notification_preferences (
  user_id         uuid PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  marketing_email boolean NOT NULL DEFAULT false,
  marketing_push  boolean NOT NULL DEFAULT false,
  order_push      boolean NOT NULL DEFAULT true,
  updated_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE device_tokens (
  token        text PRIMARY KEY,
  user_id      uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  provider     text NOT NULL CHECK (provider IN ('fcm', 'expo')),
  platform     text NOT NULL CHECK (platform IN ('ios', 'android', 'web')),
  created_at   timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX device_tokens_user_idx ON device_tokens (user_id);

CREATE TABLE notification_log (
  id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- The outbox row it came from: one log row per outbox row, so a redelivery is noticed.
  outbox_id           bigint UNIQUE,
  channel             text NOT NULL CHECK (channel IN ('email', 'push')),
  recipient           text NOT NULL,
  template            text NOT NULL,
  subject             text NOT NULL,
  provider            text NOT NULL,
  provider_message_id text,
  status              text NOT NULL CHECK (status IN ('sent', 'failed', 'skipped')),
  error               text,
  created_at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX notification_log_time_idx ON notification_log (created_at DESC);

-- Retries of a message whose provider failed: how often it was tried, and not before when again.
ALTER TABLE outbox_events ADD COLUMN attempts integer NOT NULL DEFAULT 0;
ALTER TABLE outbox_events ADD COLUMN next_attempt_at timestamptz;
