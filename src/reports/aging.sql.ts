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
export function openItemsAsOf(orgId: string, asOf: CalendarDate | RawBuilder<unknown>, customerId?: string): RawBuilder<unknown> {
  // A date given as a value is a parameter; a column (a date per row of an outer query) is used as is.
  const on = typeof asOf === 'string' ? sql`${asOf}::date` : asOf;
  if (customerId !== undefined) {
    return sql`
      SELECT p.* FROM balance_periods p
      WHERE p.org_id = ${orgId} AND p.customer_id = ${customerId} AND p.valid_from <= ${on}
        AND (p.valid_to IS NULL OR p.valid_to > ${on})`;
  }
  return sql`
    SELECT p.* FROM balance_periods p
    WHERE p.org_id = ${orgId} AND p.valid_to IS NULL AND p.valid_from <= ${on}
    UNION ALL
    SELECT p.* FROM generate_series(0, ${spanClassMax}) AS k (span_class)
    CROSS JOIN LATERAL (
      SELECT q.* FROM balance_periods q
      WHERE q.org_id = ${orgId} AND q.valid_to IS NOT NULL AND q.span_class = k.span_class
        AND q.valid_from > ${on} - (2 << k.span_class) AND q.valid_from <= ${on}
        AND q.valid_to > ${on}
    ) p`;
}

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
): Promise<AgingSummaryRow[]> {
  const result = await sql<AgingSummaryRow>`
    WITH o AS MATERIALIZED (${openItemsAsOf(orgId, asOf, scope.customerId)}),
    buckets AS (
      SELECT o.customer_id, o.currency,
        CASE WHEN o.item_type = 'invoice' THEN width_bucket(${ageDays(basis, asOf)}, ${[...lowerEdges]}::int[]) ELSE -1 END AS bucket,
        sum(o.balance_minor)::int8 AS balance_minor
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
      CASE WHEN o.item_type = 'invoice' THEN width_bucket(${ageDays(basis, asOf)}, ${[...lowerEdges]}::int[]) ELSE -1 END AS bucket,
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

/**
 * The plain scan the benchmark compares with: each invoice's total minus its applications up to
 * the date, every credit source likewise, then bucketed. It reads the whole history.
 */
export async function agingSummaryByScan(
  db: Db,
  orgId: string,
  asOf: CalendarDate,
  basis: AgingBasis,
  lowerEdges: readonly number[],
): Promise<{ currency: string; bucket: number; balance_minor: bigint }[]> {
  const age = basis === 'due' ? sql`${asOf}::date - i.due_on` : sql`${asOf}::date - i.issued_on`;
  const result = await sql<{ currency: string; bucket: number; balance_minor: bigint }>`
    WITH invoice_items AS (
      SELECT i.currency, width_bucket(${age}, ${[...lowerEdges]}::int[]) AS bucket,
        i.total_minor - coalesce((SELECT sum(a.amount_minor) FROM applications a
          WHERE a.org_id = i.org_id AND a.invoice_id = i.id AND a.applied_on <= ${asOf}), 0) AS balance_minor
      FROM invoices i
      WHERE i.org_id = ${orgId} AND i.status <> 'draft' AND i.issued_on <= ${asOf}
        AND NOT (i.status = 'void' AND i.voided_on <= ${asOf})
    ), sources AS (
      SELECT p.id, 'payment' AS type, p.currency, p.amount_minor,
        (SELECT v.reversed_on FROM payment_reversals v WHERE v.org_id = p.org_id AND v.payment_id = p.id) AS reversed_on
      FROM payments p WHERE p.org_id = ${orgId} AND p.received_on <= ${asOf}
      UNION ALL
      SELECT c.id, 'credit_note', c.currency, c.total_minor, NULL FROM credit_notes c
      WHERE c.org_id = ${orgId} AND c.issued_on <= ${asOf}
    ), credit_items AS (
      SELECT s.currency, -1 AS bucket, CASE WHEN s.reversed_on <= ${asOf} THEN 0 ELSE -(s.amount_minor
        - coalesce((SELECT sum(a.amount_minor) FROM applications a
            WHERE a.org_id = ${orgId} AND a.source_id = s.id AND a.source_type = s.type AND a.applied_on <= ${asOf}), 0)
        - coalesce((SELECT sum(r.amount_minor) FROM refunds r
            WHERE r.org_id = ${orgId} AND r.source_id = s.id AND r.refunded_on <= ${asOf}), 0)) END AS balance_minor
      FROM sources s
    )
    SELECT currency, bucket, sum(balance_minor)::int8 AS balance_minor
    FROM (SELECT * FROM invoice_items UNION ALL SELECT * FROM credit_items) x
    WHERE balance_minor <> 0
    GROUP BY currency, bucket ORDER BY currency, bucket`.execute(db);
  return result.rows;
}
