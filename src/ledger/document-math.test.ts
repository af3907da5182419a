// Proves that line nets round half up, that tax is computed once per rate on the summed nets and allocated back so line taxes sum to the document's tax, and that bad lines and limits are refused with the field named.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AssertionError } from '../core/assert.js';
import { formatScaledDecimal } from '../core/decimal.js';
import { limits } from '../core/limits.js';
import { divideRoundHalfUp, formatAmount } from '../core/money.js';
import {
  applyTax,
  defaultDiscountReason,
  grossOf,
  noDiscount,
  parseLine,
  priceLines,
  totalsOf,
  type DocumentLine,
  type LineInput,
} from './document-math.js';

function line(
  quantity: string,
  unitPrice: string,
  taxRate?: string,
  description = 'Consulting',
): LineInput {
  return { description, quantity, unitPrice, taxRate };
}

function priced(inputs: readonly LineInput[], currency = 'EUR'): DocumentLine[] {
  const result = priceLines(inputs, currency);
  if (!result.ok)
    throw new Error(`test lines did not price: ${result.error.field} ${result.error.message}`);
  return result.value;
}

describe('parseLine', () => {
  it('keeps the scaled quantity, price and rate and trims the description', () => {
    expect(parseLine(line('1.5', '12.34', '7.25', '  Hours  '), 'EUR', 3)).toEqual({
      ok: true,
      value: {
        position: 3,
        description: 'Hours',
        quantityScaled: 1_500_000n,
        unitPriceMinor: 1234n,
        taxRateScaled: 72_500n,
        netMinor: 1851n,
        taxMinor: 0n,
        unitCode: 'C62',
        vatCategory: 'S',
        exemptionReason: null,
        ...noDiscount,
      },
    });
  });

  it('takes a Rec 20 unit and a VAT category that agrees with the rate, with its exemption reason', () => {
    const at = (extra: Partial<LineInput>, rate = '0') =>
      parseLine({ ...line('2', '10.00', rate), ...extra }, 'EUR', 1);
    expect(at({ unitCode: 'hur' }, '20')).toMatchObject({
      ok: true,
      value: { unitCode: 'HUR', vatCategory: 'S', exemptionReason: null },
    });
    expect(at({})).toMatchObject({ ok: true, value: { unitCode: 'C62', vatCategory: 'Z' } });
    expect(at({ vatCategory: 'ae', exemptionReason: ' Reverse charge, Art. 196 ' })).toMatchObject({
      ok: true,
      value: { vatCategory: 'AE', exemptionReason: 'Reverse charge, Art. 196' },
    });
    // A reason on a category that needs none is not kept: it would print beside a taxed line.
    expect(at({ vatCategory: 'S', exemptionReason: 'none' }, '20')).toMatchObject({
      ok: true,
      value: { exemptionReason: null },
    });
    expect(at({ unitCode: 'HOUR' })).toMatchObject({
      ok: false,
      error: { code: 'unit_code_invalid', field: 'unit_code' },
    });
    expect(at({ vatCategory: 'Q' })).toMatchObject({
      ok: false,
      error: { code: 'vat_category_invalid', field: 'vat_category' },
    });
    expect(at({ vatCategory: 'S' })).toMatchObject({
      ok: false,
      error: { code: 'vat_category_rate_mismatch', field: 'vat_category' },
    });
    expect(at({ vatCategory: 'Z' }, '7')).toMatchObject({
      ok: false,
      error: { code: 'vat_category_rate_mismatch' },
    });
    for (const category of ['E', 'AE', 'K', 'G', 'O']) {
      expect(at({ vatCategory: category })).toMatchObject({
        ok: false,
        error: { code: 'exemption_reason_required', field: 'exemption_reason' },
      });
    }
  });

  it('defaults the tax rate to zero', () => {
    expect(parseLine(line('1', '1.00'), 'EUR', 1)).toMatchObject({
      ok: true,
      value: { taxRateScaled: 0n },
    });
  });

  it('rounds the line net half away from zero to the minor unit', () => {
    // 0.335 × 3.00 = 1.005, which rounds up to 1.01.
    expect(parseLine(line('0.335', '3.00'), 'EUR', 1)).toMatchObject({
      ok: true,
      value: { netMinor: 101n },
    });
    // 3 × 0.335 is exact in a three-decimal currency.
    expect(parseLine(line('3', '0.335'), 'KWD', 1)).toMatchObject({
      ok: true,
      value: { netMinor: 1005n },
    });
    expect(parseLine(line('0.5', '0.01'), 'EUR', 1)).toMatchObject({
      ok: true,
      value: { netMinor: 1n },
    });
    expect(parseLine(line('0.499999', '0.01'), 'EUR', 1)).toMatchObject({
      ok: true,
      value: { netMinor: 0n },
    });
    expect(parseLine(line('0.334', '3.00'), 'EUR', 1)).toMatchObject({
      ok: true,
      value: { netMinor: 100n },
    });
    expect(parseLine(line('2.5', '0.99'), 'EUR', 1)).toMatchObject({
      ok: true,
      value: { netMinor: 248n },
    });
  });

  it('accepts a free line with a zero price but refuses a zero quantity', () => {
    expect(parseLine(line('1', '0'), 'EUR', 1)).toMatchObject({
      ok: true,
      value: { netMinor: 0n },
    });
    expect(parseLine(line('0', '1.00'), 'EUR', 1)).toMatchObject({
      ok: false,
      error: { code: 'quantity_zero', field: 'quantity' },
    });
  });

  it('accepts a rate just below 100 % and refuses 100 % or more', () => {
    expect(parseLine(line('1', '1.00', '99.9999'), 'EUR', 1)).toMatchObject({
      ok: true,
      value: { taxRateScaled: 999_999n },
    });
    expect(parseLine(line('1', '1.00', '100'), 'EUR', 1)).toMatchObject({
      ok: false,
      error: { code: 'tax_rate_invalid', field: 'tax_rate' },
    });
  });
});

describe('priceLines: tax per rate', () => {
  it('computes tax once on the summed nets of a rate, not per line', () => {
    // Each 1.05 line at 10 % would be taxed 0.105 → 0.11, i.e. 0.22 in all; the rate's nets sum to
    // 2.10, whose tax is exactly 0.21, allocated back to the lines as 0.11 and 0.10.
    const lines = priced([line('1', '1.05', '10'), line('1', '1.05', '10')]);
    const perLineTax = lines.reduce(
      (sum, l) => sum + divideRoundHalfUp(l.netMinor * l.taxRateScaled, 1_000_000n),
      0n,
    );
    expect(perLineTax).toBe(22n);
    expect(lines.map((l) => l.taxMinor)).toEqual([11n, 10n]);
    expect(totalsOf(lines)).toEqual({ subtotalMinor: 210n, taxMinor: 21n, totalMinor: 231n });
  });

  it('keeps rates apart and allocates each rate to its own lines', () => {
    const lines = priced([
      line('2', '19.99', '19'),
      line('1', '5.00', '7'),
      line('3', '0.10', '19'),
      line('1', '10.00', '0'),
    ]);
    expect(lines.map((l) => l.netMinor)).toEqual([3998n, 500n, 30n, 1000n]);
    // 19 %: (39.98 + 0.30) × 19 % = 7.6532 → 7.65, split by net into shares 7.5930 and 0.0570:
    // floored 7.59 and 0.05, the last cent to the larger fraction. 7 %: 0.35. 0 %: nothing.
    expect(lines.map((l) => l.taxMinor)).toEqual([759n, 35n, 6n, 0n]);
    expect(totalsOf(lines)).toEqual({ subtotalMinor: 5528n, taxMinor: 800n, totalMinor: 6328n });
  });

  it('rounds the tax of a rate half away from zero', () => {
    // 2.00 × 7.25 % = 0.145 → 0.15.
    expect(priced([line('1', '2.00', '7.25')])[0]!.taxMinor).toBe(15n);
    // 2.00 × 7.24 % = 0.1448 → 0.14.
    expect(priced([line('1', '2.00', '7.24')])[0]!.taxMinor).toBe(14n);
  });

  it('numbers the lines from one in input order', () => {
    expect(priced([line('1', '1'), line('1', '2'), line('1', '3')]).map((l) => l.position)).toEqual(
      [1, 2, 3],
    );
  });

  it('prices a JPY document in whole yen', () => {
    const lines = priced(
      [line('3', '1500', '10'), line('0.5', '333', '10'), line('1', '1000', '8')],
      'JPY',
    );
    // 0.5 × 333 = 166.5 → 167 yen; 10 % of 4667 = 466.7 → 467, shares 450.29 / 16.71 → 450 / 17;
    // 8 % of 1000 = 80.
    expect(lines.map((l) => [l.netMinor, l.taxMinor])).toEqual([
      [4500n, 450n],
      [167n, 17n],
      [1000n, 80n],
    ]);
    expect(totalsOf(lines)).toEqual({ subtotalMinor: 5667n, taxMinor: 547n, totalMinor: 6214n });
    expect(priceLines([line('1', '1000.5')], 'JPY')).toMatchObject({
      ok: false,
      error: { code: 'amount_too_precise', field: 'lines[0].unit_price' },
    });
  });
});

describe('priceLines: errors name the line and field', () => {
  const good = line('1', '10.00', '20');

  it('names the quantity of the bad line', () => {
    const cases: [string, string][] = [
      ['abc', 'decimal_invalid'],
      ['-1', 'decimal_invalid'],
      ['0', 'quantity_zero'],
      ['0.000000', 'quantity_zero'],
      ['1.1234567', 'decimal_too_precise'],
    ];
    for (const [quantity, code] of cases) {
      expect(priceLines([good, line(quantity, '1.00')], 'EUR'), quantity).toMatchObject({
        ok: false,
        error: { code, field: 'lines[1].quantity' },
      });
    }
  });

  it('names the unit price of the bad line', () => {
    const cases: [string, string][] = [
      ['1.001', 'amount_too_precise'],
      ['-1.00', 'amount_negative'],
      ['ten', 'amount_invalid'],
    ];
    for (const [unitPrice, code] of cases) {
      expect(priceLines([line('1', unitPrice)], 'EUR'), unitPrice).toMatchObject({
        ok: false,
        error: { code, field: 'lines[0].unit_price' },
      });
    }
  });

  it('names the tax rate of the bad line', () => {
    const cases: [string, string][] = [
      ['100', 'tax_rate_invalid'],
      ['100.0001', 'tax_rate_invalid'],
      ['7.12345', 'decimal_too_precise'],
      ['-5', 'decimal_invalid'],
    ];
    for (const [taxRate, code] of cases) {
      expect(priceLines([good, good, line('1', '1.00', taxRate)], 'EUR'), taxRate).toMatchObject({
        ok: false,
        error: { code, field: 'lines[2].tax_rate' },
      });
    }
  });

  it('names the description of the bad line, with its length limit', () => {
    expect(priceLines([line('1', '1.00', '0', '   ')], 'EUR')).toMatchObject({
      ok: false,
      error: { code: 'line_description_required', field: 'lines[0].description' },
    });
    expect(
      priceLines([line('1', '1.00', '0', 'x'.repeat(limits.textLengthMax))], 'EUR'),
    ).toMatchObject({ ok: true });
    expect(
      priceLines([good, line('1', '1.00', '0', 'x'.repeat(limits.textLengthMax + 1))], 'EUR'),
    ).toMatchObject({
      ok: false,
      error: { code: 'text_too_long', field: 'lines[1].description' },
    });
  });

  it('reports the first bad line', () => {
    expect(priceLines([good, line('0', '1.00'), line('1', '1.001')], 'EUR')).toMatchObject({
      ok: false,
      error: { code: 'quantity_zero', field: 'lines[1].quantity' },
    });
  });

  it('refuses a document with no lines', () => {
    expect(priceLines([], 'EUR')).toMatchObject({
      ok: false,
      error: { code: 'lines_required', field: 'lines' },
    });
  });
});

describe('priceLines: limits', () => {
  it('accepts documentLinesMax lines and refuses one more', () => {
    const atLimit = Array.from({ length: limits.documentLinesMax }, () => line('1', '0.01', '20'));
    const result = priceLines(atLimit, 'EUR');
    expect(result).toMatchObject({ ok: true });
    expect(result.ok && totalsOf(result.value)).toEqual({
      subtotalMinor: 500n,
      taxMinor: 100n,
      totalMinor: 600n,
    });
    expect(priceLines([...atLimit, line('1', '0.01', '20')], 'EUR')).toMatchObject({
      ok: false,
      error: { code: 'too_many_lines', field: 'lines' },
    });
  });

  it('accepts a line amount of amountMinorMax and refuses one minor unit more', () => {
    for (const currency of ['EUR', 'KWD', 'CLF']) {
      expect(
        priceLines([line('1', formatAmount(limits.amountMinorMax, currency))], currency),
        currency,
      ).toMatchObject({
        ok: true,
        value: [{ netMinor: limits.amountMinorMax }],
      });
      expect(
        priceLines([line('1', formatAmount(limits.amountMinorMax + 1n, currency))], currency),
        currency,
      ).toMatchObject({
        ok: false,
        error: { code: 'amount_too_large', field: 'lines[0].unit_price' },
      });
    }
    // A JPY price has at most fifteen digits, so the JPY limit is reached as quantity × price.
    expect(limits.amountMinorMax).toBe(10n * 100_000_000_000_000n);
    expect(priceLines([line('10', '100000000000000')], 'JPY')).toMatchObject({
      ok: true,
      value: [{ netMinor: limits.amountMinorMax }],
    });
    expect(priceLines([line('3', '333333333333334')], 'JPY')).toMatchObject({
      ok: false,
      error: { code: 'amount_too_large', field: 'lines[0].unit_price' },
    });
  });

  it('applies the amount limit to quantity × price, not to the price alone', () => {
    const price = formatAmount(limits.amountMinorMax / 1000n, 'EUR');
    const pricePastLimit = formatAmount(limits.amountMinorMax / 1000n + 1n, 'EUR');
    expect(priceLines([line('1000', price)], 'EUR')).toMatchObject({
      ok: true,
      value: [{ netMinor: limits.amountMinorMax }],
    });
    expect(priceLines([line('1000', pricePastLimit)], 'EUR')).toMatchObject({
      ok: false,
      error: { code: 'amount_too_large', field: 'lines[0].unit_price' },
    });
    expect(priceLines([line('0.5', pricePastLimit)], 'EUR')).toMatchObject({ ok: true });
  });

  it('bounds the whole document, tax included, by the same limit, naming the lines', () => {
    const half = formatAmount(limits.amountMinorMax / 2n, 'EUR');
    const atLimit = priceLines([line('1', half, '0'), line('1', half, '0')], 'EUR');
    expect(atLimit.ok && totalsOf(atLimit.value).totalMinor).toBe(limits.amountMinorMax);
    expect(
      priceLines([line('1', half, '0'), line('1', half, '0'), line('1', '0.01', '0')], 'EUR'),
    ).toMatchObject({
      ok: false,
      error: { code: 'document_total_too_large', field: 'lines' },
    });
    // The tax alone takes a document at the line limit past the document limit.
    expect(
      priceLines([line('1', formatAmount(limits.amountMinorMax, 'EUR'), '0.0001')], 'EUR'),
    ).toMatchObject({
      ok: false,
      error: { code: 'document_total_too_large', field: 'lines' },
    });
    // 500 lines at the line limit, the case that once overflowed the reports: refused as a whole.
    const largest = line('1', formatAmount(limits.amountMinorMax, 'EUR'), '0');
    expect(
      priceLines(
        Array.from({ length: limits.documentLinesMax }, () => largest),
        'EUR',
      ),
    ).toMatchObject({
      ok: false,
      error: { code: 'document_total_too_large' },
    });
  });

  it('accepts a quantity of quantityMax and refuses more, naming the line', () => {
    expect(priceLines([line(String(limits.quantityMax), '0.01')], 'EUR')).toMatchObject({
      ok: true,
    });
    expect(
      priceLines([line('1', '1'), line(`${limits.quantityMax}.000001`, '0.01')], 'EUR'),
    ).toMatchObject({
      ok: false,
      error: { code: 'quantity_too_large', field: 'lines[1].quantity' },
    });
  });
});

describe('priceLines: discounts', () => {
  const discounted = (discount: Partial<LineInput>, currency = 'EUR') =>
    priced([{ ...line('3', '33.33', '20'), ...discount }], currency)[0]!;

  it('takes an amount off the rounded line and taxes the rest', () => {
    const l = discounted({ discountAmount: '9.99', discountReason: 'Loyal customer' });
    expect(l.discountMinor).toBe(999n);
    expect(l.discountPercentScaled).toBeNull();
    expect(l.discountReason).toBe('Loyal customer');
    expect(l.netMinor).toBe(9999n - 999n);
    expect(grossOf(l)).toBe(9999n);
    expect(l.taxMinor).toBe(1800n);
  });

  it('takes a percent of the rounded line, rounded half up, with the default reason', () => {
    // 10 % of 99.99 is 9.999 → 10.00.
    const l = discounted({ discountPercent: '10' });
    expect(l.discountMinor).toBe(1000n);
    expect(l.discountPercentScaled).toBe(100_000n);
    expect(l.discountReason).toBe(defaultDiscountReason);
    expect(l.netMinor).toBe(8999n);
    // "12.5 %" with its sign is the same as "12.5"; 12.5 % of 99.99 is 12.49875 → 12.50.
    expect(discounted({ discountPercent: '12.5 %' }).discountMinor).toBe(1250n);
  });

  it('allows the whole line off, and a percent of 100', () => {
    expect(discounted({ discountAmount: '99.99' }).netMinor).toBe(0n);
    const free = discounted({ discountPercent: '100' });
    expect(free.netMinor).toBe(0n);
    expect(free.taxMinor).toBe(0n);
  });

  it('records no discount for nothing off, even when a percent of a free line was given', () => {
    expect(discounted({ discountAmount: '0' })).toMatchObject(noDiscount);
    expect(discounted({ discountAmount: ' ', discountPercent: '' })).toMatchObject(noDiscount);
    const free = priced([{ ...line('1', '0'), discountPercent: '10' }])[0]!;
    expect(free).toMatchObject(noDiscount);
  });

  it('takes whole yen off a JPY line', () => {
    // 15 % of ¥1,003 is ¥150.45 → ¥150.
    const l = priced([{ ...line('1', '1003', '10'), discountPercent: '15' }], 'JPY')[0]!;
    expect(l.discountMinor).toBe(150n);
    expect(l.netMinor).toBe(853n);
    expect(priceLines([{ ...line('1', '1003'), discountAmount: '1.5' }], 'JPY')).toMatchObject({
      ok: false,
      error: { field: 'lines[0].discount_amount' },
    });
  });

  it('refuses, naming the field, a discount more than the line, an amount that is not its percent, a bad percent, a reason alone', () => {
    const errorOf = (discount: Partial<LineInput>) => {
      const result = priceLines([line('1', '5'), { ...line('2', '10'), ...discount }], 'EUR');
      return result.ok ? null : { code: result.error.code, field: result.error.field };
    };
    expect(errorOf({ discountAmount: '20.01' })).toEqual({
      code: 'discount_exceeds_line',
      field: 'lines[1].discount_amount',
    });
    expect(errorOf({ discountAmount: '20.00' })).toBeNull();
    expect(errorOf({ discountAmount: '-1' })).toMatchObject({ field: 'lines[1].discount_amount' });
    expect(errorOf({ discountAmount: '1', discountPercent: '6' })).toEqual({
      code: 'discount_ambiguous',
      field: 'lines[1].discount_amount',
    });
    // As the API shows a line: the percent and what it took off, which agree.
    expect(errorOf({ discountAmount: '1.00', discountPercent: '5' })).toBeNull();
    expect(errorOf({ discountPercent: '100.0001' })).toEqual({
      code: 'percent_invalid',
      field: 'lines[1].discount_percent',
    });
    expect(errorOf({ discountPercent: '1.00001' })).toMatchObject({
      field: 'lines[1].discount_percent',
    });
    expect(errorOf({ discountReason: 'Why not' })).toEqual({
      code: 'discount_reason_without_discount',
      field: 'lines[1].discount_reason',
    });
    expect(
      errorOf({ discountAmount: '1', discountReason: 'x'.repeat(limits.textLengthMax + 1) }),
    ).toEqual({ code: 'text_too_long', field: 'lines[1].discount_reason' });
  });
});

describe('applyTax and totalsOf', () => {
  const base: DocumentLine = {
    position: 1,
    description: 'x',
    quantityScaled: 1_000_000n,
    unitPriceMinor: 0n,
    taxRateScaled: 0n,
    netMinor: 0n,
    taxMinor: 0n,
    unitCode: 'C62',
    vatCategory: 'Z',
    exemptionReason: null,
    ...noDiscount,
  };

  it('resets stale taxes, gives zero-rate and zero-net rates no tax, and leaves its input alone', () => {
    const input: DocumentLine[] = [
      { ...base, position: 1, netMinor: 500n, taxRateScaled: 0n, taxMinor: 99n },
      { ...base, position: 2, netMinor: 0n, taxRateScaled: 200_000n, taxMinor: 7n },
      { ...base, position: 3, netMinor: 1000n, taxRateScaled: 100_000n, taxMinor: 0n },
    ];
    const snapshot = structuredClone(input);
    expect(applyTax(input).map((l) => l.taxMinor)).toEqual([0n, 0n, 100n]);
    expect(input).toEqual(snapshot);
  });

  it('gives a zero-net line no share of its rate', () => {
    const lines = applyTax([
      { ...base, netMinor: 0n, taxRateScaled: 100_000n },
      { ...base, netMinor: 105n, taxRateScaled: 100_000n },
    ]);
    expect(lines.map((l) => l.taxMinor)).toEqual([0n, 11n]);
  });

  it('totals nets and taxes, and asserts on a negative total', () => {
    expect(totalsOf([])).toEqual({ subtotalMinor: 0n, taxMinor: 0n, totalMinor: 0n });
    expect(() => totalsOf([{ ...base, netMinor: -1n }])).toThrow(AssertionError);
    expect(() => totalsOf([{ ...base, netMinor: 1n, taxMinor: -1n }])).toThrow(AssertionError);
  });
});

describe('priceLines: properties', () => {
  const rates = ['0', '5.5', '7.25', '8.875', '10', '19', '20', '21'];
  const generatedLine = fc.record({
    quantityScaled: fc.bigInt({ min: 1n, max: 10n ** 10n }),
    unitPriceMinor: fc.bigInt({ min: 0n, max: 10n ** 9n }),
    taxRate: fc.constantFrom(...rates),
    // Percent of the line, scaled by 10^4; null for none.
    discountPercentScaled: fc.option(fc.bigInt({ min: 1n, max: 1_000_000n }), { freq: 3 }),
  });
  const documents = fc.array(generatedLine, { minLength: 1, maxLength: 40 });
  const toInput = (generated: {
    quantityScaled: bigint;
    unitPriceMinor: bigint;
    taxRate: string;
    discountPercentScaled: bigint | null;
  }): LineInput => ({
    ...line(
      formatScaledDecimal(generated.quantityScaled, limits.quantityScale),
      formatAmount(generated.unitPriceMinor, 'EUR'),
      generated.taxRate,
    ),
    discountPercent:
      generated.discountPercentScaled === null
        ? null
        : formatScaledDecimal(generated.discountPercentScaled, 4),
  });

  it('each line before its discount is quantity × price rounded half up, and the discount its percent of that', () => {
    fc.assert(
      fc.property(documents, (generated) => {
        const lines = priced(generated.map(toInput));
        lines.forEach((l, index) => {
          const g = generated[index]!;
          const exact = g.quantityScaled * g.unitPriceMinor;
          // 2 × |gross × 10^6 − exact| ≤ 10^6, with a tie rounded up.
          const error = (grossOf(l) * 1_000_000n - exact) * 2n;
          expect(error > -1_000_000n && error <= 1_000_000n).toBe(true);
          const percentOff = (grossOf(l) * (g.discountPercentScaled ?? 0n) * 2n) / 1_000_000n;
          // discount = round(gross × p / 100): 2 × discount − 1 ≤ 2 × gross × p / 100 < 2 × discount + 1.
          expect(l.discountMinor * 2n - 1n <= percentOff).toBe(true);
          expect(percentOff < l.discountMinor * 2n + 1n).toBe(true);
          expect(l.netMinor >= 0n && l.netMinor <= grossOf(l)).toBe(true);
        });
      }),
    );
  });

  it('the line taxes of each rate sum to that rate’s tax on the summed nets, and all line taxes sum to the document tax', () => {
    fc.assert(
      fc.property(documents, (generated) => {
        const lines = priced(generated.map(toInput));
        let documentTax = 0n;
        for (const rate of new Set(lines.map((l) => l.taxRateScaled))) {
          const atRate = lines.filter((l) => l.taxRateScaled === rate);
          const netSum = atRate.reduce((sum, l) => sum + l.netMinor, 0n);
          const rateTax = divideRoundHalfUp(netSum * rate, 1_000_000n);
          expect(atRate.reduce((sum, l) => sum + l.taxMinor, 0n)).toBe(rateTax);
          // Each line's tax is its proportional share floored, plus at most one unit of the remainder.
          for (const l of atRate) {
            if (netSum > 0n)
              expect(l.taxMinor * netSum - rateTax * l.netMinor).toBeLessThanOrEqual(netSum);
            if (netSum > 0n)
              expect(l.taxMinor * netSum - rateTax * l.netMinor).toBeGreaterThan(-netSum);
          }
          documentTax += rateTax;
        }
        const totals = totalsOf(lines);
        expect(totals.taxMinor).toBe(documentTax);
        expect(totals.subtotalMinor).toBe(lines.reduce((sum, l) => sum + l.netMinor, 0n));
        expect(totals.totalMinor).toBe(totals.subtotalMinor + totals.taxMinor);
      }),
    );
  });

  it('the tax does not depend on the order of the lines', () => {
    fc.assert(
      fc.property(documents, (generated) => {
        const forward = totalsOf(priced(generated.map(toInput)));
        const backward = totalsOf(priced([...generated].reverse().map(toInput)));
        expect(backward).toEqual(forward);
      }),
    );
  });
});
