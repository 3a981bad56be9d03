-- Device sessions: one per login on a device. A session owns a family of rotating
-- refresh tokens; presenting an already-rotated token (a replay, e.g. a stolen copy)
-- revokes the whole session, which also kills its access tokens (checked per request).
CREATE TABLE sessions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  label text NOT NULL DEFAULT '',
  ip text,
  user_agent text,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  -- Refresh tokens expire this long after their last rotation.
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz,
  revoked_reason text CHECK (revoked_reason IN ('logout', 'admin', 'refresh_token_reused', 'user_changed', 'expired')),
  -- Sync health reported by the client with each pull/push (x-outbox-* headers), so the
  -- desk can tell "no case yet" from "case stuck on a phone".
  last_sync_at timestamptz,
  outbox_count integer,
  outbox_oldest_at timestamptz
);
CREATE INDEX sessions_user_idx ON sessions (user_id, created_at DESC);

-- Refresh tokens, stored as SHA-256 hashes (they are 256-bit random, so a fast hash is
-- enough). `used_at` set = rotated out: presenting it again is reuse.
CREATE TABLE refresh_tokens (
  token_hash text PRIMARY KEY,
  session_id uuid NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  used_at timestamptz
);
CREATE INDEX refresh_tokens_session_idx ON refresh_tokens (session_id);

-- Login attempts, for the per-IP throttle and for audit.
CREATE TABLE login_attempts (
  id bigserial PRIMARY KEY,
  ip text NOT NULL,
  username text NOT NULL,
  success boolean NOT NULL,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_attempts_ip_at_idx ON login_attempts (ip, at) WHERE NOT success;
CREATE INDEX login_attempts_at_idx ON login_attempts (at);
