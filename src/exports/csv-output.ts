import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import { spreadsheetSafe } from '../core/spreadsheet-cell.js';

/** Rows per query of an export: big enough to amortise the round trip, small enough to stream. */
export const exportBatchRows = 5000;

export interface ExportOptions {
  /** Rows per batch; tests make it small to cross batch boundaries. */
  readonly batchSize?: number | undefined;
}

export interface ExportInput {
  /** Where the CSV goes; it is left open, since it may be standard output. */
  readonly output: Writable;
}

async function write(output: Writable, text: string): Promise<void> {
  // Waits when the output's buffer is full, so a slow disk or pipe never makes the export hold
  // the whole file in memory; once() rejects if the output fails meanwhile.
  if (!output.write(text)) await once(output, 'drain');
}

/**
 * Writes a header and then each batch of rows as CSV (RFC 4180: fields with commas, quotes or
 * line breaks quoted, and cells a spreadsheet would run as formulas neutralised), returning the
 * number of rows written.
 */
export async function writeCsv(
  output: Writable,
  header: readonly string[],
  batches: AsyncIterable<readonly (readonly string[])[]>,
): Promise<number> {
  await write(output, stringify([header.map(spreadsheetSafe)]));
  let count = 0;
  for await (const batch of batches) {
    if (batch.length === 0) continue;
    await write(output, stringify(batch.map((row) => row.map(spreadsheetSafe))));
    count += batch.length;
  }
  return count;
}
