-- Full-text search of the desk (issue 15): case number, TID, MID, serial, merchant name,
-- description and comments, by substring (an agent types "warung" or "V2T12"), with a
-- pg_trgm GIN index so `ILIKE '%…%'` does not scan every case.
--
-- The searchable text lives in its own table, not in `cases`: appending a comment must not
-- rewrite (and so re-replicate) the case row. Kept current by triggers in the writer's
-- transaction; the merchant name is the one at the time of the case (a renamed merchant is
-- found under its new name through the MID).
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE case_search (
  case_id uuid PRIMARY KEY REFERENCES cases (id) ON DELETE CASCADE,
  -- Case fields and merchant name (rewritten when those change).
  head text NOT NULL,
  -- Comment notes, appended.
  comments text NOT NULL DEFAULT ''
);
CREATE INDEX case_search_trgm_idx ON case_search USING gin ((lower(head || ' ' || comments)) gin_trgm_ops);

CREATE OR REPLACE FUNCTION edc_case_search_head(c cases) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT concat_ws(' ', c.case_number, c.tid, c.mid, c.serial_number, c.replacement_serial,
                   (SELECT m.name FROM merchants m WHERE m.id = c.mid), c.description)
$$;

-- Statement-level: a push inserts many cases in one statement; one set-based upsert.
CREATE OR REPLACE FUNCTION edc_case_search_from_cases() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO case_search (case_id, head)
  SELECT n.id, edc_case_search_head(n) FROM new_cases n WHERE n.case_number IS NOT NULL
  ON CONFLICT (case_id) DO UPDATE SET head = EXCLUDED.head
    WHERE case_search.head IS DISTINCT FROM EXCLUDED.head;
  RETURN NULL;
END $$;
CREATE TRIGGER cases_search_insert AFTER INSERT ON cases
  REFERENCING NEW TABLE AS new_cases FOR EACH STATEMENT EXECUTE FUNCTION edc_case_search_from_cases();
CREATE TRIGGER cases_search_update AFTER UPDATE ON cases
  REFERENCING NEW TABLE AS new_cases FOR EACH STATEMENT EXECUTE FUNCTION edc_case_search_from_cases();

CREATE OR REPLACE FUNCTION edc_case_search_from_events() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE case_search s SET comments = s.comments || ' ' || x.notes
    FROM (SELECT case_id, string_agg(note, ' ') AS notes FROM new_events
           WHERE type = 'comment' AND note IS NOT NULL AND NOT deleted GROUP BY case_id) x
   WHERE s.case_id = x.case_id;
  RETURN NULL;
END $$;
CREATE TRIGGER case_events_search AFTER INSERT ON case_events
  REFERENCING NEW TABLE AS new_events FOR EACH STATEMENT EXECUTE FUNCTION edc_case_search_from_events();

INSERT INTO case_search (case_id, head, comments)
SELECT c.id, edc_case_search_head(c),
       coalesce((SELECT string_agg(e.note, ' ' ORDER BY e.at) FROM case_events e
                  WHERE e.case_id = c.id AND e.type = 'comment' AND e.note IS NOT NULL AND NOT e.deleted), '')
  FROM cases c WHERE c.case_number IS NOT NULL;
