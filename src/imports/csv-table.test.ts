// Proves that CSV files are read as tables by header name (any order, any case, extra columns
// ignored), with BOMs, quoting and line ends handled, that every row keeps the physical line it
// starts on, and that a malformed file or header is reported rather than half read.
import { describe, expect, it } from 'vitest';
import { limits } from '../core/limits.js';
import { readCsvTable } from './csv-table.js';
import { ImportErrors } from './import-errors.js';

const columns = { required: ['number', 'total'] as const, optional: ['memo'] as const };

function read(text: string | Uint8Array, options: { rowsMax?: number } = {}) {
  const errors = new ImportErrors();
  const rows = readCsvTable(text, columns, errors, options);
  return { rows: rows.map((row) => ({ line: row.line, ...row.values })), errors: errors.list() };
}

describe('readCsvTable', () => {
  it('maps columns by header name in any order and letter case, trims, and ignores extra columns', () => {
    const { rows, errors } = read(' Total ,Extra,NUMBER,memo\n10.00,x, A-1 ,hello\n');
    expect(errors).toEqual([]);
    expect(rows).toEqual([{ line: 2, number: 'A-1', total: '10.00', memo: 'hello' }]);
  });

  it('gives an absent optional column as empty cells', () => {
    expect(read('number,total\nA,1\n').rows).toEqual([
      { line: 2, number: 'A', total: '1', memo: '' },
    ]);
  });

  it('reports each missing required column on the header line, naming it, and returns no rows', () => {
    const { rows, errors } = read('memo,other\nx,y\n');
    expect(rows).toEqual([]);
    expect(errors).toEqual([
      {
        line: 1,
        field: 'number',
        code: 'column_missing',
        message: 'The header has no "number" column.',
      },
      {
        line: 1,
        field: 'total',
        code: 'column_missing',
        message: 'The header has no "total" column.',
      },
    ]);
  });

  it('refuses a header that names a column twice', () => {
    expect(read('number,total,Number\nA,1,B\n').errors).toMatchObject([
      { line: 1, field: 'number', code: 'column_repeated' },
    ]);
  });

  it('strips a byte order mark, as Excel writes one', () => {
    const bytes = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from('number,total\nA,1\n'),
    ]);
    expect(read(bytes)).toEqual({
      rows: [{ line: 2, number: 'A', total: '1', memo: '' }],
      errors: [],
    });
  });

  it('reads quoted fields with commas, doubled quotes and line breaks', () => {
    const { rows } = read('number,total,memo\n"A,1",2,"say ""hi"""\nB,3,"two\nlines"\nC,4,\n');
    expect(rows).toEqual([
      { line: 2, number: 'A,1', total: '2', memo: 'say "hi"' },
      { line: 3, number: 'B', total: '3', memo: 'two\nlines' },
      { line: 5, number: 'C', total: '4', memo: '' },
    ]);
  });

  it('counts physical lines with CR LF line ends, inside quotes too, and across empty lines', () => {
    const { rows } = read('number,total,memo\r\nA,1,"x\r\ny"\r\n\r\nB,2,\r\nC,3,z');
    expect(rows.map((row) => [row.line, row.number])).toEqual([
      [2, 'A'],
      [5, 'B'],
      [6, 'C'],
    ]);
  });

  it('accepts a file that mixes Unix and Windows line ends', () => {
    const { rows, errors } = read('number,total\r\nA,1\nB,2\r\nC,3\n');
    expect(errors).toEqual([]);
    expect(rows.map((row) => [row.line, row.number])).toEqual([
      [2, 'A'],
      [3, 'B'],
      [4, 'C'],
    ]);
  });

  it('skips rows whose cells are all empty, as spreadsheets leave at the end', () => {
    const { rows, errors } = read('number,total\nA,1\n,\n , \n');
    expect(errors).toEqual([]);
    expect(rows).toHaveLength(1);
  });

  it('reports a row with more or fewer cells than the header, by line, and keeps reading', () => {
    const { rows, errors } = read('number,total\nA,1,extra\nB\nC,3\n');
    expect(rows.map((row) => row.number)).toEqual(['C']);
    expect(errors).toMatchObject([
      {
        line: 2,
        field: 'row',
        code: 'cell_count_mismatch',
        message: 'The row has 3 cells; the header has 2.',
      },
      { line: 3, field: 'row', code: 'cell_count_mismatch' },
    ]);
  });

  it('reports a malformed file (an unclosed quote) instead of reading part of it', () => {
    const { rows, errors } = read('number,total\nA,1\nB,"2\nC,3\n');
    expect(rows).toEqual([]);
    expect(errors).toMatchObject([{ field: 'file', code: 'csv_malformed' }]);
  });

  it('refuses an empty file, and reads a header without rows as an empty import', () => {
    expect(read('').errors).toMatchObject([{ line: 1, code: 'file_empty' }]);
    expect(read('number,total\n')).toEqual({ rows: [], errors: [] });
  });

  it('accepts rowsMax rows and refuses one more, naming the first line past the limit', () => {
    expect(read('number,total\nA,1\nB,2\n', { rowsMax: 2 }).rows).toHaveLength(2);
    expect(read('number,total\nA,1\nB,2\nC,3\n', { rowsMax: 2 })).toEqual({
      rows: [],
      errors: [
        {
          line: 4,
          field: 'file',
          code: 'too_many_rows',
          message: 'A file holds at most 2 rows; split it into several files.',
        },
      ],
    });
    expect(limits.importRowsMax).toBe(2_000_000);
  });
});

describe('ImportErrors', () => {
  it('lists up to its maximum, counts the rest, and counts bad rows once each', () => {
    const errors = new ImportErrors(2);
    errors.add(5, 'a', 'x', 'five');
    errors.add(3, 'b', 'y', 'three');
    errors.add(3, 'c', 'z', 'three again');
    errors.add(9, 'd', 'w', 'nine');
    expect(errors.list().map((error) => error.line)).toEqual([3, 5]);
    expect(errors.omitted).toBe(2);
    expect(errors.badRows).toBe(3);
    const rejection = errors.rejection();
    expect(rejection).toMatchObject({ kind: 'invalid', code: 'import_rejected' });
    expect(rejection.message).toBe(
      '3 rows are wrong; nothing was imported. The first 2 errors are listed; 2 more were found.',
    );
    expect(rejection.details).toEqual(errors.list());
  });

  it('reports at most limits.importErrorsReportedMax errors by default', () => {
    const errors = new ImportErrors();
    for (let line = 2; line < limits.importErrorsReportedMax + 3; line++)
      errors.add(line, 'f', 'c', 'm');
    expect(errors.list()).toHaveLength(limits.importErrorsReportedMax);
    expect(errors.omitted).toBe(1);
  });

  it('copies its state, so a retried transaction starts again from the parser', () => {
    const errors = new ImportErrors();
    errors.add(2, 'f', 'c', 'm');
    const copy = errors.copy();
    copy.add(3, 'f', 'c', 'm');
    expect(errors.badRows).toBe(1);
    expect(copy.badRows).toBe(2);
    expect(new ImportErrors().rejection().message).toBe('0 rows are wrong; nothing was imported.');
    const one = new ImportErrors();
    one.add(4, 'f', 'c', 'm');
    expect(one.rejection().message).toBe('1 row is wrong; nothing was imported.');
  });

  it('refuses a NUL character in a cell, naming the line and the column, and reads the other rows', () => {
    const { rows, errors } = read('number,total,memo\nA,1,ok\nB,2,bad\u0000memo\nC,3,\n');
    expect(errors).toMatchObject([{ line: 3, field: 'memo', code: 'text_invalid' }]);
    expect(rows.map((row) => row.number)).toEqual(['A', 'C']);
  });

  it('refuses a file that is not UTF-8, naming the first line that is not, and reads nothing', () => {
    const latin1 = Buffer.from('number,total,memo\nA,1,ok\nB,2,Caf\xe9\n', 'latin1');
    const { rows, errors } = read(latin1);
    expect(rows).toEqual([]);
    expect(errors).toMatchObject([{ line: 3, field: 'file', code: 'encoding_invalid' }]);
    expect(errors[0]!.message).toContain('UTF-8');
  });

  it('reads back a cell neutralised against spreadsheet formulas as the value written', () => {
    expect(read("number,total,memo\n'=A1,1,'-x\n").rows).toEqual([
      { line: 2, number: '=A1', total: '1', memo: '-x' },
    ]);
  });
});
