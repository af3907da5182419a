import { sql } from 'kysely';
import type { CalendarDate } from '../core/calendar-date.js';
import type { Db } from '../platform/db/database.js';
import { openItemsAsOf } from '../ledger/open-items.sql.js';

export interface QueueFactsRow {
  customer_id: string;
  customer_ref: string;
  customer_name: string;
  collector_id: string | null;
  currency: string;
  overdue_minor: bigint;
  oldest_overdue_days: number;
  open_minor: bigint;
  broken_promises: number;
  average_days_late: number | null;
  credit_hold: boolean;
  tasks_due: number;
  paused: boolean;
  pause_reason: string | null;
  paused_until: string | null;
}

/** Days of payment history the risk factor and the broken promises look back over. */
export const lookbackDays = 365;

/**
 * The facts of every account (customer and currency) that needs work on `asOf`, in one statement
 * for the whole organization or one collector's customers: invoices open that day from
 * balance_periods (the aging's source, so the amounts agree with the aging as of the same date),
 * open tasks due by then, promises broken and payments received in the year up to it.
 *
 * An account needs work when something is overdue in its currency, or when the customer has a task
 * due; a customer with tasks due and nothing overdue anywhere appears once, in its own currency.
 * Tasks belong to the customer, not to a currency, so each of its accounts counts them.
 */
export async function queueFacts(
  db: Db,
  orgId: string,
  asOf: CalendarDate,
  collectorId?: string,
): Promise<QueueFactsRow[]> {
  const collector = collectorId === undefined ? sql`true` : sql`c.collector_id = ${collectorId}`;
  const result = await sql<QueueFactsRow>`
    WITH o AS MATERIALIZED (${openItemsAsOf(orgId, asOf)}),
    balances AS (
      SELECT o.customer_id, o.currency, sum(o.balance_minor) AS open_minor,
        coalesce(sum(o.balance_minor) FILTER (WHERE o.due_on < ${asOf}::date), 0) AS overdue_minor,
        min(o.due_on) FILTER (WHERE o.due_on < ${asOf}::date) AS oldest_due_on
      FROM o WHERE o.item_type = 'invoice' GROUP BY o.customer_id, o.currency
    ),
    tasks AS (
      SELECT t.customer_id, count(*)::int4 AS tasks_due FROM collection_tasks t
      WHERE t.org_id = ${orgId} AND t.status = 'open' AND t.due_on <= ${asOf}::date
      GROUP BY t.customer_id
    ),
    accounts AS MATERIALIZED (
      SELECT a.customer_id, a.currency FROM (
        SELECT b.customer_id, b.currency FROM balances b WHERE b.overdue_minor > 0
        UNION ALL
        SELECT t.customer_id, c.currency FROM tasks t JOIN customers c ON c.org_id = ${orgId} AND c.id = t.customer_id
        WHERE NOT EXISTS (SELECT 1 FROM balances b WHERE b.customer_id = t.customer_id AND b.overdue_minor > 0)
      ) a
      JOIN customers c ON c.org_id = ${orgId} AND c.id = a.customer_id
      WHERE ${collector}
    ),
    broken AS (
      SELECT p.customer_id, p.currency, count(*)::int4 AS broken_promises FROM promises p
      WHERE p.org_id = ${orgId} AND p.status = 'broken'
        AND p.decided_on > ${asOf}::date - ${lookbackDays}::int4 AND p.decided_on <= ${asOf}::date
        AND p.customer_id IN (SELECT customer_id FROM accounts)
      GROUP BY p.customer_id, p.currency
    ),
    lateness AS (
      -- Payments received in the year, read through their date's index and hash-joined to their
      -- applications and invoices: a few hash joins beat an index lookup per application once
      -- thousands of customers are in the queue. A reversal's negative applications carry the
      -- same payment and invoice, so they net out.
      SELECT a.customer_id, a.currency, sum(a.amount_minor) AS paid_minor,
        sum(a.amount_minor::float8 * greatest(p.received_on - i.due_on, 0)) AS late_day_weighted_minor
      FROM payments p
      JOIN applications a ON a.org_id = p.org_id AND a.source_id = p.id AND a.source_type = 'payment' AND a.applied_on <= ${asOf}::date
      JOIN invoices i ON i.org_id = a.org_id AND i.id = a.invoice_id
      WHERE p.org_id = ${orgId} AND p.received_on > ${asOf}::date - ${lookbackDays}::int4 AND p.received_on <= ${asOf}::date
      GROUP BY a.customer_id, a.currency
    )
    SELECT c.id AS customer_id, c.ref AS customer_ref, c.name AS customer_name, c.collector_id, s.currency,
      coalesce(b.overdue_minor, 0) AS overdue_minor,
      coalesce(${asOf}::date - b.oldest_due_on, 0)::int4 AS oldest_overdue_days,
      coalesce(b.open_minor, 0) AS open_minor,
      coalesce(k.broken_promises, 0)::int4 AS broken_promises,
      CASE WHEN l.paid_minor > 0 THEN round((l.late_day_weighted_minor / l.paid_minor)::numeric, 1)::float8 END AS average_days_late,
      c.credit_hold,
      coalesce(t.tasks_due, 0)::int4 AS tasks_due,
      (c.collections_paused AND (c.collections_paused_until IS NULL OR c.collections_paused_until >= ${asOf}::date)) AS paused,
      c.collections_pause_reason AS pause_reason,
      c.collections_paused_until::text AS paused_until
    FROM accounts s
    JOIN customers c ON c.org_id = ${orgId} AND c.id = s.customer_id
    LEFT JOIN balances b ON b.customer_id = s.customer_id AND b.currency = s.currency
    LEFT JOIN tasks t ON t.customer_id = s.customer_id
    LEFT JOIN broken k ON k.customer_id = s.customer_id AND k.currency = s.currency
    LEFT JOIN lateness l ON l.customer_id = s.customer_id AND l.currency = s.currency`.execute(db);
  return result.rows;
}

export interface QueueTaskRow {
  customer_id: string;
  id: string;
  kind: string;
  title: string;
  due_on: string;
  assignee_id: string | null;
  open_tasks: number;
}

/** Open tasks shown beside one account; the count says how many there are in all. */
export const queueTasksShownMax = 10;

/** The open tasks of these customers, soonest due first, at most queueTasksShownMax each. */
export async function openTasksOf(
  db: Db,
  orgId: string,
  customerIds: readonly string[],
): Promise<QueueTaskRow[]> {
  if (customerIds.length === 0) return [];
  const result = await sql<QueueTaskRow>`
    SELECT customer_id, id, kind, title, due_on, assignee_id, open_tasks FROM (
      SELECT t.customer_id, t.id, t.kind, t.title, t.due_on, t.assignee_id,
        row_number() OVER (PARTITION BY t.customer_id ORDER BY t.due_on, t.id) AS position,
        count(*) OVER (PARTITION BY t.customer_id)::int4 AS open_tasks
      FROM collection_tasks t
      WHERE t.org_id = ${orgId} AND t.status = 'open' AND t.customer_id = ANY (${[...customerIds]}::uuid[])
    ) ranked
    WHERE position <= ${queueTasksShownMax}
    ORDER BY customer_id, due_on, id`.execute(db);
  return result.rows;
}

export interface LastContactRow {
  customer_id: string;
  at: Date;
  type: 'message' | 'task';
  description: string;
}

/**
 * Each customer's latest contact on or before `asOf` (in the organization's time zone): an
 * e-mail or letter sent, or a task done.
 */
export async function lastContactsOf(
  db: Db,
  orgId: string,
  customerIds: readonly string[],
  asOf: CalendarDate,
): Promise<LastContactRow[]> {
  if (customerIds.length === 0) return [];
  const ids = sql`${[...customerIds]}::uuid[]`;
  const result = await sql<LastContactRow>`
    WITH zone AS (SELECT time_zone FROM organizations WHERE id = ${orgId}),
    contacts AS (
      SELECT m.customer_id, m.sent_at AS at, 'message'::text AS type, m.subject AS description
      FROM outbox_messages m
      WHERE m.org_id = ${orgId} AND m.customer_id = ANY (${ids}) AND m.status = 'sent' AND m.sent_at IS NOT NULL
      UNION ALL
      SELECT t.customer_id, t.completed_at, 'task', t.kind || ': ' || coalesce(t.outcome, 'done') || ' (' || t.title || ')'
      FROM collection_tasks t
      WHERE t.org_id = ${orgId} AND t.customer_id = ANY (${ids}) AND t.status = 'done'
    )
    SELECT DISTINCT ON (contacts.customer_id) contacts.customer_id, contacts.at, contacts.type, contacts.description
    FROM contacts, zone
    WHERE (contacts.at AT TIME ZONE zone.time_zone)::date <= ${asOf}::date
    ORDER BY contacts.customer_id, contacts.at DESC`.execute(db);
  return result.rows;
}
