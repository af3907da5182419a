// Proves that quantities and rates parse into exact scaled integers, refuse anything they cannot hold exactly, and format back to the shortest equal decimal.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatScaledDecimal, parseScaledDecimal } from './decimal.js';

describe('parseScaledDecimal', () => {
  it('scales a decimal string by 10^scale', () => {
    expect(parseScaledDecimal('1.5', 6, 'quantity')).toEqual({ ok: true, value: 1_500_000n });
    expect(parseScaledDecimal('1', 6, 'quantity')).toEqual({ ok: true, value: 1_000_000n });
    expect(parseScaledDecimal('0.000001', 6, 'quantity')).toEqual({ ok: true, value: 1n });
    expect(parseScaledDecimal('7.25', 4, 'tax_rate')).toEqual({ ok: true, value: 72_500n });
    expect(parseScaledDecimal('0', 4, 'tax_rate')).toEqual({ ok: true, value: 0n });
    expect(parseScaledDecimal('42', 0, 'count')).toEqual({ ok: true, value: 42n });
    expect(parseScaledDecimal(' 2.50 ', 2, 'quantity')).toEqual({ ok: true, value: 250n });
    expect(parseScaledDecimal('007.5', 1, 'quantity')).toEqual({ ok: true, value: 75n });
  });

  it('refuses more decimals than the scale, naming the field', () => {
    expect(parseScaledDecimal('1.1234567', 6, 'quantity')).toMatchObject({
      ok: false,
      error: { code: 'decimal_too_precise', field: 'quantity' },
    });
    expect(parseScaledDecimal('1.5', 0, 'count')).toMatchObject({
      ok: false,
      error: { code: 'decimal_too_precise', field: 'count' },
    });
    expect(parseScaledDecimal('1.00000', 4, 'tax_rate')).toMatchObject({
      ok: false,
      error: { code: 'decimal_too_precise' },
    });
  });

  it('refuses negatives, signs, exponents, separators and other garbage', () => {
    const garbage = [
      '',
      ' ',
      '-1',
      '+1',
      '1e3',
      '1,5',
      '1.',
      '.5',
      'abc',
      '1.2.3',
      '0x10',
      'NaN',
      'Infinity',
      '1 000',
    ];
    for (const text of garbage) {
      expect(parseScaledDecimal(text, 6, 'quantity'), text).toMatchObject({
        ok: false,
        error: { code: 'decimal_invalid', field: 'quantity' },
      });
    }
  });

  it('accepts at most twelve whole digits', () => {
    expect(parseScaledDecimal('999999999999', 6, 'quantity')).toEqual({
      ok: true,
      value: 999_999_999_999_000_000n,
    });
    expect(parseScaledDecimal('1000000000000', 6, 'quantity')).toMatchObject({
      ok: false,
      error: { code: 'decimal_invalid' },
    });
  });
});

describe('formatScaledDecimal', () => {
  it('writes the shortest decimal string', () => {
    expect(formatScaledDecimal(1_500_000n, 6)).toBe('1.5');
    expect(formatScaledDecimal(1_000_000n, 6)).toBe('1');
    expect(formatScaledDecimal(1n, 6)).toBe('0.000001');
    expect(formatScaledDecimal(0n, 6)).toBe('0');
    expect(formatScaledDecimal(72_500n, 4)).toBe('7.25');
    expect(formatScaledDecimal(1_000_000n, 4)).toBe('100');
    expect(formatScaledDecimal(42n, 0)).toBe('42');
    expect(formatScaledDecimal(0n, 0)).toBe('0');
  });

  const scale = fc.integer({ min: 0, max: 8 });

  it('parseScaledDecimal(formatScaledDecimal(value)) is the value', () => {
    const scaled = scale.chain((s) =>
      fc.tuple(fc.constant(s), fc.bigInt({ min: 0n, max: 10n ** BigInt(12 + s) - 1n })),
    );
    fc.assert(
      fc.property(scaled, ([s, value]) => {
        const text = formatScaledDecimal(value, s);
        expect(parseScaledDecimal(text, s, 'value')).toEqual({ ok: true, value });
        expect(text === '0' || !/^0\d|\.$|\.\d*0$/.test(text)).toBe(true);
      }),
    );
  });

  it('formatScaledDecimal(parseScaledDecimal(text)) is the text without padding zeros', () => {
    const text = scale.chain((s) =>
      fc.tuple(
        fc.constant(s),
        fc.bigInt({ min: 0n, max: 10n ** 12n - 1n }),
        fc.string({ unit: fc.constantFrom(...'0123456789'), maxLength: s }),
      ),
    );
    fc.assert(
      fc.property(text, ([s, whole, fraction]) => {
        const written = fraction ? `${whole}.${fraction}` : `${whole}`;
        const parsed = parseScaledDecimal(written, s, 'value');
        const expected = fraction.replace(/0+$/, '')
          ? `${whole}.${fraction.replace(/0+$/, '')}`
          : `${whole}`;
        expect(parsed.ok && formatScaledDecimal(parsed.value, s)).toBe(expected);
      }),
    );
  });
});
