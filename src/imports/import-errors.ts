import { AppError } from '../core/errors.js';
import { limits } from '../core/limits.js';
import type { DomainError } from '../core/result.js';

/**
 * One bad row of an import: the physical line of the file it starts on (the header is line 1),
 * the column it is about, a stable code and a sentence for the person fixing the file.
 */
export interface ImportError {
  readonly line: number;
  readonly field: string;
  readonly code: string;
  readonly message: string;
}

/**
 * Collects every error of an import, from the parser and then from the database checks, so that
 * one attempt lists every bad row. A file with thousands of bad rows (a wrong column mapping, a
 * file of the wrong kind) would make a report nobody reads, so only the first
 * `limits.importErrorsReportedMax` are kept and the rest are counted.
 */
export class ImportErrors {
  private readonly listed: ImportError[] = [];
  private readonly lines = new Set<number>();
  private omittedCount = 0;

  constructor(private readonly reportedMax: number = limits.importErrorsReportedMax) {}

  /**
   * A copy to add the database's findings to: a transaction that is retried starts again from
   * the parser's errors rather than from the previous attempt's.
   */
  copy(): ImportErrors {
    const copy = new ImportErrors(this.reportedMax);
    copy.listed.push(...this.listed);
    for (const line of this.lines) copy.lines.add(line);
    copy.omittedCount = this.omittedCount;
    return copy;
  }

  add(line: number, field: string, code: string, message: string): void {
    this.lines.add(line);
    if (this.listed.length < this.reportedMax) this.listed.push({ line, field, code, message });
    else this.omittedCount++;
  }

  /** Adds a domain error, naming the CSV column rather than the domain's field name. */
  addDomain(line: number, field: string, error: DomainError): void {
    this.add(line, field, error.code, error.message);
  }

  get isEmpty(): boolean {
    return this.lines.size === 0;
  }

  /** How many distinct lines have at least one error. */
  get badRows(): number {
    return this.lines.size;
  }

  /** Errors found but not listed, beyond the report's limit. */
  get omitted(): number {
    return this.omittedCount;
  }

  /** The listed errors in line order (the database checks add theirs after the parser's). */
  list(): ImportError[] {
    return [...this.listed].sort((a, b) => a.line - b.line);
  }

  /** The error every import throws for a bad file: nothing is written. */
  rejection(): AppError {
    const rows = this.badRows === 1 ? '1 row is wrong' : `${this.badRows} rows are wrong`;
    const more =
      this.omittedCount > 0
        ? ` The first ${this.listed.length} errors are listed; ${this.omittedCount} more were found.`
        : '';
    return new AppError(
      'invalid',
      'import_rejected',
      `${rows}; nothing was imported.${more}`,
      undefined,
      this.list(),
    );
  }

  /** Throws the rejection when any error was found. */
  throwIfAny(): void {
    if (!this.isEmpty) throw this.rejection();
  }
}

/** What a pure parser returns: the rows of a good file, or every error of a bad one. */
export type ParseResult<T> =
  | { readonly ok: true; readonly rows: T[] }
  | {
      readonly ok: false;
      readonly errors: ImportError[];
      readonly omitted: number;
      readonly badRows: number;
    };

export function parseResult<T>(rows: T[], errors: ImportErrors): ParseResult<T> {
  if (errors.isEmpty) return { ok: true, rows };
  return { ok: false, errors: errors.list(), omitted: errors.omitted, badRows: errors.badRows };
}
