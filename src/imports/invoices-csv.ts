import type { CalendarDate } from '../core/calendar-date.js';
import { visitCsvTable } from './csv-table.js';
import { ImportErrors, parseResult, type ParseResult } from './import-errors.js';
import { poNumberLengthMax, RowFields, UniqueValues } from './import-fields.js';

/**
 * The invoices format: `number,customer_ref,issue_date,due_date,currency,total`, with optional
 * `description` and `po_number`. An empty due date is set from the customer's terms. Imported
 * invoices keep their numbers and dates: they were issued by the system they come from.
 */
export const invoiceColumns = {
  required: ['number', 'customer_ref', 'issue_date', 'currency', 'total'] as const,
  optional: ['due_date', 'description', 'po_number'] as const,
};

export interface InvoiceImportRow {
  readonly line: number;
  readonly number: string;
  readonly customerRef: string;
  readonly issuedOn: CalendarDate;
  readonly dueOn: CalendarDate | null;
  readonly currency: string;
  readonly totalMinor: bigint;
  readonly description: string | null;
  readonly poNumber: string | null;
}

export function readInvoicesCsv(
  input: Uint8Array | string,
  errors: ImportErrors,
): InvoiceImportRow[] {
  const numbers = new UniqueValues(errors, 'number', 'number_repeated');
  const rows: InvoiceImportRow[] = [];
  // Row by row as the file is read: a million rows are never held as cells as well as invoices.
  visitCsvTable(input, invoiceColumns, errors, (row) => {
    const cells = new RowFields(row, errors);
    const number = cells.identifier('number');
    const customerRef = cells.customerRef('customer_ref');
    const issuedOn = cells.date('issue_date');
    const dueOn = cells.optionalDate('due_date');
    const currency = cells.currency('currency');
    const totalMinor = cells.amount('total', currency);
    const description = cells.optionalText('description');
    const poNumber = cells.optionalText('po_number', poNumberLengthMax);
    if (issuedOn && dueOn && dueOn < issuedOn) {
      cells.fail(
        'due_date',
        'due_before_issue',
        `The due date ${dueOn} is before the issue date ${issuedOn}.`,
      );
    }
    if (number !== undefined && !numbers.claim(number, row.line)) cells.valid = false;
    if (!cells.valid) return;
    rows.push({
      line: row.line,
      number: number!,
      customerRef: customerRef!,
      issuedOn: issuedOn!,
      dueOn: dueOn ?? null,
      currency: currency!,
      totalMinor: totalMinor!,
      description: description ?? null,
      poNumber: poNumber ?? null,
    });
  });
  return rows;
}

export function parseInvoicesCsv(input: Uint8Array | string): ParseResult<InvoiceImportRow> {
  const errors = new ImportErrors();
  return parseResult(readInvoicesCsv(input, errors), errors);
}
