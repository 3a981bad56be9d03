-- The confirmation loop's reminder (issue 14, DESIGN section 9): one row per resolution a
-- merchant was reminded of. The primary key (case, resolved_at) makes "one reminder per
-- resolution" hold even when several instances run the job at once; a case resolved again
-- after a reopen is a new resolution and gets its own reminder.
CREATE TABLE confirmation_reminders (
  case_id uuid NOT NULL REFERENCES cases (id),
  resolved_at timestamptz NOT NULL,
  sent_at timestamptz NOT NULL,
  PRIMARY KEY (case_id, resolved_at)
);
