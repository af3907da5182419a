import { sql, type RawBuilder } from 'kysely';
import type { CalendarDate } from '../core/calendar-date.js';
import type { Db } from '../platform/db/database.js';
import { openItemsAsOf, type OpenItems } from '../ledger/open-items.sql.js';
import type { ReportScope } from './aging.sql.js';

/** `alias`.customer_id and `alias`.currency within the scope. */
function scoped(orgId: string, alias: string, scope: ReportScope): RawBuilder<unknown> {
  const column = (name: string) => sql.ref(`${alias}.${name}`);
  const conditions: RawBuilder<unknown>[] = [sql`true`];
  if (scope.customerId !== undefined)
    conditions.push(sql`${column('customer_id')} = ${scope.customerId}`);
  if (scope.collectorId !== undefined || scope.tag !== undefined) {
    const customer: RawBuilder<unknown>[] = [sql`c.org_id = ${orgId}`];
    if (scope.collectorId !== undefined) customer.push(sql`c.collector_id = ${scope.collectorId}`);
    if (scope.tag !== undefined) customer.push(sql`${scope.tag} = ANY (c.tags)`);
    conditions.push(
      sql`${column('customer_id')} IN (SELECT c.id FROM customers c WHERE ${sql.join(customer, sql` AND `)})`,
    );
  }
  if (scope.currency !== undefined) conditions.push(sql`${column('currency')} = ${scope.currency}`);
  return sql.join(conditions, sql` AND `);
}

export interface ArFiguresRow {
  day: string;
  currency: string;
  ar_minor: bigint;
  past_due_minor: bigint;
  over_90_minor: bigint;
}

/**
 * A/R as of each date, per currency: the balance of everything open (unapplied credit counts
 * negative), the part of it past due on that date, and the part more than 90 days past due. One
 * statement: each date reads only what was open on it (balance_periods, migration 0003).
 */
export async function arFiguresAsOf(
  db: Db,
  orgId: string,
  dates: readonly CalendarDate[],
  scope: ReportScope,
  items: OpenItems = openItemsAsOf,
): Promise<ArFiguresRow[]> {
  if (dates.length === 0) return [];
  const result = await sql<ArFiguresRow>`
    SELECT d.day::text AS day, o.currency,
      sum(o.balance_minor) AS ar_minor,
      coalesce(sum(o.balance_minor) FILTER (WHERE o.item_type = 'invoice' AND o.due_on < d.day), 0) AS past_due_minor,
      coalesce(sum(o.balance_minor) FILTER (WHERE o.item_type = 'invoice' AND o.due_on < d.day - 90), 0) AS over_90_minor
    FROM unnest(${[...dates]}::date[]) AS d (day)
    CROSS JOIN LATERAL (${items(orgId, sql`d.day`, scope.customerId)}) o
    WHERE ${scoped(orgId, 'o', scope)}
    GROUP BY d.day, o.currency
    ORDER BY d.day, o.currency`.execute(db);
  return result.rows;
}

export interface DailyActivityRow {
  day: string;
  currency: string;
  sales_minor: bigint;
  written_off_minor: bigint;
  paid_minor: bigint;
  paid_day_weighted_minor: bigint;
}

/** The days a KPI series reads: sales from salesFrom (count-back DSO looks months back), the rest from `from`. */
export interface ActivityRange {
  readonly salesFrom: CalendarDate;
  readonly from: CalendarDate;
  readonly to: CalendarDate;
}

/**
 * What happened each day in [from, to] (sales from salesFrom on), per currency, summed in the database: credit sales
 * (invoices issued, less invoices voided and credit notes issued), write-offs, and payments
 * applied with their amount × days from the invoice's issue to the payment's receipt. A reversal's
 * negative applications carry the same payment and invoice, so they net out exactly.
 */
export async function dailyActivity(
  db: Db,
  orgId: string,
  range: ActivityRange,
  scope: ReportScope,
): Promise<DailyActivityRow[]> {
  // Sales are read from an earlier start than the rest: count-back DSO walks back months before the period.
  const { salesFrom, from, to } = range;
  const result = await sql<DailyActivityRow>`
    WITH events AS (
      SELECT i.issued_on AS day, i.currency, i.total_minor AS sales, 0::int8 AS written_off, 0::int8 AS paid, 0::numeric AS weighted
      FROM invoices i
      WHERE i.org_id = ${orgId} AND i.status <> 'draft' AND i.issued_on BETWEEN ${salesFrom} AND ${to} AND ${scoped(orgId, 'i', scope)}
      UNION ALL
      SELECT i.voided_on, i.currency, -i.total_minor, 0, 0, 0
      FROM invoices i
      WHERE i.org_id = ${orgId} AND i.status = 'void' AND i.voided_on BETWEEN ${salesFrom} AND ${to} AND ${scoped(orgId, 'i', scope)}
      UNION ALL
      SELECT n.issued_on, n.currency, -n.total_minor, 0, 0, 0
      FROM credit_notes n
      WHERE n.org_id = ${orgId} AND n.issued_on BETWEEN ${salesFrom} AND ${to} AND ${scoped(orgId, 'n', scope)}
      UNION ALL
      SELECT w.written_off_on, w.currency, 0, w.amount_minor, 0, 0
      FROM write_offs w
      WHERE w.org_id = ${orgId} AND w.written_off_on BETWEEN ${from} AND ${to} AND ${scoped(orgId, 'w', scope)}
      UNION ALL
      SELECT a.applied_on, a.currency, 0, 0, a.amount_minor, a.amount_minor::numeric * (p.received_on - i.issued_on)
      FROM applications a
      JOIN payments p ON p.org_id = a.org_id AND p.id = a.source_id
      JOIN invoices i ON i.org_id = a.org_id AND i.id = a.invoice_id
      WHERE a.org_id = ${orgId} AND a.source_type = 'payment' AND a.applied_on BETWEEN ${from} AND ${to} AND ${scoped(orgId, 'a', scope)}
    )
    SELECT day::text AS day, currency, sum(sales) AS sales_minor, sum(written_off) AS written_off_minor,
      sum(paid) AS paid_minor, sum(weighted) AS paid_day_weighted_minor
    FROM events GROUP BY day, currency ORDER BY day, currency`.execute(db);
  return result.rows;
}

/** Whether the day totals can answer for this scope: they are kept per currency, not per customer. */
export function kpiDayTotalsServe(scope: ReportScope): boolean {
  return (
    scope.customerId === undefined && scope.collectorId === undefined && scope.tag === undefined
  );
}

function currencyIs(alias: string, scope: ReportScope): RawBuilder<unknown> {
  return scope.currency === undefined
    ? sql`true`
    : sql`${sql.ref(`${alias}.currency`)} = ${scope.currency}`;
}

/**
 * arFiguresAsOf for a whole organization (or one currency of it) from the day totals: A/R is the
 * subledger's open balances less its unapplied credit (0023, with subledgerTotals' correction for
 * reversed payments), the past-due parts are kpi_day_totals' (0026). A few hundred day rows per
 * currency and date, whatever the book's size. A row is given where the open items would give one:
 * a date and currency whose figures are all zero is kept only if some item was open then.
 */
export async function arFiguresFromDayTotals(
  db: Db,
  orgId: string,
  dates: readonly CalendarDate[],
  scope: ReportScope,
): Promise<ArFiguresRow[]> {
  if (dates.length === 0) return [];
  const result = await sql<ArFiguresRow>`
    WITH d AS (SELECT unnest(${[...dates]}::date[]) AS day),
    changes AS (
      SELECT d.day, t.currency, t.open_minor - t.unapplied_minor AS ar, 0::numeric AS past_due, 0::numeric AS over_90
      FROM d JOIN subledger_day_totals t ON t.org_id = ${orgId} AND t.day <= d.day
      WHERE ${currencyIs('t', scope)}
      UNION ALL
      SELECT d.day, t.currency, 0, t.past_due_minor, t.over_90_minor
      FROM d JOIN kpi_day_totals t ON t.org_id = ${orgId} AND t.day <= d.day
      WHERE ${currencyIs('t', scope)}
      UNION ALL
      -- A reversed payment leaves the unapplied credit from its reversal date (subledgerTotals).
      SELECT d.day, p.currency, p.amount_minor
        - (SELECT coalesce(sum(a.amount_minor), 0) FROM applications a
           WHERE a.org_id = p.org_id AND a.source_id = p.id AND a.source_type = 'payment' AND a.applied_on <= d.day)
        - (SELECT coalesce(sum(r.amount_minor), 0) FROM refunds r
           WHERE r.org_id = p.org_id AND r.source_id = p.id AND r.source_type = 'payment' AND r.refunded_on <= d.day),
        0, 0
      FROM d
      JOIN payment_reversals v ON v.org_id = ${orgId} AND v.reversed_on <= d.day
      JOIN payments p ON p.org_id = v.org_id AND p.id = v.payment_id AND p.received_on <= d.day
      WHERE ${currencyIs('p', scope)}
    )
    SELECT day::text AS day, currency, sum(ar) AS ar_minor, sum(past_due) AS past_due_minor,
      sum(over_90) AS over_90_minor
    FROM changes GROUP BY day, currency ORDER BY day, currency`.execute(db);
  const zero = result.rows.filter(
    (r) => r.ar_minor === 0n && r.past_due_minor === 0n && r.over_90_minor === 0n,
  );
  if (zero.length === 0) return result.rows;
  // Rare (a currency whose items all net to zero, or long settled): ask the open items themselves.
  const open = await sql<{ day: string; currency: string }>`
    SELECT z.day::text AS day, z.currency
    FROM unnest(${zero.map((r) => r.day)}::date[], ${zero.map((r) => r.currency)}::text[]) AS z (day, currency)
    WHERE EXISTS (SELECT 1 FROM (${openItemsAsOf(orgId, sql`z.day`)}) o WHERE o.currency = z.currency)`.execute(
    db,
  );
  const kept = new Set(open.rows.map((r) => `${r.day} ${r.currency}`));
  return result.rows.filter((r) => !zero.includes(r) || kept.has(`${r.day} ${r.currency}`));
}

/**
 * dailyActivity for a whole organization (or one currency of it) from kpi_day_totals (0026): a
 * row per day and currency on which the scan would find an event, with the same sums.
 */
export async function dailyActivityFromDayTotals(
  db: Db,
  orgId: string,
  range: ActivityRange,
  scope: ReportScope,
): Promise<DailyActivityRow[]> {
  const { salesFrom, from, to } = range;
  const result = await sql<DailyActivityRow>`
    SELECT t.day::text AS day, t.currency, sum(t.sales_minor) AS sales_minor,
      coalesce(sum(t.written_off_minor) FILTER (WHERE t.day >= ${from}), 0) AS written_off_minor,
      coalesce(sum(t.paid_minor) FILTER (WHERE t.day >= ${from}), 0) AS paid_minor,
      coalesce(sum(t.paid_day_weighted_minor) FILTER (WHERE t.day >= ${from}), 0) AS paid_day_weighted_minor
    FROM kpi_day_totals t
    WHERE t.org_id = ${orgId} AND t.day BETWEEN ${salesFrom} AND ${to} AND ${currencyIs('t', scope)}
    GROUP BY t.day, t.currency
    HAVING sum(t.sales_events) > 0 OR (t.day >= ${from} AND sum(t.activity_events) > 0)
    ORDER BY t.day, t.currency`.execute(db);
  return result.rows;
}
