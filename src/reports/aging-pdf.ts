import { formatAmount } from '../core/money.js';
import {
  renderTableDocument,
  type DocumentBlock,
  type TableColumn,
} from '../platform/pdf/table-document.js';
import type { AgingReport } from './get-aging.service.js';

const basisText = {
  due: 'by due date (days past due)',
  issue: 'by issue date (days since issue)',
} as const;

/** The aging as a landscape PDF: per currency, a row per customer and a total; then the items if asked for. */
export function agingPdf(
  report: AgingReport,
  context: { organizationName: string; filters?: readonly string[] },
): Promise<Buffer> {
  const columns: TableColumn[] = [
    { header: 'Customer', width: 4 },
    { header: 'Ref', width: 1.6 },
    ...report.buckets.map((bucket) => ({
      header: bucket.label,
      width: 1.5,
      align: 'right' as const,
    })),
    { header: 'Unapplied', width: 1.5, align: 'right' },
    { header: 'Balance', width: 1.7, align: 'right' },
  ];
  const blocks: DocumentBlock[] = [];
  if (report.currencies.length === 0)
    blocks.push({ kind: 'text', text: 'Nothing was owed or in credit on this date.' });
  for (const currency of report.currencies) {
    const money = (minor: bigint) => formatAmount(minor, currency.currency);
    const figures = (row: {
      bucketsMinor: readonly bigint[];
      unappliedMinor: bigint;
      balanceMinor: bigint;
    }) => [...row.bucketsMinor.map(money), money(row.unappliedMinor), money(row.balanceMinor)];
    blocks.push({ kind: 'heading', text: currency.currency });
    blocks.push({
      kind: 'table',
      columns,
      rows: [
        ...currency.customers.map((c) => ({
          cells: [c.customerName, c.customerRef, ...figures(c)],
        })),
        { cells: ['Total', '', ...figures(currency.totals)], emphasis: true },
      ],
    });
  }
  if (report.items) {
    blocks.push({ kind: 'heading', text: 'Open items' });
    blocks.push({
      kind: 'table',
      columns: [
        { header: 'Customer', width: 3 },
        { header: 'Type', width: 1.3 },
        { header: 'Number', width: 1.6 },
        { header: 'Date', width: 1.4 },
        { header: 'Due', width: 1.4 },
        { header: 'Days', width: 0.8, align: 'right' },
        { header: 'Bucket', width: 1.1 },
        { header: 'Total', width: 1.6, align: 'right' },
        { header: 'Balance', width: 1.6, align: 'right' },
      ],
      rows: report.items.map((item) => ({
        cells: [
          item.customer_name,
          item.item_type.replace('_', ' '),
          item.number ?? '',
          item.document_on,
          item.due_on ?? '',
          item.age_days === null ? '' : String(item.age_days),
          item.bucket < 0 ? 'unapplied' : report.buckets[item.bucket]!.label,
          `${formatAmount(item.total_minor, item.currency)} ${item.currency}`,
          `${formatAmount(item.balance_minor, item.currency)} ${item.currency}`,
        ],
      })),
    });
  }
  return renderTableDocument({
    title: `Aging as of ${report.asOf}`,
    subtitle: [
      context.organizationName,
      `Aged ${basisText[report.basis]}`,
      ...(context.filters ?? []),
    ].filter(Boolean),
    blocks,
    landscape: true,
  });
}
