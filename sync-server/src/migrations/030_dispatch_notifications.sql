-- Issue 12 (DESIGN section 9): dispatch, on-site work, replacement and notifications.

-- 1. Event types pushed from the phone on site (`arrived`), plus `recategorized` (issue 15),
-- so one CHECK list covers the whole vocabulary of shared/src/schemas/common.ts.
ALTER TABLE case_events DROP CONSTRAINT IF EXISTS case_events_type_check;
ALTER TABLE case_events ADD CONSTRAINT case_events_type_check CHECK (type IN ('submitted', 'accepted', 'rejected',
  'comment', 'assigned', 'started', 'escalated', 'resolved', 'confirmed', 'reopened', 'closed', 'cancelled',
  'arrived', 'recategorized'));

-- 2. Dispatch scope: a case assigned to a technician is in their pulls in any region.
-- `former_assignees` lists who held it before, so a technician it was taken from gets it
-- once more as `_deleted: true` (db/sync.ts casesScope), like region cases that stop blocking.
ALTER TABLE cases ADD COLUMN former_assignees text[] NOT NULL DEFAULT '{}';
CREATE INDEX cases_assignee_txid_idx ON cases (assignee, txid, id) WHERE assignee IS NOT NULL;
CREATE INDEX cases_former_assignees_idx ON cases USING gin (former_assignees);

-- 3. The recipient's language for notification texts (and the UI default on a new phone).
ALTER TABLE users ADD COLUMN locale text NOT NULL DEFAULT 'id' CHECK (locale IN ('id', 'en'));

-- 4. Merchant coordinates (optional): the desk shows how far a visit was from the shop,
-- and the phone opens the maps app at the right spot.
ALTER TABLE merchants ADD COLUMN lat double precision CHECK (lat BETWEEN -90 AND 90);
ALTER TABLE merchants ADD COLUMN lng double precision CHECK (lng BETWEEN -180 AND 180);

-- 5. Notifications (pull-only collection `notifications`, scope: the recipient's own).
-- Rows are written by ONE server function (services/notifications.ts) inside the
-- transaction of the event that causes them. Issue 13 hooks Web Push delivery here: an
-- AFTER INSERT trigger (or the same statement) enqueues a push job per row.
CREATE TABLE notifications (
  id uuid PRIMARY KEY,
  recipient text NOT NULL,
  type text NOT NULL CHECK (type IN ('case_accepted', 'case_rejected', 'case_assigned', 'case_resolved',
    'comment', 'escalated', 'announcement', 'reminder')),
  case_id uuid,
  title text NOT NULL,
  body text NOT NULL,
  url text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  read_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted boolean NOT NULL DEFAULT false,
  txid xid8 NOT NULL DEFAULT pg_current_xact_id()
);
SELECT edc_make_replicated('notifications', 'notifications');
CREATE INDEX notifications_recipient_txid_idx ON notifications (lower(recipient), txid, id);
