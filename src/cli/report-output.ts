import { rename, rm, writeFile } from 'node:fs/promises';
import { AppError } from '../core/errors.js';
import { terminalPath, writeOut } from './terminal.js';

/**
 * Writes a report to a file (through a temporary file renamed into place, so a failure never
 * leaves a partial file that looks whole) or, without one, to standard output.
 */
export async function writeReport(
  content: string | Buffer,
  file: string | undefined,
): Promise<void> {
  if (file === undefined) {
    await writeOut(content);
    return;
  }
  const path = terminalPath(file);
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    await writeFile(temporary, content);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    const code = (error as { code?: string }).code;
    throw new AppError(
      'invalid',
      'file_unwritable',
      `Cannot write ${file} (${code ?? String(error)}).`,
      'output',
    );
  }
}

/** A cell wider than this is shortened: a list keeps its first items and counts the rest. */
export const tableCellWidthMax = 60;

const numericCell = /^(—|[-+]?[\d.,]+( ?%| [A-Z]{3}| days?| times)?)$/;

/** Shortens a long cell: "INV-1, INV-2, … (+40 more)" for a list, a cut with "…" for text. */
export function shortenCell(cell: string, width = tableCellWidthMax): string {
  if (cell.length <= width) return cell;
  const items = cell.split(', ');
  if (items.length > 1) {
    let kept = 0;
    let length = 0;
    // Keep as many whole items as fit beside the "(+N more)" suffix.
    while (
      kept < items.length &&
      length + items[kept]!.length + 2 + ` … (+${items.length - kept - 1} more)`.length <= width
    ) {
      length += items[kept]!.length + 2;
      kept += 1;
    }
    if (kept > 0) return `${items.slice(0, kept).join(', ')}, … (+${items.length - kept} more)`;
  }
  return `${cell.slice(0, width - 1)}…`;
}

/**
 * Lays out rows as a text table, the first row being the header: text left-aligned, columns of
 * numbers (amounts, counts, percentages) right-aligned, long cells shortened.
 */
export function textTable(rows: readonly (readonly string[])[]): string {
  const cells = rows.map((row) => row.map((cell) => shortenCell(cell)));
  const widths: number[] = [];
  const numeric: boolean[] = [];
  cells.forEach((row, rowIndex) =>
    row.forEach((cell, index) => {
      widths[index] = Math.max(widths[index] ?? 0, cell.length);
      if (rowIndex > 0) numeric[index] = (numeric[index] ?? true) && numericCell.test(cell);
    }),
  );
  return (
    cells
      .map((row) =>
        row
          .map((cell, index) =>
            numeric[index] === true ? cell.padStart(widths[index]!) : cell.padEnd(widths[index]!),
          )
          .join('  ')
          .trimEnd(),
      )
      .join('\n') + '\n'
  );
}

export const reportFormats = ['table', 'csv', 'json', 'pdf'] as const;
export type ReportFormat = (typeof reportFormats)[number];

export function parseReportFormat(
  value: string | undefined,
  allowed: readonly ReportFormat[],
): ReportFormat {
  const format = (value ?? 'table') as ReportFormat;
  if (!allowed.includes(format)) {
    throw new AppError(
      'invalid',
      'format_invalid',
      `The format is one of ${allowed.join(', ')}, not "${value}".`,
      'format',
    );
  }
  return format;
}
