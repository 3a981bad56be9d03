-- Cases (collection `cases`): exactly the fields of the Case document (DESIGN section 5)
-- plus denormalized scope columns. Wire ↔ row: camelCase ↔ snake_case; `location` is
-- jsonb `{lat, lng, accuracyM}`; absent optional fields are NULL here, omitted on the wire.
CREATE TABLE cases (
  id uuid PRIMARY KEY,
  -- Idempotency: a re-sent push with the same client_rev is a no-op.
  client_rev uuid NOT NULL,
  -- Server-owned revision, +1 on every server write; detects stale client writes.
  server_rev integer NOT NULL DEFAULT 1 CHECK (server_rev >= 0),
  status text NOT NULL CHECK (status IN ('submitted', 'open', 'in_progress', 'resolved', 'closed', 'rejected', 'cancelled')),
  reject_reason text CHECK (reject_reason IN ('tid_mid_open', 'device_not_found', 'device_not_operational', 'invalid', 'not_authorized')),
  blocking_case_number text,
  case_number text UNIQUE,
  category text NOT NULL CHECK (category IN ('replace_device', 'replace_sam_card', 'replace_network_card',
    'paper_supply', 'transaction_settlement', 'merchant_data', 'other')),
  subcase text,
  priority text CHECK (priority IN ('minor', 'major', 'critical')),
  description text NOT NULL DEFAULT '',
  channel text NOT NULL CHECK (channel IN ('technician_app', 'merchant_app', 'phone', 'email', 'whatsapp', 'walk_in', 'web')),
  serial_number text COLLATE "C",
  tid text COLLATE "C",
  -- '' only for a rejected device-side draft whose device was unknown.
  mid text COLLATE "C" NOT NULL,
  replacement_serial text,
  location jsonb,
  attachment_ids uuid[] NOT NULL DEFAULT '{}',
  reported_at timestamptz NOT NULL,
  -- Username of the creator (technician, merchant or back-office intake).
  created_by text NOT NULL,
  accepted_at timestamptz,
  response_due_at timestamptz,
  due_at timestamptz,
  case_type text,
  responsible_unit text,
  escalation_level integer NOT NULL DEFAULT 0 CHECK (escalation_level BETWEEN 0 AND 3),
  assignee text,
  first_response_at timestamptz,
  resolved_at timestamptz,
  closed_at timestamptz,
  rca text,
  capa text,
  satisfaction integer CHECK (satisfaction BETWEEN 1 AND 5),
  -- Scope: region of the device/merchant (technicians pull their regions' blocking cases).
  region text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted boolean NOT NULL DEFAULT false,
  txid xid8 NOT NULL DEFAULT pg_current_xact_id()
);
SELECT edc_make_replicated('cases', 'cases');

-- Case rule 2 (DESIGN section 3): at most one case in a blocking status per TID/MID.
-- Enforced by the index itself, not by a read-then-write check, so concurrent pushes
-- cannot both get through: the loser gets unique_violation on this index name.
CREATE UNIQUE INDEX cases_blocking_tid_mid_key ON cases (tid, mid)
  WHERE tid IS NOT NULL AND NOT deleted AND status NOT IN ('closed', 'rejected', 'cancelled');

CREATE INDEX cases_mid_txid_idx ON cases (mid, txid, id);
CREATE INDEX cases_created_by_idx ON cases (created_by);
CREATE INDEX cases_region_status_idx ON cases (region, status);
CREATE INDEX cases_status_due_idx ON cases (status, due_at);
CREATE INDEX cases_reported_at_idx ON cases (reported_at);
CREATE INDEX cases_tid_mid_idx ON cases (tid, mid);

-- Official case numbers CASE-YYYYMMDD-NNNNN, counted per business day (Asia/Jakarta).
CREATE TABLE case_number_counters (
  day date PRIMARY KEY,
  last integer NOT NULL
);

-- Next case number of `day`. The counter row stays locked until the caller commits, so
-- call it as late as possible in the accepting transaction.
CREATE OR REPLACE FUNCTION next_case_number(day date) RETURNS text LANGUAGE sql AS $$
  INSERT INTO case_number_counters AS c (day, last) VALUES (day, 1)
  ON CONFLICT (day) DO UPDATE SET last = c.last + 1
  RETURNING 'CASE-' || to_char(day, 'YYYYMMDD') || '-' || lpad(last::text, 5, '0');
$$;
