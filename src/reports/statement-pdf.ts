import { formatAmount } from '../core/money.js';
import {
  renderTableDocument,
  type DocumentBlock,
  type TableColumn,
} from '../platform/pdf/table-document.js';
import type { Statement } from './get-statement.service.js';
import { addressLines, statementLineLabels } from './statement.js';

const lineColumns: TableColumn[] = [
  { header: 'Date', width: 1.3 },
  { header: 'Type', width: 1.7 },
  { header: 'Number', width: 1.7 },
  { header: 'Description', width: 4.5 },
  { header: 'Amount', width: 1.6, align: 'right' },
  { header: 'Balance', width: 1.6, align: 'right' },
];

/**
 * The statement as a portrait PDF: who it is from and to, the period, then per currency the lines
 * between the opening and closing balances, and the aging as of the last day.
 */
export function statementPdf(statement: Statement): Promise<Buffer> {
  const blocks: DocumentBlock[] = [];
  for (const section of statement.currencies) {
    const money = (minor: bigint) => formatAmount(minor, section.currency);
    blocks.push({ kind: 'heading', text: section.currency });
    blocks.push({
      kind: 'table',
      columns: lineColumns,
      rows: [
        {
          cells: [statement.from, '', '', 'Opening balance', '', money(section.openingMinor)],
          emphasis: true,
        },
        ...section.lines.map((line) => ({
          cells: [
            line.on,
            statementLineLabels[line.type],
            line.number ?? '',
            line.description,
            money(line.amountMinor),
            money(line.balanceMinor),
          ],
        })),
        {
          cells: [statement.to, '', '', 'Closing balance', '', money(section.closingMinor)],
          emphasis: true,
        },
      ],
    });
    if (section.lines.length === 0)
      blocks.push({ kind: 'text', text: 'Nothing changed the balance in this period.' });
    blocks.push({ kind: 'heading', text: `${section.currency} aging as of ${statement.to}` });
    blocks.push({
      kind: 'table',
      columns: [
        ...statement.agingBuckets.map((bucket) => ({
          header: bucket.label,
          width: 1,
          align: 'right' as const,
        })),
        { header: 'Unapplied', width: 1, align: 'right' },
        { header: 'Balance', width: 1, align: 'right' },
      ],
      rows: [
        {
          cells: [
            ...section.aging.bucketsMinor.map(money),
            money(section.aging.unappliedMinor),
            money(section.aging.balanceMinor),
          ],
        },
      ],
    });
  }
  const customer = statement.customer;
  return renderTableDocument({
    title: 'Statement of account',
    subtitle: [
      statement.organizationName,
      `Period: ${statement.from} to ${statement.to}`,
      `Customer: ${customer.legalName ?? customer.name} (${customer.ref})`,
      ...addressLines(customer.billingAddress),
      'Positive amounts are owed by you; negative amounts are credits. Aged by days past due.',
    ].filter(Boolean),
    blocks,
  });
}
