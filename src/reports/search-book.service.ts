import type { Actor } from '../core/actor.js';
import { AppError } from '../core/errors.js';
import { customersByPrefix } from '../customers/find-customer.service.js';
import { invoicesByNumberPrefix } from '../invoicing/find-invoice.service.js';
import type { Database } from '../platform/db/database.js';

/** At most this many customers and as many invoices: a search field's list, not a report. */
export const searchLimitMax = 20;

/**
 * The customers whose name or reference, and the issued invoices whose number, start with the
 * text, in any case: what the header's search offers while the user types. Codes: search_empty.
 */
export async function searchBook(database: Database, actor: Actor, text: string, limit: number) {
  const prefix = text.trim();
  if (prefix === '')
    throw new AppError('invalid', 'search_empty', 'Type part of a name, reference or number.', 'q');
  const [customers, invoices] = await Promise.all([
    customersByPrefix(database.db, actor.orgId, prefix, limit),
    invoicesByNumberPrefix(database.db, actor.orgId, prefix, limit),
  ]);
  return { customers, invoices };
}
