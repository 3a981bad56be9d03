-- Case timeline (collection `case_events`), append-only. `mid` and `region` copy the
-- case's so scoped pulls (merchant: own MID; technician: own regions) need no join.
CREATE TABLE case_events (
  id uuid PRIMARY KEY,
  case_id uuid NOT NULL REFERENCES cases (id),
  type text NOT NULL CHECK (type IN ('submitted', 'accepted', 'rejected', 'comment', 'assigned', 'started',
    'escalated', 'resolved', 'confirmed', 'reopened', 'closed', 'cancelled')),
  at timestamptz NOT NULL,
  -- Username, or 'system' for server jobs.
  actor text NOT NULL,
  note text,
  data jsonb,
  mid text COLLATE "C" NOT NULL,
  region text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted boolean NOT NULL DEFAULT false,
  txid xid8 NOT NULL DEFAULT pg_current_xact_id()
);
SELECT edc_make_replicated('case_events', 'case_events');
CREATE INDEX case_events_case_idx ON case_events (case_id, at);
CREATE INDEX case_events_mid_txid_idx ON case_events (mid, txid, id);
