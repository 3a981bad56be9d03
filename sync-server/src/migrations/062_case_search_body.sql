-- Desk search, faster (issue 15; migration 061 has the design): the lower-cased text is
-- stored once per write instead of computed on every read, and hits are ordered by a copy
-- of the case's acceptance time with its own index, so a search never joins `cases`.
-- Rare terms go through the trigram index; for common ones ("printer") the planner walks
-- the newest-first index and stops after `limit` matches instead of sorting thousands.
ALTER TABLE case_search
  ADD COLUMN case_number text,
  ADD COLUMN accepted_at timestamptz,
  ADD COLUMN body text GENERATED ALWAYS AS (lower(head || ' ' || comments)) STORED;
UPDATE case_search s SET case_number = c.case_number, accepted_at = c.accepted_at FROM cases c WHERE c.id = s.case_id;
DROP INDEX case_search_trgm_idx;
CREATE INDEX case_search_trgm_idx ON case_search USING gin (body gin_trgm_ops);
CREATE INDEX case_search_recent_idx ON case_search (accepted_at DESC NULLS LAST, case_id);

CREATE OR REPLACE FUNCTION edc_case_search_from_cases() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO case_search (case_id, case_number, accepted_at, head)
  SELECT n.id, n.case_number, n.accepted_at, edc_case_search_head(n) FROM new_cases n WHERE n.case_number IS NOT NULL
  ON CONFLICT (case_id) DO UPDATE
    SET head = EXCLUDED.head, case_number = EXCLUDED.case_number, accepted_at = EXCLUDED.accepted_at
    WHERE case_search.head IS DISTINCT FROM EXCLUDED.head
       OR case_search.accepted_at IS DISTINCT FROM EXCLUDED.accepted_at;
  RETURN NULL;
END $$;
