-- SLA monitor bookkeeping (SERVER-C, services/sla-monitor.ts): one row per breach that
-- the job has handled. The primary key makes "escalate once per breach" hold even when
-- several server instances run the job at the same moment: the second insert conflicts
-- and that instance leaves the case alone. A new deadline (e.g. after a reopen) is a new
-- breach, hence the deadline is part of the key.
CREATE TABLE sla_escalations (
  case_id uuid NOT NULL REFERENCES cases (id),
  kind text NOT NULL CHECK (kind IN ('response', 'resolution')),
  due_at timestamptz NOT NULL,
  -- escalation_level after this breach (unchanged when the case was already at the top).
  level integer NOT NULL,
  escalated_at timestamptz NOT NULL,
  PRIMARY KEY (case_id, kind, due_at)
);
