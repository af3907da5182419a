import { addDays } from '../core/calendar-date.js';
import { formatAmount } from '../core/money.js';
import type { Dashboard } from './get-dashboard.service.js';

/** The dashboard as the API gives it: amounts as decimal strings in their currency. */
export function dashboardView(dashboard: Dashboard) {
  return {
    as_of: dashboard.asOf,
    buckets: dashboard.buckets.map((b) => ({
      label: b.label,
      from_days: b.fromDays,
      to_days: b.toDays,
    })),
    currencies: dashboard.currencies.map((c) => {
      const money = (minor: bigint) => formatAmount(minor, c.currency);
      return {
        currency: c.currency,
        receivable: money(c.aging.balanceMinor),
        overdue: money(c.overdueMinor),
        unapplied: money(c.aging.unappliedMinor),
        buckets: c.aging.bucketsMinor.map(money),
        top_overdue: c.topOverdue.map(({ customer, overdueMinor }) => ({
          customer_id: customer.customerId,
          customer_ref: customer.customerRef,
          customer_name: customer.customerName,
          overdue: money(overdueMinor),
          balance: money(customer.balanceMinor),
        })),
        cash_weeks: c.cashWeeks.map((week) => ({
          from: week.weekStart,
          to: addDays(week.weekStart, 6),
          amount: money(week.amountMinor),
          payments: week.payments,
        })),
        payments_today: {
          amount: money(c.paymentsToday.amountMinor),
          payments: c.paymentsToday.payments,
        },
      };
    }),
    activity: {
      messages_sent: dashboard.activity.messagesSent,
      tasks_done: dashboard.activity.tasksDone,
      promises_made: dashboard.activity.promisesMade,
    },
  };
}
