-- Issue 15 (desk at helpdesk level): teams, the escalation ladder, re-categorisation,
-- the `case.escalated` webhook, saved views and canned replies.

-- Teams are the responsible units of the SLA catalogue; a back-office user works in one.
-- `ladder_title` is the user's rung of seed 003 section 6 (supervisor → customer service
-- manager → director), per unit (team NULL = every unit). The role set of DESIGN section 4
-- is unchanged: a manager or director signs in as supervisor or admin with a title.
ALTER TABLE users
  ADD COLUMN team text CHECK (team IS NULL OR length(team) BETWEEN 1 AND 100),
  ADD COLUMN ladder_title text CHECK (ladder_title IN ('supervisor', 'customer_service_manager', 'director'));
CREATE INDEX users_ladder_idx ON users (ladder_title, team) WHERE ladder_title IS NOT NULL AND NOT disabled;

-- The named person the last escalation went to (the SLA monitor or the escalate action).
-- Not part of the replicated case document: the `escalated` event's data.escalatedTo
-- carries it to the desk, and the view "escalated to me" reads it from there.
ALTER TABLE cases ADD COLUMN escalated_to text;
CREATE INDEX cases_escalated_to_idx ON cases (escalated_to) WHERE escalated_to IS NOT NULL;

-- New event type `recategorized` (DESIGN section 9). The CHECK is rebuilt from its current
-- definition rather than restated, so types added by other migrations are kept.
DO $$
DECLARE
  def text;
BEGIN
  SELECT pg_get_constraintdef(oid) INTO def FROM pg_constraint
   WHERE conrelid = 'case_events'::regclass AND conname = 'case_events_type_check';
  IF def IS NOT NULL AND position('recategorized' IN def) = 0 THEN
    ALTER TABLE case_events DROP CONSTRAINT case_events_type_check;
    EXECUTE 'ALTER TABLE case_events ADD CONSTRAINT case_events_type_check '
      || replace(def, 'ARRAY[', 'ARRAY[''recategorized''::text, ');
  END IF;
END $$;

-- Webhook event `case.escalated` beside the others.
DO $$
DECLARE
  def text;
BEGIN
  SELECT pg_get_constraintdef(oid) INTO def FROM pg_constraint
   WHERE conrelid = 'webhook_endpoints'::regclass AND contype = 'c' AND pg_get_constraintdef(oid) LIKE '%case.accepted%';
  IF def IS NOT NULL AND position('case.escalated' IN def) = 0 THEN
    EXECUTE 'ALTER TABLE webhook_endpoints DROP CONSTRAINT ' || quote_ident((SELECT conname FROM pg_constraint
       WHERE conrelid = 'webhook_endpoints'::regclass AND contype = 'c' AND pg_get_constraintdef(oid) = def));
    EXECUTE 'ALTER TABLE webhook_endpoints ADD CONSTRAINT webhook_endpoints_events_check '
      || replace(def, 'ARRAY[', 'ARRAY[''case.escalated''::text, ');
  END IF;
END $$;

CREATE OR REPLACE FUNCTION edc_enqueue_webhooks_for_statement() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO webhook_deliveries (endpoint_id, event, case_event_id, payload)
  SELECT e.id, 'case.' || n.type, n.id, jsonb_strip_nulls(jsonb_build_object(
      'event', 'case.' || n.type,
      'eventId', n.id,
      'occurredAt', to_char(n.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
      'actor', n.actor,
      'note', n.note,
      -- escalated: level from/to and the named person it went to.
      'data', CASE WHEN n.type = 'escalated' THEN n.data - 'internal' END,
      'case', jsonb_build_object(
        'id', c.id,
        'caseNumber', c.case_number,
        'status', c.status,
        'rejectReason', c.reject_reason,
        'blockingCaseNumber', c.blocking_case_number,
        'category', c.category,
        'subcase', c.subcase,
        'priority', c.priority,
        'channel', c.channel,
        'mid', c.mid,
        'tid', c.tid,
        'serialNumber', c.serial_number,
        'responsibleUnit', c.responsible_unit,
        'escalationLevel', c.escalation_level,
        'dueAt', to_char(c.due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
        'resolvedAt', to_char(c.resolved_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
        'closedAt', to_char(c.closed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
        'rca', c.rca,
        'capa', c.capa,
        'satisfaction', c.satisfaction)))
  FROM new_events n
  JOIN webhook_endpoints e
    ON e.active AND e.deleted_at IS NULL AND ('case.' || n.type) = ANY (e.events)
  LEFT JOIN cases c ON c.id = n.case_id
  WHERE n.type IN ('accepted', 'rejected', 'resolved', 'closed', 'escalated') AND NOT n.deleted
  ON CONFLICT (endpoint_id, case_event_id) DO NOTHING;
  RETURN NULL;
END $$;

-- Saved queue views per user: a name and the URL query of the queue (filters, view, sort).
CREATE TABLE desk_saved_views (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  username text NOT NULL,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
  query text NOT NULL CHECK (length(query) <= 2000),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX desk_saved_views_user_name_key ON desk_saved_views (lower(username), lower(name));

-- Canned replies (macros), managed by supervisors; placeholders {merchantName},
-- {caseNumber} and {dueAt} are filled in by the desk when used.
CREATE TABLE desk_macros (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 100),
  body text NOT NULL CHECK (length(body) BETWEEN 1 AND 4000),
  internal boolean NOT NULL DEFAULT false,
  created_by text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted boolean NOT NULL DEFAULT false
);
