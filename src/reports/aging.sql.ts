import { sql, type RawBuilder } from 'kysely';
import { openItemsAsOf, type OpenItems } from '../ledger/open-items.sql.js';
import type { CalendarDate } from '../core/calendar-date.js';
import type { Db } from '../platform/db/database.js';
import type { AgingBasis } from './aging.js';

export interface ReportScope {
  readonly customerId?: string | undefined;
  readonly collectorId?: string | undefined;
  readonly tag?: string | undefined;
  readonly currency?: string | undefined;
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
  return basis === 'due'
    ? sql<number>`(${asOf}::date - o.due_on)`
    : sql<number>`(${asOf}::date - o.document_on)`;
}

/** An invoice's bucket by its age (width_bucket over the buckets' first days); -1 for credit. */
function bucketOf(
  basis: AgingBasis,
  asOf: CalendarDate,
  lowerEdges: readonly number[],
): RawBuilder<number> {
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
    ORDER BY o.currency, c.name, c.ref, c.id, o.item_type <> 'invoice', coalesce(o.due_on, o.document_on), o.document_on, o.item_id`.execute(
    db,
  );
  return result.rows;
}
