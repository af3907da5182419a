import { findUser } from '../auth/find-user.service.js';
import type { Actor } from '../core/actor.js';
import { AppError, unwrap } from '../core/errors.js';
import { newId } from '../core/ids.js';
import { recordAudit } from '../platform/audit/audit.sql.js';
import type { Database, Db } from '../platform/db/database.js';
import {
  parseContactInput,
  parseCustomerInput,
  type ContactInput,
  type CustomerInput,
} from './customer.js';
import { findCustomer, insertContact, insertCustomer, refTaken } from './customer.sql.js';

/**
 * Checks that a user may be assigned as a customer's collector: a user of the actor's
 * organization (one of another organization is as unknown as a made-up id, so that ids do not leak
 * across organizations) who is not disabled, since a disabled user follows up nothing.
 * Codes: collector_not_found, collector_disabled.
 */
export async function checkCollector(db: Db, orgId: string, collectorId: string): Promise<void> {
  const user = await findUser(db, orgId, collectorId);
  if (!user) throw AppError.notFound('collector', 'collector_id');
  if (user.disabled_at !== null) {
    throw new AppError(
      'invalid',
      'collector_disabled',
      'The user is disabled and cannot be a collector.',
      'collector_id',
    );
  }
}

/**
 * Creates a customer, with its contacts and optionally its collector.
 * Codes: ref_invalid, name_required, currency_unknown, terms_invalid, amount_invalid,
 * customer_ref_taken, email_invalid, contact_role_invalid, email_required, collector_id_invalid,
 * collector_not_found, collector_disabled.
 */
export async function createCustomer(
  database: Database,
  actor: Actor,
  input: CustomerInput & { contacts?: readonly ContactInput[] | undefined },
) {
  const fields = unwrap(parseCustomerInput(input));
  const contacts = (input.contacts ?? []).map((contact, index) => {
    const parsed = parseContactInput(contact);
    if (!parsed.ok)
      throw AppError.fromDomain({
        ...parsed.error,
        field: `contacts[${index}].${parsed.error.field ?? ''}`,
      });
    return parsed.value;
  });
  const id = newId();
  return database.transaction(async ({ db }) => {
    if (await refTaken(db, actor.orgId, fields.ref)) {
      throw new AppError(
        'conflict',
        'customer_ref_taken',
        `A customer with ref ${fields.ref} exists.`,
        'ref',
      );
    }
    if (fields.collectorId !== null) await checkCollector(db, actor.orgId, fields.collectorId);
    await insertCustomer(db, actor.orgId, id, fields);
    for (const contact of contacts) await insertContact(db, actor.orgId, id, newId(), contact);
    await recordAudit(db, actor, [
      {
        action: 'customer.created',
        entityType: 'customer',
        entityId: id,
        after: { ...fields, contacts },
      },
    ]);
    return (await findCustomer(db, actor.orgId, id))!;
  });
}
