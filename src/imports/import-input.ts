import { nothingLoaded, type LoadedBook } from '../ledger/book.js';

/** What every import service takes: the file's bytes and, for the audit log, its name. */
export interface ImportInput {
  readonly csv: Uint8Array | string;
  readonly fileName?: string | undefined;
}

/**
 * Progress of an import, in rows of the file: `phase` is `reading`, `checking`, `writing` or
 * `finishing`. The CLI draws it as a bar; other callers may ignore it.
 */
export type ImportProgress = (done: number, total: number, phase: string) => void;

export interface ImportOptions {
  readonly onProgress?: ImportProgress | undefined;
}

export function importLabel(kind: string, input: ImportInput): string {
  return input.fileName ? `${kind} from ${input.fileName}` : kind;
}

/** Distinct values, in first-seen order: the keys a file refers to, for one query each. */
export function distinct(values: Iterable<string>): string[] {
  return [...new Set(values)];
}

/**
 * Documents written per book load. One COPY of 100,000 invoices and their journal lines is
 * several times slower per row on PGlite than ten of 10,000 (it grows worse than linearly), and
 * smaller parts let the progress bar move while the file is written. All parts are in the one
 * transaction of the import, so it stays all or nothing.
 */
export const importPartDocuments = 10_000;

/** `items` in consecutive parts of at most `size`; one empty part for no items. */
export function inParts<T>(items: readonly T[], size: number = importPartDocuments): T[][] {
  if (items.length === 0) return [[]];
  const parts: T[][] = [];
  for (let start = 0; start < items.length; start += size)
    parts.push(items.slice(start, start + size));
  return parts;
}

/** The audit label of one part of a book load. */
export function partLabel(label: string, index: number, count: number): string {
  return count === 1 ? label : `${label}, part ${index + 1} of ${count}`;
}

/** The counts of a book load before anything is written, for imports to fill in. */
export const emptyLoad: LoadedBook = nothingLoaded;
