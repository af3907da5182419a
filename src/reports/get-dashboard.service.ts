import type { Actor } from '../core/actor.js';
import type { CalendarDate } from '../core/calendar-date.js';
import { organizationToday } from '../organizations/find-organization.service.js';
import type { Database } from '../platform/db/database.js';
import type { AgingBucket, AgingRow } from './aging.js';
import { lastWeekStarts, mostOverdue, overdueMinor } from './dashboard.js';
import { cashCollectedByWeek, collectionsActivityOn } from './dashboard.sql.js';
import { getAging, type AgingCustomer } from './get-aging.service.js';

/** Weeks of cash on the dashboard, and how many customers it ranks by what they owe late. */
export const dashboardWeeks = 12;
export const dashboardTopCustomers = 5;

export interface DashboardCurrency {
  readonly currency: string;
  /** Today's due-basis aging totals (zero when the currency has only cash this quarter). */
  readonly aging: AgingRow;
  readonly overdueMinor: bigint;
  readonly topOverdue: readonly { customer: AgingCustomer; overdueMinor: bigint }[];
  readonly cashWeeks: readonly { weekStart: CalendarDate; amountMinor: bigint; payments: number }[];
  readonly paymentsToday: { amountMinor: bigint; payments: number };
}

export interface Dashboard {
  readonly asOf: CalendarDate;
  readonly buckets: readonly AgingBucket[];
  readonly currencies: readonly DashboardCurrency[];
  readonly activity: { messagesSent: number; tasksDone: number; promisesMade: number };
}

/**
 * The manager's day in one answer: today's aging per currency (what is owed, what is late and
 * how late, who owes most of it), the cash collected week by week, and today's collection work.
 * A few indexed reads (the aging over balance_periods, a range of payments, three counts), run
 * side by side, so that the home page stays quick on a large book.
 */
export async function getDashboard(database: Database, actor: Actor): Promise<Dashboard> {
  const db = database.db;
  const today = await organizationToday(db, actor.orgId);
  const weeks = lastWeekStarts(today, dashboardWeeks);
  const [aging, cash, cashToday, activity] = await Promise.all([
    getAging(database, actor, { asOf: today, basis: 'due' }),
    cashCollectedByWeek(db, actor.orgId, weeks[0]!, today),
    cashCollectedByWeek(db, actor.orgId, today, today),
    collectionsActivityOn(db, actor.orgId, today),
  ]);
  const currencies = [
    ...new Set([...aging.currencies.map((c) => c.currency), ...cash.map((row) => row.currency)]),
  ].sort();
  const none: AgingRow = {
    bucketsMinor: aging.buckets.map(() => 0n),
    unappliedMinor: 0n,
    balanceMinor: 0n,
  };
  return {
    asOf: today,
    buckets: aging.buckets,
    currencies: currencies.map((currency) => {
      const section = aging.currencies.find((c) => c.currency === currency);
      const totals = section?.totals ?? none;
      const today = cashToday.filter((row) => row.currency === currency);
      return {
        currency,
        aging: totals,
        overdueMinor: overdueMinor(totals),
        topOverdue: mostOverdue(section?.customers ?? [], dashboardTopCustomers).map((entry) => ({
          customer: entry.row,
          overdueMinor: entry.overdueMinor,
        })),
        cashWeeks: weeks.map((weekStart) => {
          const row = cash.find((r) => r.currency === currency && r.week_start === weekStart);
          return {
            weekStart,
            amountMinor: row ? BigInt(row.amount_minor) : 0n,
            payments: row?.payments ?? 0,
          };
        }),
        paymentsToday: {
          amountMinor: today.reduce((sum, row) => sum + BigInt(row.amount_minor), 0n),
          payments: today.reduce((sum, row) => sum + row.payments, 0),
        },
      };
    }),
    activity: {
      messagesSent: activity.messages_sent,
      tasksDone: activity.tasks_done,
      promisesMade: activity.promises_made,
    },
  };
}
