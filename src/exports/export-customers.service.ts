import type { Actor } from '../core/actor.js';
import type { Database } from '../platform/db/database.js';
import { exportBatchRows, writeCsv, type ExportInput, type ExportOptions } from './csv-output.js';
import { customersBatch } from './export.sql.js';

export const customerExportHeader = ['ref', 'name', 'email', 'currency', 'terms'] as const;

/**
 * Writes every customer in the customers import format (`ref,name,email,currency,terms`),
 * ordered by ref. The e-mail is that of the customer's first contact who receives reminders.
 */
export async function exportCustomers(
  database: Database,
  actor: Actor,
  input: ExportInput,
  options: ExportOptions = {},
): Promise<number> {
  const batchSize = options.batchSize ?? exportBatchRows;
  async function* batches() {
    let after: string | null = null;
    for (;;) {
      const rows = await customersBatch(database.db, actor.orgId, after, batchSize);
      yield rows.map((row) => [row.ref, row.name, row.email ?? '', row.currency, row.terms_code]);
      if (rows.length < batchSize) return;
      after = rows[rows.length - 1]!.ref;
    }
  }
  return writeCsv(input.output, customerExportHeader, batches());
}
