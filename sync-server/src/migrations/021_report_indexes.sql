-- Indexes for back-office reports, the SLA monitor and problem management (SERVER-C).
-- Reports filter by the received instant (accepted_at, or reported_at for rejected cases).
CREATE INDEX cases_received_at_idx ON cases ((coalesce(accepted_at, reported_at))) WHERE NOT deleted;
CREATE INDEX cases_closed_at_idx ON cases (closed_at) WHERE closed_at IS NOT NULL;
-- The SLA monitor scans only live cases.
CREATE INDEX cases_open_due_idx ON cases (due_at) WHERE status IN ('open', 'in_progress') AND NOT deleted;
CREATE INDEX case_events_type_case_idx ON case_events (type, case_id);
CREATE INDEX cases_serial_idx ON cases (serial_number) WHERE serial_number IS NOT NULL;
