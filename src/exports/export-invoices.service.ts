import type { Actor } from '../core/actor.js';
import { formatAmount } from '../core/money.js';
import type { Database } from '../platform/db/database.js';
import { exportBatchRows, writeCsv, type ExportInput, type ExportOptions } from './csv-output.js';
import { invoicesBatch } from './export.sql.js';

export const invoiceExportHeader = [
  'number',
  'customer_ref',
  'issue_date',
  'due_date',
  'currency',
  'total',
  'description',
  'po_number',
] as const;

/**
 * Writes every issued invoice (not drafts, not void ones) in the invoices import format, ordered
 * by number, with its total and its first line's description. What it still owes is not part of
 * the format: that follows from the credit notes and payments exported beside it.
 */
export async function exportInvoices(
  database: Database,
  actor: Actor,
  input: ExportInput,
  options: ExportOptions = {},
): Promise<number> {
  const batchSize = options.batchSize ?? exportBatchRows;
  async function* batches() {
    let after: string | null = null;
    for (;;) {
      const rows = await invoicesBatch(database.db, actor.orgId, after, batchSize);
      yield rows.map((row) => [
        row.number,
        row.customer_ref,
        row.issued_on,
        row.due_on,
        row.currency,
        formatAmount(row.total_minor, row.currency),
        row.description ?? '',
        row.po_number ?? '',
      ]);
      if (rows.length < batchSize) return;
      after = rows[rows.length - 1]!.number;
    }
  }
  return writeCsv(input.output, invoiceExportHeader, batches());
}
