-- SLA catalogue (collection `sla_rules`) and public holidays (collection `holidays`).
-- Both are seeded (upserted) at every start from shared/src/domain/.
CREATE TABLE sla_rules (
  id text COLLATE "C" PRIMARY KEY,
  category text NOT NULL CHECK (category IN ('replace_device', 'replace_sam_card', 'replace_network_card',
    'paper_supply', 'transaction_settlement', 'merchant_data', 'other')),
  subcase text NOT NULL,
  label text NOT NULL DEFAULT '',
  case_type text NOT NULL,
  responsible_unit text NOT NULL,
  priority text NOT NULL CHECK (priority IN ('minor', 'major', 'critical')),
  response_minutes integer NOT NULL CHECK (response_minutes > 0),
  business_days integer CHECK (business_days > 0),
  hours integer CHECK (hours > 0),
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted boolean NOT NULL DEFAULT false,
  txid xid8 NOT NULL DEFAULT pg_current_xact_id(),
  UNIQUE (category, subcase),
  -- Exactly one resolution target: business days or wall-clock hours.
  CHECK ((business_days IS NULL) <> (hours IS NULL))
);
SELECT edc_make_replicated('sla_rules', 'sla_rules');

CREATE TABLE holidays (
  -- Primary key: the date as `YYYY-MM-DD` text (the wire id), mirrored as a real date.
  id text COLLATE "C" PRIMARY KEY CHECK (id ~ '^\d{4}-\d{2}-\d{2}$'),
  date date NOT NULL UNIQUE CHECK (to_char(date, 'YYYY-MM-DD') = id),
  name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted boolean NOT NULL DEFAULT false,
  txid xid8 NOT NULL DEFAULT pg_current_xact_id()
);
SELECT edc_make_replicated('holidays', 'holidays');
