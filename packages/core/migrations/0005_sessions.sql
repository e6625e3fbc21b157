-- One row per login (a refresh-token family). Refreshing locks it and revoking sets it, so a
-- refresh racing a logout or a reuse detection can never leave a live successor token behind.
CREATE TABLE sessions (
  id         uuid PRIMARY KEY,
  user_id    uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz
);
CREATE INDEX sessions_user_idx ON sessions (user_id) WHERE revoked_at IS NULL;

INSERT INTO sessions (id, user_id, created_at, revoked_at)
SELECT DISTINCT ON (family_id) family_id, user_id, created_at,
       CASE WHEN bool_or(revoked_at IS NOT NULL) OVER (PARTITION BY family_id) THEN now() END
  FROM refresh_tokens ORDER BY family_id, created_at;

ALTER TABLE refresh_tokens
  ADD CONSTRAINT refresh_tokens_session_fk FOREIGN KEY (family_id) REFERENCES sessions(id) ON DELETE CASCADE;
