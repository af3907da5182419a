import { sql, type RawBuilder } from 'kysely';
import type { CalendarDate } from '../core/calendar-date.js';
import { openInvoiceStatuses } from './invoice-status.js';

// The one SQL file other areas may import (docs/architecture.md, "SQL"): what was open on a date
// is the ledger's to define, and every report and work list composes it into its own query.

/**
 * The open statuses for `i.status IN (${openInvoiceStatusList})`, as literals rather than
 * parameters: the statement reads as the hand-written list did, so the planner sees constants.
 */
export const openInvoiceStatusList = sql.join(openInvoiceStatuses.map((status) => sql.lit(status)));

/** Longest possible step: 0001-01-01 to 9999-12-31 is under 2^22 days (see migration 0003). */
const spanClassMax = 21;

/**
 * The balance steps open on `asOf` (valid_from <= asOf < valid_to): every invoice, payment and
 * credit note with a non-zero balance that day, and its balance then. For one customer its own
 * index has every step of that customer; otherwise each span class is read in the window where
 * its steps can be open, and the steps still open through their own index (migration 0003).
 */
export type OpenItems = (
  orgId: string,
  asOf: CalendarDate | RawBuilder<unknown>,
  customerId?: string,
) => RawBuilder<unknown>;

/** The columns both sources of open items give. */
const itemColumns = sql`p.item_type, p.item_id, p.customer_id, p.currency, p.document_on, p.due_on, p.balance_minor`;

export const openItemsAsOf: OpenItems = (orgId, asOf, customerId) => {
  // A date given as a value is a parameter; a column (a date per row of an outer query) is used as is.
  const on = typeof asOf === 'string' ? sql`${asOf}::date` : asOf;
  if (customerId !== undefined) {
    return sql`
      SELECT ${itemColumns} FROM balance_periods p
      WHERE p.org_id = ${orgId} AND p.customer_id = ${customerId} AND p.valid_from <= ${on}
        AND (p.valid_to IS NULL OR p.valid_to > ${on})`;
  }
  return sql`
    SELECT ${itemColumns} FROM balance_periods p
    WHERE p.org_id = ${orgId} AND p.valid_to IS NULL AND p.valid_from <= ${on}
    UNION ALL
    SELECT ${itemColumns} FROM generate_series(0, ${spanClassMax}) AS k (span_class)
    CROSS JOIN LATERAL (
      SELECT q.* FROM balance_periods q
      WHERE q.org_id = ${orgId} AND q.valid_to IS NOT NULL AND q.span_class = k.span_class
        -- The window is clipped at the first date PostgreSQL has, so that a wide class cannot reach
        -- below the calendar.
        AND q.valid_from > ${on} - least(2 << k.span_class, ${on} - date '4713-01-01 BC') AND q.valid_from <= ${on}
        AND q.valid_to > ${on}
    ) p`;
};

/**
 * The same items and balances by a plain scan of the ledger, as a straightforward report would:
 * every invoice issued by the date less its applications by then, every payment and credit note
 * less what it applied and refunded by then. The benchmark's reference, and nothing else's.
 */
export const openItemsByScan: OpenItems = (orgId, asOf, customerId) => {
  const on = typeof asOf === 'string' ? sql`${asOf}::date` : asOf;
  const customer = (alias: string) =>
    customerId === undefined ? sql`true` : sql`${sql.ref(`${alias}.customer_id`)} = ${customerId}`;
  return sql`
    SELECT 'invoice'::text AS item_type, i.id AS item_id, i.customer_id, i.currency, i.issued_on AS document_on, i.due_on,
      (i.total_minor - coalesce(a.applied_minor, 0))::int8 AS balance_minor
    FROM invoices i
    LEFT JOIN (
      SELECT invoice_id, sum(amount_minor) AS applied_minor FROM applications a
      WHERE a.org_id = ${orgId} AND a.applied_on <= ${on} AND ${customer('a')} GROUP BY invoice_id
    ) a ON a.invoice_id = i.id
    WHERE i.org_id = ${orgId} AND i.status <> 'draft' AND i.issued_on <= ${on} AND ${customer('i')}
      AND NOT (i.status = 'void' AND i.voided_on <= ${on}) AND i.total_minor - coalesce(a.applied_minor, 0) <> 0
    UNION ALL
    SELECT s.item_type, s.id, s.customer_id, s.currency, s.document_on, NULL::date,
      (-(s.amount_minor - coalesce(a.applied_minor, 0) - coalesce(r.refunded_minor, 0)))::int8
    FROM (
      SELECT 'payment'::text AS item_type, p.id, p.customer_id, p.currency, p.received_on AS document_on, p.amount_minor
      FROM payments p
      LEFT JOIN payment_reversals v ON v.org_id = p.org_id AND v.payment_id = p.id AND v.reversed_on <= ${on}
      WHERE p.org_id = ${orgId} AND p.received_on <= ${on} AND v.id IS NULL AND ${customer('p')}
      UNION ALL
      SELECT 'credit_note', c.id, c.customer_id, c.currency, c.issued_on, c.total_minor
      FROM credit_notes c WHERE c.org_id = ${orgId} AND c.issued_on <= ${on} AND ${customer('c')}
    ) s
    LEFT JOIN (
      SELECT source_id, sum(amount_minor) AS applied_minor FROM applications a
      WHERE a.org_id = ${orgId} AND a.source_type IN ('payment', 'credit_note') AND a.applied_on <= ${on} AND ${customer('a')}
      GROUP BY source_id
    ) a ON a.source_id = s.id
    LEFT JOIN (
      SELECT source_id, sum(amount_minor) AS refunded_minor FROM refunds r
      WHERE r.org_id = ${orgId} AND r.refunded_on <= ${on} AND ${customer('r')} GROUP BY source_id
    ) r ON r.source_id = s.id
    WHERE s.amount_minor - coalesce(a.applied_minor, 0) - coalesce(r.refunded_minor, 0) <> 0`;
};
