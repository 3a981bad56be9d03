-- Shared machinery of replicated tables (DESIGN section 5) and the regions list.
--
-- Every replicated table (merchants, devices, sla_rules, holidays, cases, case_events)
-- carries `txid xid8` re-stamped on every write by `edc_stamp_row()`: the pull checkpoint
-- is (txid, id) served below pg_snapshot_xmin, which never skips a row committed late by
-- a concurrent transaction (updated_at or a sequence would).
--
-- `edc_notify_collection()` pokes channel `edc_sync` with the collection name after any
-- write, so every server instance LISTENing fans the poke out to its SSE clients.
-- pg_notify deduplicates identical payloads within a transaction, and delivers only on
-- commit.

CREATE OR REPLACE FUNCTION edc_stamp_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.txid := pg_current_xact_id();
  -- A writer may set updated_at explicitly (server clock); otherwise it moves with the row.
  IF TG_OP = 'UPDATE' AND NEW.updated_at IS NOT DISTINCT FROM OLD.updated_at THEN
    NEW.updated_at := now();
  END IF;
  RETURN NEW;
END $$;

CREATE OR REPLACE FUNCTION edc_notify_collection() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('edc_sync', TG_ARGV[0]);
  RETURN NULL;
END $$;

-- Attaches the txid stamp, the NOTIFY poke and the (txid, id) checkpoint index to a
-- replicated table. Later migrations call it for any new replicated table.
CREATE OR REPLACE FUNCTION edc_make_replicated(tbl regclass, collection text) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  rel text := (SELECT relname FROM pg_class WHERE oid = tbl);
BEGIN
  EXECUTE format(
    'CREATE TRIGGER %I BEFORE INSERT OR UPDATE ON %s FOR EACH ROW EXECUTE FUNCTION edc_stamp_row()',
    rel || '_stamp', tbl);
  EXECUTE format(
    'CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE ON %s FOR EACH STATEMENT EXECUTE FUNCTION edc_notify_collection(%L)',
    rel || '_notify', tbl, collection);
  EXECUTE format('CREATE INDEX %I ON %s (txid, id)', rel || '_txid_id_idx', tbl);
END $$;

CREATE TABLE regions (
  code text PRIMARY KEY CHECK (code ~ '^[A-Z]{2,5}$'),
  name text NOT NULL
);
