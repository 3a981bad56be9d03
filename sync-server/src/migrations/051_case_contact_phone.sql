-- A contact phone number on a case (issue 14): whom the desk calls back about a merchant's
-- complaint. Stored as the shared phoneNumberSchema writes it (+62 and 8–12 digits); the
-- check keeps anything else out even when written by another tool. A new nullable column:
-- existing rows are not rewritten, and the replicated document gains an optional field.
ALTER TABLE cases
  ADD COLUMN contact_phone text CHECK (contact_phone ~ '^\+62[1-9][0-9]{7,11}$');
