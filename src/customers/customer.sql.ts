import { now } from '../core/clock.js';
import { sql } from 'kysely';
import type { Db } from '../platform/db/database.js';
import type { ContactFields, CustomerFields } from './customer.js';

export function customerRow(orgId: string, id: string, fields: CustomerFields) {
  return {
    org_id: orgId,
    id,
    ref: fields.ref,
    name: fields.name,
    legal_name: fields.legalName,
    tax_id: fields.taxId,
    billing_address: fields.billingAddress ? JSON.stringify(fields.billingAddress) : null,
    currency: fields.currency,
    terms_code: fields.termsCode,
    credit_limit_minor: fields.creditLimitMinor,
    credit_hold: fields.creditHold,
    tags: [...fields.tags],
    notes: fields.notes,
    collector_id: fields.collectorId,
    registration_id: fields.registrationId,
    electronic_address_scheme: fields.electronicAddress?.scheme ?? null,
    electronic_address_id: fields.electronicAddress?.id ?? null,
    buyer_reference: fields.buyerReference,
    send_ubl: fields.sendUbl,
  };
}

export async function insertCustomer(
  db: Db,
  orgId: string,
  id: string,
  fields: CustomerFields,
): Promise<void> {
  await db
    .insertInto('customers')
    .values(customerRow(orgId, id, fields))
    .execute();
}

export async function updateCustomerRow(
  db: Db,
  orgId: string,
  id: string,
  fields: CustomerFields,
): Promise<void> {
  const { org_id: _org, id: _id, ...changes } = customerRow(orgId, id, fields);
  await db
    .updateTable('customers')
    .set({ ...changes, updated_at: now() })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .execute();
}

export async function findCustomer(
  db: Db,
  orgId: string,
  id: string,
  options: { forUpdate?: boolean } = {},
) {
  let query = db
    .selectFrom('customers')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', id);
  if (options.forUpdate) query = query.forUpdate();
  return query.executeTakeFirst();
}

export type CustomerRow = NonNullable<Awaited<ReturnType<typeof findCustomer>>>;

/**
 * The customer with this id and its organization's time zone, in one read: a payment needs both
 * before anything else, and each round trip costs a payment more than the join.
 */
export async function findCustomerWithTimeZone(db: Db, orgId: string, id: string) {
  return db
    .selectFrom('customers as c')
    .innerJoin('organizations as o', 'o.id', 'c.org_id')
    .selectAll('c')
    .select('o.time_zone as org_time_zone')
    .where('c.org_id', '=', orgId)
    .where('c.id', '=', id)
    .executeTakeFirst();
}

export async function refTaken(
  db: Db,
  orgId: string,
  ref: string,
  exceptId?: string,
): Promise<boolean> {
  let query = db
    .selectFrom('customers')
    .select('id')
    .where('org_id', '=', orgId)
    .where('ref', '=', ref);
  if (exceptId) query = query.where('id', '<>', exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

/** Customer ids by ref, for imports: one query for the whole file. */
export async function customerIdsByRef(db: Db, orgId: string, refs: readonly string[]) {
  if (refs.length === 0)
    return new Map<string, { id: string; currency: string; termsCode: string }>();
  const rows = await db
    .selectFrom('customers')
    .select(['id', 'ref', 'currency', 'terms_code'])
    .where('org_id', '=', orgId)
    .where('ref', '=', sql<string>`any(${sql.val(refs)}::text[])`)
    .execute();
  return new Map(
    rows.map((row) => [row.ref, { id: row.id, currency: row.currency, termsCode: row.terms_code }]),
  );
}

export async function listContacts(db: Db, orgId: string, customerId: string) {
  return db
    .selectFrom('contacts')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('customer_id', '=', customerId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export function contactRow(orgId: string, customerId: string, id: string, fields: ContactFields) {
  return {
    org_id: orgId,
    id,
    customer_id: customerId,
    name: fields.name,
    email: fields.email,
    phone: fields.phone,
    role: fields.role,
    receives_reminders: fields.receivesReminders,
  };
}

export async function insertContact(
  db: Db,
  orgId: string,
  customerId: string,
  id: string,
  fields: ContactFields,
) {
  await db
    .insertInto('contacts')
    .values(contactRow(orgId, customerId, id, fields))
    .execute();
}

export async function findContact(db: Db, orgId: string, customerId: string, id: string) {
  return db
    .selectFrom('contacts')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('customer_id', '=', customerId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function updateContactRow(db: Db, orgId: string, id: string, fields: ContactFields) {
  await db
    .updateTable('contacts')
    .set({
      name: fields.name,
      email: fields.email,
      phone: fields.phone,
      role: fields.role,
      receives_reminders: fields.receivesReminders,
    })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .execute();
}

export async function deleteContactRow(db: Db, orgId: string, id: string) {
  await db.deleteFrom('contacts').where('org_id', '=', orgId).where('id', '=', id).execute();
}

export async function customerHasDocuments(
  db: Db,
  orgId: string,
  customerId: string,
): Promise<boolean> {
  const row = await db
    .selectFrom('invoices')
    .select('id')
    .where('org_id', '=', orgId)
    .where('customer_id', '=', customerId)
    .union(
      db
        .selectFrom('payments')
        .select('id')
        .where('org_id', '=', orgId)
        .where('customer_id', '=', customerId),
    )
    .union(
      db
        .selectFrom('credit_notes')
        .select('id')
        .where('org_id', '=', orgId)
        .where('customer_id', '=', customerId),
    )
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
