-- Day totals that look up each written row's invoice, payment or journal entry by its key.
--
-- The statement triggers of 0023 and 0026 joined what a statement wrote to invoices, payments and
-- journal_entries. The planner sees a transition table of 2,000 rows against 150,000 invoices as
-- about as cheap to hash as to look up, so every batch of a bulk posting read the whole table:
-- 160 ms of a 175 ms trigger on the cash-application benchmark's book, eight times per import
-- (docs/benchmarks.md, issue #14), and more as the book grows. A written row names one row of each
-- by primary key; the LATERAL subqueries below (OFFSET 0 keeps the planner from turning them back
-- into joins) fetch it through the key, at a cost that grows with the statement, not the book.
-- What the triggers add is unchanged: a payment application whose invoice or payment is missing
-- still fails, and a journal line without its entry still gives a NULL day, which NOT NULL refuses.

CREATE OR REPLACE FUNCTION add_account_day_totals() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO account_day_totals AS t (org_id, currency, account, day, slot, debit_minor, credit_minor)
  SELECT l.org_id, l.currency, l.account, e.entry_on, day_total_slot(),
         sum(l.debit_minor), sum(l.credit_minor)
  FROM added_lines l
  LEFT JOIN LATERAL (
    SELECT e.entry_on FROM journal_entries e WHERE e.org_id = l.org_id AND e.id = l.entry_id OFFSET 0) e ON true
  GROUP BY l.org_id, l.currency, l.account, e.entry_on
  ON CONFLICT (org_id, currency, account, day, slot) DO UPDATE
    SET debit_minor = t.debit_minor + EXCLUDED.debit_minor,
        credit_minor = t.credit_minor + EXCLUDED.credit_minor;
  RETURN NULL;
END $$;

-- 0026's function, with the applications' lookups above; the other tables' statements are as they were.
DO $build$
DECLARE
  insert_changes CONSTANT text := $insert$
    INSERT INTO kpi_day_totals AS t (org_id, currency, day, slot, sales_minor, sales_events, written_off_minor,
      paid_minor, paid_day_weighted_minor, activity_events, past_due_minor, over_90_minor)
    SELECT c.org_id, c.currency, c.day, day_total_slot(),
      coalesce(sum(c.sales), 0), count(c.sales), coalesce(sum(c.written_off), 0),
      coalesce(sum(c.paid), 0), coalesce(sum(c.weighted), 0), count(c.written_off) + count(c.paid),
      coalesce(sum(c.past_due), 0), coalesce(sum(c.over_90), 0)
    FROM (%s) c (org_id, currency, day, sales, written_off, paid, weighted, past_due, over_90)
    GROUP BY c.org_id, c.currency, c.day
    ON CONFLICT (org_id, currency, day, slot) DO UPDATE
      SET sales_minor = t.sales_minor + EXCLUDED.sales_minor,
          sales_events = t.sales_events + EXCLUDED.sales_events,
          written_off_minor = t.written_off_minor + EXCLUDED.written_off_minor,
          paid_minor = t.paid_minor + EXCLUDED.paid_minor,
          paid_day_weighted_minor = t.paid_day_weighted_minor + EXCLUDED.paid_day_weighted_minor,
          activity_events = t.activity_events + EXCLUDED.activity_events,
          past_due_minor = t.past_due_minor + EXCLUDED.past_due_minor,
          over_90_minor = t.over_90_minor + EXCLUDED.over_90_minor$insert$;
  invoices CONSTANT text := $q$
    SELECT a.org_id, a.currency, x.day, x.sales, NULL::numeric, NULL::numeric, NULL::numeric, x.past_due, x.over_90
    FROM (
      SELECT org_id, currency, issued_on AS day, due_on, total_minor::numeric AS amount FROM added WHERE status <> 'draft'
      UNION ALL
      SELECT org_id, currency, voided_on, due_on, -total_minor::numeric FROM added WHERE status = 'void'
    ) a CROSS JOIN LATERAL kpi_invoice_changes(true, a.day, a.due_on, a.amount) x$q$;
  credit_notes CONSTANT text := $q$
    SELECT org_id, currency, issued_on, -total_minor::numeric, NULL::numeric, NULL::numeric, NULL::numeric,
      NULL::numeric, NULL::numeric
    FROM added$q$;
  write_offs CONSTANT text := $q$
    SELECT org_id, currency, written_off_on, NULL::numeric, amount_minor::numeric, NULL::numeric, NULL::numeric,
      NULL::numeric, NULL::numeric
    FROM added$q$;
  -- An application of a payment that is not there (applications name their source without a
  -- foreign key) fails rather than being left out of the totals unnoticed.
  applications CONSTANT text := $q$
    SELECT a.org_id, a.currency, a.applied_on, NULL::numeric, NULL::numeric, a.amount_minor::numeric,
      coalesce(a.amount_minor::numeric * (p.received_on - i.issued_on), kpi_day_totals_missing(a.id)),
      NULL::numeric, NULL::numeric
    FROM added a
    LEFT JOIN LATERAL (
      SELECT i.issued_on FROM invoices i WHERE i.org_id = a.org_id AND i.id = a.invoice_id OFFSET 0) i ON true
    LEFT JOIN LATERAL (
      SELECT p.received_on FROM payments p WHERE p.org_id = a.org_id AND p.id = a.source_id OFFSET 0) p ON true
    WHERE a.source_type = 'payment'
    UNION ALL
    SELECT a.org_id, a.currency, x.day, NULL, NULL, NULL, NULL, x.past_due, x.over_90
    FROM added a
    LEFT JOIN LATERAL (
      SELECT i.due_on FROM invoices i WHERE i.org_id = a.org_id AND i.id = a.invoice_id OFFSET 0) i ON true
    CROSS JOIN LATERAL kpi_invoice_changes(false, a.applied_on, i.due_on, -a.amount_minor::numeric) x$q$;
BEGIN
  EXECUTE format($create$
    CREATE OR REPLACE FUNCTION add_kpi_day_totals() RETURNS trigger LANGUAGE plpgsql AS %L$create$,
    format($body$
      BEGIN
        IF TG_TABLE_NAME = 'invoices' THEN
          %s;
        ELSIF TG_TABLE_NAME = 'credit_notes' THEN
          %s;
        ELSIF TG_TABLE_NAME = 'write_offs' THEN
          %s;
        ELSIF TG_TABLE_NAME = 'applications' THEN
          %s;
        ELSE
          RAISE EXCEPTION 'add_kpi_day_totals does not know %%', TG_TABLE_NAME;
        END IF;
        RETURN NULL;
      END$body$,
      format(insert_changes, invoices), format(insert_changes, credit_notes),
      format(insert_changes, write_offs), format(insert_changes, applications)));
END $build$;
