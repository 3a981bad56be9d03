-- Photos attached to cases (PUT /api/attachments/{id}?caseId=). The id is made on the
-- device, so a retried upload is a no-op. No FK to cases: a photo may arrive before its
-- case's push does (outbox order is not guaranteed); readers authorize via the case.
CREATE TABLE attachments (
  id uuid PRIMARY KEY,
  case_id uuid NOT NULL,
  content_type text NOT NULL CHECK (content_type IN ('image/jpeg', 'image/webp')),
  bytes bytea NOT NULL,
  size integer NOT NULL CHECK (size >= 0 AND size <= 2097152),
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX attachments_case_idx ON attachments (case_id);
