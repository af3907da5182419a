import type { Actor } from '../core/actor.js';
import { newId } from '../core/ids.js';
import { customerIdsByRef } from '../customers/find-customer.service.js';
import type { Book, BookPayment } from '../ledger/book.js';
import {
  copyApplications,
  recomputeInvoiceBalances,
  type ApplicationRow,
} from '../ledger/post-to-ledger.service.js';
import { loadBook, type LoadedBook } from '../ledger/load-book.service.js';
import type { Database } from '../platform/db/database.js';
import { checkApplications, type ApplicationClaim } from './application-checks.js';
import { ImportErrors } from './import-errors.js';
import { analyzeAfterImport, paymentRefsTaken } from './import.sql.js';
import {
  distinct,
  emptyLoad,
  importLabel,
  inParts,
  partLabel,
  type ImportInput,
  type ImportOptions,
} from './import-input.js';
import { earliestApplications, lockLedgerInvoices } from './lock-ledger-invoices.service.js';
import { readPaymentsCsv, type PaymentImportRow } from './payments-csv.js';

/** The file does not say how the money came; "other" does not pretend to know. */
export const importedPaymentMethod = 'other';

type Customer = { id: string; currency: string; termsCode: string };

function checkPayments(
  payments: readonly PaymentImportRow[],
  customers: ReadonlyMap<string, Customer>,
  taken: ReadonlySet<string>,
  errors: ImportErrors,
): ApplicationClaim[] {
  const claims: ApplicationClaim[] = [];
  for (const payment of payments) {
    const customer = customers.get(payment.customerRef);
    for (const part of payment.parts) {
      if (customer === undefined) {
        errors.add(
          part.line,
          'customer_ref',
          'customer_not_found',
          `There is no customer with ref ${payment.customerRef}.`,
        );
      }
      if (taken.has(payment.ref)) {
        errors.add(
          part.line,
          'ref',
          'payment_ref_taken',
          `A payment with ref ${payment.ref} is already in the ledger.`,
        );
      }
      if (customer !== undefined && part.invoiceNumber !== null) {
        claims.push({
          line: part.line,
          invoiceNumber: part.invoiceNumber,
          customerId: customer.id,
          currency: payment.currency,
          appliedOn: payment.receivedOn,
          amountMinor: part.amountMinor,
        });
      }
    }
  }
  return claims;
}

/** The payments of one part as a book, and their applications to invoices already in the ledger. */
function paymentsBook(
  payments: readonly PaymentImportRow[],
  customers: ReadonlyMap<string, Customer>,
  invoiceIdByLine: ReadonlyMap<number, string>,
): { book: Book; applications: ApplicationRow[] } {
  const bookPayments: BookPayment[] = [];
  const applications: ApplicationRow[] = [];
  for (const payment of payments) {
    const id = newId();
    const customerId = customers.get(payment.customerRef)!.id;
    bookPayments.push({
      id,
      customerId,
      receivedOn: payment.receivedOn,
      amountMinor: payment.amountMinor,
      currency: payment.currency,
      method: importedPaymentMethod,
      reference: payment.ref,
      payer: null,
    });
    for (const part of payment.parts) {
      if (part.invoiceNumber === null) continue;
      applications.push({
        customerId,
        invoiceId: invoiceIdByLine.get(part.line)!,
        sourceType: 'payment',
        sourceId: id,
        amountMinor: part.amountMinor,
        currency: payment.currency,
        appliedOn: payment.receivedOn,
      });
    }
  }
  const book: Book = {
    origin: 'import',
    invoices: [],
    creditNotes: [],
    payments: bookPayments,
    writeOffs: [],
    reversals: [],
    applications: [],
  };
  return { book, applications };
}

/**
 * Imports payments from CSV (see payments-csv.ts), all or nothing: each payment is recorded
 * with its amount (the sum of its rows) and applied on its received date to the invoices named,
 * the rest staying the customer's unapplied credit. Every row applying to an invoice counts
 * against the invoice's open balance, including those of invoices imported or paid earlier. No
 * early-payment discount is taken: the file says what was applied.
 * Codes: import_rejected, whose details list every bad row with the parser's codes and
 * customer_not_found, payment_ref_taken, invoice_not_found, invoice_customer_mismatch,
 * currency_mismatch, invoice_not_open, application_before_issue, application_exceeds_open_balance.
 */
export async function importPayments(
  database: Database,
  actor: Actor,
  input: ImportInput,
  options: ImportOptions = {},
): Promise<LoadedBook> {
  const progress = options.onProgress ?? (() => undefined);
  progress(0, 0, 'reading');
  const parseErrors = new ImportErrors();
  const payments = readPaymentsCsv(input.csv, parseErrors);
  const total =
    payments.reduce((sum, payment) => sum + payment.parts.length, 0) + parseErrors.badRows;
  progress(0, total, 'checking');
  const result = await database.transaction(async (tx) => {
    const { db } = tx;
    const errors = parseErrors.copy();
    const customers = await customerIdsByRef(
      db,
      actor.orgId,
      distinct(payments.map((payment) => payment.customerRef)),
    );
    const taken = await paymentRefsTaken(
      db,
      actor.orgId,
      payments.map((payment) => payment.ref),
    );
    const earliest = earliestApplications(
      payments.flatMap((payment) =>
        payment.parts.map((part) => ({
          invoiceNumber: part.invoiceNumber,
          on: payment.receivedOn,
        })),
      ),
    );
    const invoices = await lockLedgerInvoices(db, actor.orgId, earliest);
    const claims = checkPayments(payments, customers, taken, errors);
    const accepted = checkApplications(claims, invoices, errors, {
      invoice: 'invoice_number',
      amount: 'amount',
      exceedsCode: 'application_exceeds_open_balance',
    });
    errors.throwIfAny();
    progress(0, total, 'writing');
    const invoiceIdByLine = new Map(accepted.map(({ claim, invoice }) => [claim.line, invoice.id]));
    // The invoices were issued before this import, so the book loader cannot apply to them: the
    // applications are appended beside each part.
    const parts = inParts(payments);
    let written = 0;
    let applied = 0;
    const invoiceIds = new Set<string>();
    for (const [index, part] of parts.entries()) {
      const { book, applications } = paymentsBook(part, customers, invoiceIdByLine);
      await loadBook(
        tx,
        actor,
        book,
        partLabel(importLabel('payments', input), index, parts.length),
      );
      applied += await copyApplications(tx, actor.orgId, applications);
      for (const application of applications) invoiceIds.add(application.invoiceId);
      written += part.reduce((sum, payment) => sum + payment.parts.length, 0);
      progress(written, total, 'writing');
    }
    await recomputeInvoiceBalances(db, actor.orgId, [...invoiceIds]);
    return { ...emptyLoad, payments: payments.length, applications: applied };
  });
  progress(total, total, 'finishing');
  await analyzeAfterImport(database, total);
  return result;
}
