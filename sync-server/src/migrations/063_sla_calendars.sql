-- SLA calendars (issue 15): business hours per priority class, used for both the response
-- and the resolution clock at acceptance and re-categorise (shared/src/domain/sla.ts).
-- Default: critical 24×7; major and minor on working days 08:00–17:00 WIB (holidays from
-- the `holidays` table). Setting every row to 24x7 restores the behaviour before calendars.
CREATE TABLE sla_calendars (
  priority text PRIMARY KEY CHECK (priority IN ('minor', 'major', 'critical')),
  mode text NOT NULL CHECK (mode IN ('24x7', 'business_hours')),
  start_minute integer CHECK (start_minute BETWEEN 0 AND 1439),
  end_minute integer CHECK (end_minute BETWEEN 1 AND 1440),
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by text,
  CHECK (
    (mode = '24x7' AND start_minute IS NULL AND end_minute IS NULL)
    OR (mode = 'business_hours' AND start_minute IS NOT NULL AND end_minute IS NOT NULL AND start_minute < end_minute)
  )
);
INSERT INTO sla_calendars (priority, mode, start_minute, end_minute) VALUES
  ('critical', '24x7', NULL, NULL),
  ('major', 'business_hours', 480, 1020),
  ('minor', 'business_hours', 480, 1020);

-- The push path caches the catalogue by this version (migration 024): a calendar change is
-- a catalogue change.
CREATE TRIGGER sla_calendars_reference_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON sla_calendars
  FOR EACH STATEMENT EXECUTE FUNCTION edc_bump_reference_version();

-- Every rule now replicates its priority's calendar (`businessHours`): stamp the rules so
-- phones pull them again.
UPDATE sla_rules SET label = label;
