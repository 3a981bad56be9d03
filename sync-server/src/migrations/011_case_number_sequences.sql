-- Case numbers CASE-YYYYMMDD-NNNNN from one SEQUENCE per Jakarta day, drawn inside the
-- INSERT of an accepted case (db/cases.ts insertCasesWithEvents).
--
-- Why not the counter row of migration 007 (`UPDATE … SET last = last + 1`): that row is
-- one lock shared by every accepting push, held until COMMIT, so accepting transactions
-- would run one at a time. nextval() never blocks and needs no commit flush of its own.
-- Numbers stay unique (the sequence never repeats; case_number is UNIQUE) and nearly
-- gapless: a value is lost only when its INSERT loses a TID/MID race or rolls back, or
-- (up to 32) on a crash. A day's sequence starts after `case_number_counters.last` of that
-- day, so numbers written by the demo seeder or next_case_number() are never reused.
CREATE OR REPLACE FUNCTION edc_next_case_number(d date) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  seq text := 'case_number_seq_' || to_char(d, 'YYYYMMDD');
  n bigint;
BEGIN
  -- The EXCEPTION block (a subtransaction) only runs once per day and database.
  IF to_regclass(seq) IS NULL THEN
    BEGIN
      EXECUTE format('CREATE SEQUENCE IF NOT EXISTS %I START WITH %s', seq,
        coalesce((SELECT last FROM case_number_counters WHERE day = d), 0) + 1);
    EXCEPTION WHEN unique_violation OR duplicate_table THEN
      NULL; -- another transaction created it at the same moment
    END;
  END IF;
  n := nextval(seq);
  RETURN 'CASE-' || to_char(d, 'YYYYMMDD') || '-' || lpad(n::text, greatest(5, length(n::text)), '0');
END $$;
