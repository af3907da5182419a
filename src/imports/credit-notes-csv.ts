import type { CalendarDate } from '../core/calendar-date.js';
import { readCsvTable } from './csv-table.js';
import { ImportErrors, parseResult, type ParseResult } from './import-errors.js';
import { RowFields, UniqueValues } from './import-fields.js';

/**
 * The credit notes format: `number,customer_ref,issue_date,currency,total,invoice_number`. A
 * credit note with an invoice number is applied to that invoice on its issue date; an empty one
 * leaves it as the customer's unapplied credit.
 */
export const creditNoteColumns = {
  required: ['number', 'customer_ref', 'issue_date', 'currency', 'total'] as const,
  optional: ['invoice_number'] as const,
};

export interface CreditNoteImportRow {
  readonly line: number;
  readonly number: string;
  readonly customerRef: string;
  readonly issuedOn: CalendarDate;
  readonly currency: string;
  readonly totalMinor: bigint;
  readonly invoiceNumber: string | null;
}

export function readCreditNotesCsv(
  input: Uint8Array | string,
  errors: ImportErrors,
): CreditNoteImportRow[] {
  const table = readCsvTable(input, creditNoteColumns, errors);
  const numbers = new UniqueValues(errors, 'number', 'number_repeated');
  const rows: CreditNoteImportRow[] = [];
  for (const row of table) {
    const cells = new RowFields(row, errors);
    const number = cells.identifier('number');
    const customerRef = cells.customerRef('customer_ref');
    const issuedOn = cells.date('issue_date');
    const currency = cells.currency('currency');
    // The ledger refuses a credit note of zero: it would credit nothing.
    const totalMinor = cells.amount('total', currency, { positive: true });
    const invoiceNumber = cells.optionalIdentifier('invoice_number');
    if (number !== undefined && !numbers.claim(number, row.line)) cells.valid = false;
    if (!cells.valid) continue;
    rows.push({
      line: row.line,
      number: number!,
      customerRef: customerRef!,
      issuedOn: issuedOn!,
      currency: currency!,
      totalMinor: totalMinor!,
      invoiceNumber: invoiceNumber ?? null,
    });
  }
  return rows;
}

export function parseCreditNotesCsv(input: Uint8Array | string): ParseResult<CreditNoteImportRow> {
  const errors = new ImportErrors();
  return parseResult(readCreditNotesCsv(input, errors), errors);
}
