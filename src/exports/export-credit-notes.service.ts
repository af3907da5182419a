import type { Actor } from '../core/actor.js';
import { formatAmount } from '../core/money.js';
import type { Database } from '../platform/db/database.js';
import { exportBatchRows, writeCsv, type ExportInput, type ExportOptions } from './csv-output.js';
import { creditNotesBatch } from './export.sql.js';

export const creditNoteExportHeader = [
  'number',
  'customer_ref',
  'issue_date',
  'currency',
  'total',
  'invoice_number',
] as const;

/**
 * Writes every credit note in the credit notes import format, ordered by number, with the
 * invoice it was issued against (empty for standalone credit).
 */
export async function exportCreditNotes(
  database: Database,
  actor: Actor,
  input: ExportInput,
  options: ExportOptions = {},
): Promise<number> {
  const batchSize = options.batchSize ?? exportBatchRows;
  async function* batches() {
    let after: string | null = null;
    for (;;) {
      const rows = await creditNotesBatch(database.db, actor.orgId, after, batchSize);
      yield rows.map((row) => [
        row.number,
        row.customer_ref,
        row.issued_on,
        row.currency,
        formatAmount(row.total_minor, row.currency),
        row.invoice_number ?? '',
      ]);
      if (rows.length < batchSize) return;
      after = rows[rows.length - 1]!.number;
    }
  }
  return writeCsv(input.output, creditNoteExportHeader, batches());
}
