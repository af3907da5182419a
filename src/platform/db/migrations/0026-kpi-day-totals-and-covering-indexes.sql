-- KPI day totals, for the DSO/CEI series of a whole organization without reading the ledger.
--
-- A KPI series for a year read, for each of its 13 month ends, every item open that day
-- (balance_periods, 0003), and scanned two years of invoices, credit notes, write-offs and
-- payment applications for the period's activity: on a million invoices, seconds. Every figure
-- it needs is a sum of changes by date, so they are kept here per day as the rows are posted, the
-- way 0023 keeps the trial balance's, and a series sums a few hundred day rows per currency.
--
-- sales_minor: credit sales (+ an invoice issued, - one voided, - a credit note issued);
-- written_off_minor: write-offs; paid_minor and paid_day_weighted_minor: what payments applied
-- to invoices, and that amount times the days from the invoice's issue to the payment's receipt.
-- The counts say whether a day had any such event at all, so that a currency appears in a report
-- exactly when the scan would list it, even when its amounts sum to zero.
--
-- past_due_minor and over_90_minor: the part of the open invoice balances that is past due, and
-- more than 90 days past due. An invoice's balance as of D counts as past due when it is due
-- before D, so a change of its balance on day t (its issue, voiding or an application) counts
-- from greatest(t, due_on + 1) on, and over 90 from greatest(t, due_on + 91): the past-due balance
-- as of D is then the sum of these rows up to D, like any other day total.
--
-- Posted rows never change (0001), and an invoice changes its dates only while a draft, so the
-- totals only ever add. Statement triggers add what each statement inserted, spread over slots
-- (0023's day_total_slot); they fire ALWAYS, also during the embedded engine's bulk COPY. Sums of
-- money are numeric: a day of amounts at the limit passes 2^63 (0024).
--
-- The totals are derived data: the tests compare the series read from them with the series read
-- from balance_periods and the documents (kpi.sql.ts), which the benchmark also times.

CREATE TABLE kpi_day_totals (
  org_id uuid NOT NULL,
  currency char(3) NOT NULL,
  day date NOT NULL,
  slot smallint NOT NULL,
  sales_minor numeric NOT NULL DEFAULT 0,
  sales_events bigint NOT NULL DEFAULT 0,
  written_off_minor numeric NOT NULL DEFAULT 0,
  paid_minor numeric NOT NULL DEFAULT 0,
  paid_day_weighted_minor numeric NOT NULL DEFAULT 0,
  -- Write-offs and payment applications: the events of the period's activity after sales.
  activity_events bigint NOT NULL DEFAULT 0,
  past_due_minor numeric NOT NULL DEFAULT 0,
  over_90_minor numeric NOT NULL DEFAULT 0,
  PRIMARY KEY (org_id, currency, day, slot)
);

-- An invoice's change of balance (amount on day) as the rows it makes: a sale when the invoice
-- itself is issued or voided, and its past-due and over-90 parts.
CREATE FUNCTION kpi_invoice_changes(p_sale boolean, p_day date, p_due date, p_amount numeric)
RETURNS TABLE (day date, sales numeric, past_due numeric, over_90 numeric) LANGUAGE sql IMMUTABLE AS $$
  SELECT p_day, p_amount, NULL::numeric, NULL::numeric WHERE p_sale
  UNION ALL SELECT greatest(p_day, p_due + 1), NULL, p_amount, NULL
  UNION ALL SELECT greatest(p_day, p_due + 91), NULL, NULL, p_amount
$$;

CREATE FUNCTION kpi_day_totals_missing(p_application uuid) RETURNS numeric LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'application % names no issued invoice or no payment', p_application;
END $$;

-- One trigger function for the four tables, each with its own static statement (plans cached for
-- the session, as 0003's are): the changes a statement inserted, as rows of (org_id, currency,
-- day, sales, written_off, paid, weighted, past_due, over_90), NULL for what a row does not move,
-- summed per day into the totals. The DO block writes the shared INSERT once around each.
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
      CASE WHEN p.id IS NULL OR i.issued_on IS NULL THEN kpi_day_totals_missing(a.id)
        ELSE a.amount_minor::numeric * (p.received_on - i.issued_on) END, NULL::numeric, NULL::numeric
    FROM added a
    LEFT JOIN invoices i ON i.org_id = a.org_id AND i.id = a.invoice_id
    LEFT JOIN payments p ON p.org_id = a.org_id AND p.id = a.source_id
    WHERE a.source_type = 'payment'
    UNION ALL
    SELECT a.org_id, a.currency, x.day, NULL, NULL, NULL, NULL, x.past_due, x.over_90
    FROM added a
    LEFT JOIN invoices i ON i.org_id = a.org_id AND i.id = a.invoice_id
    CROSS JOIN LATERAL kpi_invoice_changes(false, a.applied_on, i.due_on, -a.amount_minor::numeric) x$q$;
BEGIN
  EXECUTE format($create$
    CREATE FUNCTION add_kpi_day_totals() RETURNS trigger LANGUAGE plpgsql AS %L$create$,
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

CREATE TRIGGER invoices_kpi_day_totals AFTER INSERT ON invoices
  REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION add_kpi_day_totals();
CREATE TRIGGER credit_notes_kpi_day_totals AFTER INSERT ON credit_notes
  REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION add_kpi_day_totals();
CREATE TRIGGER write_offs_kpi_day_totals AFTER INSERT ON write_offs
  REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION add_kpi_day_totals();
CREATE TRIGGER applications_kpi_day_totals AFTER INSERT ON applications
  REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION add_kpi_day_totals();
ALTER TABLE invoices ENABLE ALWAYS TRIGGER invoices_kpi_day_totals;
ALTER TABLE credit_notes ENABLE ALWAYS TRIGGER credit_notes_kpi_day_totals;
ALTER TABLE write_offs ENABLE ALWAYS TRIGGER write_offs_kpi_day_totals;
ALTER TABLE applications ENABLE ALWAYS TRIGGER applications_kpi_day_totals;

-- An invoice counts from its issue and stops counting when it is voided, the two changes of
-- status that move these totals (its dates and total are set with the first); 0023's WHEN skips
-- every other update before the function is called.
CREATE FUNCTION add_invoice_status_kpi_day_totals() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO kpi_day_totals AS t (org_id, currency, day, slot, sales_minor, sales_events, past_due_minor,
    over_90_minor)
  SELECT NEW.org_id, NEW.currency, x.day, day_total_slot(), coalesce(sum(x.sales), 0), count(x.sales),
    coalesce(sum(x.past_due), 0), coalesce(sum(x.over_90), 0)
  FROM (
    SELECT NEW.issued_on AS day, NEW.due_on AS due_on, NEW.total_minor::numeric AS amount WHERE NEW.status <> 'draft'
    UNION ALL SELECT NEW.voided_on, NEW.due_on, -NEW.total_minor::numeric WHERE NEW.status = 'void'
    UNION ALL SELECT OLD.issued_on, OLD.due_on, -OLD.total_minor::numeric WHERE OLD.status <> 'draft'
    UNION ALL SELECT OLD.voided_on, OLD.due_on, OLD.total_minor::numeric WHERE OLD.status = 'void'
  ) changes CROSS JOIN LATERAL kpi_invoice_changes(true, changes.day, changes.due_on, changes.amount) x
  GROUP BY x.day
  ON CONFLICT (org_id, currency, day, slot) DO UPDATE
    SET sales_minor = t.sales_minor + EXCLUDED.sales_minor,
        sales_events = t.sales_events + EXCLUDED.sales_events,
        past_due_minor = t.past_due_minor + EXCLUDED.past_due_minor,
        over_90_minor = t.over_90_minor + EXCLUDED.over_90_minor;
  RETURN NULL;
END $$;

CREATE TRIGGER invoices_status_kpi_day_totals AFTER UPDATE ON invoices
  FOR EACH ROW
  WHEN ((OLD.status = 'draft') IS DISTINCT FROM (NEW.status = 'draft')
     OR (OLD.status = 'void') IS DISTINCT FROM (NEW.status = 'void'))
  EXECUTE FUNCTION add_invoice_status_kpi_day_totals();

-- What is already posted.
INSERT INTO kpi_day_totals (org_id, currency, day, slot, sales_minor, sales_events, written_off_minor, paid_minor,
  paid_day_weighted_minor, activity_events, past_due_minor, over_90_minor)
SELECT c.org_id, c.currency, c.day, 0,
  coalesce(sum(c.sales), 0), count(c.sales), coalesce(sum(c.written_off), 0),
  coalesce(sum(c.paid), 0), coalesce(sum(c.weighted), 0), count(c.written_off) + count(c.paid),
  coalesce(sum(c.past_due), 0), coalesce(sum(c.over_90), 0)
FROM (
  SELECT a.org_id, a.currency, x.day, x.sales, NULL::numeric AS written_off, NULL::numeric AS paid,
    NULL::numeric AS weighted, x.past_due, x.over_90
  FROM (
    SELECT org_id, currency, issued_on AS day, due_on, total_minor::numeric AS amount FROM invoices WHERE status <> 'draft'
    UNION ALL
    SELECT org_id, currency, voided_on, due_on, -total_minor::numeric FROM invoices WHERE status = 'void'
  ) a CROSS JOIN LATERAL kpi_invoice_changes(true, a.day, a.due_on, a.amount) x
  UNION ALL
  SELECT org_id, currency, issued_on, -total_minor::numeric, NULL, NULL, NULL, NULL, NULL FROM credit_notes
  UNION ALL
  SELECT org_id, currency, written_off_on, NULL, amount_minor::numeric, NULL, NULL, NULL, NULL FROM write_offs
  UNION ALL
  SELECT a.org_id, a.currency, a.applied_on, NULL, NULL, a.amount_minor::numeric,
    a.amount_minor::numeric * (p.received_on - i.issued_on), NULL, NULL
  FROM applications a
  JOIN invoices i ON i.org_id = a.org_id AND i.id = a.invoice_id
  JOIN payments p ON p.org_id = a.org_id AND p.id = a.source_id
  WHERE a.source_type = 'payment'
  UNION ALL
  SELECT a.org_id, a.currency, x.day, NULL, NULL, NULL, NULL, x.past_due, x.over_90
  FROM applications a
  JOIN invoices i ON i.org_id = a.org_id AND i.id = a.invoice_id
  CROSS JOIN LATERAL kpi_invoice_changes(false, a.applied_on, i.due_on, -a.amount_minor::numeric) x
) c
GROUP BY c.org_id, c.currency, c.day;

-- Covering indexes for the open items as of a date (open-items.sql.ts). An aging as of D reads
-- each span class's window of balance_periods_stab (0003) and keeps the rows still open on D:
-- on a 200,000-invoice book, 30,000 rows for one date, each fetched from wherever its item's
-- last refresh left it in the table, and the planner, pricing those heap reads, preferred to
-- read the whole table instead. With every column the reports read in the index, the windows
-- are read from the index alone (once VACUUM has marked the pages visible): on that book the
-- organization's aging read half the time. The same for the steps still open and for one
-- customer's steps. The rows are derived data and the columns never change apart from the
-- row, so the only cost is a wider index entry per step written.
DROP INDEX balance_periods_stab;
CREATE INDEX balance_periods_stab ON balance_periods (org_id, span_class, valid_from)
  INCLUDE (valid_to, item_type, item_id, customer_id, currency, document_on, due_on, balance_minor)
  WHERE valid_to IS NOT NULL;
DROP INDEX balance_periods_lasting;
CREATE INDEX balance_periods_lasting ON balance_periods (org_id, valid_from)
  INCLUDE (item_type, item_id, customer_id, currency, document_on, due_on, balance_minor)
  WHERE valid_to IS NULL;
DROP INDEX balance_periods_customer;
CREATE INDEX balance_periods_customer ON balance_periods (org_id, customer_id, valid_from)
  INCLUDE (valid_to, item_type, item_id, currency, document_on, due_on, balance_minor);

-- An index-only scan still reads the table for every page not marked all-visible, and each
-- refresh of an item's steps unmarks its page until the next VACUUM: on that book, 600 payments
-- after a VACUUM left 4,000 of an aging's 30,000 rows read from the table again. PostgreSQL's
-- defaults wait for a fifth of the table to change; a hundredth keeps the marks fresh on a large
-- book. (The embedded engine runs no autovacuum: there the scans read the table as before.)
ALTER TABLE balance_periods SET (autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_insert_scale_factor = 0.01);
