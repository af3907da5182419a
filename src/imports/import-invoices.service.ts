import { defaultUnitCode } from '../core/unit-codes.js';
import type { Actor } from '../core/actor.js';
import { unwrap } from '../core/errors.js';
import { newId } from '../core/ids.js';
import { limits } from '../core/limits.js';
import { customerIdsByRef } from '../customers/find-customer.service.js';
import { noDiscount, type DocumentLine } from '../ledger/document-math.js';
import { issueSchedule } from '../invoicing/invoice.js';
import { advanceSequencePast } from '../invoicing/number-documents.service.js';
import { parsePaymentTerms, type PaymentTerms } from '../customers/payment-terms.js';
import type { Book, BookInvoice } from '../ledger/book.js';
import { loadBook, withBookIndexesRebuilt, type LoadedBook } from '../ledger/load-book.service.js';
import type { Database } from '../platform/db/database.js';
import { ImportErrors } from './import-errors.js';
import { analyzeAfterImport, invoiceNumbersTaken } from './import.sql.js';
import {
  distinct,
  emptyLoad,
  importLabel,
  inParts,
  partLabel,
  type ImportInput,
  type ImportOptions,
} from './import-input.js';
import { readInvoicesCsv, type InvoiceImportRow } from './invoices-csv.js';

export const importedInvoiceDescription = 'Imported invoice';

type Customer = { id: string; currency: string; termsCode: string };

/**
 * One line for the whole total: the format carries totals, not the lines and tax behind them. The
 * invoice was issued elsewhere; the line is a zero-rated count of one only because it must be
 * something.
 */
export function singleLine(description: string, totalMinor: bigint): DocumentLine {
  return {
    position: 1,
    description,
    quantityScaled: 10n ** BigInt(limits.quantityScale),
    unitPriceMinor: totalMinor,
    taxRateScaled: 0n,
    netMinor: totalMinor,
    taxMinor: 0n,
    unitCode: defaultUnitCode,
    vatCategory: 'Z',
    exemptionReason: null,
    ...noDiscount,
  };
}

function bookInvoice(row: InvoiceImportRow, customer: Customer, terms: PaymentTerms): BookInvoice {
  // The due date in the file wins; otherwise the customer's terms set it, and they always set the
  // early-payment discount, as when an invoice is issued here.
  const schedule = unwrap(issueSchedule(terms, row.issuedOn, row.dueOn, row.totalMinor));
  return {
    id: newId(),
    customerId: customer.id,
    number: row.number,
    currency: row.currency,
    issuedOn: row.issuedOn,
    dueOn: schedule.dueOn,
    termsCode: terms.code,
    discountOn: schedule.discountOn,
    discountMinor: schedule.discountMinor,
    lines: [singleLine(row.description ?? importedInvoiceDescription, row.totalMinor)],
    totals: { subtotalMinor: row.totalMinor, taxMinor: 0n, totalMinor: row.totalMinor },
    poNumber: row.poNumber,
    memo: null,
  };
}

function checkAgainstLedger(
  rows: readonly InvoiceImportRow[],
  customers: ReadonlyMap<string, Customer>,
  taken: ReadonlySet<string>,
  errors: ImportErrors,
): void {
  for (const row of rows) {
    if (!customers.has(row.customerRef)) {
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
        'invoice_number_taken',
        `Invoice ${row.number} is already in the ledger.`,
      );
    }
  }
}

/**
 * Imports issued invoices from CSV (see invoices-csv.ts), all or nothing, keeping their numbers
 * and dates; the invoice sequence then moves past the highest imported number that follows its
 * pattern, so invoices issued here never collide with them.
 * Codes: import_rejected, whose details list every bad row with the parser's codes and
 * customer_not_found, invoice_number_taken.
 */
export async function importInvoices(
  database: Database,
  actor: Actor,
  input: ImportInput,
  options: ImportOptions = {},
): Promise<LoadedBook> {
  const progress = options.onProgress ?? (() => undefined);
  progress(0, 0, 'reading');
  const parseErrors = new ImportErrors();
  const rows = readInvoicesCsv(input.csv, parseErrors);
  const total = rows.length + parseErrors.badRows;
  progress(0, total, 'checking');
  const result = await database.transaction(async (tx) => {
    const errors = parseErrors.copy();
    const customers = await customerIdsByRef(
      tx.db,
      actor.orgId,
      distinct(rows.map((row) => row.customerRef)),
    );
    const taken = await invoiceNumbersTaken(
      tx.db,
      actor.orgId,
      rows.map((row) => row.number),
    );
    checkAgainstLedger(rows, customers, taken, errors);
    errors.throwIfAny();
    progress(0, total, 'writing');
    const termsByCode = new Map<string, PaymentTerms>();
    const termsOf = (code: string) => {
      const terms = termsByCode.get(code) ?? unwrap(parsePaymentTerms(code));
      termsByCode.set(code, terms);
      return terms;
    };
    // Each part's invoices are made as it is written: a million of them at once, with their
    // lines and totals, would hold the whole file in memory a second time.
    const parts = inParts(rows);
    let written = 0;
    await withBookIndexesRebuilt(tx, rows.length, async () => {
      for (const [index, part] of parts.entries()) {
        const book: Book = {
          origin: 'import',
          invoices: part.map((row) => {
            const customer = customers.get(row.customerRef)!;
            return bookInvoice(row, customer, termsOf(customer.termsCode));
          }),
          creditNotes: [],
          payments: [],
          writeOffs: [],
          reversals: [],
          applications: [],
        };
        await loadBook(
          tx,
          actor,
          book,
          partLabel(importLabel('invoices', input), index, parts.length),
        );
        written += part.length;
        progress(written, total, 'writing');
      }
    });
    await advanceSequencePast(tx.db, actor.orgId, 'invoice', 'invoices');
    return { ...emptyLoad, invoices: rows.length };
  });
  progress(total, total, 'finishing');
  await analyzeAfterImport(database, total);
  return result;
}
