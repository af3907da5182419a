import { parse } from 'csv-parse/sync';
import { fromSpreadsheetSafe } from '../core/spreadsheet-cell.js';
import { limits } from '../core/limits.js';
import type { ImportErrors } from './import-errors.js';

/**
 * A CSV file read as a table: a header row names the columns, in any order and any letter case;
 * columns nobody asked for are ignored. Each data row keeps the physical line of the file it
 * starts on, so that an error can point at the line a spreadsheet or an editor shows.
 */
export interface CsvRow<C extends string> {
  /** 1-based line of the file where the row starts; the header is line 1. */
  readonly line: number;
  /** Every requested column, trimmed; '' when the cell is empty or an optional column is absent. */
  readonly values: Readonly<Record<C, string>>;
}

export interface CsvColumns<R extends string, O extends string> {
  readonly required: readonly R[];
  readonly optional: readonly O[];
}

interface ParsedRecord {
  readonly record: string[];
  readonly info: { readonly bytes: number; readonly lines: number };
}

const lineFeed = 0x0a;
const carriageReturn = 0x0d;

/**
 * Physical line numbers from byte offsets. csv-parse reports the line on which a record ends,
 * and counts a CR LF inside a quoted field as two lines, so the start line is derived here from
 * the byte offset where the previous record ended, walking forward once through the file.
 */
class LineCounter {
  private offset = 0;
  private line = 1;

  constructor(private readonly bytes: Uint8Array) {}

  /** The line at `offset`, which must not be before the previous call's. */
  lineAt(offset: number): number {
    const bytes = this.bytes;
    for (let i = this.offset; i < offset; i++) {
      const byte = bytes[i];
      if (byte === lineFeed || (byte === carriageReturn && bytes[i + 1] !== lineFeed)) this.line++;
    }
    this.offset = Math.max(this.offset, offset);
    return this.line;
  }

  /** Skips the line breaks (empty lines) at `offset`, returning where the next record starts. */
  skipBreaks(offset: number): number {
    let position = offset;
    while (
      position < this.bytes.length &&
      (this.bytes[position] === lineFeed || this.bytes[position] === carriageReturn)
    )
      position++;
    return position;
  }
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** The first line (from 1) holding bytes that are not UTF-8, or null when the whole file is. */
function firstLineNotUtf8(bytes: Uint8Array): number | null {
  try {
    strictUtf8.decode(bytes);
    return null;
  } catch {
    // Only a broken file pays for the search, line by line.
  }
  let line = 1;
  let start = 0;
  for (let index = 0; index <= bytes.length; index++) {
    if (index === bytes.length || bytes[index] === lineFeed) {
      try {
        strictUtf8.decode(bytes.subarray(start, index));
      } catch {
        return line;
      }
      line += 1;
      start = index + 1;
    }
  }
  return 1;
}

function asBytes(input: Uint8Array | string): Uint8Array {
  return typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
}

function parseRecords(bytes: Uint8Array, errors: ImportErrors): ParsedRecord[] | null {
  try {
    return parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), {
      bom: true,
      info: true,
      // Rows with a wrong number of cells are reported by line below, with the rest of the file.
      relax_column_count: true,
      skip_empty_lines: true,
      // A file pasted together from several sources may mix Windows and Unix line ends.
      record_delimiter: ['\r\n', '\n', '\r'],
    }) as unknown as ParsedRecord[];
  } catch (error) {
    const detail = error as { code?: string; message?: string; lines?: number };
    if (
      typeof detail.code !== 'string' ||
      (!detail.code.startsWith('CSV_') && detail.code !== 'INVALID_OPENING_QUOTE')
    )
      throw error;
    errors.add(
      detail.lines ?? 1,
      'file',
      'csv_malformed',
      `The file is not valid CSV: ${detail.message ?? detail.code}`,
    );
    return null;
  }
}

function normalizeName(name: string): string {
  return name.trim().toLowerCase();
}

/**
 * Reads `input` as a table with the given columns. Adds an error for a missing required column,
 * a repeated column, a row with a different number of cells than the header, a file with no
 * header, or more rows than `rowsMax`, and returns the rows that have the right shape (or none
 * when the header itself is wrong). Rows whose cells are all empty (a spreadsheet's trailing
 * rows of commas) are skipped. A header with no rows is an empty import, not an error: it is
 * what exporting an empty book writes.
 */
export function readCsvTable<R extends string, O extends string>(
  input: Uint8Array | string,
  columns: CsvColumns<R, O>,
  errors: ImportErrors,
  options: { rowsMax?: number } = {},
): CsvRow<R | O>[] {
  const rowsMax = options.rowsMax ?? limits.importRowsMax;
  const bytes = asBytes(input);
  const badLine = firstLineNotUtf8(bytes);
  if (badLine !== null) {
    errors.add(
      badLine,
      'file',
      'encoding_invalid',
      `Line ${badLine} is not UTF-8 text: save the file as UTF-8 ("CSV UTF-8" in a spreadsheet) and import it again.`,
    );
    return [];
  }
  const records = parseRecords(bytes, errors);
  if (records === null) return [];
  const counter = new LineCounter(bytes);
  let previousEnd = 0;
  const located = records.map(({ record, info }) => {
    const line = counter.lineAt(counter.skipBreaks(previousEnd));
    previousEnd = info.bytes;
    return { line, record };
  });
  const header = located[0];
  if (header === undefined) {
    errors.add(
      1,
      'file',
      'file_empty',
      'The file is empty: it needs a header row and at least one row.',
    );
    return [];
  }
  const indexByName = new Map<string, number>();
  header.record.forEach((name, index) => {
    const key = normalizeName(name);
    if (key === '') return;
    if (indexByName.has(key)) {
      errors.add(
        header.line,
        key,
        'column_repeated',
        `The column "${key}" appears twice in the header.`,
      );
    }
    indexByName.set(key, index);
  });
  for (const column of columns.required) {
    if (!indexByName.has(column)) {
      errors.add(header.line, column, 'column_missing', `The header has no "${column}" column.`);
    }
  }
  if (!errors.isEmpty) return [];
  const dataCount = located.length - 1;
  if (dataCount > rowsMax) {
    errors.add(
      located[rowsMax + 1]!.line,
      'file',
      'too_many_rows',
      `A file holds at most ${rowsMax} rows; split it into several files.`,
    );
    return [];
  }
  const wanted = [...columns.required, ...columns.optional].map(
    (name) => [name, indexByName.get(name)] as const,
  );
  const rows: CsvRow<R | O>[] = [];
  for (let i = 1; i < located.length; i++) {
    const { line, record } = located[i]!;
    if (record.every((cell) => cell.trim() === '')) continue;
    if (record.length !== header.record.length) {
      errors.add(
        line,
        'row',
        'cell_count_mismatch',
        `The row has ${record.length} cells; the header has ${header.record.length}.`,
      );
      continue;
    }
    const nulAt = record.findIndex((cell) => cell.includes('\u0000'));
    if (nulAt >= 0) {
      errors.add(
        line,
        normalizeName(header.record[nulAt] ?? 'row'),
        'text_invalid',
        'The cell holds a NUL character, which no field accepts.',
      );
      continue;
    }
    const values = {} as Record<R | O, string>;
    for (const [name, index] of wanted)
      values[name] = index === undefined ? '' : fromSpreadsheetSafe((record[index] ?? '').trim());
    rows.push({ line, values });
  }
  return rows;
}
