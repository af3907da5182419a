import { parse } from 'csv-parse/sync';
import { parseCalendarDate, type CalendarDate } from '../../core/calendar-date.js';
import {
  BankFileError,
  bankAmountToMinor,
  bankCurrency,
  bankFileLimits,
  checkFileLimits,
  fallbackRef,
  normalIban,
  type BankAccountId,
  type BankFile,
  type BankLine,
} from './bank-statement.js';
import {
  validateCsvMapping,
  type CsvColumn,
  type CsvDateFormat,
  type CsvStatementMapping,
} from './csv-mapping.js';

export {
  validateCsvMapping,
  type CsvColumn,
  type CsvDateFormat,
  type CsvMappingValidation,
  type CsvStatementMapping,
} from './csv-mapping.js';

/**
 * A bank's CSV export read with the mapping its user saved: one statement, every row a booked
 * line. A CSV has no balances, so it is never checked for adding up. A line's `ref` is the
 * mapped reference column when filled, else `fallbackRef` on the mapping's account.
 */
export function parseCsvStatement(text: string, mapping: CsvStatementMapping): BankFile {
  const checked = validateCsvMapping(mapping);
  if (!checked.ok) {
    throw new BankFileError(
      `the CSV mapping is invalid: ${checked.errors.map((error) => `${error.field}: ${error.message}`).join(' ')}`,
    );
  }
  checkFileLimits(text);
  // One line ending throughout, so csv-parse counts lines (and keeps line breaks inside quoted
  // cells) the same for LF, CRLF and CR-only files.
  const normal = text.replace(/^\ufeff/, '').replace(/\r\n|\r/g, '\n');
  const records = readRecords(normal, mapping);

  let rows = records;
  let headers: string[] | null = null;
  if (mapping.hasHeader) {
    const [header, ...rest] = records;
    if (!header) {
      throw new BankFileError('the file has no header row.', {
        line: (mapping.skipLines ?? 0) + 1,
      });
    }
    headers = header.cells.map((cell) => cell.trim());
    rows = rest;
  }
  const resolve = columnResolver(headers, records[0]?.line ?? 1);
  const columns = mapping.columns;
  const at = {
    bookingDate: resolve(columns.bookingDate),
    valueDate: optional(resolve, columns.valueDate),
    amount: optional(resolve, columns.amount),
    credit: optional(resolve, columns.credit),
    debit: optional(resolve, columns.debit),
    currency: optional(resolve, columns.currency),
    payerName: optional(resolve, columns.payerName),
    payerAccount: optional(resolve, columns.payerAccount),
    payerBic: optional(resolve, columns.payerBic),
    reference: optional(resolve, columns.reference),
    transactionCode: optional(resolve, columns.transactionCode),
    direction: optional(resolve, columns.direction),
    remittance: (columns.remittance ?? []).map((column) => resolve(column)),
  };
  if (rows.length > bankFileLimits.transactionsMax) {
    throw new BankFileError(`the file has more than ${bankFileLimits.transactionsMax} rows.`);
  }

  const iban = normalIban(mapping.account?.iban ?? null);
  const account: BankAccountId = {
    iban,
    number: iban ? null : (mapping.account?.number ?? null),
    bic: null,
    bankCode: null,
  };

  const lines = rows.map((row, index): BankLine => {
    const position = index + 1;
    const cell = (column: ResolvedColumn): Cell => {
      const value = row.cells[column.index];
      if (value === undefined) {
        throw new BankFileError(
          `the row has ${row.cells.length} columns, so it has no ${column.label}.`,
          { line: row.line, column: column.index + 1 },
        );
      }
      return { value: value.trim(), line: row.line, column };
    };
    // Text columns may be missing from a short row: some exports drop trailing empty cells.
    const filled = (column: ResolvedColumn | null): string | null => {
      const value = column ? row.cells[column.index]?.trim() : undefined;
      return value === undefined || value === '' ? null : value;
    };

    const currency = at.currency ? currencyOf(cell(at.currency)) : mapping.currency!;
    const bookingDate = dateOf(cell(at.bookingDate), mapping.dateFormat);
    const valueDateCell = at.valueDate ? cell(at.valueDate) : null;
    const valueDate = valueDateCell?.value ? dateOf(valueDateCell, mapping.dateFormat) : null;
    const { amountMinor, direction } = amountAndDirection(cell, at, mapping, currency);

    const reference = filled(at.reference);
    const payerAccount = filled(at.payerAccount);
    return {
      position,
      valueDate,
      bookingDate,
      amountMinor,
      currency,
      direction,
      status: 'booked',
      reversal: false,
      payerName: filled(at.payerName),
      payerAccount: payerAccount === null ? null : (normalIban(payerAccount) ?? payerAccount),
      payerBic: filled(at.payerBic),
      references: reference === null ? {} : { bankRef: reference },
      ref: reference ?? fallbackRef(account, bookingDate, position),
      remittance: {
        structured: [],
        unstructured: at.remittance
          .map((column) => filled(column))
          .filter((value): value is string => value !== null),
      },
      transactionCode: filled(at.transactionCode),
      additionalInfo: null,
    };
  });

  const currencies = new Set(lines.map((line) => line.currency));
  const statementCurrency =
    mapping.currency ?? (currencies.size === 1 ? [...currencies][0]! : null);
  return {
    format: 'csv',
    version: null,
    statements: [
      {
        account,
        currency: statementCurrency,
        statementId: null,
        openingBalance: null,
        closingBalance: null,
        lines,
      },
    ],
    warnings: [],
  };
}

interface CsvRecord {
  readonly cells: readonly string[];
  /** The physical line the record starts on, 1-based. */
  readonly line: number;
}

interface ResolvedColumn {
  readonly index: number;
  /** The header's text, or "column N" (1-based) in a file without a header. */
  readonly label: string;
}

interface Cell {
  readonly value: string;
  readonly line: number;
  readonly column: ResolvedColumn;
}

function readRecords(text: string, mapping: CsvStatementMapping): CsvRecord[] {
  let parsed: { record: string[]; info: { lines: number } }[];
  try {
    parsed = parse(text, {
      delimiter: mapping.delimiter,
      record_delimiter: '\n',
      from_line: (mapping.skipLines ?? 0) + 1,
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (error) {
    const lines = (error as { lines?: unknown }).lines;
    throw new BankFileError(`the file is not valid CSV: ${(error as Error).message}`, {
      line: typeof lines === 'number' ? lines : undefined,
    });
  }
  return parsed
    .map(({ record, info }) => {
      // csv-parse reports the line a record ends on; a quoted cell may hold line breaks.
      const breaks = record.reduce((count, cell) => count + cell.split('\n').length - 1, 0);
      return { cells: record, line: info.lines - breaks };
    })
    .filter((record) => record.cells.some((cell) => cell.trim() !== ''));
}

function columnResolver(headers: string[] | null, headerLine: number) {
  return (column: CsvColumn): ResolvedColumn => {
    if (typeof column === 'number') {
      return { index: column, label: headers?.[column] || `column ${column + 1}` };
    }
    const wanted = column.trim();
    let index = headers!.indexOf(wanted);
    if (index < 0) {
      const lower = wanted.toLowerCase();
      index = headers!.findIndex((header) => header.toLowerCase() === lower);
    }
    if (index < 0) {
      throw new BankFileError(`the header has no column "${wanted}".`, { line: headerLine });
    }
    return { index, label: headers![index]! };
  };
}

function optional(
  resolve: (column: CsvColumn) => ResolvedColumn,
  column: CsvColumn | undefined,
): ResolvedColumn | null {
  return column === undefined ? null : resolve(column);
}

function cellError(cell: Cell, message: string): BankFileError {
  return new BankFileError(`"${cell.column.label}" ${message}`, {
    line: cell.line,
    column: cell.column.index + 1,
  });
}

const datePatterns: Readonly<Record<CsvDateFormat, RegExp>> = {
  'YYYY-MM-DD': /^(?<year>\d{4})-(?<month>\d{1,2})-(?<day>\d{1,2})$/,
  'DD.MM.YYYY': /^(?<day>\d{1,2})\.(?<month>\d{1,2})\.(?<year>\d{4})$/,
  'DD.MM.YY': /^(?<day>\d{1,2})\.(?<month>\d{1,2})\.(?<year>\d{2})$/,
  'DD/MM/YYYY': /^(?<day>\d{1,2})\/(?<month>\d{1,2})\/(?<year>\d{4})$/,
  'MM/DD/YYYY': /^(?<month>\d{1,2})\/(?<day>\d{1,2})\/(?<year>\d{4})$/,
  YYYYMMDD: /^(?<year>\d{4})(?<month>\d{2})(?<day>\d{2})$/,
};

function dateOf(cell: Cell, format: CsvDateFormat): CalendarDate {
  const groups = datePatterns[format].exec(cell.value)?.groups;
  if (groups) {
    // Two-digit years as banks read them: 00-79 this century, 80-99 the last.
    const short = Number(groups.year);
    const year = groups.year!.length === 2 ? (short < 80 ? 2000 + short : 1900 + short) : short;
    const iso = `${year}-${groups.month!.padStart(2, '0')}-${groups.day!.padStart(2, '0')}`;
    const parsed = parseCalendarDate(iso);
    if (parsed.ok) return parsed.value;
  }
  throw cellError(cell, `holds "${cell.value}", not a date in the form ${format}.`);
}

function currencyOf(cell: Cell): string {
  try {
    return bankCurrency(cell.value);
  } catch {
    throw cellError(cell, `holds "${cell.value}", not an ISO 4217 currency code.`);
  }
}

/** A signed amount in minor units; "(12.50)" is negative, as accounting exports write it. */
function amountOf(cell: Cell, mapping: CsvStatementMapping, currency: string): bigint {
  let text = cell.value.replace(/\s+/g, mapping.thousandsSeparator === ' ' ? '' : ' ').trim();
  let negative = false;
  const parenthesised = /^\((.*)\)$/.exec(text);
  if (parenthesised) {
    negative = true;
    text = parenthesised[1]!.trim();
  } else if (/^[^-]+-$/.test(text)) {
    // A trailing minus ("12,50-"), as some German banks write a debit.
    negative = true;
    text = text.slice(0, -1).trim();
  }
  if (mapping.thousandsSeparator) {
    // "1250.00" read with "." as the thousands separator would be 125000: groups must be of three.
    const [whole = '', ...fractions] = text.replace(/^[+-]/, '').split(mapping.decimalSeparator);
    const groups = whole.split(mapping.thousandsSeparator);
    const misplaced = fractions.some((fraction) => fraction.includes(mapping.thousandsSeparator!));
    if (
      misplaced ||
      (groups.length > 1 &&
        !groups.every(
          (group, index) =>
            /^\d+$/.test(group) && (index === 0 ? group.length <= 3 : group.length === 3),
        ))
    ) {
      throw cellError(
        cell,
        `holds "${cell.value}", whose thousands separator "${mapping.thousandsSeparator}" does not stand between groups of three digits.`,
      );
    }
    text = text.split(mapping.thousandsSeparator).join('');
  }
  const other = mapping.decimalSeparator === '.' ? ',' : '.';
  if (text.includes(other)) {
    throw cellError(
      cell,
      `holds "${cell.value}": "${other}" is neither the decimal separator nor the thousands separator of this mapping.`,
    );
  }
  // One way to match any text: /\d*[.,]?\d+/ could split a long run of digits anywhere, and
  // backtracked through every split when the cell ended in something else.
  if (!/^[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)$/.test(text)) {
    throw cellError(cell, `holds "${cell.value}", not an amount.`);
  }
  text = text.replace(/^([+-]?)[.,]/, '$10.').replace(/[.,]$/, '');
  try {
    const minor = bankAmountToMinor(text, currency);
    return negative ? -minor : minor;
  } catch (error) {
    throw cellError(cell, `holds "${cell.value}": ${(error as Error).message}.`);
  }
}

function amountAndDirection(
  cell: (column: ResolvedColumn) => Cell,
  at: {
    amount: ResolvedColumn | null;
    credit: ResolvedColumn | null;
    debit: ResolvedColumn | null;
    direction: ResolvedColumn | null;
  },
  mapping: CsvStatementMapping,
  currency: string,
): { amountMinor: bigint; direction: 'credit' | 'debit' } {
  if (at.amount) {
    const amountCell = cell(at.amount);
    if (amountCell.value === '')
      throw cellError(amountCell, 'is empty: every row needs an amount.');
    const signed = amountOf(amountCell, mapping, currency);
    if (signed === 0n) throw zeroAmount(amountCell);
    if (!at.direction) {
      return {
        amountMinor: signed < 0n ? -signed : signed,
        direction: signed < 0n ? 'debit' : 'credit',
      };
    }
    const directionCell = cell(at.direction);
    const value = directionCell.value.toLowerCase();
    const values = mapping.directionValues!;
    const direction = values.credit.some((text) => text.trim().toLowerCase() === value)
      ? 'credit'
      : values.debit.some((text) => text.trim().toLowerCase() === value)
        ? 'debit'
        : null;
    if (direction === null) {
      throw cellError(
        directionCell,
        `holds "${directionCell.value}", which is neither a credit (${values.credit.join(', ')}) nor a debit (${values.debit.join(', ')}).`,
      );
    }
    // A debit often carries its minus sign as well; a negative credit contradicts itself.
    if (signed < 0n && direction === 'credit') {
      throw cellError(amountCell, `holds "${amountCell.value}", negative on a credit row.`);
    }
    return { amountMinor: signed < 0n ? -signed : signed, direction };
  }
  const creditCell = cell(at.credit!);
  const debitCell = cell(at.debit!);
  const credit = creditCell.value === '' ? 0n : amountOf(creditCell, mapping, currency);
  const debit = debitCell.value === '' ? 0n : amountOf(debitCell, mapping, currency);
  if (credit !== 0n && debit !== 0n) {
    throw cellError(
      debitCell,
      `and "${creditCell.column.label}" are both filled; one row is one way.`,
    );
  }
  if (debit !== 0n) return { amountMinor: debit < 0n ? -debit : debit, direction: 'debit' };
  if (creditCell.value === '' && debitCell.value === '') {
    throw cellError(
      creditCell,
      `and "${debitCell.column.label}" are both empty: every row needs an amount.`,
    );
  }
  if (credit === 0n) throw zeroAmount(creditCell.value === '' ? debitCell : creditCell);
  return { amountMinor: credit < 0n ? -credit : credit, direction: 'credit' };
}

/**
 * A row that moves no money cannot be a payment, and a bank line's amount is positive (the
 * database refuses a zero one): the file is refused here, naming the cell, rather than failing
 * at the insert with no line to point to.
 */
function zeroAmount(cell: Cell): BankFileError {
  return cellError(cell, `holds "${cell.value}": a statement line moves money, this one none.`);
}
