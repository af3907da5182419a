import type { Actor } from '../core/actor.js';
import { AppError } from '../core/errors.js';
import type { Database } from '../platform/db/database.js';
import type { PageRequest } from '../platform/db/pagination.js';
import type { OpenBalance } from './customer.js';
import { organizationToday } from '../organizations/find-organization.service.js';
import {
  customerSorts,
  listCustomers as customerRows,
  openBalancesOf,
  type CustomerFilter,
} from './list-customers.sql.js';

export type { CustomerFilter };

/** The keys a list of customers sorts by (`?sort=`, `-` for descending). */
export const customerSortKeys = Object.keys(customerSorts);

/**
 * What each of these customers owes today (in the organization's time zone), per currency, by
 * customer id: customers that owe nothing and have no credit have no entry.
 */
export async function openBalancesOfCustomers(
  database: Database,
  actor: Actor,
  customerIds: readonly string[],
): Promise<Map<string, OpenBalance[]>> {
  const balances = new Map<string, OpenBalance[]>();
  if (customerIds.length === 0) return balances;
  const today = await organizationToday(database.db, actor.orgId);
  for (const row of await openBalancesOf(database.db, actor.orgId, customerIds, today)) {
    const list = balances.get(row.customer_id) ?? [];
    list.push({ currency: row.currency, balanceMinor: BigInt(row.balance_minor) });
    balances.set(row.customer_id, list);
  }
  return balances;
}

/**
 * A page of the organization's customers, sorted by one of customerSortKeys, each with its open
 * balance today: one query for the page's balances, not one per customer.
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
  const rows = await customerRows(database.db, actor.orgId, filter, sort, page);
  const balances = await openBalancesOfCustomers(
    database,
    actor,
    rows.items.map((row) => row.id),
  );
  return { ...rows, balances };
}
