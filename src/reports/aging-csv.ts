import { stringify } from 'csv-stringify/sync';
import { formatAmount } from '../core/money.js';
import { spreadsheetSafe } from '../core/spreadsheet-cell.js';
import type { AgingReport } from './get-aging.service.js';

/**
 * The aging summary as CSV: customer_ref,customer_name,currency, a column per bucket, unapplied,
 * balance; one row per customer and currency, then a TOTAL row per currency. Amounts are decimal
 * strings in major units.
 */
export function agingSummaryCsv(report: AgingReport): string {
  const header = [
    'customer_ref',
    'customer_name',
    'currency',
    ...report.buckets.map((b) => b.label),
    'unapplied',
    'balance',
  ];
  const rows: string[][] = [header];
  const figures = (
    row: { bucketsMinor: readonly bigint[]; unappliedMinor: bigint; balanceMinor: bigint },
    currency: string,
  ) =>
    [...row.bucketsMinor, row.unappliedMinor, row.balanceMinor].map((minor) =>
      formatAmount(minor, currency),
    );
  for (const currency of report.currencies) {
    for (const customer of currency.customers) {
      rows.push([
        customer.customerRef,
        customer.customerName,
        currency.currency,
        ...figures(customer, currency.currency),
      ]);
    }
  }
  for (const currency of report.currencies) {
    rows.push(['TOTAL', '', currency.currency, ...figures(currency.totals, currency.currency)]);
  }
  return stringify(rows.map((row) => row.map(spreadsheetSafe)));
}

/** Every open item as of the date, one row each; credit shows in the unapplied bucket, negative. */
export function agingDetailCsv(report: AgingReport): string {
  const header = [
    'customer_ref',
    'customer_name',
    'type',
    'number',
    'currency',
    'document_date',
    'due_date',
    'age_days',
    'bucket',
    'total',
    'balance',
  ];
  const rows: string[][] = [header];
  for (const item of report.items ?? []) {
    rows.push([
      item.customer_ref,
      item.customer_name,
      item.item_type,
      item.number ?? '',
      item.currency,
      item.document_on,
      item.due_on ?? '',
      item.age_days === null ? '' : String(item.age_days),
      item.bucket < 0 ? 'unapplied' : report.buckets[item.bucket]!.label,
      formatAmount(item.total_minor, item.currency),
      formatAmount(item.balance_minor, item.currency),
    ]);
  }
  return stringify(rows.map((row) => row.map(spreadsheetSafe)));
}
