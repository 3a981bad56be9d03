-- EDC terminals (collection `devices`). Primary key = serial number.
--
-- Case rule 1 looks a device up by serial number, SAM serial or SIM serial (and the desk
-- by TID), case-insensitively: scanned text and typed text differ in case. Look up with
-- `upper(col) = upper($1)` so these expression indexes apply.
CREATE TABLE devices (
  id text COLLATE "C" PRIMARY KEY,
  serial_number text COLLATE "C" NOT NULL UNIQUE CHECK (serial_number = id),
  model text NOT NULL DEFAULT '',
  tid text COLLATE "C" NOT NULL,
  -- No FK to merchants: CSV imports may bring devices before their merchant row.
  mid text COLLATE "C" NOT NULL CHECK (mid ~ '^\d{15}$'),
  status text NOT NULL CHECK (status IN ('on_operation', 'in_warehouse', 'under_repair', 'decommissioned')),
  sam_serial text COLLATE "C",
  sim_serial text COLLATE "C",
  region text NOT NULL CHECK (region ~ '^[A-Z]{2,5}$'),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted boolean NOT NULL DEFAULT false,
  txid xid8 NOT NULL DEFAULT pg_current_xact_id()
);
SELECT edc_make_replicated('devices', 'devices');
CREATE INDEX devices_serial_upper_idx ON devices (upper(serial_number));
CREATE INDEX devices_sam_upper_idx ON devices (upper(sam_serial)) WHERE sam_serial IS NOT NULL;
CREATE INDEX devices_sim_upper_idx ON devices (upper(sim_serial)) WHERE sim_serial IS NOT NULL;
CREATE INDEX devices_tid_upper_idx ON devices (upper(tid));
CREATE INDEX devices_mid_idx ON devices (mid);
CREATE INDEX devices_region_idx ON devices (region);
