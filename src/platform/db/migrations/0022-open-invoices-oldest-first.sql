-- A customer's open invoices in the order an oldest-first payment applies money to them (due
-- date, issue date, id): the payment locks them a few at a time from the front of this index
-- until its money is spent (ledger.sql.ts, lockOldestOpenInvoices), instead of reading and
-- locking every invoice the customer has open. Partial, so that a paid invoice leaves it and the
-- index stays as small as what is open.
CREATE INDEX invoices_open_oldest_first ON invoices (org_id, customer_id, currency, due_on, issued_on, id)
  WHERE status IN ('open', 'partially_paid') AND open_minor > 0;
