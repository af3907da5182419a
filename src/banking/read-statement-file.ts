import { AppError } from '../core/errors.js';
import { parseBai2 } from './formats/bai2.js';
import { BankFileError, type BankFile, type StatementFormat } from './formats/bank-statement.js';
import { parseCamt } from './formats/camt.js';
import { parseCsvStatement, type CsvStatementMapping } from './formats/csv-statement.js';
import { detectStatementFormat } from './formats/detect-format.js';
import { parseMt940 } from './formats/mt940.js';
import { parseOfx } from './formats/ofx.js';

/**
 * Reads a statement file in whichever format it is in: the one the caller names, else the one
 * its first bytes show. A CSV export has no signature and needs the bank account's column
 * mapping. Whatever is wrong with the file comes back as one AppError on the field `file`,
 * naming the line and column (or element) where the parser stopped.
 */
export function readStatementFile(
  text: string,
  options: { format?: StatementFormat | undefined; csvMapping?: CsvStatementMapping | null },
): BankFile {
  const format = options.format ?? detectStatementFormat(text);
  if (format === null) {
    throw new AppError(
      'invalid',
      'bank_file_format_unknown',
      'The file is not a camt.053, camt.054, MT940, BAI2 or OFX statement; for a CSV export, choose the format "csv" and the bank account whose column mapping reads it.',
      'file',
    );
  }
  try {
    switch (format) {
      case 'camt.053':
      case 'camt.054':
        return parseCamt(text);
      case 'mt940':
        return parseMt940(text);
      case 'bai2':
        return parseBai2(text);
      case 'ofx':
        return parseOfx(text);
      case 'csv':
        if (!options.csvMapping) {
          throw new AppError(
            'invalid',
            'bank_csv_mapping_missing',
            'A CSV statement needs a column mapping: give one, or a bank account that has one saved.',
            'csv_mapping',
          );
        }
        return parseCsvStatement(text, options.csvMapping);
    }
  } catch (error) {
    if (error instanceof BankFileError) {
      throw new AppError(
        'invalid',
        'bank_file_invalid',
        `The ${format} file cannot be read: ${error.message}`,
        'file',
      );
    }
    throw error;
  }
}
