import { rename, rm, writeFile } from 'node:fs/promises';
import { AppError } from '../core/errors.js';

/**
 * Writes a report to a file (through a temporary file renamed into place, so a failure never
 * leaves a partial file that looks whole) or, without one, to standard output.
 */
export async function writeReport(content: string | Buffer, file: string | undefined): Promise<void> {
  if (file === undefined) {
    await new Promise<void>((resolve, reject) => process.stdout.write(content, (error) => (error ? reject(error) : resolve())));
    return;
  }
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    await writeFile(temporary, content);
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    const code = (error as { code?: string }).code;
    throw new AppError('invalid', 'file_unwritable', `Cannot write ${file} (${code ?? String(error)}).`, 'output');
  }
}

/** Lays out rows as a text table: the first column left-aligned, the rest right-aligned. */
export function textTable(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, index) => (widths[index] = Math.max(widths[index] ?? 0, cell.length)));
  return rows
    .map((row) => row.map((cell, index) => (index < 2 ? cell.padEnd(widths[index]!) : cell.padStart(widths[index]!))).join('  ').trimEnd())
    .join('\n') + '\n';
}

export const reportFormats = ['table', 'csv', 'json', 'pdf'] as const;
export type ReportFormat = (typeof reportFormats)[number];

export function parseReportFormat(value: string | undefined, allowed: readonly ReportFormat[]): ReportFormat {
  const format = (value ?? 'table') as ReportFormat;
  if (!allowed.includes(format)) {
    throw new AppError('invalid', 'format_invalid', `The format is one of ${allowed.join(', ')}, not "${value}".`, 'format');
  }
  return format;
}
