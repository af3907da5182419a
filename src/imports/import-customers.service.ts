import type { Actor } from '../core/actor.js';
import { newId } from '../core/ids.js';
import { customerIdsByRef } from '../customers/find-customer.service.js';
import { recordAudit, recordAuditBulk, type AuditEvent } from '../platform/audit/audit.sql.js';
import type { Database } from '../platform/db/database.js';
import { readCustomersCsv, type CustomerImportRow } from './customers-csv.js';
import { ImportErrors } from './import-errors.js';
import { analyzeAfterImport, copyCustomers, type ImportedCustomer } from './import.sql.js';
import { importLabel, type ImportInput, type ImportOptions } from './import-input.js';

export interface ImportedCustomers {
  readonly customers: number;
  readonly contacts: number;
}

function* customerEvents(customers: readonly ImportedCustomer[]): Generator<AuditEvent> {
  for (const customer of customers) {
    yield {
      action: 'customer.imported',
      entityType: 'customer',
      entityId: customer.id,
      after: { ...customer.fields, contact: customer.contact?.fields ?? null },
    };
  }
}

function checkAgainstLedger(
  rows: readonly CustomerImportRow[],
  existing: ReadonlyMap<string, unknown>,
  errors: ImportErrors,
): void {
  for (const row of rows) {
    if (existing.has(row.fields.ref)) {
      errors.add(
        row.line,
        'ref',
        'customer_ref_taken',
        `A customer with ref ${row.fields.ref} exists.`,
      );
    }
  }
}

/**
 * Imports customers from CSV (see customers-csv.ts), all or nothing, with an accounts-payable
 * contact who receives reminders for each customer that has an e-mail address.
 * Codes: import_rejected, whose details list every bad row with the parser's codes and
 * customer_ref_taken.
 */
export async function importCustomers(
  database: Database,
  actor: Actor,
  input: ImportInput,
  options: ImportOptions = {},
): Promise<ImportedCustomers> {
  const progress = options.onProgress ?? (() => undefined);
  progress(0, 0, 'reading');
  const parseErrors = new ImportErrors();
  const rows = readCustomersCsv(input.csv, parseErrors);
  const total = rows.length + parseErrors.badRows;
  progress(0, total, 'checking');
  const result = await database.transaction(async (tx) => {
    const errors = parseErrors.copy();
    const existing = await customerIdsByRef(
      tx.db,
      actor.orgId,
      rows.map((row) => row.fields.ref),
    );
    checkAgainstLedger(rows, existing, errors);
    errors.throwIfAny();
    progress(0, total, 'writing');
    const customers: ImportedCustomer[] = rows.map((row) => ({
      id: newId(),
      fields: row.fields,
      contact: row.contact === null ? null : { id: newId(), fields: row.contact },
    }));
    await copyCustomers(tx, actor.orgId, customers);
    const counts = {
      customers: customers.length,
      contacts: customers.filter((customer) => customer.contact !== null).length,
    };
    await recordAuditBulk(tx, actor, customerEvents(customers));
    await recordAudit(tx.db, actor, [
      {
        action: 'customers.imported',
        entityType: 'organization',
        entityId: actor.orgId,
        after: { label: importLabel('customers', input), ...counts },
      },
    ]);
    return counts;
  });
  progress(total, total, 'finishing');
  await analyzeAfterImport(database, total);
  return result;
}
