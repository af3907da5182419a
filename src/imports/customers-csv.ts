import {
  parseContactInput,
  parseCustomerInput,
  type ContactFields,
  type CustomerFields,
} from '../customers/customer.js';
import { defaultTermsCode } from '../customers/customer.js';
import { parsePaymentTerms } from '../customers/payment-terms.js';
import { limits } from '../core/limits.js';
import { readCsvTable } from './csv-table.js';
import { ImportErrors, parseResult, type ParseResult } from './import-errors.js';
import { RowFields, UniqueValues } from './import-fields.js';

/**
 * The customers format: `ref,name,email,currency,terms`. `terms` may be empty (the default,
 * NET30) and so may `email`; a customer with an e-mail address gets an accounts-payable contact
 * of that name who receives reminders.
 */
export const customerColumns = {
  required: ['ref', 'name', 'currency'] as const,
  optional: ['email', 'terms'] as const,
};

export interface CustomerImportRow {
  readonly line: number;
  readonly fields: CustomerFields;
  readonly contact: ContactFields | null;
}

/** Reads the valid rows, adding every error of the others to `errors`. */
export function readCustomersCsv(
  input: Uint8Array | string,
  errors: ImportErrors,
): CustomerImportRow[] {
  const table = readCsvTable(input, customerColumns, errors);
  const refs = new UniqueValues(errors, 'ref', 'ref_repeated');
  const rows: CustomerImportRow[] = [];
  for (const row of table) {
    const cells = new RowFields(row, errors);
    const ref = cells.customerRef('ref');
    const name = cells.required('name');
    if (name !== undefined && name.length > limits.textLengthMax)
      cells.fail('name', 'text_too_long', `At most ${limits.textLengthMax} characters.`);
    const currency = cells.currency('currency');
    const terms = row.values.terms === '' ? defaultTermsCode : row.values.terms;
    const parsedTerms = parsePaymentTerms(terms, 'terms');
    if (!parsedTerms.ok) cells.fail('terms', parsedTerms.error.code, parsedTerms.error.message);
    let contact: ContactFields | null = null;
    if (row.values.email !== '' && name !== undefined) {
      const parsed = parseContactInput({
        name,
        email: row.values.email,
        role: 'accounts_payable',
        receivesReminders: true,
      });
      if (parsed.ok) contact = parsed.value;
      else cells.fail('email', parsed.error.code, parsed.error.message);
    }
    if (ref !== undefined && !refs.claim(ref, row.line)) cells.valid = false;
    if (!cells.valid) continue;
    // Every field was checked above with the column's name; this gives the canonical fields.
    const fields = parseCustomerInput({ ref: ref!, name: name!, currency: currency!, terms });
    if (!fields.ok) {
      cells.fail(fields.error.field ?? 'row', fields.error.code, fields.error.message);
      continue;
    }
    rows.push({ line: row.line, fields: fields.value, contact });
  }
  return rows;
}

export function parseCustomersCsv(input: Uint8Array | string): ParseResult<CustomerImportRow> {
  const errors = new ImportErrors();
  const rows = readCustomersCsv(input, errors);
  return parseResult(rows, errors);
}
