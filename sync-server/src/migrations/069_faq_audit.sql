-- Issue 15: FAQ edits are admin changes like the master data's: the same row trigger
-- (068) logs who created, edited or deleted an article, with before and after. Only
-- transactions that name their actor (the admin FAQ routes, db/audit.ts `withActor`) are
-- logged.
CREATE TRIGGER faq_articles_audit AFTER INSERT OR UPDATE OR DELETE ON faq_articles
  FOR EACH ROW EXECUTE FUNCTION edc_audit_row();
