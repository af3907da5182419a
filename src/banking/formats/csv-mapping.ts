import { isCurrency } from '../../core/money.js';
import type { DomainError } from '../../core/result.js';
import { normalIban } from './bank-statement.js';

/**
 * How one bank's CSV export is laid out. A CSV statement has no standard, so a user describes
 * their bank's columns once and the mapping is saved with the bank account; it is plain JSON
 * for that reason. A column is named by its header text, or by its 0-based index when the file
 * has no header row.
 */
export type CsvColumn = string | number;

export const csvDateFormats = [
  'YYYY-MM-DD',
  'DD.MM.YYYY',
  'DD.MM.YY',
  'DD/MM/YYYY',
  'MM/DD/YYYY',
  'YYYYMMDD',
] as const;
export type CsvDateFormat = (typeof csvDateFormats)[number];

export const csvDelimiters = [',', ';', '\t'] as const;
export const csvThousandsSeparators = ['.', ',', ' ', "'"] as const;

export interface CsvStatementMapping {
  readonly delimiter: (typeof csvDelimiters)[number];
  readonly hasHeader: boolean;
  /** Lines before the header (or the first row): the preamble some banks write (account, period). */
  readonly skipLines?: number;
  readonly dateFormat: CsvDateFormat;
  readonly decimalSeparator: '.' | ',';
  readonly thousandsSeparator?: (typeof csvThousandsSeparators)[number] | null;
  readonly columns: {
    readonly bookingDate: CsvColumn;
    readonly valueDate?: CsvColumn;
    /** A signed amount: negative is a debit (unless a direction column says which way). */
    readonly amount?: CsvColumn;
    /** Or two columns, one filled per row, as US banks export. */
    readonly credit?: CsvColumn;
    readonly debit?: CsvColumn;
    readonly currency?: CsvColumn;
    readonly payerName?: CsvColumn;
    readonly payerAccount?: CsvColumn;
    readonly payerBic?: CsvColumn;
    /** The bank's reference for the line, its `ref` when filled. */
    readonly reference?: CsvColumn;
    /** Free text, one or several columns, kept in this order. */
    readonly remittance?: readonly CsvColumn[];
    readonly transactionCode?: CsvColumn;
    readonly direction?: CsvColumn;
  };
  /** The currency of every line when the file has no currency column. */
  readonly currency?: string;
  /** The values of the direction column (compared trimmed and case-insensitively). */
  readonly directionValues?: {
    readonly credit: readonly string[];
    readonly debit: readonly string[];
  };
  /** The account the statement is for: a CSV export rarely says, the user does. */
  readonly account?: { readonly iban?: string | null; readonly number?: string | null };
}

export type CsvMappingValidation =
  | { readonly ok: true; readonly value: CsvStatementMapping }
  | { readonly ok: false; readonly errors: readonly DomainError[] };

const columnNames = [
  'bookingDate',
  'valueDate',
  'amount',
  'credit',
  'debit',
  'currency',
  'payerName',
  'payerAccount',
  'payerBic',
  'reference',
  'transactionCode',
  'direction',
] as const;

const topLevelKeys = new Set([
  'delimiter',
  'hasHeader',
  'skipLines',
  'dateFormat',
  'decimalSeparator',
  'thousandsSeparator',
  'columns',
  'currency',
  'directionValues',
  'account',
]);

/** Checks a mapping a user saves; every error names its field (`columns.amount`). */
export function validateCsvMapping(value: unknown): CsvMappingValidation {
  const errors: DomainError[] = [];
  const error = (field: string, message: string) =>
    errors.push({ code: 'csv_mapping_invalid', field, message });
  if (!isRecord(value)) {
    error('mapping', 'the mapping must be an object.');
    return { ok: false, errors };
  }
  for (const key of Object.keys(value)) {
    if (!topLevelKeys.has(key)) error(key, `"${key}" is not a setting of a CSV mapping.`);
  }
  if (!(csvDelimiters as readonly unknown[]).includes(value.delimiter)) {
    error('delimiter', 'the delimiter must be ",", ";" or a tab.');
  }
  if (typeof value.hasHeader !== 'boolean') error('hasHeader', 'hasHeader must be true or false.');
  if (
    value.skipLines !== undefined &&
    !(
      Number.isInteger(value.skipLines) &&
      (value.skipLines as number) >= 0 &&
      (value.skipLines as number) <= 100
    )
  ) {
    error('skipLines', 'skipLines must be a whole number from 0 to 100.');
  }
  if (!(csvDateFormats as readonly unknown[]).includes(value.dateFormat)) {
    error('dateFormat', `the date format must be one of ${csvDateFormats.join(', ')}.`);
  }
  if (value.decimalSeparator !== '.' && value.decimalSeparator !== ',') {
    error('decimalSeparator', 'the decimal separator must be "." or ",".');
  }
  if (
    value.thousandsSeparator !== undefined &&
    value.thousandsSeparator !== null &&
    !(csvThousandsSeparators as readonly unknown[]).includes(value.thousandsSeparator)
  ) {
    error('thousandsSeparator', 'the thousands separator must be ".", ",", a space or "\'".');
  } else if (value.thousandsSeparator === value.decimalSeparator) {
    error('thousandsSeparator', 'the thousands separator must differ from the decimal separator.');
  }
  const columns = value.columns;
  if (!isRecord(columns)) {
    error('columns', 'columns must be an object naming the column of each field.');
  } else {
    for (const key of Object.keys(columns)) {
      if (!(columnNames as readonly string[]).includes(key) && key !== 'remittance') {
        error(`columns.${key}`, `"${key}" is not a field a CSV column can be mapped to.`);
      }
    }
    for (const name of columnNames) {
      const column = columns[name];
      if (column === undefined) continue;
      checkColumn(column, `columns.${name}`, value.hasHeader === true, error);
    }
    if (columns.remittance !== undefined) {
      if (!Array.isArray(columns.remittance)) {
        error('columns.remittance', 'remittance must be a list of columns.');
      } else {
        columns.remittance.forEach((column, index) =>
          checkColumn(column, `columns.remittance[${index}]`, value.hasHeader === true, error),
        );
      }
    }
    if (columns.bookingDate === undefined) {
      error('columns.bookingDate', 'the booking date column is required.');
    }
    const hasAmount = columns.amount !== undefined;
    const hasSplit = columns.credit !== undefined || columns.debit !== undefined;
    if (hasAmount && hasSplit) {
      error(
        'columns.amount',
        'map either a signed amount column or credit and debit columns, not both.',
      );
    } else if (!hasAmount && !hasSplit) {
      error('columns.amount', 'an amount column, or credit and debit columns, is required.');
    } else if (hasSplit && (columns.credit === undefined || columns.debit === undefined)) {
      error(
        columns.credit === undefined ? 'columns.credit' : 'columns.debit',
        'credit and debit columns go together.',
      );
    }
    if (columns.currency === undefined && value.currency === undefined) {
      error('currency', 'a currency column or a fixed currency is required.');
    }
    if (columns.currency !== undefined && value.currency !== undefined) {
      error('currency', 'give a currency column or a fixed currency, not both.');
    }
    if (columns.direction !== undefined) {
      if (columns.amount === undefined) {
        error('columns.direction', 'a direction column goes with a single amount column.');
      }
      const values = value.directionValues;
      if (!isRecord(values) || !nonEmptyStrings(values.credit) || !nonEmptyStrings(values.debit)) {
        error(
          'directionValues',
          'a direction column needs its credit and debit values (non-empty lists of text).',
        );
      } else {
        const credit = new Set(
          (values.credit as string[]).map((text) => text.trim().toLowerCase()),
        );
        if ((values.debit as string[]).some((text) => credit.has(text.trim().toLowerCase()))) {
          error('directionValues', 'a value cannot mean both credit and debit.');
        }
      }
    } else if (value.directionValues !== undefined) {
      error('directionValues', 'direction values are only used with a direction column.');
    }
  }
  if (
    value.currency !== undefined &&
    (typeof value.currency !== 'string' || !isCurrency(value.currency))
  ) {
    error('currency', `"${String(value.currency)}" is not an ISO 4217 currency code.`);
  }
  if (value.account !== undefined) {
    const account = value.account;
    if (!isRecord(account)) error('account', 'account must be an object with an iban or a number.');
    else {
      if (account.iban !== undefined && account.iban !== null) {
        if (typeof account.iban !== 'string' || normalIban(account.iban) === null) {
          error('account.iban', `"${String(account.iban)}" is not an IBAN.`);
        }
      }
      if (
        account.number !== undefined &&
        account.number !== null &&
        (typeof account.number !== 'string' || account.number.trim() === '')
      ) {
        error('account.number', 'the account number must be text.');
      }
    }
  }
  return errors.length > 0
    ? { ok: false, errors }
    : { ok: true, value: value as unknown as CsvStatementMapping };
}

function checkColumn(
  column: unknown,
  field: string,
  hasHeader: boolean,
  error: (field: string, message: string) => void,
): void {
  if (typeof column === 'number') {
    if (!Number.isInteger(column) || column < 0 || column > 999) {
      error(field, 'a column index must be a whole number from 0 to 999.');
    }
  } else if (typeof column === 'string') {
    if (column.trim() === '') error(field, 'a column name cannot be empty.');
    else if (!hasHeader)
      error(field, 'without a header row, a column is named by its 0-based index.');
  } else {
    error(field, 'a column is a header name or a 0-based index.');
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nonEmptyStrings(value: unknown): boolean {
  return (
    Array.isArray(value) &&
    value.length > 0 &&
    value.every((item) => typeof item === 'string' && item.trim() !== '')
  );
}
