import { paymentAccountJson } from '../core/payment-account.js';
import { postalAddressJson } from '../core/postal-address.js';
import type { SellerMasterData } from './seller-details.js';
import type { Db } from '../platform/db/database.js';

export async function insertOrganization(
  db: Db,
  org: { id: string; slug: string; name: string; baseCurrency: string; timeZone: string },
): Promise<void> {
  await db
    .insertInto('organizations')
    .values({
      id: org.id,
      slug: org.slug,
      name: org.name,
      base_currency: org.baseCurrency,
      time_zone: org.timeZone,
    })
    .execute();
  await db
    .insertInto('document_sequences')
    .values([
      { org_id: org.id, kind: 'invoice', prefix: 'INV-', next_number: 1n },
      { org_id: org.id, kind: 'credit_note', prefix: 'CN-', next_number: 1n },
    ])
    .execute();
}

export async function findOrganization(db: Db, idOrSlug: string) {
  const isUuid = /^[0-9a-f-]{36}$/i.test(idOrSlug);
  return db
    .selectFrom('organizations')
    .selectAll()
    .where(isUuid ? 'id' : 'slug', '=', idOrSlug)
    .executeTakeFirst();
}

export async function listOrganizations(db: Db) {
  return db.selectFrom('organizations').selectAll().orderBy('created_at').execute();
}

export async function slugExists(db: Db, slug: string): Promise<boolean> {
  return (
    (await db
      .selectFrom('organizations')
      .select('id')
      .where('slug', '=', slug)
      .executeTakeFirst()) !== undefined
  );
}

export async function organizationTimeZone(db: Db, orgId: string): Promise<string> {
  const row = await db
    .selectFrom('organizations')
    .select('time_zone')
    .where('id', '=', orgId)
    .executeTakeFirstOrThrow();
  return row.time_zone;
}

/** The settings an organization changes about itself, locked when the caller is about to change them. */
export async function organizationSettingsRow(
  db: Db,
  orgId: string,
  options: { forUpdate?: boolean } = {},
) {
  let query = db
    .selectFrom('organizations')
    .select(['id', 'slug', 'name', 'base_currency', 'time_zone', 'created_at'])
    .where('id', '=', orgId);
  if (options.forUpdate) query = query.forUpdate();
  return query.executeTakeFirstOrThrow();
}

export async function updateOrganizationRow(
  db: Db,
  orgId: string,
  changes: { name: string; timeZone: string },
): Promise<void> {
  await db
    .updateTable('organizations')
    .set({ name: changes.name, time_zone: changes.timeZone })
    .where('id', '=', orgId)
    .execute();
}

const sellerColumns = [
  'legal_name',
  'address',
  'vat_id',
  'registration_id',
  'electronic_address_scheme',
  'electronic_address_id',
  'payment_accounts',
  'invoice_footer',
  'logo_document_id',
] as const;

/** The organization's master data as a seller, locked when the caller is about to change it. */
export async function sellerRow(db: Db, orgId: string, options: { forUpdate?: boolean } = {}) {
  let query = db
    .selectFrom('organizations')
    .select(['name', 'company_details', ...sellerColumns])
    .where('id', '=', orgId);
  if (options.forUpdate) query = query.forUpdate();
  return query.executeTakeFirstOrThrow();
}

export type SellerRow = Awaited<ReturnType<typeof sellerRow>>;

export async function updateSellerRow(db: Db, orgId: string, data: SellerMasterData) {
  await db
    .updateTable('organizations')
    .set({
      legal_name: data.legalName,
      address: data.address === null ? null : JSON.stringify(postalAddressJson(data.address)),
      vat_id: data.vatId,
      registration_id: data.registrationId,
      electronic_address_scheme: data.electronicAddress?.scheme ?? null,
      electronic_address_id: data.electronicAddress?.id ?? null,
      payment_accounts: JSON.stringify(data.paymentAccounts.map(paymentAccountJson)),
      invoice_footer: data.invoiceFooter,
    })
    .where('id', '=', orgId)
    .execute();
}

export async function setLogoDocument(db: Db, orgId: string, documentId: string | null) {
  await db
    .updateTable('organizations')
    .set({ logo_document_id: documentId })
    .where('id', '=', orgId)
    .execute();
}
