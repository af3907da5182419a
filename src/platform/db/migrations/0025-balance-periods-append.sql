-- Balance steps appended at commit instead of rebuilt, when new money comes after an item's history.
--
-- Since 0009 the commit rebuilt every touched item's steps from the ledger: a DELETE of its rows
-- and a re-derivation of its whole history (refresh_balance_periods), 1.5 to 8 ms of a payment's
-- commit on a loaded machine (docs/benchmarks.md, issue #16). Almost every payment is dated on or
-- after the last change of each invoice it pays, and the payment itself is new; for those the
-- steps only grow at the end, and the change is known when the row is written.
--
-- So the statement triggers now note, for each item, what changed and on which day
-- ("org:item:D:day:change"), that it is new (N, with what a new row needs), or that it needs a
-- rebuild (F: a voided invoice, a reversed payment). At commit an item is appended to when
--   - it is new in this transaction and has no steps yet: its steps are its noted changes alone;
--   - or its last step lasts (valid_to NULL) and every noted change is dated on or after that step
--     began. A lasting last step proves that no change of the item is dated later than its start
--     (a later change would have ended it), and a reversal always ends it (0003's closed_on), so
--     the old history and the new changes meet there: the last step is ended on the first new day
--     (or replaced, if the first new day is its own), and the new days' running sums follow.
-- Everything else (back-dated money, reversals, voids, an item whose balance is zero) is rebuilt
-- by refresh_balance_periods as before, which stays the reference: the property tests compare
-- what the appends leave with a full refresh after random histories.
--
-- Days are noted as whole days from 2000-01-01, which reads back the same whatever the
-- session's DateStyle. Rows taken by a concurrent commit make the append fall back to the rebuild
-- (the last step is locked and re-read).

CREATE FUNCTION balance_periods_day(d date) RETURNS text LANGUAGE sql IMMUTABLE STRICT AS $$
  SELECT (d - DATE '2000-01-01')::text
$$;

-- Appends preformatted notes ("org:item:kind:…", comma-separated) to the transaction's list.
CREATE FUNCTION balance_periods_note_entries(p_entries text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  pending text;
BEGIN
  IF p_entries IS NULL OR p_entries = '' THEN
    RETURN;
  END IF;
  pending := concat_ws(',', nullif(current_setting('settle.balance_periods_pending', true), ''), p_entries);
  PERFORM set_config('settle.balance_periods_pending', pending, true);
  IF length(pending) > 15000 THEN
    PERFORM balance_periods_flush();
  END IF;
END $$;

-- 0009's note of bare items, kept for any caller: those items are rebuilt.
CREATE OR REPLACE FUNCTION balance_periods_note(p_org uuid, p_items uuid[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM balance_periods_note_entries(
    (SELECT string_agg(p_org::text || ':' || i::text || ':F', ',') FROM unnest(p_items) i));
END $$;

-- Tries to append one item's noted changes (p_entries: its D and N notes) to its steps. Returns
-- false, having written nothing, when only a rebuild gives the right rows.
CREATE FUNCTION balance_periods_append(p_org uuid, p_item uuid, p_is_new boolean, p_entries text[])
RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE
  last_step record;
  first_day date;
  opening bigint;
  item record;
BEGIN
  SELECT b.valid_from, b.valid_to, b.balance_minor, b.item_type, b.customer_id, b.currency, b.document_on, b.due_on
  INTO last_step
  FROM balance_periods b WHERE b.org_id = p_org AND b.item_id = p_item
  ORDER BY b.valid_from DESC LIMIT 1
  FOR UPDATE;
  first_day := (SELECT min(DATE '2000-01-01' + split_part(e, ':', 4)::int) FROM unnest(p_entries) e);
  IF first_day IS NULL THEN
    RETURN false;
  END IF;

  IF p_is_new THEN
    IF last_step.valid_from IS NOT NULL THEN
      RETURN false;
    END IF;
    SELECT split_part(e, ':', 6) AS item_type, split_part(e, ':', 7)::uuid AS customer_id,
      split_part(e, ':', 8)::char(3) AS currency, DATE '2000-01-01' + split_part(e, ':', 9)::int AS document_on,
      DATE '2000-01-01' + nullif(split_part(e, ':', 10), '')::int AS due_on
    INTO item
    FROM unnest(p_entries) e WHERE split_part(e, ':', 3) = 'N' LIMIT 1;
    opening := 0;
  ELSE
    IF last_step.valid_from IS NULL OR last_step.valid_to IS NOT NULL OR first_day < last_step.valid_from THEN
      RETURN false;
    END IF;
    item := last_step;
    opening := last_step.balance_minor;
    IF first_day = last_step.valid_from THEN
      DELETE FROM balance_periods WHERE org_id = p_org AND item_id = p_item AND valid_from = last_step.valid_from;
    ELSE
      UPDATE balance_periods SET valid_to = first_day,
        span_class = balance_span_class(first_day - last_step.valid_from)
      WHERE org_id = p_org AND item_id = p_item AND valid_from = last_step.valid_from;
    END IF;
  END IF;

  INSERT INTO balance_periods (org_id, item_id, item_type, customer_id, currency, document_on, due_on, valid_from,
    valid_to, span_class, balance_minor)
  SELECT p_org, p_item, item.item_type, item.customer_id, item.currency, item.document_on, item.due_on,
    s.valid_from, s.valid_to, balance_span_class(s.valid_to - s.valid_from), s.balance_minor
  FROM (
    SELECT d.on_date AS valid_from, lead(d.on_date) OVER w AS valid_to,
      (opening + sum(d.change_minor) OVER w)::int8 AS balance_minor
    FROM (
      SELECT DATE '2000-01-01' + split_part(e, ':', 4)::int AS on_date, sum(split_part(e, ':', 5)::int8) AS change_minor
      FROM unnest(p_entries) e GROUP BY 1
    ) d
    WINDOW w AS (ORDER BY d.on_date)
  ) s
  WHERE s.balance_minor <> 0;
  RETURN true;
END $$;

CREATE OR REPLACE FUNCTION balance_periods_flush() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  pending text := nullif(current_setting('settle.balance_periods_pending', true), '');
  touched record;
  -- "org:item" of the items to rebuild: an array, not a table, for the reason of 0009.
  rebuilds text[] := '{}';
BEGIN
  IF pending IS NULL THEN
    RETURN;
  END IF;
  PERFORM set_config('settle.balance_periods_pending', '', true);
  FOR touched IN
    SELECT split_part(e, ':', 1)::uuid AS org_id, split_part(e, ':', 2)::uuid AS item_id,
      bool_or(split_part(e, ':', 3) = 'F') AS rebuild, bool_or(split_part(e, ':', 3) = 'N') AS is_new,
      array_agg(e) FILTER (WHERE split_part(e, ':', 3) <> 'F') AS entries
    FROM unnest(string_to_array(pending, ',')) e
    GROUP BY 1, 2
  LOOP
    IF touched.rebuild OR NOT balance_periods_append(touched.org_id, touched.item_id, touched.is_new, touched.entries)
    THEN
      rebuilds := rebuilds || (touched.org_id::text || ':' || touched.item_id::text);
    END IF;
  END LOOP;
  FOR touched IN
    SELECT split_part(e, ':', 1)::uuid AS org_id, array_agg(split_part(e, ':', 2)::uuid) AS items
    FROM unnest(rebuilds) e
    GROUP BY 1
  LOOP
    PERFORM refresh_balance_periods(touched.org_id, touched.items);
  END LOOP;
END $$;

-- 0009's trigger functions, noting the changes rather than the bare items; which items each notes
-- is unchanged. Signs as in derive_balance_periods (0003): an invoice's balance is what it is owed,
-- a payment's or credit note's is minus the credit it has left.
CREATE OR REPLACE FUNCTION balance_periods_after_applications() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT balance_periods_deferred() THEN
    PERFORM balance_periods_note_entries((
      SELECT string_agg(t.org_id::text || ':' || t.item_id::text || ':D:' || balance_periods_day(t.on_date) || ':'
        || sum_minor::text, ',')
      FROM (
        SELECT c.org_id, c.item_id, c.on_date, sum(c.change_minor) AS sum_minor FROM (
          SELECT n.org_id, n.invoice_id AS item_id, n.applied_on AS on_date, -n.amount_minor AS change_minor
          FROM written n
          UNION ALL
          SELECT n.org_id, n.source_id, n.applied_on, n.amount_minor
          FROM written n WHERE n.source_type IN ('payment', 'credit_note')
        ) c GROUP BY c.org_id, c.item_id, c.on_date
      ) t));
  END IF;
  RETURN NULL;
END $$;

-- Payments, credit notes, refunds and reversals, told apart by table (0003 passed the column).
CREATE OR REPLACE FUNCTION balance_periods_after_source_write() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF balance_periods_deferred() THEN
    RETURN NULL;
  END IF;
  IF TG_TABLE_NAME = 'payments' THEN
    PERFORM balance_periods_note_entries((
      SELECT string_agg(concat_ws(':', n.org_id, n.id, 'N', balance_periods_day(n.received_on), -n.amount_minor,
        'payment', n.customer_id, n.currency, balance_periods_day(n.received_on), ''), ',')
      FROM written n));
  ELSIF TG_TABLE_NAME = 'credit_notes' THEN
    PERFORM balance_periods_note_entries((
      SELECT string_agg(concat_ws(':', n.org_id, n.id, 'N', balance_periods_day(n.issued_on), -n.total_minor,
        'credit_note', n.customer_id, n.currency, balance_periods_day(n.issued_on), ''), ',')
      FROM written n));
  ELSIF TG_TABLE_NAME = 'refunds' THEN
    PERFORM balance_periods_note_entries((
      SELECT string_agg(concat_ws(':', n.org_id, n.source_id, 'D', balance_periods_day(n.refunded_on),
        n.amount_minor), ',')
      FROM written n));
  ELSIF TG_TABLE_NAME = 'payment_reversals' THEN
    PERFORM balance_periods_note_entries((
      SELECT string_agg(concat_ws(':', n.org_id, n.payment_id, 'F'), ',') FROM written n));
  ELSE
    RAISE EXCEPTION 'balance_periods_after_source_write does not know %', TG_TABLE_NAME;
  END IF;
  RETURN NULL;
END $$;

-- An invoice issued here is new; a void one is rebuilt (its voiding day ends its balance).
CREATE OR REPLACE FUNCTION balance_periods_after_invoice_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT balance_periods_deferred() THEN
    PERFORM balance_periods_note_entries((
      SELECT string_agg(
        CASE WHEN n.status = 'void' THEN concat_ws(':', n.org_id, n.id, 'F')
          ELSE concat_ws(':', n.org_id, n.id, 'N', balance_periods_day(n.issued_on), n.total_minor, 'invoice',
            n.customer_id, n.currency, balance_periods_day(n.issued_on), balance_periods_day(n.due_on)) END, ',')
      FROM written n WHERE n.status <> 'draft'));
  END IF;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION balance_periods_after_invoice_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT balance_periods_deferred() THEN
    PERFORM balance_periods_note_entries((
      SELECT string_agg(
        CASE WHEN n.status = 'void' OR o.status <> 'draft' THEN concat_ws(':', n.org_id, n.id, 'F')
          ELSE concat_ws(':', n.org_id, n.id, 'N', balance_periods_day(n.issued_on), n.total_minor, 'invoice',
            n.customer_id, n.currency, balance_periods_day(n.issued_on), balance_periods_day(n.due_on)) END, ',')
      FROM written n JOIN previous o ON o.org_id = n.org_id AND o.id = n.id
      WHERE n.status IS DISTINCT FROM o.status AND (o.status = 'draft' OR n.status = 'void')));
  END IF;
  RETURN NULL;
END $$;
