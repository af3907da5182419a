import { sql } from 'kysely';
import type { ContactFields, CustomerFields } from '../customers/customer.js';
import type { Database, Db, Tx } from '../platform/db/database.js';

/** The tables a demo writes, analysed after the load so the planner knows their new sizes. */
const demoTables = [
  'customers',
  'contacts',
  'document_sequences',
  'invoices',
  'invoice_lines',
  'credit_notes',
  'credit_note_lines',
  'payments',
  'payment_reversals',
  'write_offs',
  'applications',
  'journal_entries',
  'journal_lines',
  'audit_events',
] as const;

/**
 * Locks the organization's document sequences for the rest of the transaction: a demo load and
 * anything issuing a document in the same organization then run one after the other.
 */
export async function lockDocumentSequences(db: Db, orgId: string): Promise<void> {
  await db
    .selectFrom('document_sequences')
    .select('kind')
    .where('org_id', '=', orgId)
    .forUpdate()
    .execute();
}

/** Whether the organization has any customer, invoice or payment yet. */
export async function organizationHasData(db: Db, orgId: string): Promise<boolean> {
  const row = await db
    .selectNoFrom([
      sql<boolean>`exists (select 1 from customers where org_id = ${orgId})
        or exists (select 1 from invoices where org_id = ${orgId})
        or exists (select 1 from payments where org_id = ${orgId})`.as('has_data'),
    ])
    .executeTakeFirstOrThrow();
  return row.has_data;
}

export async function copyCustomers(
  tx: Tx,
  orgId: string,
  customers: readonly { id: string; fields: CustomerFields }[],
): Promise<number> {
  return tx.copy(
    'customers',
    [
      'org_id',
      'id',
      'ref',
      'name',
      'legal_name',
      'tax_id',
      'billing_address',
      'currency',
      'terms_code',
      'credit_limit_minor',
      'credit_hold',
      'tags',
      'notes',
      'registration_id',
      'electronic_address_scheme',
      'electronic_address_id',
      'buyer_reference',
      'send_ubl',
    ],
    customers.map(({ id, fields }) => [
      orgId,
      id,
      fields.ref,
      fields.name,
      fields.legalName,
      fields.taxId,
      fields.billingAddress,
      fields.currency,
      fields.termsCode,
      fields.creditLimitMinor,
      fields.creditHold,
      fields.tags,
      fields.notes,
      fields.registrationId,
      fields.electronicAddress?.scheme ?? null,
      fields.electronicAddress?.id ?? null,
      fields.buyerReference,
      fields.sendUbl,
    ]),
  );
}

export async function copyContacts(
  tx: Tx,
  orgId: string,
  contacts: Iterable<{ id: string; customerId: string; fields: ContactFields }>,
): Promise<number> {
  function* rows() {
    for (const { id, customerId, fields } of contacts) {
      yield [
        orgId,
        id,
        customerId,
        fields.name,
        fields.email,
        fields.phone,
        fields.role,
        fields.receivesReminders,
      ] as const;
    }
  }
  return tx.copy(
    'contacts',
    ['org_id', 'id', 'customer_id', 'name', 'email', 'phone', 'role', 'receives_reminders'],
    rows(),
  );
}

/**
 * `VACUUM ANALYZE` of the tables a demo fills: statistics for the planner, and on PGlite, which has
 * no autovacuum, the visibility map too. VACUUM cannot run inside a transaction, hence its own
 * connection.
 */
export async function vacuumAnalyzeDemoTables(database: Database): Promise<void> {
  await database.withConnection(async (query) => {
    await query(`VACUUM ANALYZE ${demoTables.join(', ')}`);
  });
}
