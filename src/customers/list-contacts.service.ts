import type { Actor } from '../core/actor.js';
import type { Database } from '../platform/db/database.js';
import { listContacts as contactRows } from './customer.sql.js';

/** A customer's contacts, oldest first (none for an unknown customer). */
export async function listContacts(database: Database, actor: Actor, customerId: string) {
  return contactRows(database.db, actor.orgId, customerId);
}
