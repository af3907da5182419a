import type { Actor } from '../core/actor.js';
import { AppError } from '../core/errors.js';
import type { Database } from '../platform/db/database.js';
import { invoiceIdsByNumber } from './invoice.sql.js';

/** Invoice ids for the CLI's invoice numbers, in order. Codes: invoice_not_found (naming `field`). */
export async function invoiceIdsByNumbers(
  database: Database,
  actor: Actor,
  numbers: readonly string[],
  field: string,
): Promise<string[]> {
  const found = await invoiceIdsByNumber(database.db, actor.orgId, numbers);
  return numbers.map((number) => {
    const id = found.get(number);
    if (!id)
      throw new AppError(
        'not_found',
        'invoice_not_found',
        `No invoice has the number "${number}".`,
        field,
      );
    return id;
  });
}
