// Proves that payment terms codes parse in every written form or are refused, and that they give the right due date, discount date and discount amount, including across month ends and leap Februaries.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  calendarDate,
  daysBetween,
  endOfMonth,
  fromDayNumber,
  toDayNumber,
} from '../core/calendar-date.js';
import { limits } from '../core/limits.js';
import { divideRoundHalfUp } from '../core/money.js';
import {
  parsePaymentTerms,
  scheduleFor,
  termsInWords,
  type PaymentTerms,
} from './payment-terms.js';

const d = calendarDate;

function terms(code: string): PaymentTerms {
  const parsed = parsePaymentTerms(code);
  if (!parsed.ok) throw new Error(`test terms ${code} did not parse: ${parsed.error.message}`);
  return parsed.value;
}

describe('parsePaymentTerms', () => {
  it('reads due on receipt, and NET0 as due on receipt', () => {
    const dueOnReceipt = { code: 'DUE_ON_RECEIPT', netDays: 0, endOfMonth: false, discount: null };
    expect(parsePaymentTerms('DUE_ON_RECEIPT')).toEqual({ ok: true, value: dueOnReceipt });
    expect(parsePaymentTerms('NET0')).toEqual({ ok: true, value: dueOnReceipt });
  });

  it('reads net days, end of month and early-payment discounts', () => {
    expect(parsePaymentTerms('NET30')).toEqual({
      ok: true,
      value: { code: 'NET30', netDays: 30, endOfMonth: false, discount: null },
    });
    expect(parsePaymentTerms('NET30_EOM')).toEqual({
      ok: true,
      value: { code: 'NET30_EOM', netDays: 30, endOfMonth: true, discount: null },
    });
    expect(parsePaymentTerms('2/10_NET30')).toEqual({
      ok: true,
      value: {
        code: '2/10_NET30',
        netDays: 30,
        endOfMonth: false,
        discount: { rateBasisPoints: 200, days: 10 },
      },
    });
    expect(parsePaymentTerms('1.5/10_NET30')).toEqual({
      ok: true,
      value: {
        code: '1.5/10_NET30',
        netDays: 30,
        endOfMonth: false,
        discount: { rateBasisPoints: 150, days: 10 },
      },
    });
    expect(parsePaymentTerms('1.5/15_NET45_EOM')).toEqual({
      ok: true,
      value: {
        code: '1.5/15_NET45_EOM',
        netDays: 45,
        endOfMonth: true,
        discount: { rateBasisPoints: 150, days: 15 },
      },
    });
    expect(parsePaymentTerms('0.25/5_NET15')).toMatchObject({
      ok: true,
      value: { discount: { rateBasisPoints: 25, days: 5 } },
    });
    expect(parsePaymentTerms('99.99/5_NET15')).toMatchObject({
      ok: true,
      value: { discount: { rateBasisPoints: 9999 } },
    });
    expect(parsePaymentTerms('2/0_NET30')).toMatchObject({
      ok: true,
      value: { discount: { rateBasisPoints: 200, days: 0 } },
    });
  });

  it('reads lowercase, padded and space-separated forms into the canonical code', () => {
    const cases: [string, string][] = [
      ['net30', 'NET30'],
      ['  NET30  ', 'NET30'],
      ['Net30_eom', 'NET30_EOM'],
      ['net30 eom', 'NET30_EOM'],
      ['2/10_net30', '2/10_NET30'],
      ['2/10 net30', '2/10_NET30'],
      ['1.5/10 net30 eom', '1.5/10_NET30_EOM'],
      ['due on receipt', 'DUE_ON_RECEIPT'],
      [' Due_On_Receipt ', 'DUE_ON_RECEIPT'],
      ['net0', 'DUE_ON_RECEIPT'],
    ];
    for (const [text, code] of cases) {
      expect(parsePaymentTerms(text), text).toMatchObject({ ok: true, value: { code } });
    }
  });

  it('reads terms written with a space between NET and the days, as in "2/10 net 30"', () => {
    // People write terms this way ("an early-payment discount such as 2/10 net 30"), and the parser
    // turns white space into underscores precisely to accept spaced forms.
    expect(parsePaymentTerms('net 30')).toMatchObject({
      ok: true,
      value: { netDays: 30, endOfMonth: false, discount: null },
    });
    expect(parsePaymentTerms('2/10 net 30')).toMatchObject({
      ok: true,
      value: { netDays: 30, discount: { rateBasisPoints: 200, days: 10 } },
    });
    expect(parsePaymentTerms('NET 30 EOM')).toMatchObject({
      ok: true,
      value: { netDays: 30, endOfMonth: true },
    });
  });

  it('refuses text that is not a terms code, with code terms_invalid and the field', () => {
    const invalid = [
      '',
      'NET',
      'NET-30',
      'NET30EOM',
      '30',
      'NET30 days',
      '2/10',
      'NET30_EOM_EOM',
      'EOM',
      'NET30.5',
      '2%/10_NET30',
      '2/10NET30',
      'NET12345',
      'DUE',
    ];
    for (const text of invalid) {
      expect(parsePaymentTerms(text), text).toMatchObject({
        ok: false,
        error: { code: 'terms_invalid', field: 'terms' },
      });
    }
    expect(parsePaymentTerms('NETT30', 'customer.terms')).toMatchObject({
      ok: false,
      error: { code: 'terms_invalid', field: 'customer.terms' },
    });
  });

  it('refuses a discount of 0 % or of 100 % and more, or with more than two decimals', () => {
    for (const text of ['0/10_NET30', '0.00/10_NET30', '100/10_NET30', '1.234/10_NET30']) {
      expect(parsePaymentTerms(text), text).toMatchObject({
        ok: false,
        error: { code: 'terms_invalid', field: 'terms' },
      });
    }
  });

  it('refuses discount days that are not fewer than the net days', () => {
    expect(parsePaymentTerms('2/30_NET30')).toMatchObject({
      ok: false,
      error: { code: 'terms_invalid' },
    });
    expect(parsePaymentTerms('2/31_NET30')).toMatchObject({
      ok: false,
      error: { code: 'terms_invalid' },
    });
    expect(parsePaymentTerms('2/29_NET30')).toMatchObject({ ok: true });
  });

  it('accepts net days at the limit and refuses one past it', () => {
    expect(parsePaymentTerms(`NET${limits.termDaysMax}`)).toMatchObject({
      ok: true,
      value: { netDays: limits.termDaysMax },
    });
    expect(parsePaymentTerms(`NET${limits.termDaysMax + 1}`)).toMatchObject({
      ok: false,
      error: { code: 'terms_invalid', field: 'terms' },
    });
  });
});

describe('scheduleFor', () => {
  it('makes NET terms due the given number of days after issue, across month and year ends', () => {
    expect(scheduleFor(terms('NET30'), d('2024-01-15'), 10_000n)).toEqual({
      dueOn: '2024-02-14',
      discountOn: null,
      discountMinor: 0n,
    });
    expect(scheduleFor(terms('NET30'), d('2024-01-31'), 0n).dueOn).toBe('2024-03-01');
    expect(scheduleFor(terms('NET30'), d('2023-01-31'), 0n).dueOn).toBe('2023-03-02');
    expect(scheduleFor(terms('NET30'), d('2024-03-31'), 0n).dueOn).toBe('2024-04-30');
    expect(scheduleFor(terms('NET30'), d('2024-12-15'), 0n).dueOn).toBe('2025-01-14');
    expect(scheduleFor(terms('NET60'), d('2024-01-01'), 0n).dueOn).toBe('2024-03-01');
  });

  it('makes due-on-receipt and NET0 terms due on the issue date with no discount', () => {
    for (const code of ['DUE_ON_RECEIPT', 'NET0']) {
      expect(scheduleFor(terms(code), d('2024-02-29'), 12_345n)).toEqual({
        dueOn: '2024-02-29',
        discountOn: null,
        discountMinor: 0n,
      });
    }
  });

  it('counts end-of-month terms from the last day of the month of issue', () => {
    expect(scheduleFor(terms('NET30_EOM'), d('2026-03-12'), 0n).dueOn).toBe('2026-04-30');
    expect(scheduleFor(terms('NET30_EOM'), d('2024-01-31'), 0n).dueOn).toBe('2024-03-01');
    expect(scheduleFor(terms('NET30_EOM'), d('2024-01-01'), 0n).dueOn).toBe('2024-03-01');
    expect(scheduleFor(terms('NET30_EOM'), d('2023-01-31'), 0n).dueOn).toBe('2023-03-02');
    expect(scheduleFor(terms('NET30_EOM'), d('2024-12-05'), 0n).dueOn).toBe('2025-01-30');
    expect(scheduleFor(terms('NET30_EOM'), d('2024-04-15'), 0n).dueOn).toBe('2024-05-30');
    expect(scheduleFor(terms('NET0_EOM'), d('2024-04-15'), 0n).dueOn).toBe('2024-04-30');
  });

  it('counts end-of-month terms from 29 February in a leap year and 28 February otherwise', () => {
    expect(scheduleFor(terms('NET30_EOM'), d('2024-02-10'), 0n).dueOn).toBe('2024-03-30');
    expect(scheduleFor(terms('NET30_EOM'), d('2024-02-29'), 0n).dueOn).toBe('2024-03-30');
    expect(scheduleFor(terms('NET30_EOM'), d('2023-02-10'), 0n).dueOn).toBe('2023-03-30');
    expect(scheduleFor(terms('NET1_EOM'), d('2024-02-01'), 0n).dueOn).toBe('2024-03-01');
    expect(scheduleFor(terms('NET1_EOM'), d('2023-02-01'), 0n).dueOn).toBe('2023-03-01');
  });

  it('sets the discount date from the same base as the due date', () => {
    expect(scheduleFor(terms('2/10_NET30'), d('2024-02-25'), 10_000n)).toEqual({
      dueOn: '2024-03-26',
      discountOn: '2024-03-06',
      discountMinor: 200n,
    });
    expect(scheduleFor(terms('2/10_NET30_EOM'), d('2024-02-10'), 10_000n)).toEqual({
      dueOn: '2024-03-30',
      discountOn: '2024-03-10',
      discountMinor: 200n,
    });
    expect(scheduleFor(terms('2/0_NET30'), d('2024-05-31'), 10_000n).discountOn).toBe('2024-05-31');
  });

  it('computes the discount on the total, rounding half away from zero to the minor unit', () => {
    const twoTen = terms('2/10_NET30');
    // 2 % of 100.01 is 2.0002 and of 100.24 is 2.0048: both round to 2.00.
    expect(scheduleFor(twoTen, d('2024-01-01'), 10_001n).discountMinor).toBe(200n);
    expect(scheduleFor(twoTen, d('2024-01-01'), 10_024n).discountMinor).toBe(200n);
    // 2 % of 100.25 is exactly 2.005, which rounds up to 2.01.
    expect(scheduleFor(twoTen, d('2024-01-01'), 10_025n).discountMinor).toBe(201n);
    // 1.5 % of 1.00 is exactly 0.015, which rounds up to 0.02; of 0.99 it is 0.01485, which rounds to 0.01.
    const oneAndHalf = terms('1.5/10_NET30');
    expect(scheduleFor(oneAndHalf, d('2024-01-01'), 100n).discountMinor).toBe(2n);
    expect(scheduleFor(oneAndHalf, d('2024-01-01'), 99n).discountMinor).toBe(1n);
    expect(scheduleFor(oneAndHalf, d('2024-01-01'), 0n).discountMinor).toBe(0n);
    // In a zero-decimal currency, 2 % of 25 yen is 0.5 yen, which rounds up to 1.
    expect(scheduleFor(twoTen, d('2024-01-01'), 25n).discountMinor).toBe(1n);
  });

  const issuedOn = fc
    .integer({ min: toDayNumber(d('1990-01-01')), max: toDayNumber(d('2100-12-31')) })
    .map(fromDayNumber);
  const anyTerms = fc
    .record({
      netDays: fc.integer({ min: 1, max: limits.termDaysMax }),
      endOfMonth: fc.boolean(),
      rateBasisPoints: fc.integer({ min: 1, max: 9999 }),
      discounted: fc.boolean(),
    })
    .chain((t) => fc.tuple(fc.constant(t), fc.integer({ min: 0, max: t.netDays - 1 })))
    .map(([t, discountDays]) => {
      const rate = `${Math.floor(t.rateBasisPoints / 100)}.${String(t.rateBasisPoints % 100).padStart(2, '0')}`;
      const code = `${t.discounted ? `${rate}/${discountDays}_` : ''}NET${t.netDays}${t.endOfMonth ? '_EOM' : ''}`;
      return { code, ...t, discountDays };
    });

  it('the due date is the net days after the issue date, or after the end of its month for EOM terms', () => {
    fc.assert(
      fc.property(
        anyTerms,
        issuedOn,
        fc.bigInt({ min: 0n, max: 10n ** 15n }),
        (t, issued, total) => {
          const parsed = terms(t.code);
          expect(parsed).toMatchObject({ netDays: t.netDays, endOfMonth: t.endOfMonth });
          const schedule = scheduleFor(parsed, issued, total);
          const base = t.endOfMonth ? endOfMonth(issued) : issued;
          expect(daysBetween(base, schedule.dueOn)).toBe(t.netDays);
          expect(daysBetween(issued, schedule.dueOn) >= t.netDays).toBe(true);
          if (t.discounted) {
            expect(schedule.discountOn).toBe(addDays(base, t.discountDays));
            expect(schedule.discountOn! < schedule.dueOn).toBe(true);
          } else {
            expect(schedule.discountOn).toBeNull();
          }
        },
      ),
    );
  });

  it('the discount is the rate of the total rounded half up, and never more than the total', () => {
    fc.assert(
      fc.property(anyTerms, fc.bigInt({ min: 0n, max: 10n ** 15n }), (t, total) => {
        const { discountMinor } = scheduleFor(terms(t.code), d('2024-01-01'), total);
        const expected = t.discounted
          ? divideRoundHalfUp(total * BigInt(t.rateBasisPoints), 10_000n)
          : 0n;
        expect(discountMinor).toBe(expected);
        expect(discountMinor >= 0n && discountMinor <= total).toBe(true);
        if (t.discounted) {
          // Exact share is total × rate / 10000; the rounding error is at most half a unit, a tie going up.
          const error = (discountMinor * 10_000n - total * BigInt(t.rateBasisPoints)) * 2n;
          expect(error > -10_000n && error <= 10_000n).toBe(true);
        }
      }),
    );
  });
});

describe('termsInWords', () => {
  const words = (code: string) => {
    const terms = parsePaymentTerms(code);
    if (!terms.ok) throw new Error(code);
    return termsInWords(terms.value);
  };
  it('says the terms as an invoice prints them', () => {
    expect(words('NET30')).toBe('Net 30 days');
    expect(words('DUE_ON_RECEIPT')).toBe('Due on receipt');
    expect(words('NET30_EOM')).toBe('Net 30 days after the end of the month');
    expect(words('2/10_NET30')).toBe('2 % discount if paid within 10 days, otherwise net 30 days');
    expect(words('1.5/10_NET30')).toBe(
      '1.5 % discount if paid within 10 days, otherwise net 30 days',
    );
  });
});
