import type { Actor } from '../core/actor.js';
import { AppError } from '../core/errors.js';
import type { Database } from '../platform/db/database.js';
import { findCustomer, listContacts } from './customer.sql.js';

/** A customer with its contacts, oldest contact first. Codes: customer_not_found. */
export async function getCustomer(database: Database, actor: Actor, id: string) {
  const customer = await findCustomer(database.db, actor.orgId, id);
  if (!customer) throw AppError.notFound('customer');
  return { customer, contacts: await listContacts(database.db, actor.orgId, customer.id) };
}
