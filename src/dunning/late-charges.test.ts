import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, type CalendarDate } from '../core/calendar-date.js';
import { parsePercent } from '../core/percent.js';
import {
  lateChargeLines,
  simpleInterestMinor,
  ukCompensationMinor,
  type ChargedSoFar,
  type LateChargeRule,
} from './late-charges.js';

const d = (text: string) => text as CalendarDate;
const none: ChargedSoFar = { interestThrough: null, oneOffCharged: false };
const percent = (text: string) => {
  const parsed = parsePercent(text, 'rate');
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.value;
};

function lines(
  rule: LateChargeRule,
  currency: string,
  openMinor: bigint,
  charged: ChargedSoFar,
  today: string,
) {
  const result = lateChargeLines(
    rule,
    { currency, dueOn: d('2026-03-31'), openMinor },
    charged,
    d(today),
  );
  if (!result.ok) throw new Error(result.error.message);
  return result.value.map((line) => [line.kind, line.amountMinor]);
}

describe('statutory presets', () => {
  it('UK: 8 % over the base rate per day, and compensation by the size of the debt, once', () => {
    const uk: LateChargeRule = { kind: 'statutory_uk', referencePercentScaled: percent('5.25') };
    // £5,000 at 13.25 % for the 30 days of April: 5000 × 0.1325 × 30 ÷ 365 = £54.452; compensation £70.
    expect(lines(uk, 'GBP', 500_000n, none, '2026-04-30')).toEqual([
      ['interest', 5445n],
      ['compensation', 7000n],
    ]);
    // May's 31 days, charged after April: no day twice, no second compensation.
    expect(
      lines(
        uk,
        'GBP',
        500_000n,
        { interestThrough: d('2026-04-30'), oneOffCharged: true },
        '2026-05-31',
      ),
    ).toEqual([['interest', 5627n]]);
    expect([
      ukCompensationMinor(99_999n),
      ukCompensationMinor(100_000n),
      ukCompensationMinor(999_999n),
      ukCompensationMinor(1_000_000n),
    ]).toEqual([4_000n, 7_000n, 7_000n, 10_000n]);
  });

  it('EU: 8 points over the reference rate, and EUR 40', () => {
    const eu: LateChargeRule = { kind: 'statutory_eu', referencePercentScaled: percent('4.5') };
    // €1,000 at 12.5 % for 60 days: 1000 × 0.125 × 60 ÷ 365 = €20.548.
    expect(lines(eu, 'EUR', 100_000n, none, '2026-05-30')).toEqual([
      ['interest', 2055n],
      ['compensation', 4000n],
    ]);
  });

  it('refuses a preset for a debt in another currency, naming the field', () => {
    const result = lateChargeLines(
      { kind: 'statutory_uk', referencePercentScaled: 0n },
      { currency: 'EUR', dueOn: d('2026-03-31'), openMinor: 1n },
      none,
      d('2026-04-30'),
    );
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'late_charge_currency_invalid', field: 'currency' },
    });
  });
});

describe('fees and contractual interest', () => {
  it('charges a fixed fee and a percentage once, and monthly interest per day', () => {
    expect(
      lines({ kind: 'fixed', amountMinor: 2_500n }, 'EUR', 100_000n, none, '2026-04-01'),
    ).toEqual([['fee', 2_500n]]);
    expect(
      lines(
        { kind: 'fixed', amountMinor: 2_500n },
        'EUR',
        100_000n,
        { interestThrough: null, oneOffCharged: true },
        '2026-05-01',
      ),
    ).toEqual([]);
    expect(
      lines(
        { kind: 'percentage', percentScaled: percent('2.5') },
        'EUR',
        123_45n,
        none,
        '2026-04-01',
      ),
    ).toEqual([['fee', 309n]]); // 308.625
    // 1.5 % a month is 18 % a year: 1000 × 0.18 × 30 ÷ 365 = 14.79.
    expect(
      lines(
        { kind: 'monthly_interest', percentPerMonthScaled: percent('1.5') },
        'EUR',
        100_000n,
        none,
        '2026-04-30',
      ),
    ).toEqual([['interest', 1479n]]);
  });

  it('charges nothing on or before the due date, and nothing on nothing open', () => {
    const fee: LateChargeRule = { kind: 'fixed', amountMinor: 100n };
    expect(lines(fee, 'EUR', 100_000n, none, '2026-03-31')).toEqual([]);
    expect(lines(fee, 'EUR', 0n, none, '2026-04-10')).toEqual([]);
    expect(parsePercent('101', 'rate')).toMatchObject({
      ok: false,
      error: { code: 'percent_invalid', field: 'rate' },
    });
  });
});

describe('interest over any run schedule', () => {
  it('covers each late day once, and sums to the interest of the whole span within a unit per charge', () => {
    fc.assert(
      fc.property(
        fc
          .uniqueArray(fc.integer({ min: -5, max: 200 }), { minLength: 1, maxLength: 20 })
          .map((days) => days.sort((a, b) => a - b)),
        fc.bigInt({ min: 1n, max: 10_000_000_00n }),
        (runDays, openMinor) => {
          const rule: LateChargeRule = {
            kind: 'statutory_eu',
            referencePercentScaled: percent('3.15'),
          };
          let charged: ChargedSoFar = { interestThrough: null, oneOffCharged: false };
          let total = 0n;
          let charges = 0n;
          let lastThrough: CalendarDate | null = null;
          for (const day of runDays) {
            const today = addDays(d('2026-03-31'), day);
            const result = lateChargeLines(
              rule,
              { currency: 'EUR', dueOn: d('2026-03-31'), openMinor },
              charged,
              today,
            );
            if (!result.ok) throw new Error(result.error.message);
            for (const line of result.value.filter((l) => l.kind === 'interest')) {
              if (lastThrough !== null) expect(line.from! > lastThrough).toBe(true);
              lastThrough = line.through!;
              total += line.amountMinor;
              charges += 1n;
            }
            // What was charged is what the lines say: days whose interest rounded to nothing wait for the next charge.
            charged = {
              interestThrough: lastThrough,
              oneOffCharged: charged.oneOffCharged || result.value.length > 0,
            };
          }
          const lastDay = runDays[runDays.length - 1]!;
          const whole = simpleInterestMinor(openMinor, percent('11.15'), Math.max(0, lastDay));
          const difference = total > whole ? total - whole : whole - total;
          // Each charge rounds once (half a unit at most), and so does the whole; days left uncharged are under one unit.
          expect(difference <= charges + 1n).toBe(true);
        },
      ),
    );
  });
});
