-- The collector of a customer: the user of the organization who follows up its unpaid invoices.
-- Reports filter by collector. A customer may have none yet, so the column is nullable, and a
-- NULL collector_id leaves the (MATCH SIMPLE) key below unchecked.
--
-- The foreign key includes org_id, like every reference between tenant tables (0001), so the
-- database itself refuses a collector from another organization, whatever the code above checks.
-- Users are disabled, never deleted, so the key needs no ON DELETE action; a user disabled later
-- stays the customer's collector until someone assigns another (the service refuses only new
-- assignments of a disabled user). Adding a nullable column without a default rewrites no rows,
-- and validating the key scans customers once and finds no value to look up.
ALTER TABLE customers
  ADD COLUMN collector_id uuid,
  ADD CONSTRAINT customers_collector_fkey FOREIGN KEY (org_id, collector_id) REFERENCES users (org_id, id);

-- The list's collector filter and the reports read one collector's customers. Customers without
-- a collector are never looked up by collector, so the partial index leaves them out and costs
-- nothing to organizations that do not assign collectors.
CREATE INDEX customers_collector ON customers (org_id, collector_id) WHERE collector_id IS NOT NULL;
