-- Day totals in numeric, not int8 (0023 got this wrong).
--
-- One amount is at most 10^15 minor units (core/limits.ts), so about 9,200 invoices at the limit
-- issued on one day already pass 2^63 - 1 in a single day row, and the posting itself failed with
-- "bigint out of range". Every other sum of money in the database is numeric for the same reason
-- (type-parsers.ts); the day rows are sums too.
ALTER TABLE account_day_totals
  ALTER COLUMN debit_minor TYPE numeric,
  ALTER COLUMN credit_minor TYPE numeric;

ALTER TABLE subledger_day_totals
  ALTER COLUMN open_minor TYPE numeric,
  ALTER COLUMN unapplied_minor TYPE numeric;
