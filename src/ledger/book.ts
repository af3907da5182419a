import { assert } from '../core/assert.js';
import type { CalendarDate } from '../core/calendar-date.js';
import type { DocumentLine, DocumentTotals } from './document-math.js';
import type { ApplicationRow } from './application.js';
import { balanceStatus, type InvoiceStatus } from './invoice-status.js';
import {
  creditNoteIssuedEntry,
  discountTakenEntry,
  invoiceIssuedEntry,
  paymentReceivedEntry,
  paymentReversedEntry,
  writeOffEntry,
  type JournalEntry,
} from './journal.js';

/**
 * A batch of already-decided ledger history, written in one go: an import of an existing book or
 * a generated one. Everything here is pure: the batch is checked against the ledger's invariants
 * and its balances and journal entries are derived before a single row is written.
 */
export type BookOrigin = 'import' | 'demo';

export interface BookInvoice {
  readonly id: string;
  readonly customerId: string;
  readonly number: string;
  readonly currency: string;
  readonly issuedOn: CalendarDate;
  readonly dueOn: CalendarDate;
  readonly termsCode: string;
  readonly discountOn: CalendarDate | null;
  readonly discountMinor: bigint;
  readonly lines: readonly DocumentLine[];
  readonly totals: DocumentTotals;
  readonly poNumber: string | null;
  readonly memo: string | null;
}

export interface BookCreditNote {
  readonly id: string;
  readonly customerId: string;
  readonly number: string;
  readonly invoiceId: string | null;
  readonly currency: string;
  readonly issuedOn: CalendarDate;
  readonly lines: readonly DocumentLine[];
  readonly totals: DocumentTotals;
  readonly reason: string | null;
}

export interface BookPayment {
  readonly id: string;
  readonly customerId: string;
  readonly receivedOn: CalendarDate;
  readonly amountMinor: bigint;
  readonly currency: string;
  readonly method: string;
  readonly reference: string | null;
  readonly payer: string | null;
}

export interface BookWriteOff {
  readonly id: string;
  readonly customerId: string;
  readonly invoiceId: string;
  readonly writtenOffOn: CalendarDate;
  readonly amountMinor: bigint;
  readonly currency: string;
  readonly reason: 'bad_debt' | 'small_balance' | 'other';
}

export interface BookReversal {
  readonly id: string;
  readonly paymentId: string;
  readonly reversedOn: CalendarDate;
  readonly reason: string;
}

export type BookApplication = ApplicationRow & { readonly reversalId: string | null };

export interface Book {
  readonly origin: BookOrigin;
  readonly invoices: readonly BookInvoice[];
  readonly creditNotes: readonly BookCreditNote[];
  readonly payments: readonly BookPayment[];
  readonly writeOffs: readonly BookWriteOff[];
  readonly reversals: readonly BookReversal[];
  readonly applications: readonly BookApplication[];
}

/** How many documents and applications a load wrote. */
export interface LoadedBook {
  readonly invoices: number;
  readonly creditNotes: number;
  readonly payments: number;
  readonly applications: number;
  readonly writeOffs: number;
  readonly reversals: number;
}

/** The counts of a load before anything is written. */
export const nothingLoaded: LoadedBook = {
  invoices: 0,
  creditNotes: 0,
  payments: 0,
  applications: 0,
  writeOffs: 0,
  reversals: 0,
};

export interface InvoiceBalance {
  readonly openMinor: bigint;
  readonly status: InvoiceStatus;
}

/**
 * Each invoice's open balance and status after the batch's applications. Asserts the invariants a
 * caller must already have checked with its own messages: applications stay within each
 * invoice's total and each source's amount, and are never dated before the invoice.
 */
export function balancesOf(book: Book): Map<string, InvoiceBalance> {
  const invoices = new Map(book.invoices.map((invoice) => [invoice.id, invoice]));
  const applied = new Map<string, bigint>();
  const writtenOff = new Map<string, bigint>();
  const spent = new Map<string, bigint>();
  for (const application of book.applications) {
    const invoice = invoices.get(application.invoiceId);
    assert(invoice !== undefined, 'a book application targets an invoice of the same book');
    assert(
      application.currency === invoice.currency,
      'a book application is in its invoice currency',
    );
    assert(
      application.appliedOn >= invoice.issuedOn,
      'a book application is not dated before its invoice',
    );
    applied.set(invoice.id, (applied.get(invoice.id) ?? 0n) + application.amountMinor);
    if (application.sourceType === 'write_off') {
      writtenOff.set(invoice.id, (writtenOff.get(invoice.id) ?? 0n) + application.amountMinor);
    }
    if (application.sourceType === 'payment' || application.sourceType === 'credit_note') {
      spent.set(
        application.sourceId,
        (spent.get(application.sourceId) ?? 0n) + application.amountMinor,
      );
    }
  }
  for (const payment of book.payments) {
    const used = spent.get(payment.id) ?? 0n;
    assert(used >= 0n && used <= payment.amountMinor, 'a payment applies at most its amount');
  }
  for (const note of book.creditNotes) {
    const used = spent.get(note.id) ?? 0n;
    assert(used >= 0n && used <= note.totals.totalMinor, 'a credit note applies at most its total');
  }
  const balances = new Map<string, InvoiceBalance>();
  for (const invoice of book.invoices) {
    const openMinor = invoice.totals.totalMinor - (applied.get(invoice.id) ?? 0n);
    assert(openMinor >= 0n, `invoice ${invoice.number} is applied beyond its total`);
    balances.set(invoice.id, {
      openMinor,
      status: balanceStatus(invoice.totals.totalMinor, openMinor, writtenOff.get(invoice.id) ?? 0n),
    });
  }
  return balances;
}

/** The journal entries the batch posts: one per document, money movement and discount. */
export function* journalOf(book: Book): Generator<JournalEntry> {
  const imported = book.origin === 'import';
  for (const invoice of book.invoices) {
    yield invoiceIssuedEntry({
      on: invoice.issuedOn,
      sourceId: invoice.id,
      customerId: invoice.customerId,
      currency: invoice.currency,
      description: `Invoice ${invoice.number}`,
      subtotalMinor: invoice.totals.subtotalMinor,
      taxMinor: invoice.totals.taxMinor,
      imported,
      lateFee: false,
    });
  }
  for (const note of book.creditNotes) {
    yield creditNoteIssuedEntry({
      on: note.issuedOn,
      sourceId: note.id,
      customerId: note.customerId,
      currency: note.currency,
      description: `Credit note ${note.number}`,
      subtotalMinor: note.totals.subtotalMinor,
      taxMinor: note.totals.taxMinor,
      imported,
    });
  }
  const payments = new Map(book.payments.map((payment) => [payment.id, payment]));
  for (const payment of book.payments) {
    yield paymentReceivedEntry({
      on: payment.receivedOn,
      sourceId: payment.id,
      customerId: payment.customerId,
      currency: payment.currency,
      description: `Payment ${payment.reference ?? payment.id}`,
      amountMinor: payment.amountMinor,
    });
  }
  for (const writeOff of book.writeOffs) {
    yield writeOffEntry({
      on: writeOff.writtenOffOn,
      sourceId: writeOff.id,
      customerId: writeOff.customerId,
      currency: writeOff.currency,
      description: `Write-off (${writeOff.reason})`,
      amountMinor: writeOff.amountMinor,
    });
  }
  for (const application of book.applications) {
    if (application.sourceType !== 'discount' || application.reversalId !== null) continue;
    yield discountTakenEntry({
      on: application.appliedOn,
      sourceId: application.sourceId,
      customerId: application.customerId,
      currency: application.currency,
      description: 'Early-payment discount',
      amountMinor: application.amountMinor,
    });
  }
  // Indexed once: scanning every application per reversal was quadratic (hours at a million invoices).
  const reversedDiscounts = new Map<string, bigint>();
  for (const a of book.applications) {
    if (a.reversalId !== null && a.sourceType === 'discount')
      reversedDiscounts.set(
        a.reversalId,
        (reversedDiscounts.get(a.reversalId) ?? 0n) + a.amountMinor,
      );
  }
  for (const reversal of book.reversals) {
    const payment = payments.get(reversal.paymentId);
    assert(payment !== undefined, 'a book reversal reverses a payment of the same book');
    const discountMinor = -(reversedDiscounts.get(reversal.id) ?? 0n);
    yield paymentReversedEntry({
      on: reversal.reversedOn,
      sourceId: reversal.id,
      customerId: payment.customerId,
      currency: payment.currency,
      description: `Reversal of payment ${payment.reference ?? payment.id}: ${reversal.reason}`,
      amountMinor: payment.amountMinor,
      discountMinor,
    });
  }
}
