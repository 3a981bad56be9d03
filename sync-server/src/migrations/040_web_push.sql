-- Web Push (issue 13, DESIGN section 9): browser subscriptions and the durable queue of
-- encrypted pushes. Owned by issue 13.
--
-- A subscription belongs to one user on one device (its endpoint is unique per browser
-- install); the session that registered it is kept so a logout removes exactly that
-- device's subscription. A second user signing in on the same browser takes the endpoint
-- over (upsert on endpoint).
CREATE TABLE push_subscriptions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  session_id uuid,
  endpoint text NOT NULL UNIQUE CHECK (endpoint ~ '^https?://'),
  p256dh text NOT NULL,
  auth text NOT NULL,
  user_agent text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX push_subscriptions_user_idx ON push_subscriptions (user_id);
CREATE INDEX push_subscriptions_session_idx ON push_subscriptions (session_id);

-- One row per (notification, subscription), inserted in the transaction that wrote the
-- notification: a rolled-back event sends nothing, a committed one is never lost (a
-- server killed mid fan-out leaves the rest pending). Claiming is a lease like
-- webhook_deliveries: `next_attempt_at` moves past the send timeout while in flight, so a
-- crashed worker's rows become due again and no row is sent by two instances at once.
CREATE TABLE push_deliveries (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  subscription_id uuid NOT NULL REFERENCES push_subscriptions (id) ON DELETE CASCADE,
  notification_id uuid NOT NULL,
  -- `{id, type, caseId?, title, body, url}`, encrypted per subscription at send time.
  payload jsonb NOT NULL,
  urgency text NOT NULL DEFAULT 'normal' CHECK (urgency IN ('very-low', 'low', 'normal', 'high')),
  -- After this the message is stale: never sent, marked `expired`.
  expires_at timestamptz NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed', 'expired')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  last_status_code integer,
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz,
  UNIQUE (subscription_id, notification_id)
);
CREATE INDEX push_deliveries_due_idx ON push_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX push_deliveries_notification_idx ON push_deliveries (notification_id);

-- Logout (and any other revocation: admin, token reuse) removes the device's
-- subscriptions in the same transaction, whichever code path revoked the session.
CREATE OR REPLACE FUNCTION edc_drop_revoked_push_subscriptions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.revoked_at IS NOT NULL AND OLD.revoked_at IS NULL THEN
    DELETE FROM push_subscriptions WHERE session_id = NEW.id;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER sessions_drop_push_subscriptions AFTER UPDATE OF revoked_at ON sessions
  FOR EACH ROW EXECUTE FUNCTION edc_drop_revoked_push_subscriptions();
