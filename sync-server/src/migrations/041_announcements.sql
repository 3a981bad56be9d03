-- Announcements (issue 13, DESIGN section 9; seed 004). Pull-only collection
-- `announcements`, served to whom `audience` names. Owned by issue 13.
CREATE TABLE announcements (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  body text NOT NULL DEFAULT '' CHECK (length(body) <= 2000),
  severity text NOT NULL CHECK (severity IN ('info', 'maintenance', 'outage')),
  audience text NOT NULL CHECK (audience ~ '^(all|merchants|technicians|region:[A-Z]{2,5})$'),
  starts_at timestamptz NOT NULL,
  ends_at timestamptz CHECK (ends_at IS NULL OR ends_at > starts_at),
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  -- Set by the due-announcements job once the audience was notified (at the start time).
  notified_at timestamptz,
  -- Withdrawn by the desk: replicated as `_deleted: true`, the banner disappears.
  deleted boolean NOT NULL DEFAULT false,
  txid xid8 NOT NULL DEFAULT pg_current_xact_id()
);
SELECT edc_make_replicated('announcements', 'announcements');
CREATE INDEX announcements_due_idx ON announcements (starts_at) WHERE notified_at IS NULL AND NOT deleted;

-- Who dismissed (read) which announcement: the desk's read count (seed 001 KPI 10).
CREATE TABLE announcement_reads (
  announcement_id uuid NOT NULL REFERENCES announcements (id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  read_at timestamptz NOT NULL,
  PRIMARY KEY (announcement_id, user_id)
);
