import { describe, expect, it } from 'vitest';
import { badRowsOf, uploadPercent } from './import-kinds';

describe('a refused import', () => {
  it('reads the bad rows from the error’s details and leaves out anything else', () => {
    const row = { line: 3, field: 'amount', code: 'amount_invalid', message: 'Not an amount.' };
    expect(badRowsOf([row, { line: '4' }, null, 'text'])).toEqual([row]);
  });
});

describe('upload progress', () => {
  it('counts whole percents and reaches 100 only with the last byte', () => {
    expect(uploadPercent(0, 0)).toBe(0);
    expect(uploadPercent(1, 3)).toBe(33);
    expect(uploadPercent(999_999, 1_000_000)).toBe(99);
    expect(uploadPercent(1_000_000, 1_000_000)).toBe(100);
  });
});
