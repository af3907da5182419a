import type { Actor } from '../core/actor.js';
import { AppError } from '../core/errors.js';
import type { Database } from '../platform/db/database.js';
import type { PageRequest } from '../platform/db/pagination.js';
import { listPayments as paymentRows, paymentSorts, type PaymentFilter } from './payment.sql.js';

export type { PaymentFilter };

/** The keys a list of payments sorts by (`?sort=`, `-` for descending). */
export const paymentSortKeys = Object.keys(paymentSorts);

/**
 * A page of the organization's payments with their customer's ref, sorted by one of
 * paymentSortKeys. Codes: sort_invalid, limit_invalid, cursor_invalid.
 */
export async function listPayments(
  database: Database,
  actor: Actor,
  filter: PaymentFilter,
  sortKey: string,
  page: PageRequest,
) {
  const sort = Object.hasOwn(paymentSorts, sortKey) ? paymentSorts[sortKey] : undefined;
  if (!sort) {
    throw new AppError(
      'invalid',
      'sort_invalid',
      `The sort is one of ${paymentSortKeys.join(', ')}.`,
      'sort',
    );
  }
  return paymentRows(database.db, actor.orgId, filter, sort, page);
}
