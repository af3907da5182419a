import type { Actor } from '../core/actor.js';
import { newId } from '../core/ids.js';
import { customerIdsByRef } from '../customers/find-customer.service.js';
import { advanceSequencePast } from '../invoicing/number-documents.service.js';
import type { Book, BookCreditNote } from '../ledger/book.js';
import {
  copyApplications,
  recomputeInvoiceBalances,
  type ApplicationRow,
} from '../ledger/post-to-ledger.service.js';
import { loadBook, type LoadedBook } from '../ledger/load-book.service.js';
import type { Database } from '../platform/db/database.js';
import { checkApplications, type ApplicationClaim } from './application-checks.js';
import { readCreditNotesCsv, type CreditNoteImportRow } from './credit-notes-csv.js';
import { ImportErrors } from './import-errors.js';
import { analyzeAfterImport, creditNoteNumbersTaken } from './import.sql.js';
import {
  distinct,
  emptyLoad,
  importLabel,
  inParts,
  partLabel,
  type ImportInput,
  type ImportOptions,
} from './import-input.js';
import { singleLine } from './import-invoices.service.js';
import { earliestApplications, lockLedgerInvoices } from './lock-ledger-invoices.service.js';

export const importedCreditNoteDescription = 'Imported credit note';

type Customer = { id: string; currency: string; termsCode: string };

/** A credit note against an invoice is applied to it in full on its issue date. */
function creditNoteApplication(note: BookCreditNote, invoiceId: string): ApplicationRow {
  return {
    customerId: note.customerId,
    invoiceId,
    sourceType: 'credit_note',
    sourceId: note.id,
    amountMinor: note.totals.totalMinor,
    currency: note.currency,
    appliedOn: note.issuedOn,
  };
}

function checkDocuments(
  rows: readonly CreditNoteImportRow[],
  customers: ReadonlyMap<string, Customer>,
  taken: ReadonlySet<string>,
  errors: ImportErrors,
): ApplicationClaim[] {
  const claims: ApplicationClaim[] = [];
  for (const row of rows) {
    const customer = customers.get(row.customerRef);
    if (customer === undefined) {
      errors.add(
        row.line,
        'customer_ref',
        'customer_not_found',
        `There is no customer with ref ${row.customerRef}.`,
      );
    }
    if (taken.has(row.number)) {
      errors.add(
        row.line,
        'number',
        'credit_note_number_taken',
        `Credit note ${row.number} is already in the ledger.`,
      );
    }
    if (customer !== undefined && row.invoiceNumber !== null) {
      claims.push({
        line: row.line,
        invoiceNumber: row.invoiceNumber,
        customerId: customer.id,
        currency: row.currency,
        appliedOn: row.issuedOn,
        amountMinor: row.totalMinor,
      });
    }
  }
  return claims;
}

/**
 * Imports credit notes from CSV (see credit-notes-csv.ts), all or nothing. One with an invoice
 * number is applied in full to that invoice on its issue date, which must leave the invoice's
 * open balance (counting every row of the file that credits it) at zero or more; one without
 * stays the customer's unapplied credit.
 * Codes: import_rejected, whose details list every bad row with the parser's codes and
 * customer_not_found, credit_note_number_taken, invoice_not_found, invoice_customer_mismatch,
 * currency_mismatch, invoice_not_open, application_before_issue, credit_exceeds_open_balance.
 */
export async function importCreditNotes(
  database: Database,
  actor: Actor,
  input: ImportInput,
  options: ImportOptions = {},
): Promise<LoadedBook> {
  const progress = options.onProgress ?? (() => undefined);
  progress(0, 0, 'reading');
  const parseErrors = new ImportErrors();
  const rows = readCreditNotesCsv(input.csv, parseErrors);
  const total = rows.length + parseErrors.badRows;
  progress(0, total, 'checking');
  const result = await database.transaction(async (tx) => {
    const { db } = tx;
    const errors = parseErrors.copy();
    const customers = await customerIdsByRef(
      db,
      actor.orgId,
      distinct(rows.map((row) => row.customerRef)),
    );
    const taken = await creditNoteNumbersTaken(
      db,
      actor.orgId,
      rows.map((row) => row.number),
    );
    const invoices = await lockLedgerInvoices(
      db,
      actor.orgId,
      earliestApplications(
        rows.map((row) => ({ invoiceNumber: row.invoiceNumber, on: row.issuedOn })),
      ),
    );
    const claims = checkDocuments(rows, customers, taken, errors);
    const accepted = checkApplications(claims, invoices, errors, {
      invoice: 'invoice_number',
      amount: 'total',
      exceedsCode: 'credit_exceeds_open_balance',
    });
    errors.throwIfAny();
    progress(0, total, 'writing');
    const invoiceIdByLine = new Map(accepted.map(({ claim, invoice }) => [claim.line, invoice.id]));
    const creditNotes: BookCreditNote[] = rows.map((row) => ({
      id: newId(),
      customerId: customers.get(row.customerRef)!.id,
      number: row.number,
      invoiceId: invoiceIdByLine.get(row.line) ?? null,
      currency: row.currency,
      issuedOn: row.issuedOn,
      lines: [singleLine(importedCreditNoteDescription, row.totalMinor)],
      totals: { subtotalMinor: row.totalMinor, taxMinor: 0n, totalMinor: row.totalMinor },
      reason: null,
    }));
    // The invoices were issued before this import, so the book loader cannot apply to them: the
    // applications are appended beside each part.
    const parts = inParts(creditNotes);
    let written = 0;
    let applied = 0;
    const invoiceIds = new Set<string>();
    for (const [index, part] of parts.entries()) {
      const book: Book = {
        origin: 'import',
        invoices: [],
        creditNotes: part,
        payments: [],
        writeOffs: [],
        reversals: [],
        applications: [],
      };
      await loadBook(
        tx,
        actor,
        book,
        partLabel(importLabel('credit notes', input), index, parts.length),
      );
      const applications = part.flatMap((note) =>
        note.invoiceId === null ? [] : [creditNoteApplication(note, note.invoiceId)],
      );
      applied += await copyApplications(tx, actor.orgId, applications);
      for (const application of applications) invoiceIds.add(application.invoiceId);
      written += part.length;
      progress(written, total, 'writing');
    }
    await recomputeInvoiceBalances(db, actor.orgId, [...invoiceIds]);
    await advanceSequencePast(db, actor.orgId, 'credit_note', 'credit_notes');
    return { ...emptyLoad, creditNotes: creditNotes.length, applications: applied };
  });
  progress(total, total, 'finishing');
  await analyzeAfterImport(database, total);
  return result;
}
