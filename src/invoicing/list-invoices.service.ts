import type { Actor } from '../core/actor.js';
import { AppError } from '../core/errors.js';
import type { Database } from '../platform/db/database.js';
import type { PageRequest } from '../platform/db/pagination.js';
import { invoiceSorts, listInvoices as invoiceRows, type InvoiceFilter } from './invoice.sql.js';

export type { InvoiceFilter };

/** The keys a list of invoices sorts by (`?sort=`, `-` for descending). */
export const invoiceSortKeys = Object.keys(invoiceSorts);

/**
 * A page of the organization's invoices with their customer's ref and name, sorted by one of
 * invoiceSortKeys. Codes: sort_invalid, limit_invalid, cursor_invalid.
 */
export async function listInvoices(
  database: Database,
  actor: Actor,
  filter: InvoiceFilter,
  sortKey: string,
  page: PageRequest,
) {
  const sort = Object.hasOwn(invoiceSorts, sortKey) ? invoiceSorts[sortKey] : undefined;
  if (!sort) {
    throw new AppError(
      'invalid',
      'sort_invalid',
      `The sort is one of ${invoiceSortKeys.join(', ')}.`,
      'sort',
    );
  }
  return invoiceRows(database.db, actor.orgId, filter, sort, page);
}
