import { BankFileError, splitLines } from './bank-statement.js';

/**
 * The BAI2 tokenizer: one physical line is one record ("16,…"), its fields separated by commas.
 * The spec ends every record with "/", but real files leave it out (Goldman Sachs' and Citi's
 * 16/88 records, SVB's 99), so the slash is optional; a "/" that ends a text field is the
 * terminator, not text.
 */

export interface Bai2Record {
  /** "01", "02", "03", "16", "88", "49", "98", "99". */
  readonly code: string;
  readonly line: number;
  /** The record after "NN," with trailing blanks removed; the "/" terminator still there. */
  readonly body: string;
  /** 1-based column where `body` starts. */
  readonly column: number;
}

const recordCodes = new Set(['01', '02', '03', '16', '88', '49', '98', '99']);

export function tokenizeBai2(text: string): Bai2Record[] {
  const records: Bai2Record[] = [];
  splitLines(text).forEach((rawLine, index) => {
    // Not /\s+$/: V8 retries it at every blank of a long run, quadratic in the run's length.
    const line = rawLine.trimEnd();
    if (line === '') return;
    const match = /^(\d{2})(,|\/$|$)/.exec(line);
    if (!match || !recordCodes.has(match[1]!)) {
      throw new BankFileError(
        `"${line.slice(0, 20)}" is not a BAI2 record (01, 02, 03, 16, 88, 49, 98 or 99 then a comma).`,
        { line: index + 1, column: 1 },
      );
    }
    records.push({ code: match[1]!, line: index + 1, body: line.slice(3), column: 4 });
  });
  return records;
}

export interface Bai2Field {
  readonly value: string;
  readonly column: number;
}

/** The comma-separated fields of a record body, its "/" terminator dropped. */
export function recordFields(record: Bai2Record): Bai2Field[] {
  const body = record.body.replace(/\/$/, '');
  const fields: Bai2Field[] = [];
  let start = 0;
  for (;;) {
    const comma = body.indexOf(',', start);
    const end = comma === -1 ? body.length : comma;
    fields.push({ value: body.slice(start, end).trim(), column: record.column + start });
    if (comma === -1) break;
    start = comma + 1;
  }
  return fields;
}

/**
 * Reads a record's fields one by one, so that the last one, free text, may keep its commas
 * ("ACH Credit Payment,Entry Description: EXP; -, SEC: CCD").
 */
export class FieldCursor {
  private offset = 0;
  private readonly body: string;

  constructor(private readonly record: Bai2Record) {
    this.body = record.body;
  }

  /** Whether a field is left (the record may end early: defaulted fields are left out). */
  get done(): boolean {
    return this.offset > this.body.length || this.body.slice(this.offset) === '/';
  }

  get column(): number {
    return this.record.column + this.offset;
  }

  /** The next field, or undefined when the record ended before it. */
  next(): Bai2Field | undefined {
    if (this.done) return undefined;
    const column = this.column;
    const comma = this.body.indexOf(',', this.offset);
    const end = comma === -1 ? this.body.length : comma;
    let value = this.body.slice(this.offset, end);
    if (comma === -1) value = value.replace(/\/$/, '');
    this.offset = end + 1;
    return { value: value.trim(), column };
  }

  /** Everything left, commas included, its "/" terminator dropped: the text field. */
  rest(): Bai2Field | undefined {
    if (this.done) return undefined;
    const column = this.column;
    const value = this.body.slice(this.offset).replace(/\/$/, '');
    this.offset = this.body.length + 1;
    return { value: value.trim(), column };
  }
}

export function recordError(record: Bai2Record, column: number, message: string): never {
  throw new BankFileError(`${record.code} record: ${message}`, { line: record.line, column });
}
