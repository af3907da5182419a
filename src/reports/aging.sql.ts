import { sql, type RawBuilder } from 'kysely';
import type { CalendarDate } from '../core/calendar-date.js';
import type { Db } from '../platform/db/database.js';
import type { AgingBasis } from './aging.js';

export interface ReportScope {
  readonly customerId?: string | undefined;
  readonly collectorId?: string | undefined;
  readonly tag?: string | undefined;
  readonly currency?: string | undefined;
}

/** Longest possible step: 0001-01-01 to 9999-12-31 is under 2^22 days (see migration 0003). */
const spanClassMax = 21;

/**
 * The balance steps open on `asOf` (valid_from <= asOf < valid_to): every invoice, payment and
 * credit note with a non-zero balance that day, and its balance then. For one customer its own
 * index has every step of that customer; otherwise each span class is read in the window where
 * its steps can be open, and the steps still open through their own index (migration 0003).
 */
export type OpenItems = (orgId: string, asOf: CalendarDate | RawBuilder<unknown>, customerId?: string) => RawBuilder<unknown>;

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
  const customer = (alias: string) => (customerId === undefined ? sql`true` : sql`${sql.ref(`${alias}.customer_id`)} = ${customerId}`);
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

export function scopeConditions(scope: ReportScope): RawBuilder<unknown> {
  const conditions: RawBuilder<unknown>[] = [sql`true`];
  if (scope.customerId !== undefined) conditions.push(sql`c.id = ${scope.customerId}`);
  if (scope.collectorId !== undefined) conditions.push(sql`c.collector_id = ${scope.collectorId}`);
  if (scope.tag !== undefined) conditions.push(sql`${scope.tag} = ANY (c.tags)`);
  if (scope.currency !== undefined) conditions.push(sql`o.currency = ${scope.currency}`);
  return sql.join(conditions, sql` AND `);
}

/** Days of age on `asOf`: past the due date, or since the issue date. */
function ageDays(basis: AgingBasis, asOf: CalendarDate): RawBuilder<number> {
  return basis === 'due' ? sql<number>`(${asOf}::date - o.due_on)` : sql<number>`(${asOf}::date - o.document_on)`;
}

/** An invoice's bucket by its age (width_bucket over the buckets' first days); -1 for credit. */
function bucketOf(basis: AgingBasis, asOf: CalendarDate, lowerEdges: readonly number[]): RawBuilder<number> {
  return sql<number>`CASE WHEN o.item_type = 'invoice' THEN width_bucket(${ageDays(basis, asOf)}, ${[...lowerEdges]}::int[]) ELSE -1 END`;
}

export interface AgingSummaryRow {
  customer_id: string;
  customer_ref: string;
  customer_name: string;
  currency: string;
  /** The bucket of invoices; -1 for unapplied credit. */
  bucket: number;
  balance_minor: bigint;
}

/** Balances as of a date per customer, currency and bucket, summed in the database. */
export async function agingSummary(
  db: Db,
  orgId: string,
  asOf: CalendarDate,
  basis: AgingBasis,
  lowerEdges: readonly number[],
  scope: ReportScope,
  items: OpenItems = openItemsAsOf,
): Promise<AgingSummaryRow[]> {
  const result = await sql<AgingSummaryRow>`
    WITH o AS MATERIALIZED (${items(orgId, asOf, scope.customerId)}),
    buckets AS (
      SELECT o.customer_id, o.currency,
        ${bucketOf(basis, asOf, lowerEdges)} AS bucket,
        sum(o.balance_minor) AS balance_minor
      FROM o GROUP BY 1, 2, 3
    )
    SELECT c.id AS customer_id, c.ref AS customer_ref, c.name AS customer_name, o.currency, o.bucket, o.balance_minor
    FROM buckets o JOIN customers c ON c.org_id = ${orgId} AND c.id = o.customer_id
    WHERE ${scopeConditions(scope)}
    ORDER BY o.currency, c.name, c.ref, c.id, o.bucket`.execute(db);
  return result.rows;
}

export interface AgingDetailRow {
  customer_id: string;
  customer_ref: string;
  customer_name: string;
  item_type: 'invoice' | 'payment' | 'credit_note';
  item_id: string;
  /** Invoice or credit-note number, or the payment's reference. */
  number: string | null;
  currency: string;
  document_on: string;
  due_on: string | null;
  /** Null for credit under the due basis: credit has no due date. */
  age_days: number | null;
  bucket: number;
  total_minor: bigint;
  balance_minor: bigint;
}

/** Every item open as of a date, with its balance then, its age and its bucket. */
export async function agingDetail(
  db: Db,
  orgId: string,
  asOf: CalendarDate,
  basis: AgingBasis,
  lowerEdges: readonly number[],
  scope: ReportScope,
): Promise<AgingDetailRow[]> {
  const result = await sql<AgingDetailRow>`
    WITH o AS MATERIALIZED (${openItemsAsOf(orgId, asOf, scope.customerId)})
    SELECT c.id AS customer_id, c.ref AS customer_ref, c.name AS customer_name, o.item_type, o.item_id,
      coalesce(i.number, n.number, p.reference) AS number, o.currency, o.document_on, o.due_on,
      ${ageDays(basis, asOf)} AS age_days,
      ${bucketOf(basis, asOf, lowerEdges)} AS bucket,
      coalesce(i.total_minor, n.total_minor, p.amount_minor) AS total_minor, o.balance_minor
    FROM o
    JOIN customers c ON c.org_id = ${orgId} AND c.id = o.customer_id
    LEFT JOIN invoices i ON o.item_type = 'invoice' AND i.org_id = ${orgId} AND i.id = o.item_id
    LEFT JOIN credit_notes n ON o.item_type = 'credit_note' AND n.org_id = ${orgId} AND n.id = o.item_id
    LEFT JOIN payments p ON o.item_type = 'payment' AND p.org_id = ${orgId} AND p.id = o.item_id
    WHERE ${scopeConditions(scope)}
    ORDER BY o.currency, c.name, c.ref, c.id, o.item_type <> 'invoice', coalesce(o.due_on, o.document_on), o.document_on, o.item_id`.execute(db);
  return result.rows;
}
