-- A row that hangs on an organization's row by a composite key that is never null (a task on its
-- customer by (org_id, customer_id), a bank line on its account) has its organization checked by
-- that key already: the parent references organizations. The second check, on organizations
-- itself, cost a row lock and a lookup per row written; on the 25,000 tasks of a collections run,
-- a third of their COPY (0.43 s against 0.62 s).
ALTER TABLE collection_tasks DROP CONSTRAINT IF EXISTS collection_tasks_org_id_fkey;
ALTER TABLE bank_lines DROP CONSTRAINT IF EXISTS bank_lines_org_id_fkey;
ALTER TABLE bank_matches DROP CONSTRAINT IF EXISTS bank_matches_org_id_fkey;
ALTER TABLE bank_payer_accounts DROP CONSTRAINT IF EXISTS bank_payer_accounts_org_id_fkey;
ALTER TABLE bank_payer_names DROP CONSTRAINT IF EXISTS bank_payer_names_org_id_fkey;
ALTER TABLE document_renderings DROP CONSTRAINT IF EXISTS document_renderings_org_id_fkey;
ALTER TABLE goals DROP CONSTRAINT IF EXISTS goals_org_id_fkey;
