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

interface LocatedRecord {
  readonly line: number;
  readonly record: string[];
}

const quote = 0x22;

/**
 * Where each record of a file starts and ends, with its physical line: one pass over the text,
 * keeping three numbers per record rather than its cells, so that a file of a million rows is
 * never held as a million arrays of strings. A record ends at a CR LF, LF or CR outside quotes;
 * empty lines are skipped (as csv-parse's skip_empty_lines); `quoted` marks a record holding a
 * quote, which csv-parse reads (quoteRuns), while the others are split on commas.
 */
class RecordSpans {
  readonly starts: number[] = [];
  readonly ends: number[] = [];
  readonly lines: number[] = [];
  readonly quoted: boolean[] = [];

  constructor(text: string) {
    const length = text.length;
    let line = 1;
    let i = 0;
    while (i < length) {
      const c = text.charCodeAt(i);
      if (c === lineFeed || c === carriageReturn) {
        i += c === carriageReturn && text.charCodeAt(i + 1) === lineFeed ? 2 : 1;
        line++;
        continue;
      }
      const start = i;
      const startLine = line;
      let inQuotes = false;
      let quoted = false;
      for (; i < length; i++) {
        const d = text.charCodeAt(i);
        if (d === quote) {
          inQuotes = !inQuotes;
          quoted = true;
        } else if (d === lineFeed || d === carriageReturn) {
          if (!inQuotes) break;
          if (d === lineFeed || text.charCodeAt(i + 1) !== lineFeed) line++;
        }
      }
      this.starts.push(start);
      this.ends.push(i);
      this.lines.push(startLine);
      this.quoted.push(quoted);
    }
  }

  get count(): number {
    return this.starts.length;
  }
}

/** Quoted records parsed together, up to this many: few arrays at a time, few parser calls. */
const quoteRunRecordsMax = 10_000;

/** The runs of consecutive quoted records, as [first, last] indexes. */
function* quoteRuns(spans: RecordSpans): Generator<readonly [number, number]> {
  for (let i = 0; i < spans.count; i++) {
    if (!spans.quoted[i]) continue;
    const first = i;
    while (i + 1 < spans.count && spans.quoted[i + 1] && i + 1 - first < quoteRunRecordsMax) i++;
    yield [first, i];
  }
}

/** csv-parse on a run of quoted records; null when it fails or sees other records than the scan. */
function parseQuoteRun(
  text: string,
  spans: RecordSpans,
  [first, last]: readonly [number, number],
): string[][] | null {
  try {
    const records = parse(text.slice(spans.starts[first], spans.ends[last]), {
      relax_column_count: true,
      skip_empty_lines: true,
      record_delimiter: ['\r\n', '\n', '\r'],
    }) as string[][];
    return records.length === last - first + 1 ? records : null;
  } catch {
    return null;
  }
}

/**
 * The records of a well-formed file, read lazily after every quoted run has been checked, or
 * null when one is malformed (or the scan and csv-parse disagree): the caller then reads the file
 * whole with csv-parse, which names the error as it always has.
 */
function scannedRecords(text: string): { count: number; records: Iterable<LocatedRecord> } | null {
  const spans = new RecordSpans(text);
  const runs = [...quoteRuns(spans)];
  for (const run of runs) if (parseQuoteRun(text, spans, run) === null) return null;
  function* records(): Generator<LocatedRecord> {
    let runIndex = 0;
    let runRecords: string[][] | null = null;
    for (let i = 0; i < spans.count; i++) {
      if (!spans.quoted[i]) {
        yield {
          line: spans.lines[i]!,
          record: text.slice(spans.starts[i], spans.ends[i]).split(','),
        };
        continue;
      }
      const run = runs[runIndex]!;
      if (i === run[0]) runRecords = parseQuoteRun(text, spans, run)!;
      yield { line: spans.lines[i]!, record: runRecords![i - run[0]]! };
      if (i === run[1]) {
        runIndex++;
        runRecords = null;
      }
    }
  }
  return { count: spans.count, records: records() };
}

/** The whole file through csv-parse at once: the path of a malformed file. */
function parsedRecords(bytes: Uint8Array, errors: ImportErrors): LocatedRecord[] | null {
  const records = parseRecords(bytes, errors);
  if (records === null) return null;
  const counter = new LineCounter(bytes);
  let previousEnd = 0;
  return records.map(({ record, info }) => {
    const line = counter.lineAt(counter.skipBreaks(previousEnd));
    previousEnd = info.bytes;
    return { line, record };
  });
}

/**
 * Reads `input` as a table with the given columns, handing each row with the right shape to
 * `visit` in file order. Adds an error for a missing required column, a repeated column, a row
 * with a different number of cells than the header, a file with no header, or more rows than
 * `rowsMax`, and visits nothing when the header itself is wrong or the file is not valid CSV
 * (a malformed file is found before the first row is visited). Rows whose cells are all empty (a
 * spreadsheet's trailing rows of commas) are skipped. A header with no rows is an empty import,
 * not an error: it is what exporting an empty book writes.
 */
export function visitCsvTable<R extends string, O extends string>(
  input: Uint8Array | string,
  columns: CsvColumns<R, O>,
  errors: ImportErrors,
  visit: (row: CsvRow<R | O>) => void,
  options: { rowsMax?: number } = {},
): void {
  const rowsMax = options.rowsMax ?? limits.importRowsMax;
  const bytes = asBytes(input);
  let text: string;
  try {
    // The decoder drops a byte order mark, as Excel writes one.
    text = strictUtf8.decode(bytes);
  } catch {
    const badLine = firstLineNotUtf8(bytes) ?? 1;
    errors.add(
      badLine,
      'file',
      'encoding_invalid',
      `Line ${badLine} is not UTF-8 text: save the file as UTF-8 ("CSV UTF-8" in a spreadsheet) and import it again.`,
    );
    return;
  }
  let scanned = scannedRecords(text);
  if (scanned === null) {
    const located = parsedRecords(bytes, errors);
    if (located === null) return;
    scanned = { count: located.length, records: located };
  }
  const iterator = scanned.records[Symbol.iterator]();
  const first = iterator.next();
  const header = first.done ? undefined : first.value;
  if (header === undefined) {
    errors.add(
      1,
      'file',
      'file_empty',
      'The file is empty: it needs a header row and at least one row.',
    );
    return;
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
  if (!errors.isEmpty) return;
  const dataCount = scanned.count - 1;
  if (dataCount > rowsMax) {
    let index = 0;
    for (let next = iterator.next(); !next.done; next = iterator.next()) {
      if (++index === rowsMax + 1) {
        errors.add(
          next.value.line,
          'file',
          'too_many_rows',
          `A file holds at most ${rowsMax} rows; split it into several files.`,
        );
        break;
      }
    }
    return;
  }
  const wanted = [...columns.required, ...columns.optional].map(
    (name) => [name, indexByName.get(name)] as const,
  );
  for (let next = iterator.next(); !next.done; next = iterator.next()) {
    const { line, record } = next.value;
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
    visit({ line, values });
  }
}

/** visitCsvTable's rows as an array, for files whose rows are few. */
export function readCsvTable<R extends string, O extends string>(
  input: Uint8Array | string,
  columns: CsvColumns<R, O>,
  errors: ImportErrors,
  options: { rowsMax?: number } = {},
): CsvRow<R | O>[] {
  const rows: CsvRow<R | O>[] = [];
  visitCsvTable(input, columns, errors, (row) => rows.push(row), options);
  return rows;
}
