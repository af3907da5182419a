import type { Db } from '../platform/db/database.js';
import {
  customerIdsByRef as customerIdsByRefRows,
  findCustomer as findCustomerRow,
  type CustomerRow,
} from './customer.sql.js';
import { customersByPrefix as customerRowsByPrefix } from './list-customers.sql.js';

// How the other areas read customers (a payment's payer, an invoice's buyer, a report's scope):
// they join the caller's transaction and never read the customers table themselves.

export type { CustomerRow };

/** The organization's customer with this id, or undefined; `forUpdate` locks it until commit. */
export async function findCustomer(
  db: Db,
  orgId: string,
  id: string,
  options: { forUpdate?: boolean } = {},
) {
  return findCustomerRow(db, orgId, id, options);
}

/** The customers with these references, by reference: their id and currency. */
export async function customerIdsByRef(db: Db, orgId: string, refs: readonly string[]) {
  return customerIdsByRefRows(db, orgId, refs);
}

/** Customers whose name or reference starts with `prefix` (any case), by name: the header's search. */
export async function customersByPrefix(db: Db, orgId: string, prefix: string, limit: number) {
  return customerRowsByPrefix(db, orgId, prefix, limit);
}
