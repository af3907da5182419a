-- Balances over time, for reports as of any date without scanning settled history.
--
-- Every invoice, payment and credit note has a balance that changes on the dates of its
-- applications, refunds, reversal or voiding: a step function of the date. balance_periods holds
-- its non-zero steps: from valid_from (inclusive) to valid_to (exclusive, NULL while it lasts) the
-- item's balance was balance_minor, positive for what an invoice is owed, negative for the credit
-- a payment or credit note has left to apply. The balance of an item as of D is the one row with
-- valid_from <= D < valid_to, or zero without one: the same figure as the total minus the
-- applications dated on or before D (0001), kept here so that an aging as of D reads only the items
-- open on D. It is derived data: refresh_balance_periods rebuilds an item's rows from the ledger,
-- triggers call it after every write that moves a balance, and the property tests compare it with
-- a replay of the history.
--
-- Finding the rows open on D is an interval stabbing query, which a B-tree on valid_from alone
-- answers by reading everything that started before D. span_class = floor(log2(length in days))
-- bounds each row's length: a row of class k lasts less than 2^(k+1) days, so it is open on D only
-- if it started in the 2^(k+1) days up to D. Reading each class's window through
-- balance_periods_stab reads about twice the rows that are open, whatever the date; rows still
-- open (valid_to NULL) are read through their own index.
CREATE TABLE balance_periods (
  org_id uuid NOT NULL,
  item_id uuid NOT NULL,
  item_type text NOT NULL CHECK (item_type IN ('invoice', 'payment', 'credit_note')),
  customer_id uuid NOT NULL,
  currency char(3) NOT NULL,
  -- The item's own date (issued or received) and, for invoices, its due date: what aging counts from.
  document_on date NOT NULL,
  due_on date,
  valid_from date NOT NULL,
  valid_to date,
  span_class smallint,
  balance_minor bigint NOT NULL CHECK (balance_minor <> 0),
  PRIMARY KEY (org_id, item_id, valid_from),
  CHECK (valid_to IS NULL OR valid_to > valid_from),
  CHECK ((valid_to IS NULL) = (span_class IS NULL)),
  CHECK ((item_type = 'invoice') = (due_on IS NOT NULL))
);
CREATE INDEX balance_periods_stab ON balance_periods (org_id, span_class, valid_from) WHERE valid_to IS NOT NULL;
CREATE INDEX balance_periods_lasting ON balance_periods (org_id, valid_from) WHERE valid_to IS NULL;
CREATE INDEX balance_periods_customer ON balance_periods (org_id, customer_id, valid_from);

-- floor(log2(days)) in integers: the position of the highest bit set.
CREATE FUNCTION balance_span_class(days integer) RETURNS smallint LANGUAGE sql IMMUTABLE STRICT AS $$
  SELECT (length(ltrim(days::bit(32)::text, '0')) - 1)::smallint
$$;

-- The steps of the given items, or of every item of the organization when p_items is NULL,
-- derived from the ledger alone. One query text serves both ways of running it, built here once:
-- %1$s stands before each item filter, 'false' for the given items and 'true' for all of them,
-- and the constant folds away when the query is planned.
--   - The given items (every write, a handful of items): static SQL in PL/pgSQL, whose plan is
--     cached for the session. Planning this query costs three times what running it does for a
--     payment's two or three items, and a payment refreshes two or three times.
--   - Every item (a bulk load into an empty organization): run with EXECUTE, so that it is planned
--     for a whole organization, with hash joins: four times faster than looking items up by key.
DO $build$
DECLARE
  query CONSTANT text := $query$
  WITH items AS (
    SELECT i.id AS item_id, 'invoice'::text AS item_type, i.customer_id, i.currency, i.issued_on AS document_on,
      i.due_on, NULL::date AS closed_on
    FROM invoices i WHERE i.org_id = $1 AND (%1$s OR i.id = ANY ($2)) AND i.status <> 'draft'
    UNION ALL
    -- A reversed payment has nothing left from its reversal date on: the reversal undid its
    -- applications and took back what was unapplied.
    SELECT p.id, 'payment', p.customer_id, p.currency, p.received_on, NULL, v.reversed_on
    FROM payments p LEFT JOIN payment_reversals v ON v.org_id = p.org_id AND v.payment_id = p.id
    WHERE p.org_id = $1 AND (%1$s OR p.id = ANY ($2))
    UNION ALL
    SELECT c.id, 'credit_note', c.customer_id, c.currency, c.issued_on, NULL, NULL
    FROM credit_notes c WHERE c.org_id = $1 AND (%1$s OR c.id = ANY ($2))
  ), changes AS (
    SELECT i.id AS item_id, i.issued_on AS on_date, i.total_minor AS change_minor
    FROM invoices i WHERE i.org_id = $1 AND (%1$s OR i.id = ANY ($2)) AND i.status <> 'draft'
    UNION ALL
    SELECT i.id, i.voided_on, -i.total_minor
    FROM invoices i WHERE i.org_id = $1 AND (%1$s OR i.id = ANY ($2)) AND i.status = 'void'
    UNION ALL
    SELECT a.invoice_id, a.applied_on, -a.amount_minor
    FROM applications a WHERE a.org_id = $1 AND (%1$s OR a.invoice_id = ANY ($2))
    UNION ALL
    SELECT p.id, p.received_on, -p.amount_minor
    FROM payments p WHERE p.org_id = $1 AND (%1$s OR p.id = ANY ($2))
    UNION ALL
    SELECT c.id, c.issued_on, -c.total_minor
    FROM credit_notes c WHERE c.org_id = $1 AND (%1$s OR c.id = ANY ($2))
    UNION ALL
    SELECT a.source_id, a.applied_on, a.amount_minor
    FROM applications a
    WHERE a.org_id = $1 AND (%1$s OR a.source_id = ANY ($2)) AND a.source_type IN ('payment', 'credit_note')
    UNION ALL
    SELECT r.source_id, r.refunded_on, r.amount_minor
    FROM refunds r WHERE r.org_id = $1 AND (%1$s OR r.source_id = ANY ($2))
  ), daily AS (
    SELECT c.item_id, c.on_date, sum(c.change_minor)::int8 AS change_minor FROM changes c GROUP BY c.item_id, c.on_date
  ), steps AS (
    SELECT d.item_id, d.on_date AS valid_from, lead(d.on_date) OVER w AS valid_to,
      (sum(d.change_minor) OVER w)::int8 AS balance_minor
    FROM daily d
    WINDOW w AS (PARTITION BY d.item_id ORDER BY d.on_date)
  )
  SELECT s.item_id, it.item_type, it.customer_id, it.currency, it.document_on, it.due_on, s.valid_from,
    CASE WHEN it.closed_on IS NOT NULL AND (s.valid_to IS NULL OR s.valid_to > it.closed_on) THEN it.closed_on
      ELSE s.valid_to END,
    s.balance_minor
  FROM steps s JOIN items it ON it.item_id = s.item_id
  WHERE s.balance_minor <> 0 AND (it.closed_on IS NULL OR s.valid_from < it.closed_on)
$query$;
BEGIN
  EXECUTE format($create$
    CREATE FUNCTION derive_balance_periods(p_org uuid, p_items uuid[])
    RETURNS TABLE (
      item_id uuid, item_type text, customer_id uuid, currency char(3), document_on date, due_on date,
      valid_from date, valid_to date, balance_minor bigint
    ) LANGUAGE plpgsql STABLE AS %1$L$create$,
    format($body$
      #variable_conflict use_column
      BEGIN
        IF p_items IS NULL THEN
          RETURN QUERY EXECUTE %1$L USING p_org, p_items;
        ELSE
          RETURN QUERY %2$s;
        END IF;
      END$body$, format(query, 'true'), format(query, 'false')));
END $build$;

CREATE FUNCTION refresh_balance_periods(p_org uuid, p_items uuid[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  -- Two statements rather than one with "p_items IS NULL OR": that condition would hide the key
  -- from the planner and make every refresh read the whole table.
  IF p_items IS NULL THEN
    DELETE FROM balance_periods WHERE org_id = p_org;
  ELSE
    DELETE FROM balance_periods WHERE org_id = p_org AND item_id = ANY (p_items);
  END IF;
  INSERT INTO balance_periods (org_id, item_id, item_type, customer_id, currency, document_on, due_on, valid_from,
    valid_to, span_class, balance_minor)
  SELECT p_org, d.item_id, d.item_type, d.customer_id, d.currency, d.document_on, d.due_on, d.valid_from, d.valid_to,
    balance_span_class(d.valid_to - d.valid_from), d.balance_minor
  FROM derive_balance_periods(p_org, p_items) d;
END $$;

-- Bulk loaders set settle.defer_balance_periods to 'on' for their COPYs (SET LOCAL) and refresh
-- every item they wrote once at the end, instead of once per chunk.
CREATE FUNCTION balance_periods_deferred() RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT coalesce(current_setting('settle.defer_balance_periods', true), '') = 'on'
$$;

-- Each trigger names its transition table `written`; applications touch two items per row.
CREATE FUNCTION balance_periods_after_applications() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  touched record;
BEGIN
  IF NOT balance_periods_deferred() THEN
    FOR touched IN
      SELECT t.org_id, array_agg(DISTINCT t.item_id) AS items FROM (
        SELECT n.org_id, n.invoice_id AS item_id FROM written n
        UNION ALL
        SELECT n.org_id, n.source_id FROM written n WHERE n.source_type IN ('payment', 'credit_note')
      ) t GROUP BY t.org_id
    LOOP
      PERFORM refresh_balance_periods(touched.org_id, touched.items);
    END LOOP;
  END IF;
  RETURN NULL;
END $$;

-- For payments, credit notes, refunds and reversals: TG_ARGV[0] names the column holding the item.
CREATE FUNCTION balance_periods_after_source_write() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  touched record;
BEGIN
  IF NOT balance_periods_deferred() THEN
    FOR touched IN EXECUTE format(
      'SELECT org_id, array_agg(DISTINCT %I) AS items FROM written GROUP BY org_id', TG_ARGV[0])
    LOOP
      PERFORM refresh_balance_periods(touched.org_id, touched.items);
    END LOOP;
  END IF;
  RETURN NULL;
END $$;

-- An invoice enters when it is issued (or inserted issued, by an import) and leaves its last
-- balance when voided; the updates that only follow its balance are covered by applications.
CREATE FUNCTION balance_periods_after_invoice_insert() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  touched record;
BEGIN
  IF NOT balance_periods_deferred() THEN
    FOR touched IN
      SELECT n.org_id, array_agg(n.id) AS items FROM written n WHERE n.status <> 'draft' GROUP BY n.org_id
    LOOP
      PERFORM refresh_balance_periods(touched.org_id, touched.items);
    END LOOP;
  END IF;
  RETURN NULL;
END $$;

CREATE FUNCTION balance_periods_after_invoice_update() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  touched record;
BEGIN
  IF NOT balance_periods_deferred() THEN
    FOR touched IN
      SELECT n.org_id, array_agg(n.id) AS items
      FROM written n JOIN previous o ON o.org_id = n.org_id AND o.id = n.id
      WHERE n.status IS DISTINCT FROM o.status AND (o.status = 'draft' OR n.status = 'void')
      GROUP BY n.org_id
    LOOP
      PERFORM refresh_balance_periods(touched.org_id, touched.items);
    END LOOP;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER applications_balance_periods AFTER INSERT ON applications
  REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION balance_periods_after_applications();
CREATE TRIGGER payments_balance_periods AFTER INSERT ON payments
  REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION balance_periods_after_source_write('id');
CREATE TRIGGER credit_notes_balance_periods AFTER INSERT ON credit_notes
  REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION balance_periods_after_source_write('id');
CREATE TRIGGER refunds_balance_periods AFTER INSERT ON refunds
  REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION balance_periods_after_source_write('source_id');
CREATE TRIGGER payment_reversals_balance_periods AFTER INSERT ON payment_reversals
  REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION balance_periods_after_source_write('payment_id');
CREATE TRIGGER invoices_insert_balance_periods AFTER INSERT ON invoices
  REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION balance_periods_after_invoice_insert();
CREATE TRIGGER invoices_update_balance_periods AFTER UPDATE ON invoices
  REFERENCING OLD TABLE AS previous NEW TABLE AS written FOR EACH STATEMENT
  EXECUTE FUNCTION balance_periods_after_invoice_update();

-- PGlite's bulk loads COPY with session_replication_role = replica, which silences ordinary
-- triggers; these must still fire there (a loader that wants one refresh defers them instead).
ALTER TABLE applications ENABLE ALWAYS TRIGGER applications_balance_periods;
ALTER TABLE payments ENABLE ALWAYS TRIGGER payments_balance_periods;
ALTER TABLE credit_notes ENABLE ALWAYS TRIGGER credit_notes_balance_periods;
ALTER TABLE refunds ENABLE ALWAYS TRIGGER refunds_balance_periods;
ALTER TABLE payment_reversals ENABLE ALWAYS TRIGGER payment_reversals_balance_periods;
ALTER TABLE invoices ENABLE ALWAYS TRIGGER invoices_insert_balance_periods;
ALTER TABLE invoices ENABLE ALWAYS TRIGGER invoices_update_balance_periods;

-- Existing ledgers: every item of every organization, once.
SELECT refresh_balance_periods(o.id, NULL) FROM organizations o;
