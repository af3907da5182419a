-- The invoice list shows a page of the whole book in the order the user picked: newest first by
-- default, or by issue date, due date or number. Without an index in that order, every first
-- page sorted all of the organization's invoices (971 ms at 1,000,000 invoices, docs/benchmarks.md);
-- with one it reads the page's rows and stops. The expressions are exactly the list's sort keys
-- (invoiceSorts in src/invoicing/invoice.sql.ts: a draft's missing date or number sorts last or
-- first), because PostgreSQL uses an expression index only for the same expression. open_minor
-- changes with every payment, but the partial index invoices_open_due already names it, so such
-- an update was never a HOT one: the index below adds one entry per applied invoice, not a heap
-- rewrite, for the list a collector sorts by most often (largest open amount first).
CREATE INDEX invoices_created_order ON invoices (org_id, created_at, id);
CREATE INDEX invoices_issued_order ON invoices (org_id, coalesce(issued_on, '9999-12-31'::date), id);
CREATE INDEX invoices_due_order ON invoices (org_id, coalesce(due_on, '9999-12-31'::date), id);
CREATE INDEX invoices_number_order ON invoices (org_id, coalesce(number, ''::text), id);
CREATE INDEX invoices_total_order ON invoices (org_id, total_minor, id);
CREATE INDEX invoices_open_order ON invoices (org_id, open_minor, id);
