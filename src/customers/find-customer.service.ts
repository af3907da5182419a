import { calendarDateAt, type CalendarDate } from '../core/calendar-date.js';
import { now as clockNow } from '../core/clock.js';
import type { Db } from '../platform/db/database.js';
import {
  customerIdsByRef as customerIdsByRefRows,
  findCustomer as findCustomerRow,
  findCustomerWithTimeZone,
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

/**
 * The organization's customer with this id and today's date in the organization's time zone (as
 * organizationToday gives it), read together; undefined when there is no such customer.
 */
export async function findCustomerAndToday(
  db: Db,
  orgId: string,
  id: string,
  now: Date = clockNow(),
): Promise<{ customer: CustomerRow; today: CalendarDate } | undefined> {
  const row = await findCustomerWithTimeZone(db, orgId, id);
  if (!row) return undefined;
  const { org_time_zone: timeZone, ...customer } = row;
  return { customer, today: calendarDateAt(now, timeZone) };
}

/** The customers with these references, by reference: their id and currency. */
export async function customerIdsByRef(db: Db, orgId: string, refs: readonly string[]) {
  return customerIdsByRefRows(db, orgId, refs);
}

/** Customers whose name or reference starts with `prefix` (any case), by name: the header's search. */
export async function customersByPrefix(db: Db, orgId: string, prefix: string, limit: number) {
  return customerRowsByPrefix(db, orgId, prefix, limit);
}
