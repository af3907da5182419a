import { formatAmount } from '../core/money.js';
import type { AgingRow } from './aging.js';
import type { AgingReport } from './get-aging.service.js';

/** The aging as the API and `settle aging --format json` give it: amounts as decimal strings. */
function figures(row: AgingRow, currency: string) {
  const money = (minor: bigint) => formatAmount(minor, currency);
  return {
    buckets: row.bucketsMinor.map(money),
    unapplied: money(row.unappliedMinor),
    balance: money(row.balanceMinor),
  };
}

export function agingView(report: AgingReport) {
  return {
    as_of: report.asOf,
    basis: report.basis,
    buckets: report.buckets.map((b) => ({
      label: b.label,
      from_days: b.fromDays,
      to_days: b.toDays,
    })),
    currencies: report.currencies.map((c) => ({
      currency: c.currency,
      customers: c.customers.map((row) => ({
        customer_id: row.customerId,
        customer_ref: row.customerRef,
        customer_name: row.customerName,
        ...figures(row, c.currency),
      })),
      totals: figures(c.totals, c.currency),
    })),
    ...(report.items
      ? {
          items: report.items.map((item) => ({
            customer_id: item.customer_id,
            customer_ref: item.customer_ref,
            type: item.item_type,
            id: item.item_id,
            number: item.number,
            currency: item.currency,
            document_date: item.document_on,
            due_date: item.due_on,
            age_days: item.age_days,
            bucket: item.bucket < 0 ? 'unapplied' : report.buckets[item.bucket]!.label,
            total: formatAmount(item.total_minor, item.currency),
            balance: formatAmount(item.balance_minor, item.currency),
          })),
        }
      : {}),
  };
}
