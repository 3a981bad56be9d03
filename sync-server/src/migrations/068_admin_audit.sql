-- Issue 15: audit log of master-data and user changes (who, when, before/after).
-- Row triggers on the master-data tables write one entry per changed row, but only when
-- the transaction names its actor (`SET LOCAL edc.actor`, db/audit.ts `withActor`): the
-- admin routes and the import do; case acceptance (which moves devices) and the login
-- counters on users do not, so the log holds people's changes, not the system's.
CREATE TABLE admin_audit (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  actor text NOT NULL,
  entity text NOT NULL,
  entity_key text NOT NULL,
  action text NOT NULL CHECK (action IN ('create', 'update', 'delete')),
  before jsonb,
  after jsonb
);
CREATE INDEX admin_audit_at_idx ON admin_audit (at DESC, id DESC);
CREATE INDEX admin_audit_entity_idx ON admin_audit (entity, entity_key, at DESC);

-- A row as the log shows it: no secrets, hashes or tokens, no bookkeeping columns.
CREATE OR REPLACE FUNCTION edc_audit_clean(j jsonb) RETURNS jsonb LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
  k text;
BEGIN
  IF j IS NULL THEN RETURN NULL; END IF;
  FOR k IN SELECT jsonb_object_keys(j) LOOP
    IF k ~ '(secret|hash|token)' OR k IN ('txid', 'updated_at', 'created_at', 'failed_logins', 'locked_until') THEN
      j := j - k;
    END IF;
  END LOOP;
  RETURN j;
END $$;

CREATE OR REPLACE FUNCTION edc_audit_row() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  who text := nullif(current_setting('edc.actor', true), '');
  b jsonb;
  a jsonb;
  act text;
BEGIN
  IF who IS NULL THEN RETURN NULL; END IF;
  IF TG_OP <> 'INSERT' THEN b := edc_audit_clean(to_jsonb(OLD)); END IF;
  IF TG_OP <> 'DELETE' THEN a := edc_audit_clean(to_jsonb(NEW)); END IF;
  -- A new password is logged as changed, never as its hash.
  IF TG_OP = 'UPDATE' AND to_jsonb(OLD) ? 'password_hash'
     AND to_jsonb(OLD) ->> 'password_hash' IS DISTINCT FROM to_jsonb(NEW) ->> 'password_hash' THEN
    a := a || '{"password": "changed"}';
  END IF;
  IF TG_OP = 'UPDATE' AND a = b THEN RETURN NULL; END IF;
  act := CASE
    WHEN TG_OP = 'INSERT' THEN 'create'
    WHEN TG_OP = 'DELETE' THEN 'delete'
    -- Soft deletes (the replicated tables' `deleted`, webhooks' `deleted_at`).
    WHEN (b ->> 'deleted') = 'false' AND (a ->> 'deleted') = 'true' THEN 'delete'
    WHEN (b ->> 'deleted_at') IS NULL AND (a ->> 'deleted_at') IS NOT NULL AND a ? 'deleted_at' THEN 'delete'
    WHEN (b ->> 'deleted') = 'true' AND (a ->> 'deleted') = 'false' THEN 'create'
    ELSE 'update'
  END;
  INSERT INTO admin_audit (actor, entity, entity_key, action, before, after)
  VALUES (who, TG_TABLE_NAME, coalesce(a ->> 'id', b ->> 'id'), act, b, a);
  RETURN NULL;
END $$;

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['users', 'sla_rules', 'holidays', 'devices', 'merchants', 'webhook_endpoints']
  LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE ON %I FOR EACH ROW EXECUTE FUNCTION edc_audit_row()',
                   t || '_audit', t);
  END LOOP;
END $$;
