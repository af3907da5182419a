// Proves that amounts parse and format exactly per currency exponent, that rounding is half away from zero, and that every split sums to its whole.
import fc from 'fast-check';
import { limits } from './limits.js';
import { describe, expect, it } from 'vitest';
import { AssertionError } from './assert.js';
import {
  allocate,
  allocateEvenly,
  currencyExponent,
  divideRoundHalfUp,
  formatAmount,
  isCurrency,
  parseAmount,
  parseCurrency,
  sumMinor,
} from './money.js';

const sampleCurrencies = ['EUR', 'USD', 'JPY', 'KRW', 'KWD', 'BHD', 'CLF'] as const;
const absolute = (value: bigint): bigint => (value < 0n ? -value : value);
const sum = (values: readonly bigint[]): bigint =>
  values.reduce((total, value) => total + value, 0n);

describe('currencies', () => {
  it('knows the minor-unit exponent of each currency', () => {
    expect(currencyExponent('JPY')).toBe(0);
    expect(currencyExponent('KRW')).toBe(0);
    expect(currencyExponent('EUR')).toBe(2);
    expect(currencyExponent('USD')).toBe(2);
    expect(currencyExponent('KWD')).toBe(3);
    expect(currencyExponent('BHD')).toBe(3);
    expect(currencyExponent('CLF')).toBe(4);
  });

  it('asserts on a currency it does not know rather than guessing an exponent', () => {
    expect(() => currencyExponent('XYZ')).toThrow(AssertionError);
    expect(() => currencyExponent('eur')).toThrow(AssertionError);
    expect(isCurrency('XYZ')).toBe(false);
    expect(isCurrency('toString')).toBe(false);
    expect(isCurrency('EUR')).toBe(true);
  });

  it('normalises a currency code and refuses an unknown one with its field', () => {
    expect(parseCurrency(' eur ')).toEqual({ ok: true, value: 'EUR' });
    expect(parseCurrency('XYZ', 'invoice.currency')).toMatchObject({
      ok: false,
      error: { code: 'currency_unknown', field: 'invoice.currency' },
    });
    expect(parseCurrency('')).toMatchObject({
      ok: false,
      error: { code: 'currency_unknown', field: 'currency' },
    });
  });
});

describe('parseAmount', () => {
  it('reads major units into minor units with the exponent of the currency', () => {
    expect(parseAmount('1000', 'JPY')).toEqual({ ok: true, value: 1000n });
    expect(parseAmount('1234.50', 'EUR')).toEqual({ ok: true, value: 123450n });
    expect(parseAmount('1234.5', 'EUR')).toEqual({ ok: true, value: 123450n });
    expect(parseAmount('1234', 'EUR')).toEqual({ ok: true, value: 123400n });
    expect(parseAmount('0.01', 'EUR')).toEqual({ ok: true, value: 1n });
    expect(parseAmount('1.234', 'KWD')).toEqual({ ok: true, value: 1234n });
    expect(parseAmount('0.001', 'BHD')).toEqual({ ok: true, value: 1n });
    expect(parseAmount('1', 'BHD')).toEqual({ ok: true, value: 1000n });
    expect(parseAmount('1.2345', 'CLF')).toEqual({ ok: true, value: 12345n });
    expect(parseAmount('1.2', 'CLF')).toEqual({ ok: true, value: 12000n });
    expect(parseAmount(' 12.50 ', 'EUR')).toEqual({ ok: true, value: 1250n });
  });

  it('refuses more decimals than the currency has instead of rounding, naming the field', () => {
    expect(parseAmount('10.005', 'EUR')).toMatchObject({
      ok: false,
      error: { code: 'amount_too_precise', field: 'amount' },
    });
    expect(parseAmount('10.005', 'EUR', 'unit_price')).toMatchObject({
      ok: false,
      error: { code: 'amount_too_precise', field: 'unit_price' },
    });
    expect(parseAmount('10.000', 'EUR')).toMatchObject({
      ok: false,
      error: { code: 'amount_too_precise' },
    });
    expect(parseAmount('1000.5', 'JPY')).toMatchObject({
      ok: false,
      error: { code: 'amount_too_precise' },
    });
    expect(parseAmount('1000.0', 'JPY')).toMatchObject({
      ok: false,
      error: { code: 'amount_too_precise' },
    });
    expect(parseAmount('1.2345', 'KWD')).toMatchObject({
      ok: false,
      error: { code: 'amount_too_precise' },
    });
    expect(parseAmount('1.23456', 'CLF')).toMatchObject({
      ok: false,
      error: { code: 'amount_too_precise' },
    });
  });

  it('refuses a negative amount unless negatives are allowed', () => {
    expect(parseAmount('-5.00', 'EUR', 'amount')).toMatchObject({
      ok: false,
      error: { code: 'amount_negative', field: 'amount' },
    });
    expect(parseAmount('-5.00', 'EUR', 'amount', { allowNegative: false })).toMatchObject({
      ok: false,
      error: { code: 'amount_negative' },
    });
    expect(parseAmount('-5.00', 'EUR', 'amount', { allowNegative: true })).toEqual({
      ok: true,
      value: -500n,
    });
    expect(parseAmount('-0.001', 'KWD', 'amount', { allowNegative: true })).toEqual({
      ok: true,
      value: -1n,
    });
  });

  it('refuses text that is not a plain decimal amount', () => {
    const garbage = [
      '',
      ' ',
      'abc',
      '1,000.00',
      '1 000',
      '1.',
      '.5',
      '+5',
      '1e3',
      '12.34.56',
      '0x10',
      '--1',
      '1-',
      'NaN',
      'Infinity',
      '١٢',
    ];
    for (const text of garbage) {
      expect(parseAmount(text, 'EUR', 'amount', { allowNegative: true }), text).toMatchObject({
        ok: false,
        error: { code: 'amount_invalid', field: 'amount' },
      });
    }
  });

  it('accepts amounts up to limits.amountMinorMax in every currency and refuses one unit more', () => {
    expect(parseAmount('10000000000000.00', 'EUR')).toEqual({
      ok: true,
      value: limits.amountMinorMax,
    });
    expect(parseAmount('10000000000000.01', 'EUR')).toMatchObject({
      ok: false,
      error: { code: 'amount_too_large', field: 'amount' },
    });
    expect(parseAmount('1000000000000000', 'JPY')).toEqual({
      ok: true,
      value: limits.amountMinorMax,
    });
    expect(parseAmount('1000000000000001', 'JPY')).toMatchObject({
      ok: false,
      error: { code: 'amount_too_large' },
    });
    expect(parseAmount('999999999999999.9999', 'CLF')).toMatchObject({
      ok: false,
      error: { code: 'amount_too_large' },
    });
  });
});

describe('formatAmount', () => {
  it('writes minor units as major units with exactly the currency decimals', () => {
    expect(formatAmount(123450n, 'EUR')).toBe('1234.50');
    expect(formatAmount(5n, 'EUR')).toBe('0.05');
    expect(formatAmount(-5n, 'EUR')).toBe('-0.05');
    expect(formatAmount(0n, 'EUR')).toBe('0.00');
    expect(formatAmount(1000n, 'JPY')).toBe('1000');
    expect(formatAmount(-7n, 'JPY')).toBe('-7');
    expect(formatAmount(1n, 'KWD')).toBe('0.001');
    expect(formatAmount(12345n, 'CLF')).toBe('1.2345');
  });

  it('parseAmount(formatAmount(minor)) returns minor for every currency and sign', () => {
    const amount = fc.constantFrom(...sampleCurrencies).chain((currency) => {
      const bound = limits.amountMinorMax;
      return fc.tuple(fc.constant(currency), fc.bigInt({ min: -bound, max: bound }));
    });
    fc.assert(
      fc.property(amount, ([currency, minor]) => {
        const parsed = parseAmount(formatAmount(minor, currency), currency, 'amount', {
          allowNegative: true,
        });
        expect(parsed).toEqual({ ok: true, value: minor });
      }),
    );
  });

  it('formatAmount(parseAmount(text)) is the text padded to the currency decimals', () => {
    const text = fc.tuple(
      fc.bigInt({ min: 0n, max: 10n ** 13n - 1n }),
      fc.bigInt({ min: 0n, max: 99n }),
    );
    fc.assert(
      fc.property(text, ([whole, cents]) => {
        const written = `${whole}.${String(cents).padStart(2, '0')}`;
        const parsed = parseAmount(written, 'EUR');
        expect(parsed.ok && formatAmount(parsed.value, 'EUR')).toBe(written);
      }),
    );
  });
});

describe('divideRoundHalfUp', () => {
  it('rounds halves away from zero for every combination of signs', () => {
    expect(divideRoundHalfUp(5n, 2n)).toBe(3n);
    expect(divideRoundHalfUp(-5n, 2n)).toBe(-3n);
    expect(divideRoundHalfUp(5n, -2n)).toBe(-3n);
    expect(divideRoundHalfUp(-5n, -2n)).toBe(3n);
    expect(divideRoundHalfUp(1n, 2n)).toBe(1n);
    expect(divideRoundHalfUp(-1n, 2n)).toBe(-1n);
    expect(divideRoundHalfUp(1005n, 10n)).toBe(101n);
    expect(divideRoundHalfUp(-1005n, 10n)).toBe(-101n);
  });

  it('rounds other fractions to the nearest integer', () => {
    expect(divideRoundHalfUp(1n, 3n)).toBe(0n);
    expect(divideRoundHalfUp(2n, 3n)).toBe(1n);
    expect(divideRoundHalfUp(-2n, 3n)).toBe(-1n);
    expect(divideRoundHalfUp(-1n, 3n)).toBe(0n);
    expect(divideRoundHalfUp(1004n, 10n)).toBe(100n);
    expect(divideRoundHalfUp(0n, 7n)).toBe(0n);
    expect(divideRoundHalfUp(12n, 4n)).toBe(3n);
  });

  it('asserts on division by zero', () => {
    expect(() => divideRoundHalfUp(1n, 0n)).toThrow(AssertionError);
  });

  it('the quotient is the nearest integer, ties away from zero, and odd in the numerator', () => {
    const operands = fc.tuple(
      fc.bigInt({ min: -(10n ** 24n), max: 10n ** 24n }),
      fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }).filter((value) => value !== 0n),
    );
    fc.assert(
      fc.property(operands, ([numerator, denominator]) => {
        const quotient = divideRoundHalfUp(numerator, denominator);
        const error = absolute(numerator - quotient * denominator) * 2n;
        expect(error <= absolute(denominator)).toBe(true);
        if (error === absolute(denominator))
          expect(absolute(quotient * denominator) > absolute(numerator)).toBe(true);
        expect(divideRoundHalfUp(-numerator, denominator)).toBe(-quotient);
      }),
    );
  });
});

describe('allocate', () => {
  it('hands the remainder of an even split to the lower indexes', () => {
    expect(allocate(100n, [1n, 1n, 1n])).toEqual([34n, 33n, 33n]);
    expect(allocate(101n, [1n, 1n, 1n])).toEqual([34n, 34n, 33n]);
    expect(allocate(99n, [1n, 1n, 1n])).toEqual([33n, 33n, 33n]);
  });

  it('hands the remainder to the largest fractions, ties to the larger ratio and then the lower index', () => {
    // Exact shares 3.5, 1.75, 1.75: the fractions .75 win over .5.
    expect(allocate(7n, [2n, 1n, 1n])).toEqual([3n, 2n, 2n]);
    // Exact shares 0.71, 2.14, 2.14: the largest fraction is the smallest ratio's.
    expect(allocate(5n, [1n, 3n, 3n])).toEqual([1n, 2n, 2n]);
    expect(allocate(10n, [1n, 2n])).toEqual([3n, 7n]);
    // A share that is already exact gets nothing more (3, 1.5, 1.5): the tie goes to the lower index.
    expect(allocate(6n, [2n, 1n, 1n])).toEqual([3n, 2n, 1n]);
    // Equal fractions with different ratios: the larger ratio first (exact 1.5 and 4.5).
    expect(allocate(6n, [1n, 3n])).toEqual([1n, 5n]);
  });

  it('gives nothing to a zero ratio, even when the remainder could reach it first by index', () => {
    expect(allocate(1n, [0n, 1n, 1n])).toEqual([0n, 1n, 0n]);
    expect(allocate(10n, [0n, 1n, 0n, 2n])).toEqual([0n, 3n, 0n, 7n]);
    expect(allocate(0n, [1n, 2n])).toEqual([0n, 0n]);
  });

  it('splits a negative total as the mirror of the positive one', () => {
    expect(allocate(-100n, [1n, 1n, 1n])).toEqual([-34n, -33n, -33n]);
    expect(allocate(-7n, [2n, 1n, 1n])).toEqual([-3n, -2n, -2n]);
  });

  it('asserts on an empty, negative or all-zero list of ratios', () => {
    expect(() => allocate(1n, [])).toThrow(AssertionError);
    expect(() => allocate(1n, [-1n, 2n])).toThrow(AssertionError);
    expect(() => allocate(1n, [0n, 0n])).toThrow(AssertionError);
  });

  const split = fc.tuple(
    fc.bigInt({ min: -(10n ** 18n), max: 10n ** 18n }),
    fc
      .array(fc.oneof(fc.constant(0n), fc.bigInt({ min: 0n, max: 10n ** 12n })), {
        minLength: 1,
        maxLength: 30,
      })
      .filter((ratios) => ratios.some((ratio) => ratio > 0n)),
  );

  it('each part is less than one unit from its exact share', () => {
    fc.assert(
      fc.property(split, ([total, ratios]) => {
        const ratioSum = sum(ratios);
        allocate(total, ratios).forEach((part, index) => {
          const error = part * ratioSum - total * ratios[index]!;
          expect(error < ratioSum && -error < ratioSum).toBe(true);
        });
      }),
    );
  });

  it('the parts sum to the total', () => {
    fc.assert(
      fc.property(split, ([total, ratios]) => {
        expect(sum(allocate(total, ratios))).toBe(total);
      }),
    );
  });

  it('each part is its proportional share floored plus at most one unit, and zero ratios get zero', () => {
    fc.assert(
      fc.property(split, ([total, ratios]) => {
        const ratioSum = sum(ratios);
        const parts = allocate(total < 0n ? -total : total, ratios);
        parts.forEach((part, index) => {
          const ratio = ratios[index]!;
          const floored = (absolute(total) * ratio) / ratioSum;
          if (ratio === 0n) expect(part).toBe(0n);
          expect(part === floored || part === floored + 1n).toBe(true);
        });
      }),
    );
  });

  it('allocating the negated total gives the negated parts', () => {
    fc.assert(
      fc.property(split, ([total, ratios]) => {
        expect(allocate(-total, ratios)).toEqual(allocate(total, ratios).map((part) => -part));
      }),
    );
  });
});

describe('allocateEvenly', () => {
  it('splits into parts that differ by at most one, earlier parts larger', () => {
    expect(allocateEvenly(10n, 3)).toEqual([4n, 3n, 3n]);
    expect(allocateEvenly(9n, 3)).toEqual([3n, 3n, 3n]);
    expect(allocateEvenly(2n, 4)).toEqual([1n, 1n, 0n, 0n]);
    expect(allocateEvenly(-10n, 4)).toEqual([-3n, -3n, -2n, -2n]);
    expect(allocateEvenly(7n, 1)).toEqual([7n]);
  });

  it('asserts on a count of zero', () => {
    expect(() => allocateEvenly(10n, 0)).toThrow(AssertionError);
  });

  it('the parts sum to the total, never increase and differ by at most one', () => {
    const split = fc.tuple(
      fc.bigInt({ min: 0n, max: 10n ** 15n }),
      fc.integer({ min: 1, max: 100 }),
    );
    fc.assert(
      fc.property(split, ([total, count]) => {
        const parts = allocateEvenly(total, count);
        expect(parts).toHaveLength(count);
        expect(sum(parts)).toBe(total);
        for (let index = 1; index < parts.length; index += 1)
          expect(parts[index - 1]! >= parts[index]!).toBe(true);
        expect(parts[0]! - parts[parts.length - 1]! <= 1n).toBe(true);
      }),
    );
  });
});

describe('sumMinor', () => {
  it('adds any iterable of minor amounts', () => {
    expect(sumMinor([])).toBe(0n);
    expect(sumMinor([1n, -2n, 10n ** 18n])).toBe(10n ** 18n - 1n);
    expect(sumMinor(new Set([5n, 7n]))).toBe(12n);
  });
});
