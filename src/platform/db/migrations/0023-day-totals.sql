-- Day totals, for the trial balance and its tie-out as of any date without reading the ledger.
--
-- A trial balance as of D is the sum of every journal line dated on or before D, and its tie-out
-- adds up every invoice, payment, credit note, application and refund by then: on a million
-- invoices, several million rows read for a handful of figures. Both are sums of changes by date,
-- so they are kept here per day as the changes are posted, and a report as of D sums a few
-- thousand day rows instead.
--
-- Posted rows never change (0001), so the totals only ever add: statement triggers add what each
-- statement inserted, one row per day touched. Concurrent postings on the same day would all add
-- to one row and wait for each other's commit; `slot` spreads them over sixteen rows per day by
-- the server process, and a report sums the slots. The triggers fire ALWAYS, also during the
-- embedded engine's bulk COPY (database.ts), which skips ordinary triggers.
--
-- The totals are derived data: the tests compare them with the full reading of the ledger
-- (ledger.sql.ts, trialBalanceByScan and subledgerTotalsByScan), which the benchmark also times as
-- the reference.

CREATE FUNCTION day_total_slot() RETURNS smallint LANGUAGE sql VOLATILE AS $$
  SELECT (pg_backend_pid() % 16)::smallint
$$;

-- Debits and credits per account, currency and day of the journal.
CREATE TABLE account_day_totals (
  org_id uuid NOT NULL,
  currency char(3) NOT NULL,
  account text NOT NULL,
  day date NOT NULL,
  slot smallint NOT NULL,
  debit_minor bigint NOT NULL,
  credit_minor bigint NOT NULL,
  PRIMARY KEY (org_id, currency, account, day, slot)
);

-- The subledger's changes per currency and day: open_minor moves the open invoice balances
-- (+ an invoice issued, - one voided, - every application to an invoice), unapplied_minor the
-- customers' unapplied credit (+ a payment received, + a credit note issued, - what a payment or
-- credit note applied, - a refund). A reversed payment leaves the unapplied credit entirely from
-- its reversal date; reversals are few, and the report subtracts what they leave over directly.
CREATE TABLE subledger_day_totals (
  org_id uuid NOT NULL,
  currency char(3) NOT NULL,
  day date NOT NULL,
  slot smallint NOT NULL,
  open_minor bigint NOT NULL,
  unapplied_minor bigint NOT NULL,
  PRIMARY KEY (org_id, currency, day, slot)
);

CREATE FUNCTION add_account_day_totals() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- A line whose entry is not there gives a NULL day, which the NOT NULL refuses: no line is
  -- ever left out of the totals unnoticed.
  INSERT INTO account_day_totals AS t (org_id, currency, account, day, slot, debit_minor, credit_minor)
  SELECT l.org_id, l.currency, l.account, e.entry_on, day_total_slot(),
         sum(l.debit_minor), sum(l.credit_minor)
  FROM added_lines l
  LEFT JOIN journal_entries e ON e.org_id = l.org_id AND e.id = l.entry_id
  GROUP BY l.org_id, l.currency, l.account, e.entry_on
  ON CONFLICT (org_id, currency, account, day, slot) DO UPDATE
    SET debit_minor = t.debit_minor + EXCLUDED.debit_minor,
        credit_minor = t.credit_minor + EXCLUDED.credit_minor;
  RETURN NULL;
END $$;

CREATE TRIGGER journal_lines_day_totals AFTER INSERT ON journal_lines
  REFERENCING NEW TABLE AS added_lines
  FOR EACH STATEMENT EXECUTE FUNCTION add_account_day_totals();
ALTER TABLE journal_lines ENABLE ALWAYS TRIGGER journal_lines_day_totals;

-- What each statement inserted into a ledger table, as changes of the subledger per day.
CREATE FUNCTION add_subledger_day_totals() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'invoices' THEN
    INSERT INTO subledger_day_totals AS t (org_id, currency, day, slot, open_minor, unapplied_minor)
    SELECT org_id, currency, day, day_total_slot(), sum(amount), 0
    FROM (
      SELECT org_id, currency, issued_on AS day, total_minor AS amount
      FROM added WHERE status <> 'draft'
      UNION ALL
      SELECT org_id, currency, voided_on, -total_minor
      FROM added WHERE status = 'void'
    ) changes
    GROUP BY org_id, currency, day
    ON CONFLICT (org_id, currency, day, slot) DO UPDATE
      SET open_minor = t.open_minor + EXCLUDED.open_minor;
  ELSIF TG_TABLE_NAME = 'applications' THEN
    INSERT INTO subledger_day_totals AS t (org_id, currency, day, slot, open_minor, unapplied_minor)
    SELECT org_id, currency, applied_on, day_total_slot(), -sum(amount_minor),
           -coalesce(sum(amount_minor) FILTER (WHERE source_type IN ('payment', 'credit_note')), 0)
    FROM added
    GROUP BY org_id, currency, applied_on
    ON CONFLICT (org_id, currency, day, slot) DO UPDATE
      SET open_minor = t.open_minor + EXCLUDED.open_minor,
          unapplied_minor = t.unapplied_minor + EXCLUDED.unapplied_minor;
  ELSIF TG_TABLE_NAME = 'payments' THEN
    INSERT INTO subledger_day_totals AS t (org_id, currency, day, slot, open_minor, unapplied_minor)
    SELECT org_id, currency, received_on, day_total_slot(), 0, sum(amount_minor)
    FROM added
    GROUP BY org_id, currency, received_on
    ON CONFLICT (org_id, currency, day, slot) DO UPDATE
      SET unapplied_minor = t.unapplied_minor + EXCLUDED.unapplied_minor;
  ELSIF TG_TABLE_NAME = 'credit_notes' THEN
    INSERT INTO subledger_day_totals AS t (org_id, currency, day, slot, open_minor, unapplied_minor)
    SELECT org_id, currency, issued_on, day_total_slot(), 0, sum(total_minor)
    FROM added
    GROUP BY org_id, currency, issued_on
    ON CONFLICT (org_id, currency, day, slot) DO UPDATE
      SET unapplied_minor = t.unapplied_minor + EXCLUDED.unapplied_minor;
  ELSIF TG_TABLE_NAME = 'refunds' THEN
    INSERT INTO subledger_day_totals AS t (org_id, currency, day, slot, open_minor, unapplied_minor)
    SELECT org_id, currency, refunded_on, day_total_slot(), 0, -sum(amount_minor)
    FROM added
    GROUP BY org_id, currency, refunded_on
    ON CONFLICT (org_id, currency, day, slot) DO UPDATE
      SET unapplied_minor = t.unapplied_minor + EXCLUDED.unapplied_minor;
  ELSE
    RAISE EXCEPTION 'add_subledger_day_totals does not know %', TG_TABLE_NAME;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER invoices_day_totals AFTER INSERT ON invoices
  REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION add_subledger_day_totals();
CREATE TRIGGER applications_day_totals AFTER INSERT ON applications
  REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION add_subledger_day_totals();
CREATE TRIGGER payments_day_totals AFTER INSERT ON payments
  REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION add_subledger_day_totals();
CREATE TRIGGER credit_notes_day_totals AFTER INSERT ON credit_notes
  REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION add_subledger_day_totals();
CREATE TRIGGER refunds_day_totals AFTER INSERT ON refunds
  REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION add_subledger_day_totals();
ALTER TABLE invoices ENABLE ALWAYS TRIGGER invoices_day_totals;
ALTER TABLE applications ENABLE ALWAYS TRIGGER applications_day_totals;
ALTER TABLE payments ENABLE ALWAYS TRIGGER payments_day_totals;
ALTER TABLE credit_notes ENABLE ALWAYS TRIGGER credit_notes_day_totals;
ALTER TABLE refunds ENABLE ALWAYS TRIGGER refunds_day_totals;

-- An invoice counts from its issue and stops counting when it is voided: the two changes of
-- status that move the open balances. Every other update (its cached balance, paid, written off)
-- is skipped by the WHEN before the function is called.
CREATE FUNCTION add_invoice_status_day_totals() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO subledger_day_totals AS t (org_id, currency, day, slot, open_minor, unapplied_minor)
  SELECT NEW.org_id, NEW.currency, day, day_total_slot(), sum(amount), 0
  FROM (
    SELECT NEW.issued_on AS day, NEW.total_minor AS amount WHERE NEW.status <> 'draft'
    UNION ALL SELECT NEW.voided_on, -NEW.total_minor WHERE NEW.status = 'void'
    UNION ALL SELECT OLD.issued_on, -OLD.total_minor WHERE OLD.status <> 'draft'
    UNION ALL SELECT OLD.voided_on, OLD.total_minor WHERE OLD.status = 'void'
  ) changes
  GROUP BY day
  ON CONFLICT (org_id, currency, day, slot) DO UPDATE
    SET open_minor = t.open_minor + EXCLUDED.open_minor;
  RETURN NULL;
END $$;

CREATE TRIGGER invoices_status_day_totals AFTER UPDATE ON invoices
  FOR EACH ROW
  WHEN ((OLD.status = 'draft') IS DISTINCT FROM (NEW.status = 'draft')
     OR (OLD.status = 'void') IS DISTINCT FROM (NEW.status = 'void'))
  EXECUTE FUNCTION add_invoice_status_day_totals();

-- What is already posted.
INSERT INTO account_day_totals (org_id, currency, account, day, slot, debit_minor, credit_minor)
SELECT l.org_id, l.currency, l.account, e.entry_on, 0, sum(l.debit_minor), sum(l.credit_minor)
FROM journal_lines l JOIN journal_entries e ON e.org_id = l.org_id AND e.id = l.entry_id
GROUP BY l.org_id, l.currency, l.account, e.entry_on;

INSERT INTO subledger_day_totals (org_id, currency, day, slot, open_minor, unapplied_minor)
SELECT org_id, currency, day, 0, sum(open_minor), sum(unapplied_minor)
FROM (
  SELECT org_id, currency, issued_on AS day, total_minor AS open_minor, 0::int8 AS unapplied_minor
  FROM invoices WHERE status <> 'draft'
  UNION ALL
  SELECT org_id, currency, voided_on, -total_minor, 0 FROM invoices WHERE status = 'void'
  UNION ALL
  SELECT org_id, currency, applied_on, -amount_minor,
         CASE WHEN source_type IN ('payment', 'credit_note') THEN -amount_minor ELSE 0 END
  FROM applications
  UNION ALL
  SELECT org_id, currency, received_on, 0, amount_minor FROM payments
  UNION ALL
  SELECT org_id, currency, issued_on, 0, total_minor FROM credit_notes
  UNION ALL
  SELECT org_id, currency, refunded_on, 0, -amount_minor FROM refunds
) changes
GROUP BY org_id, currency, day;
