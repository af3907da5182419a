-- A few balance notes appended item by item again, many set-wise.
--
-- 0032 made the flush set-wise for every list, which is what a bank import applying thousands of
-- payments needs; but one payment notes its two or three items, and for those the four set
-- statements cost three times 0025's per-item ones: 1.2 against 0.4 ms of every payment's commit
-- (bench:payments, service one at a time: 159 against 261 payments/s, docs/benchmarks.md). So
-- 0025's balance_periods_append is back, and the flush takes the set statements only from
-- settle.balance_periods_set_from notes on (default 64; the property tests run both ways, against
-- a full refresh). What either way writes is the same.

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
  notes text[];
  -- The items appended to: key, what their steps carry, the balance their new days start from, the
  -- first new day and where their last step began (NULL for a new item).
  a_org uuid[];
  a_item uuid[];
  a_type text[];
  a_customer uuid[];
  a_currency text[];
  a_document date[];
  a_due date[];
  a_opening bigint[];
  a_first date[];
  a_last date[];
  -- "org:item" of the items to rebuild: an array, not a table, for the reason of 0009.
  rebuilds text[] := '{}';
  touched record;
BEGIN
  IF pending IS NULL THEN
    RETURN;
  END IF;
  PERFORM set_config('settle.balance_periods_pending', '', true);
  PERFORM set_config('settle.balance_periods_notes', '0', true);
  notes := string_to_array(pending, ',');

  IF cardinality(notes) < coalesce(nullif(current_setting('settle.balance_periods_set_from', true), '')::integer, 64)
  THEN
    -- 0025's loop, for a few items.
    FOR touched IN
      SELECT split_part(e, ':', 1)::uuid AS org_id, split_part(e, ':', 2)::uuid AS item_id,
        bool_or(split_part(e, ':', 3) = 'F') AS rebuild, bool_or(split_part(e, ':', 3) = 'N') AS is_new,
        array_agg(e) FILTER (WHERE split_part(e, ':', 3) <> 'F') AS entries
      FROM unnest(notes) e
      GROUP BY 1, 2
    LOOP
      IF touched.rebuild OR NOT balance_periods_append(touched.org_id, touched.item_id, touched.is_new, touched.entries)
      THEN
        rebuilds := rebuilds || (touched.org_id::text || ':' || touched.item_id::text);
      END IF;
    END LOOP;
  ELSE
    -- Each item's last step, locked in key order (so two commits flushing the same items wait for
    -- each other instead of deadlocking), and 0025's rule for whether the new days can follow it.
    WITH items AS (
      SELECT split_part(e, ':', 1)::uuid AS org_id, split_part(e, ':', 2)::uuid AS item_id,
        bool_or(split_part(e, ':', 3) = 'F') AS rebuild,
        min(split_part(e, ':', 4)::int) FILTER (WHERE split_part(e, ':', 3) <> 'F') AS first_day,
        min(e) FILTER (WHERE split_part(e, ':', 3) = 'N') AS new_note
      FROM unnest(notes) e
      GROUP BY 1, 2
      ORDER BY 1, 2
    ), judged AS (
      SELECT i.org_id, i.item_id, i.new_note,
        DATE '2000-01-01' + i.first_day AS first_day, l.valid_from, l.balance_minor,
        coalesce(l.item_type, split_part(i.new_note, ':', 6)) AS item_type,
        coalesce(l.customer_id, split_part(i.new_note, ':', 7)::uuid) AS customer_id,
        coalesce(l.currency, split_part(i.new_note, ':', 8)) AS currency,
        coalesce(l.document_on, DATE '2000-01-01' + split_part(i.new_note, ':', 9)::int) AS document_on,
        CASE WHEN l.valid_from IS NOT NULL THEN l.due_on
          ELSE DATE '2000-01-01' + nullif(split_part(i.new_note, ':', 10), '')::int END AS due_on,
        NOT i.rebuild AND i.first_day IS NOT NULL AND CASE
          WHEN i.new_note IS NOT NULL THEN l.valid_from IS NULL
          ELSE l.valid_from IS NOT NULL AND l.valid_to IS NULL AND DATE '2000-01-01' + i.first_day >= l.valid_from
        END AS appendable
      FROM items i
      LEFT JOIN LATERAL (
        SELECT b.valid_from, b.valid_to, b.balance_minor, b.item_type, b.customer_id, b.currency::text AS currency,
          b.document_on, b.due_on
        FROM balance_periods b WHERE b.org_id = i.org_id AND b.item_id = i.item_id
        ORDER BY b.valid_from DESC LIMIT 1
        FOR UPDATE
      ) l ON true
    )
    SELECT array_agg(org_id) FILTER (WHERE appendable), array_agg(item_id) FILTER (WHERE appendable),
      array_agg(item_type) FILTER (WHERE appendable), array_agg(customer_id) FILTER (WHERE appendable),
      array_agg(currency) FILTER (WHERE appendable), array_agg(document_on) FILTER (WHERE appendable),
      array_agg(due_on) FILTER (WHERE appendable),
      array_agg(CASE WHEN new_note IS NULL THEN balance_minor ELSE 0 END) FILTER (WHERE appendable),
      array_agg(first_day) FILTER (WHERE appendable),
      array_agg(CASE WHEN new_note IS NULL THEN valid_from END) FILTER (WHERE appendable),
      array_agg(org_id::text || ':' || item_id::text) FILTER (WHERE NOT appendable)
    INTO a_org, a_item, a_type, a_customer, a_currency, a_document, a_due, a_opening, a_first, a_last, rebuilds
    FROM judged;

    IF a_org IS NOT NULL THEN
      -- The last step ends where the first new day begins, or goes when that day is its own.
      DELETE FROM balance_periods b
      USING unnest(a_org, a_item, a_first, a_last) AS x (org_id, item_id, first_day, last_from)
      WHERE x.last_from = x.first_day
        AND b.org_id = x.org_id AND b.item_id = x.item_id AND b.valid_from = x.last_from;
      UPDATE balance_periods b SET valid_to = x.first_day, span_class = balance_span_class(x.first_day - x.last_from)
      FROM unnest(a_org, a_item, a_first, a_last) AS x (org_id, item_id, first_day, last_from)
      WHERE x.last_from < x.first_day
        AND b.org_id = x.org_id AND b.item_id = x.item_id AND b.valid_from = x.last_from;

      INSERT INTO balance_periods (org_id, item_id, item_type, customer_id, currency, document_on, due_on, valid_from,
        valid_to, span_class, balance_minor)
      SELECT s.org_id, s.item_id, s.item_type, s.customer_id, s.currency, s.document_on, s.due_on,
        s.valid_from, s.valid_to, balance_span_class(s.valid_to - s.valid_from), s.balance_minor
      FROM (
        SELECT d.org_id, d.item_id, d.item_type, d.customer_id, d.currency, d.document_on, d.due_on,
          d.on_date AS valid_from, lead(d.on_date) OVER w AS valid_to,
          (d.opening + sum(d.change_minor) OVER w)::int8 AS balance_minor
        FROM (
          SELECT x.org_id, x.item_id, x.item_type, x.customer_id, x.currency, x.document_on, x.due_on, x.opening,
            DATE '2000-01-01' + split_part(n.e, ':', 4)::int AS on_date, sum(split_part(n.e, ':', 5)::int8) AS change_minor
          FROM unnest(a_org, a_item, a_type, a_customer, a_currency, a_document, a_due, a_opening)
            AS x (org_id, item_id, item_type, customer_id, currency, document_on, due_on, opening)
          JOIN (
            SELECT split_part(e, ':', 1)::uuid AS org_id, split_part(e, ':', 2)::uuid AS item_id, e
            FROM unnest(notes) e
          ) n ON n.org_id = x.org_id AND n.item_id = x.item_id
          GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9
        ) d
        WINDOW w AS (PARTITION BY d.org_id, d.item_id ORDER BY d.on_date)
      ) s
      WHERE s.balance_minor <> 0;
    END IF;
  END IF;

  FOR touched IN
    SELECT split_part(e, ':', 1)::uuid AS org_id, array_agg(split_part(e, ':', 2)::uuid) AS items
    FROM unnest(rebuilds) e
    GROUP BY 1
  LOOP
    PERFORM refresh_balance_periods(touched.org_id, touched.items);
  END LOOP;
END $$;
