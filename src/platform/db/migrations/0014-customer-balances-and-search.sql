-- The customer list shows each customer's open balance, a page of customers at a time: the steps
-- still open (valid_to NULL) of just those customers, read through this index without touching
-- their settled history. balance_periods_customer (0003) also leads with the customer, but holds
-- every step the customer ever had, so a long-standing customer would cost its whole history.
CREATE INDEX balance_periods_customer_open ON balance_periods (org_id, customer_id)
  INCLUDE (currency, valid_from, balance_minor) WHERE valid_to IS NULL;

-- The header's search finds a customer by the start of its name or reference and an invoice by
-- the start of its number, in any case: lower(…) LIKE 'prefix%' is a range scan of these
-- indexes (text_pattern_ops compares by bytes, as a LIKE prefix needs, whatever the collation).
-- pg_trgm would find text anywhere in a name but is not available on every install (PGlite).
CREATE INDEX customers_name_prefix ON customers (org_id, lower(name) text_pattern_ops);
CREATE INDEX customers_ref_prefix ON customers (org_id, lower(ref) text_pattern_ops);
CREATE INDEX invoices_number_prefix ON invoices (org_id, lower(number) text_pattern_ops)
  WHERE number IS NOT NULL;
