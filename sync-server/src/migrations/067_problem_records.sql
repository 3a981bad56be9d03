-- Issue 15 (seed 001, ITIL problem management): a problem record groups the incidents
-- (cases) with one underlying cause, carries its root-cause analysis and a status.
-- Back-office data only: not replicated to phones.
CREATE SEQUENCE problem_number_seq;

CREATE TABLE problems (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  number text NOT NULL UNIQUE DEFAULT 'PRB-' || lpad(nextval('problem_number_seq')::text, 5, '0'),
  title text NOT NULL CHECK (length(title) BETWEEN 3 AND 200),
  -- The candidate it came from (terminal serial, MID, model, area) or 'other' by hand.
  kind text NOT NULL CHECK (kind IN ('terminal', 'merchant', 'model', 'area', 'other')),
  key text NOT NULL DEFAULT '' CHECK (length(key) <= 200),
  status text NOT NULL DEFAULT 'open'
    CHECK (status IN ('open', 'investigating', 'known_error', 'resolved', 'closed')),
  rca text NOT NULL DEFAULT '' CHECK (length(rca) <= 4000),
  workaround text NOT NULL DEFAULT '' CHECK (length(workaround) <= 4000),
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
-- One live record per candidate: creating it twice from the problems list is a conflict.
CREATE UNIQUE INDEX problems_candidate_key ON problems (kind, key)
  WHERE kind <> 'other' AND status NOT IN ('resolved', 'closed');

CREATE TABLE problem_cases (
  problem_id uuid NOT NULL REFERENCES problems (id) ON DELETE CASCADE,
  case_id uuid NOT NULL REFERENCES cases (id),
  linked_by text NOT NULL,
  linked_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (problem_id, case_id)
);
CREATE INDEX problem_cases_case_idx ON problem_cases (case_id);
