import type { Actor } from '../core/actor.js';
import { AppError } from '../core/errors.js';
import type { Database } from '../platform/db/database.js';
import type { PageRequest } from '../platform/db/pagination.js';
import {
  customerSorts,
  listCustomers as customerRows,
  type CustomerFilter,
} from './list-customers.sql.js';

export type { CustomerFilter };

/** The keys a list of customers sorts by (`?sort=`, `-` for descending). */
export const customerSortKeys = Object.keys(customerSorts);

/**
 * A page of the organization's customers, sorted by one of customerSortKeys.
 * Codes: sort_invalid, limit_invalid, cursor_invalid.
 */
export async function listCustomers(
  database: Database,
  actor: Actor,
  filter: CustomerFilter,
  sortKey: string,
  page: PageRequest,
) {
  const sort = Object.hasOwn(customerSorts, sortKey) ? customerSorts[sortKey] : undefined;
  if (!sort) {
    throw new AppError(
      'invalid',
      'sort_invalid',
      `The sort is one of ${customerSortKeys.join(', ')}.`,
      'sort',
    );
  }
  return customerRows(database.db, actor.orgId, filter, sort, page);
}
