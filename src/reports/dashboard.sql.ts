import { sql } from 'kysely';
import type { CalendarDate } from '../core/calendar-date.js';
import type { Db } from '../platform/db/database.js';

export interface CashWeekRow {
  currency: string;
  /** The Monday the week starts on. */
  week_start: string;
  amount_minor: bigint;
  payments: number;
}

/**
 * Money received per currency and week (weeks start on Monday) from `from` to `to`, by the date
 * it was received: a payment since reversed (a bounced cheque) was never collected, so it is left
 * out. One indexed range read of payments (payments_received).
 */
export async function cashCollectedByWeek(
  db: Db,
  orgId: string,
  from: CalendarDate,
  to: CalendarDate,
): Promise<CashWeekRow[]> {
  const result = await sql<CashWeekRow>`
    SELECT p.currency, date_trunc('week', p.received_on)::date::text AS week_start,
      sum(p.amount_minor) AS amount_minor, count(*)::int AS payments
    FROM payments p
    WHERE p.org_id = ${orgId} AND p.received_on BETWEEN ${from}::date AND ${to}::date
      AND NOT EXISTS (
        SELECT 1 FROM payment_reversals r WHERE r.org_id = ${orgId} AND r.payment_id = p.id
      )
    GROUP BY 1, 2
    ORDER BY 1, 2`.execute(db);
  return result.rows;
}

export interface ActivityRow {
  messages_sent: number;
  tasks_done: number;
  promises_made: number;
}

/**
 * What the collectors did on a day of the organization's calendar: messages that went out, tasks
 * completed, promises to pay recorded. Timestamps are compared with the day's bounds in the
 * organization's time zone, so "today" is the team's day, not the server's.
 */
export async function collectionsActivityOn(
  db: Db,
  orgId: string,
  day: CalendarDate,
): Promise<ActivityRow> {
  const result = await sql<ActivityRow>`
    WITH bounds AS (
      SELECT (${day}::date)::timestamp AT TIME ZONE o.time_zone AS starts,
        (${day}::date + 1)::timestamp AT TIME ZONE o.time_zone AS ends
      FROM organizations o WHERE o.id = ${orgId}
    )
    SELECT
      (SELECT count(*)::int FROM outbox_messages m, bounds b
        WHERE m.org_id = ${orgId} AND m.status = 'sent' AND m.sent_at >= b.starts AND m.sent_at < b.ends) AS messages_sent,
      (SELECT count(*)::int FROM collection_tasks t, bounds b
        WHERE t.org_id = ${orgId} AND t.status = 'done' AND t.completed_at >= b.starts AND t.completed_at < b.ends) AS tasks_done,
      (SELECT count(*)::int FROM promises p
        WHERE p.org_id = ${orgId} AND p.made_on = ${day}::date) AS promises_made`.execute(db);
  return result.rows[0] ?? { messages_sent: 0, tasks_done: 0, promises_made: 0 };
}
