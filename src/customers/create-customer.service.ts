import type { Actor } from '../core/actor.js';
import { AppError, unwrap } from '../core/errors.js';
import { newId } from '../core/ids.js';
import { recordAudit } from '../platform/audit/audit.sql.js';
import type { Database } from '../platform/db/database.js';
import { parseContactInput, parseCustomerInput, type ContactInput, type CustomerInput } from './customer.js';
import { findCustomer, insertContact, insertCustomer, refTaken } from './customer.sql.js';

/**
 * Creates a customer, with its contacts.
 * Codes: ref_invalid, name_required, currency_unknown, terms_invalid, amount_invalid,
 * customer_ref_taken, email_invalid, contact_role_invalid, email_required.
 */
export async function createCustomer(
  database: Database,
  actor: Actor,
  input: CustomerInput & { contacts?: readonly ContactInput[] | undefined },
) {
  const fields = unwrap(parseCustomerInput(input));
  const contacts = (input.contacts ?? []).map((contact, index) => {
    const parsed = parseContactInput(contact);
    if (!parsed.ok) throw AppError.fromDomain({ ...parsed.error, field: `contacts[${index}].${parsed.error.field ?? ''}` });
    return parsed.value;
  });
  const id = newId();
  return database.transaction(async ({ db }) => {
    if (await refTaken(db, actor.orgId, fields.ref)) {
      throw new AppError('conflict', 'customer_ref_taken', `A customer with ref ${fields.ref} exists.`, 'ref');
    }
    await insertCustomer(db, actor.orgId, id, fields);
    for (const contact of contacts) await insertContact(db, actor.orgId, id, newId(), contact);
    await recordAudit(db, actor, [{ action: 'customer.created', entityType: 'customer', entityId: id, after: { ...fields, contacts } }]);
    return (await findCustomer(db, actor.orgId, id))!;
  });
}
