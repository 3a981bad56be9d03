-- Merchants (collection `merchants`). Primary key = MID.
CREATE TABLE merchants (
  id text COLLATE "C" PRIMARY KEY CHECK (id ~ '^\d{15}$'),
  mid text COLLATE "C" NOT NULL UNIQUE CHECK (mid = id),
  name text NOT NULL,
  address text NOT NULL DEFAULT '',
  city text NOT NULL DEFAULT '',
  -- No FK to regions: imports and benchmarks may bring regions before the regions list.
  region text NOT NULL CHECK (region ~ '^[A-Z]{2,5}$'),
  phone text NOT NULL DEFAULT '',
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'inactive')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted boolean NOT NULL DEFAULT false,
  txid xid8 NOT NULL DEFAULT pg_current_xact_id()
);
SELECT edc_make_replicated('merchants', 'merchants');
CREATE INDEX merchants_region_idx ON merchants (region);
