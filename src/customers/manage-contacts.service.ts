import type { Actor } from '../core/actor.js';
import { AppError, unwrap } from '../core/errors.js';
import { newId } from '../core/ids.js';
import { recordAudit } from '../platform/audit/audit.sql.js';
import type { Database } from '../platform/db/database.js';
import { parseContactInput, type ContactInput } from './customer.js';
import {
  deleteContactRow,
  findContact,
  findCustomer,
  insertContact,
  updateContactRow,
} from './customer.sql.js';

/** Adds a contact to a customer. Codes: customer_not_found, name_required, email_invalid, contact_role_invalid, email_required. */
export async function addContact(
  database: Database,
  actor: Actor,
  customerId: string,
  input: ContactInput,
) {
  const fields = unwrap(parseContactInput(input));
  const id = newId();
  return database.transaction(async ({ db }) => {
    if (!(await findCustomer(db, actor.orgId, customerId))) throw AppError.notFound('customer');
    await insertContact(db, actor.orgId, customerId, id, fields);
    const after = (await findContact(db, actor.orgId, customerId, id))!;
    await recordAudit(db, actor, [
      { action: 'contact.created', entityType: 'contact', entityId: id, after },
    ]);
    return after;
  });
}

export async function updateContact(
  database: Database,
  actor: Actor,
  customerId: string,
  contactId: string,
  changes: Partial<ContactInput>,
) {
  return database.transaction(async ({ db }) => {
    const before = await findContact(db, actor.orgId, customerId, contactId);
    if (!before) throw AppError.notFound('contact');
    const fields = unwrap(
      parseContactInput({
        name: changes.name ?? before.name,
        email: changes.email !== undefined ? changes.email : before.email,
        phone: changes.phone !== undefined ? changes.phone : before.phone,
        role: changes.role ?? before.role,
        receivesReminders: changes.receivesReminders ?? before.receives_reminders,
      }),
    );
    await updateContactRow(db, actor.orgId, contactId, fields);
    const after = (await findContact(db, actor.orgId, customerId, contactId))!;
    await recordAudit(db, actor, [
      { action: 'contact.updated', entityType: 'contact', entityId: contactId, before, after },
    ]);
    return after;
  });
}

export async function removeContact(
  database: Database,
  actor: Actor,
  customerId: string,
  contactId: string,
) {
  await database.transaction(async ({ db }) => {
    const before = await findContact(db, actor.orgId, customerId, contactId);
    if (!before) throw AppError.notFound('contact');
    await deleteContactRow(db, actor.orgId, contactId);
    await recordAudit(db, actor, [
      { action: 'contact.deleted', entityType: 'contact', entityId: contactId, before },
    ]);
  });
}
