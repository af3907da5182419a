import { parseCalendarDate, type CalendarDate } from '../core/calendar-date.js';
import { limits } from '../core/limits.js';
import { parseAmount, parseCurrency } from '../core/money.js';
import type { Result } from '../core/result.js';
import { parseRef } from '../customers/customer.js';
import type { CsvRow } from './csv-table.js';
import type { ImportErrors } from './import-errors.js';

/** Longest document number or payment reference an import accepts. */
export const documentNumberLengthMax = 64;
/** The length the ledger allows for a payment's reference (see payments/payment.ts). */
export const paymentRefLengthMax = 200;
export const poNumberLengthMax = 100;

const controlCharacters = /[\u0000-\u001f\u007f]/;

/**
 * The cells of one row, each read with its rule. Every error is added to the import's errors
 * under the row's line and the column's name, and marks the row invalid, so that one pass over a
 * row reports all of its problems, not just the first.
 */
export class RowFields<C extends string> {
  valid = true;

  constructor(
    readonly row: CsvRow<C>,
    private readonly errors: ImportErrors,
  ) {}

  get line(): number {
    return this.row.line;
  }

  fail(column: string, code: string, message: string): undefined {
    this.valid = false;
    this.errors.add(this.row.line, column, code, message);
    return undefined;
  }

  private domain<T>(column: string, result: Result<T>): T | undefined {
    if (result.ok) return result.value;
    return this.fail(column, result.error.code, result.error.message);
  }

  /** The cell's text, or an error when it is empty. */
  required(column: C): string | undefined {
    const value = this.row.values[column];
    if (value === '') return this.fail(column, 'value_required', `The "${column}" cell is empty.`);
    return value;
  }

  /** Free text that may be empty (then null), up to `max` characters. */
  optionalText(column: C, max: number = limits.textLengthMax): string | null | undefined {
    const value = this.row.values[column];
    if (value === '') return null;
    if (value.length > max) return this.fail(column, 'text_too_long', `At most ${max} characters.`);
    return value;
  }

  /** A document number or payment reference: printable text, as the source system wrote it. */
  identifier(column: C, max: number = documentNumberLengthMax): string | undefined {
    const value = this.required(column);
    if (value === undefined) return undefined;
    if (value.length > max || controlCharacters.test(value)) {
      return this.fail(
        column,
        'number_invalid',
        `"${value}" is not a number: at most ${max} printable characters.`,
      );
    }
    return value;
  }

  optionalIdentifier(column: C): string | null | undefined {
    return this.row.values[column] === '' ? null : this.identifier(column);
  }

  customerRef(column: C): string | undefined {
    const value = this.required(column);
    return value === undefined ? undefined : this.domain(column, parseRef(value, column));
  }

  date(column: C): CalendarDate | undefined {
    const value = this.required(column);
    return value === undefined ? undefined : this.domain(column, parseCalendarDate(value, column));
  }

  optionalDate(column: C): CalendarDate | null | undefined {
    return this.row.values[column] === '' ? null : this.date(column);
  }

  currency(column: C): string | undefined {
    const value = this.required(column);
    return value === undefined ? undefined : this.domain(column, parseCurrency(value, column));
  }

  /**
   * An amount in major units of `currency`, refused (never rounded) with more decimals than the
   * currency has. Without a valid currency its exponent is unknown, so only emptiness is checked.
   */
  amount(
    column: C,
    currency: string | undefined,
    options: { positive?: boolean } = {},
  ): bigint | undefined {
    const value = this.required(column);
    if (value === undefined || currency === undefined) return undefined;
    const amount = this.domain(column, parseAmount(value, currency, column));
    if (amount === 0n && options.positive)
      return this.fail(column, 'amount_not_positive', 'The amount must be more than zero.');
    return amount;
  }
}

/**
 * Finds values that appear on more than one row (document numbers, customer refs): every
 * repetition after the first is an error naming the line of the first.
 */
export class UniqueValues {
  private readonly firstLine = new Map<string, number>();

  constructor(
    private readonly errors: ImportErrors,
    private readonly column: string,
    private readonly code: string,
  ) {}

  /** Records `value` on `line`; false (with an error) when an earlier line has it. */
  claim(value: string, line: number): boolean {
    const first = this.firstLine.get(value);
    if (first === undefined) {
      this.firstLine.set(value, line);
      return true;
    }
    this.errors.add(line, this.column, this.code, `"${value}" is also on line ${first}.`);
    return false;
  }
}
