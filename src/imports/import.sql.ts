import { sql } from 'kysely';
import type { ContactFields, CustomerFields } from '../customers/customer.js';
import type { Database, Db, Tx } from '../platform/db/database.js';

/**
 * The queries of imports. Each takes the whole file's keys in one array parameter, so that a file
 * of 100,000 rows costs one round trip per question, not one per row.
 */

export async function invoiceNumbersTaken(
  db: Db,
  orgId: string,
  numbers: readonly string[],
): Promise<Set<string>> {
  if (numbers.length === 0) return new Set();
  const rows = await db
    .selectFrom('invoices')
    .select('number')
    .where('org_id', '=', orgId)
    .where('number', '=', sql<string>`any(${sql.val(numbers)}::text[])`)
    .execute();
  return new Set(rows.map((row) => row.number!));
}

export async function creditNoteNumbersTaken(
  db: Db,
  orgId: string,
  numbers: readonly string[],
): Promise<Set<string>> {
  if (numbers.length === 0) return new Set();
  const rows = await db
    .selectFrom('credit_notes')
    .select('number')
    .where('org_id', '=', orgId)
    .where('number', '=', sql<string>`any(${sql.val(numbers)}::text[])`)
    .execute();
  return new Set(rows.map((row) => row.number));
}

/** References of payments already recorded: importing the same payment twice would count its cash twice. */
export async function paymentRefsTaken(
  db: Db,
  orgId: string,
  refs: readonly string[],
): Promise<Set<string>> {
  if (refs.length === 0) return new Set();
  const rows = await db
    .selectFrom('payments')
    .select('reference')
    .distinct()
    .where('org_id', '=', orgId)
    .where('reference', '=', sql<string>`any(${sql.val(refs)}::text[])`)
    .execute();
  return new Set(rows.map((row) => row.reference!));
}

/**
 * Invoices by number, with their customer's ref for messages; drafts have no number and are
 * never found. The caller locks them (lockOpenInvoices) before reading their balances.
 */
export async function invoicesByNumber(db: Db, orgId: string, numbers: readonly string[]) {
  if (numbers.length === 0) return new Map<string, { id: string; customerRef: string }>();
  const rows = await db
    .selectFrom('invoices')
    .innerJoin('customers', (join) =>
      join
        .onRef('customers.org_id', '=', 'invoices.org_id')
        .onRef('customers.id', '=', 'invoices.customer_id'),
    )
    .select(['invoices.id', 'invoices.number', 'customers.ref'])
    .where('invoices.org_id', '=', orgId)
    .where('invoices.number', '=', sql<string>`any(${sql.val(numbers)}::text[])`)
    .execute();
  return new Map(rows.map((row) => [row.number!, { id: row.id, customerRef: row.ref }]));
}

export interface ImportedCustomer {
  readonly id: string;
  readonly fields: CustomerFields;
  readonly contact: { readonly id: string; readonly fields: ContactFields } | null;
}

/** Writes customers and their contacts with COPY; the columns not listed take their defaults. */
export async function copyCustomers(
  tx: Tx,
  orgId: string,
  customers: readonly ImportedCustomer[],
): Promise<void> {
  await tx.copy(
    'customers',
    [
      'org_id',
      'id',
      'ref',
      'name',
      'legal_name',
      'tax_id',
      'currency',
      'terms_code',
      'credit_limit_minor',
      'notes',
    ],
    customers.map(({ id, fields }) => [
      orgId,
      id,
      fields.ref,
      fields.name,
      fields.legalName,
      fields.taxId,
      fields.currency,
      fields.termsCode,
      fields.creditLimitMinor,
      fields.notes,
    ]),
  );
  await tx.copy(
    'contacts',
    ['org_id', 'id', 'customer_id', 'name', 'email', 'phone', 'role', 'receives_reminders'],
    customers.flatMap(({ id, contact }) =>
      contact === null
        ? []
        : [
            [
              orgId,
              contact.id,
              id,
              contact.fields.name,
              contact.fields.email,
              contact.fields.phone,
              contact.fields.role,
              contact.fields.receivesReminders,
            ],
          ],
    ),
  );
}

const analyzedTables = [
  'customers',
  'contacts',
  'invoices',
  'invoice_lines',
  'credit_notes',
  'credit_note_lines',
  'payments',
  'applications',
  'journal_entries',
  'journal_lines',
  'audit_events',
];

/**
 * After an import the planner must see the imported rows. PGlite has no autovacuum, so without
 * this it keeps the statistics of the empty tables for good and picks plans that scan everything.
 * PostgreSQL's autovacuum analyzes on its own, but only a while after the commit: a collections
 * run started right after importing 50,000 invoices was planned for one invoice, and one of its
 * reads took 6 s instead of 0.3 s. So a large import (from `largeImportRows` rows) is analyzed on
 * PostgreSQL too; a small one is left to autovacuum, since ANALYZE of a large book's tables costs
 * about a second whatever the import's size.
 */
export async function analyzeAfterImport(database: Database, rows: number): Promise<void> {
  if (database.engine !== 'pglite' && rows < largeImportRows) return;
  await database.withConnection((query) => query(`ANALYZE ${analyzedTables.join(', ')}`));
}

const largeImportRows = 10_000;
