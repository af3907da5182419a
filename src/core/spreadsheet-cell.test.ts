import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromSpreadsheetSafe, spreadsheetSafe } from './spreadsheet-cell.js';

describe('spreadsheet-safe cells', () => {
  it('neutralises every cell a spreadsheet would run as a formula', () => {
    for (const value of [
      '=HYPERLINK("http://evil.test","x")',
      '+1+1',
      '-2+3',
      '@SUM(A1)',
      '\t=1',
      '\r=1',
      "'=1",
    ]) {
      expect(spreadsheetSafe(value).startsWith("'")).toBe(true);
    }
  });

  it('leaves numbers and ordinary text alone', () => {
    for (const value of ['-12.50', '+5', '-3', '1234.50', 'Acme', "O'Brien", 'a=b', '']) {
      expect(spreadsheetSafe(value)).toBe(value);
    }
  });

  it('reads back exactly what was written, for any string', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom("'", '=', '+', '-', '@', '\t', '\r', 'a', '1', '.') }),
        (value) => {
          expect(fromSpreadsheetSafe(spreadsheetSafe(value))).toBe(value);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
