-- Webhook deliveries enqueued once per INSERT statement on case_events instead of once per
-- row (migration 020 has the semantics; the payload below is the same, row for row).
--
-- Why: a push of 10 cases inserts 20 events in one statement, and the row trigger ran a
-- PL/pgSQL call and, for each accepted event, an EXISTS query and a case lookup, ~0.1 ms of
-- Postgres CPU per push even with no endpoint configured. The statement trigger reads the
-- inserted rows from the transition table and does one set-based INSERT … SELECT: no
-- endpoint subscribed → one empty join. Same transaction as the change (a rolled-back change
-- never sends a webhook), same once-per-endpoint-per-event guarantee (the UNIQUE key).
CREATE OR REPLACE FUNCTION edc_enqueue_webhooks_for_statement() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO webhook_deliveries (endpoint_id, event, case_event_id, payload)
  SELECT e.id, 'case.' || n.type, n.id, jsonb_strip_nulls(jsonb_build_object(
      'event', 'case.' || n.type,
      'eventId', n.id,
      'occurredAt', to_char(n.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
      'actor', n.actor,
      'note', n.note,
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
  FROM new_events n
  JOIN webhook_endpoints e
    ON e.active AND e.deleted_at IS NULL AND ('case.' || n.type) = ANY (e.events)
  LEFT JOIN cases c ON c.id = n.case_id
  WHERE n.type IN ('accepted', 'rejected', 'resolved', 'closed') AND NOT n.deleted
  ON CONFLICT (endpoint_id, case_event_id) DO NOTHING;
  RETURN NULL;
END $$;

DROP TRIGGER IF EXISTS case_events_enqueue_webhooks ON case_events;
CREATE TRIGGER case_events_enqueue_webhooks AFTER INSERT ON case_events
  REFERENCING NEW TABLE AS new_events
  FOR EACH STATEMENT EXECUTE FUNCTION edc_enqueue_webhooks_for_statement();
DROP FUNCTION IF EXISTS edc_enqueue_webhooks();
