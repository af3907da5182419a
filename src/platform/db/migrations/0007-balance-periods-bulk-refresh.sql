-- derive_balance_periods (0003) ran the refresh of given items as static SQL, whose plan
-- PL/pgSQL caches for the session. After five calls PostgreSQL may keep a generic plan, costed for
-- the handful of items a payment touches; a bulk load into an organization that already has items
-- then refreshed tens of thousands of items through that plan and took minutes instead of seconds
-- (seen in CI: a 100,000-invoice import after other writes on the same connection). Many items now
-- go through EXECUTE, planned for the array actually given; a few keep the cached plan. The query
-- is the one of 0003, unchanged.
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
    CREATE OR REPLACE FUNCTION derive_balance_periods(p_org uuid, p_items uuid[])
    RETURNS TABLE (
      item_id uuid, item_type text, customer_id uuid, currency char(3), document_on date, due_on date,
      valid_from date, valid_to date, balance_minor bigint
    ) LANGUAGE plpgsql STABLE AS %1$L$create$,
    format($body$
      #variable_conflict use_column
      BEGIN
        IF p_items IS NULL THEN
          RETURN QUERY EXECUTE %1$L USING p_org, p_items;
        ELSIF cardinality(p_items) > 64 THEN
          RETURN QUERY EXECUTE %2$L USING p_org, p_items;
        ELSE
          RETURN QUERY %2$s;
        END IF;
      END$body$, format(query, 'true'), format(query, 'false')));
END $build$;
