-- Web Push for every notification (issue 13, DESIGN section 9). Owned by issue 13.
--
-- Every path that writes a notification row (services/notifications.ts `notify`, the
-- cases push's single statement, announcements) goes through an INSERT into
-- `notifications`; this trigger queues that row's push for each subscription of its
-- recipient in the same statement, so a push exists exactly when its notification
-- commits. The recipient's preference for the type decides; without one, the default is
-- `edc_push_by_default` (quiet for what nobody must act on).

-- Per user and notification type: push or not (the inbox row is written either way).
CREATE TABLE notification_preferences (
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  type text NOT NULL CHECK (type IN ('case_accepted', 'case_rejected', 'case_assigned', 'case_resolved',
    'comment', 'escalated', 'announcement', 'reminder')),
  push boolean NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, type)
);

-- Mirrors `pushByDefault` of shared/src/domain/push-policy.ts (checked by a test).
CREATE OR REPLACE FUNCTION edc_push_by_default(t text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
  SELECT t <> 'case_accepted'
$$;

-- Mirrors `pushDeliveryFor` (urgency, TTL in seconds) of push-policy.ts (checked by a test).
CREATE OR REPLACE FUNCTION edc_push_urgency(t text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN t IN ('case_rejected', 'escalated') THEN 'high' ELSE 'normal' END
$$;
CREATE OR REPLACE FUNCTION edc_push_ttl_seconds(t text) RETURNS integer LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE t
    WHEN 'case_rejected' THEN 172800
    WHEN 'escalated' THEN 86400
    WHEN 'announcement' THEN 172800
    WHEN 'reminder' THEN 86400
    ELSE 345600 END
$$;

CREATE OR REPLACE FUNCTION edc_enqueue_notification_pushes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO push_deliveries (subscription_id, notification_id, payload, urgency, expires_at, next_attempt_at, created_at)
  SELECT s.id, n.id,
         jsonb_strip_nulls(jsonb_build_object('id', n.id, 'type', n.type, 'caseId', n.case_id,
           'title', n.title, 'body', n.body, 'url', n.url)),
         edc_push_urgency(n.type),
         n.created_at + make_interval(secs => edc_push_ttl_seconds(n.type)),
         n.created_at, n.created_at
  FROM new_rows n
  JOIN users u ON lower(u.username) = lower(n.recipient) AND NOT u.disabled
  JOIN push_subscriptions s ON s.user_id = u.id
  LEFT JOIN notification_preferences p ON p.user_id = u.id AND p.type = n.type
  WHERE NOT n.deleted AND coalesce(p.push, edc_push_by_default(n.type))
  ON CONFLICT (subscription_id, notification_id) DO NOTHING;
  RETURN NULL;
END $$;

CREATE TRIGGER notifications_enqueue_pushes AFTER INSERT ON notifications
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION edc_enqueue_notification_pushes();
