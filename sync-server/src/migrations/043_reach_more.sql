-- Issue 13, second step (DESIGN section 9): per-notification push urgency and the
-- confirmation reminder. Owned by issue 13.

-- 1. An outage announcement is pushed with urgency `high` although announcements are
-- `normal` by type (shared `announcementPushUrgency`): the row may name its own urgency,
-- which the push trigger prefers to the type's. NULL = the type's (every other path).
ALTER TABLE notifications
  ADD COLUMN push_urgency text CHECK (push_urgency IN ('very-low', 'low', 'normal', 'high'));

CREATE OR REPLACE FUNCTION edc_enqueue_notification_pushes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO push_deliveries (subscription_id, notification_id, payload, urgency, expires_at, next_attempt_at, created_at)
  SELECT s.id, n.id,
         jsonb_strip_nulls(jsonb_build_object('id', n.id, 'type', n.type, 'caseId', n.case_id,
           'title', n.title, 'body', n.body, 'url', n.url)),
         coalesce(n.push_urgency, edc_push_urgency(n.type)),
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

-- 2. The merchant's "please confirm" reminder, 24 h after a resolution nobody confirmed
-- (seed 003 step 5): one row per resolution reminded, under its key, so every instance of
-- the job may run at once and a case resolved again after a reopen is reminded again.
CREATE TABLE confirmation_reminders (
  case_id uuid NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  resolved_at timestamptz NOT NULL,
  reminded_at timestamptz NOT NULL,
  PRIMARY KEY (case_id, resolved_at)
);
