import type { CalendarDate } from '../core/calendar-date.js';
import { limits } from '../core/limits.js';
import { readCsvTable } from './csv-table.js';
import { ImportErrors, parseResult, type ParseResult } from './import-errors.js';
import { paymentRefLengthMax, RowFields } from './import-fields.js';

/**
 * The payments format: `ref,customer_ref,received_date,currency,amount,invoice_number`, one row
 * per application. Rows sharing a ref are one payment whose amount is their sum, so they must
 * agree on the customer, the date and the currency; a row with an empty invoice number is the
 * part of the payment left unapplied. Everything is applied on the received date.
 */
export const paymentColumns = {
  required: ['ref', 'customer_ref', 'received_date', 'currency', 'amount'] as const,
  optional: ['invoice_number'] as const,
};

export interface PaymentPart {
  readonly line: number;
  /** The invoice this part pays, or null for the part left as unapplied credit. */
  readonly invoiceNumber: string | null;
  readonly amountMinor: bigint;
}

export interface PaymentImportRow {
  /** The line of the payment's first row. */
  readonly line: number;
  readonly ref: string;
  readonly customerRef: string;
  readonly receivedOn: CalendarDate;
  readonly currency: string;
  readonly amountMinor: bigint;
  readonly parts: PaymentPart[];
}

interface MutablePayment extends Omit<PaymentImportRow, 'amountMinor'> {
  amountMinor: bigint;
  readonly invoices: Set<string>;
}

/** Groups the rows into payments; a row that disagrees with its payment's first row is an error. */
export function readPaymentsCsv(
  input: Uint8Array | string,
  errors: ImportErrors,
): PaymentImportRow[] {
  const table = readCsvTable(input, paymentColumns, errors);
  const payments = new Map<string, MutablePayment>();
  // A payment with any bad row is left out whole, so the database checks do not see half of it.
  const broken = new Set<string>();
  for (const row of table) {
    const cells = new RowFields(row, errors);
    const ref = cells.identifier('ref', paymentRefLengthMax);
    const customerRef = cells.customerRef('customer_ref');
    const receivedOn = cells.date('received_date');
    const currency = cells.currency('currency');
    const amountMinor = cells.amount('amount', currency, { positive: true });
    const invoiceNumber = cells.optionalIdentifier('invoice_number');
    if (ref === undefined) continue;
    const payment = payments.get(ref);
    if (payment !== undefined) {
      const first = `the payment's first row, on line ${payment.line}`;
      if (customerRef !== undefined && customerRef !== payment.customerRef) {
        cells.fail(
          'customer_ref',
          'payment_rows_differ',
          `Rows of payment ${ref} name different customers: ${payment.customerRef} on ${first}.`,
        );
      }
      if (receivedOn !== undefined && receivedOn !== payment.receivedOn) {
        cells.fail(
          'received_date',
          'payment_rows_differ',
          `Rows of payment ${ref} have different dates: ${payment.receivedOn} on ${first}.`,
        );
      }
      if (currency !== undefined && currency !== payment.currency) {
        cells.fail(
          'currency',
          'payment_rows_differ',
          `Rows of payment ${ref} have different currencies: ${payment.currency} on ${first}.`,
        );
      }
      if (invoiceNumber && payment.invoices.has(invoiceNumber)) {
        cells.fail(
          'invoice_number',
          'invoice_repeated',
          `Payment ${ref} already applies to invoice ${invoiceNumber} on another row.`,
        );
      }
    }
    if (!cells.valid) {
      broken.add(ref);
      continue;
    }
    const part: PaymentPart = {
      line: row.line,
      invoiceNumber: invoiceNumber ?? null,
      amountMinor: amountMinor!,
    };
    if (payment === undefined) {
      payments.set(ref, {
        line: row.line,
        ref,
        customerRef: customerRef!,
        receivedOn: receivedOn!,
        currency: currency!,
        amountMinor: amountMinor!,
        parts: [part],
        invoices: new Set(invoiceNumber ? [invoiceNumber] : []),
      });
      continue;
    }
    payment.parts.push(part);
    payment.amountMinor += part.amountMinor;
    if (invoiceNumber) payment.invoices.add(invoiceNumber);
    if (payment.amountMinor > limits.amountMinorMax) {
      cells.fail(
        'amount',
        'amount_too_large',
        `Payment ${ref} adds up to more than Settle accepts for ${payment.currency}.`,
      );
      broken.add(ref);
    }
  }
  const rows: PaymentImportRow[] = [];
  for (const { invoices: _invoices, ...payment } of payments.values()) {
    if (!broken.has(payment.ref)) rows.push(payment);
  }
  return rows;
}

export function parsePaymentsCsv(input: Uint8Array | string): ParseResult<PaymentImportRow> {
  const errors = new ImportErrors();
  return parseResult(readPaymentsCsv(input, errors), errors);
}
