// Proves that a percent reads back exactly as it was written in its shortest form, with no
// trailing zeros and no float rounding, and that rates above 100 % or finer than 0.0001 % are
// refused with the field named.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatPercent, parsePercent, percentUnit } from './percent.js';

describe('formatPercent', () => {
  it('gives the shortest decimal, as the API, the late-fee lines and the CLI show it', () => {
    expect(formatPercent(250_000n)).toBe('25');
    expect(formatPercent(175_000n)).toBe('17.5');
    expect(formatPercent(82_500n)).toBe('8.25');
    expect(formatPercent(1n)).toBe('0.0001');
    expect(formatPercent(0n)).toBe('0');
    expect(formatPercent(100n * percentUnit)).toBe('100');
  });

  it('reads back to the same rate, and formats a parsed rate to its shortest spelling', () => {
    fc.assert(
      fc.property(fc.bigInt(0n, 100n * percentUnit), (scaled) => {
        const text = formatPercent(scaled);
        expect(parsePercent(text, 'rate')).toEqual({ ok: true, value: scaled });
        expect(text).not.toMatch(/\.\d*0$|^0\d/);
      }),
    );
  });
});

describe('parsePercent', () => {
  it('takes 0 to 100 with up to four decimals', () => {
    expect(parsePercent('8.25', 'rate')).toEqual({ ok: true, value: 82_500n });
    expect(parsePercent('100', 'rate')).toEqual({ ok: true, value: 1_000_000n });
    expect(parsePercent('100.0001', 'rate')).toMatchObject({
      ok: false,
      error: {
        code: 'percent_invalid',
        field: 'rate',
        message: 'A rate is at most 100 %, not 100.0001.',
      },
    });
    expect(parsePercent('1.23456', 'commission_percent')).toMatchObject({
      ok: false,
      error: { code: 'decimal_too_precise', field: 'commission_percent' },
    });
    expect(parsePercent('-1', 'rate')).toMatchObject({
      ok: false,
      error: { code: 'decimal_invalid' },
    });
  });
});
