-- Outbound webhooks (issue 4, integration with CRM/ERP). Owned by SERVER-C.
--
-- Deliveries are enqueued by a trigger on case_events, in the same transaction as the
-- case change, so every path that writes an accepted/rejected/resolved/closed event
-- (push acceptance, desk transitions, merchant confirmation, intake) enqueues exactly
-- once, and a rolled-back change never sends a webhook.
CREATE TABLE webhook_endpoints (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  url text NOT NULL CHECK (url ~ '^https?://'),
  -- HMAC-SHA256 key for `x-edc-signature`; shown once to the admin at creation.
  secret text NOT NULL CHECK (length(secret) >= 16),
  events text[] NOT NULL CHECK (events <@ ARRAY['case.accepted', 'case.rejected', 'case.resolved', 'case.closed']
    AND cardinality(events) > 0),
  active boolean NOT NULL DEFAULT true,
  description text NOT NULL DEFAULT '',
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  -- Soft delete keeps the delivery log readable.
  deleted_at timestamptz
);

CREATE TABLE webhook_deliveries (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  endpoint_id uuid NOT NULL REFERENCES webhook_endpoints (id),
  event text NOT NULL,
  case_event_id uuid NOT NULL,
  payload jsonb NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  -- While an attempt is in flight this is its lease expiry: a crashed worker's delivery
  -- becomes due again instead of being lost or sent twice concurrently.
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  last_status_code integer,
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  delivered_at timestamptz,
  -- One delivery per endpoint per case event, whatever retries the writer does.
  UNIQUE (endpoint_id, case_event_id)
);
CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_endpoint_idx ON webhook_deliveries (endpoint_id, created_at DESC);

CREATE OR REPLACE FUNCTION edc_enqueue_webhooks() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  ev text := 'case.' || NEW.type;
  c cases%ROWTYPE;
BEGIN
  IF NEW.type NOT IN ('accepted', 'rejected', 'resolved', 'closed') OR NEW.deleted THEN
    RETURN NULL;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM webhook_endpoints WHERE active AND deleted_at IS NULL AND ev = ANY (events)) THEN
    RETURN NULL;
  END IF;
  SELECT * INTO c FROM cases WHERE id = NEW.case_id;
  INSERT INTO webhook_deliveries (endpoint_id, event, case_event_id, payload)
  SELECT e.id, ev, NEW.id, jsonb_strip_nulls(jsonb_build_object(
      'event', ev,
      'eventId', NEW.id,
      'occurredAt', to_char(NEW.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
      'actor', NEW.actor,
      'note', NEW.note,
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
        'dueAt', to_char(c.due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
        'resolvedAt', to_char(c.resolved_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
        'closedAt', to_char(c.closed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
        'rca', c.rca,
        'capa', c.capa,
        'satisfaction', c.satisfaction)))
  FROM webhook_endpoints e
  WHERE e.active AND e.deleted_at IS NULL AND ev = ANY (e.events)
  ON CONFLICT (endpoint_id, case_event_id) DO NOTHING;
  RETURN NULL;
END $$;

CREATE TRIGGER case_events_enqueue_webhooks AFTER INSERT ON case_events
  FOR EACH ROW EXECUTE FUNCTION edc_enqueue_webhooks();
