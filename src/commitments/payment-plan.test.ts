// Proves that payment-plan schedules always sum exactly to what they cover, in date order and
// with no installment at zero (property tests over any total, count, down payment and interval),
// that an explicit list that does not sum is refused naming the field, and that payments fill
// installments in order and decide the plan: completed when all is paid, broken once an
// installment is unpaid three days after its due date.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, calendarDate, type CalendarDate } from '../core/calendar-date.js';
import { limits } from '../core/limits.js';
import {
  decidePlan,
  evenSchedule,
  explicitSchedule,
  installmentProgress,
  parseSchedule,
  type EvenSchedule,
  type Installment,
} from './payment-plan.js';

const d = (text: string) => text as CalendarDate;

function schedule(input: EvenSchedule): Installment[] {
  const result = evenSchedule(input);
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

const evenInputs = fc
  .record({
    totalMinor: fc.bigInt({ min: 1n, max: limits.amountMinorMax }),
    count: fc.integer({ min: 1, max: limits.planInstallmentsMax - 1 }),
    downShare: fc.option(fc.bigInt({ min: 1n, max: 999n }), { nil: undefined }),
    startOffset: fc.integer({ min: 0, max: 20_000 }),
    firstGap: fc.integer({ min: 1, max: 60 }),
    interval: fc.oneof(
      fc.constant({ kind: 'monthly' as const }),
      fc.integer({ min: 1, max: 366 }).map((days) => ({ kind: 'days' as const, days })),
    ),
  })
  .filter(
    ({ totalMinor, count, downShare }) =>
      totalMinor - (downShare === undefined ? 0n : (totalMinor * downShare) / 1000n) >=
      BigInt(count),
  )
  .map(({ totalMinor, count, downShare, startOffset, firstGap, interval }): EvenSchedule => {
    const startsOn = addDays(d('1990-01-01'), startOffset);
    return {
      totalMinor,
      downPaymentMinor: downShare === undefined ? 0n : (totalMinor * downShare) / 1000n,
      startsOn,
      count,
      firstDueOn: addDays(startsOn, firstGap),
      interval,
    };
  });

describe('even schedules', () => {
  it('installments always sum exactly to the total, in date order, and are never zero', () => {
    fc.assert(
      fc.property(evenInputs, (input) => {
        const installments = schedule(input);
        expect(installments.reduce((sum, installment) => sum + installment.amountMinor, 0n)).toBe(
          input.totalMinor,
        );
        expect(installments.every((installment) => installment.amountMinor > 0n)).toBe(true);
        for (let index = 1; index < installments.length; index++) {
          expect(installments[index]!.dueOn > installments[index - 1]!.dueOn).toBe(true);
        }
        expect(installments.map((installment) => installment.position)).toEqual(
          installments.map((_, index) => index + 1),
        );
        // Even: the non-down installments differ by at most one unit, earlier ones larger.
        const rest = installments
          .filter((installment) => !installment.isDownPayment)
          .map((installment) => installment.amountMinor);
        expect(rest[0]! - rest[rest.length - 1]!).toBeGreaterThanOrEqual(0n);
        expect(rest[0]! - rest[rest.length - 1]!).toBeLessThanOrEqual(1n);
      }),
      { numRuns: 300 },
    );
  });

  it('hands the remainder out explicitly: 1000.00 less 100.00 down in 3 is 300.00 each; 100.00 in 3 is 33.34, 33.33, 33.33', () => {
    const withDown = schedule({
      totalMinor: 100_000n,
      downPaymentMinor: 10_000n,
      startsOn: d('2026-01-15'),
      count: 3,
      firstDueOn: d('2026-01-31'),
      interval: { kind: 'monthly' },
    });
    expect(
      withDown.map((installment) => [
        installment.dueOn,
        installment.amountMinor,
        installment.isDownPayment,
      ]),
    ).toEqual([
      ['2026-01-15', 10_000n, true],
      ['2026-01-31', 30_000n, false],
      ['2026-02-28', 30_000n, false],
      ['2026-03-31', 30_000n, false],
    ]);
    const thirds = schedule({
      totalMinor: 10_000n,
      downPaymentMinor: 0n,
      startsOn: d('2026-01-01'),
      count: 3,
      firstDueOn: d('2026-01-01'),
      interval: { kind: 'days', days: 14 },
    });
    expect(thirds.map((installment) => [installment.dueOn, installment.amountMinor])).toEqual([
      ['2026-01-01', 3_334n],
      ['2026-01-15', 3_333n],
      ['2026-01-29', 3_333n],
    ]);
  });

  it('refuses schedules that cannot be kept, naming the field', () => {
    const base: EvenSchedule = {
      totalMinor: 300n,
      downPaymentMinor: 0n,
      startsOn: d('2026-01-01'),
      count: 3,
      firstDueOn: d('2026-02-01'),
      interval: { kind: 'monthly' },
    };
    expect(evenSchedule({ ...base, count: 301 })).toMatchObject({
      ok: false,
      error: { code: 'installment_count_invalid', field: 'installment_count' },
    });
    expect(evenSchedule({ ...base, totalMinor: 2n })).toMatchObject({
      ok: false,
      error: { code: 'installment_count_invalid', field: 'installment_count' },
    });
    expect(evenSchedule({ ...base, downPaymentMinor: 300n })).toMatchObject({
      ok: false,
      error: { code: 'down_payment_too_large', field: 'down_payment' },
    });
    expect(evenSchedule({ ...base, firstDueOn: d('2025-12-31') })).toMatchObject({
      ok: false,
      error: { code: 'first_due_on_too_early', field: 'first_due_on' },
    });
    // With a down payment on the start day, the first installment comes after it.
    expect(
      evenSchedule({ ...base, downPaymentMinor: 30n, firstDueOn: d('2026-01-01') }),
    ).toMatchObject({ ok: false, error: { code: 'first_due_on_too_early' } });
    expect(evenSchedule({ ...base, interval: { kind: 'days', days: 0 } })).toMatchObject({
      ok: false,
      error: { code: 'every_days_invalid', field: 'every_days' },
    });
  });

  it('takes planInstallmentsMax installments, the down payment included, and not one more', () => {
    const base: EvenSchedule = {
      totalMinor: 1_000_000n,
      downPaymentMinor: 0n,
      startsOn: d('2026-01-01'),
      count: limits.planInstallmentsMax,
      firstDueOn: d('2026-02-01'),
      interval: { kind: 'days', days: 7 },
    };
    expect(evenSchedule(base).ok).toBe(true);
    expect(evenSchedule({ ...base, count: limits.planInstallmentsMax + 1 }).ok).toBe(false);
    expect(evenSchedule({ ...base, downPaymentMinor: 1n }).ok).toBe(false);
    expect(
      evenSchedule({ ...base, downPaymentMinor: 1n, count: limits.planInstallmentsMax - 1 }).ok,
    ).toBe(true);
  });
});

describe('explicit schedules', () => {
  const items = [
    { dueOn: '2026-01-10', amount: '100.00', downPayment: true },
    { dueOn: '2026-02-10', amount: '450.00' },
    { dueOn: '2026-03-10', amount: '450.00' },
  ];

  it('accepts a list that sums exactly', () => {
    const result = explicitSchedule(items, 'EUR', 100_000n, d('2026-01-10'));
    expect(
      result.ok &&
        result.value.map((installment) => [
          installment.position,
          installment.amountMinor,
          installment.isDownPayment,
        ]),
    ).toEqual([
      [1, 10_000n, true],
      [2, 45_000n, false],
      [3, 45_000n, false],
    ]);
  });

  it('refuses one that does not sum, or is out of order, naming the field', () => {
    expect(explicitSchedule(items, 'EUR', 100_001n, d('2026-01-10'))).toMatchObject({
      ok: false,
      error: { code: 'installments_sum_mismatch', field: 'installments' },
    });
    const swapped = [items[0]!, items[2]!, items[1]!];
    expect(explicitSchedule(swapped, 'EUR', 100_000n, d('2026-01-10'))).toMatchObject({
      ok: false,
      error: { code: 'installment_dates_out_of_order', field: 'installments[2].due_on' },
    });
    expect(
      explicitSchedule(
        [items[1]!, { ...items[2]!, downPayment: true }],
        'EUR',
        90_000n,
        d('2026-01-10'),
      ),
    ).toMatchObject({
      ok: false,
      error: { code: 'down_payment_not_first', field: 'installments[1].down_payment' },
    });
    expect(
      explicitSchedule([{ dueOn: '2026-01-10', amount: '0.00' }], 'EUR', 0n, d('2026-01-10')),
    ).toMatchObject({
      ok: false,
      error: { code: 'amount_not_positive', field: 'installments[0].amount' },
    });
    expect(explicitSchedule(items, 'EUR', 100_000n, d('2026-01-11'))).toMatchObject({
      ok: false,
      error: { code: 'first_due_on_too_early', field: 'installments[0].due_on' },
    });
  });

  it('takes one form or the other', () => {
    expect(
      parseSchedule({ installments: items, installmentCount: 3 }, 'EUR', 100_000n, d('2026-01-10')),
    ).toMatchObject({ ok: false, error: { code: 'schedule_conflict' } });
    expect(parseSchedule({}, 'EUR', 100_000n, d('2026-01-10'))).toMatchObject({
      ok: false,
      error: { code: 'installments_required' },
    });
    expect(parseSchedule({ installmentCount: 2 }, 'EUR', 100_000n, d('2026-01-10'))).toMatchObject({
      ok: false,
      error: { code: 'first_due_on_required', field: 'first_due_on' },
    });
    expect(
      parseSchedule(
        { installmentCount: 2, firstDueOn: '2026-02-01', everyDays: 7, monthly: true },
        'EUR',
        100_000n,
        d('2026-01-10'),
      ),
    ).toMatchObject({ ok: false, error: { code: 'interval_conflict' } });
    const even = parseSchedule(
      { installmentCount: 2, firstDueOn: '2026-02-01', everyDays: 7, downPayment: '0.01' },
      'EUR',
      100_000n,
      d('2026-01-10'),
    );
    expect(
      even.ok && even.value.map((installment) => [installment.dueOn, installment.amountMinor]),
    ).toEqual([
      ['2026-01-10', 1n],
      ['2026-02-01', 50_000n],
      ['2026-02-08', 49_999n],
    ]);
  });
});

describe('progress and decision', () => {
  const plan: Installment[] = [
    { position: 1, dueOn: d('2026-01-10'), amountMinor: 10_000n, isDownPayment: true },
    { position: 2, dueOn: d('2026-02-10'), amountMinor: 45_000n, isDownPayment: false },
    { position: 3, dueOn: d('2026-03-10'), amountMinor: 45_000n, isDownPayment: false },
  ];

  it('fills installments in order', () => {
    const progress = installmentProgress(plan, 30_000n, d('2026-02-11'));
    expect(
      progress.map((installment) => [
        installment.paidMinor,
        installment.remainingMinor,
        installment.state,
      ]),
    ).toEqual([
      [10_000n, 0n, 'paid'],
      [20_000n, 25_000n, 'due'],
      [0n, 45_000n, 'upcoming'],
    ]);
  });

  it('breaks the plan the fourth day after a due date left unpaid, not before', () => {
    expect(decidePlan(plan, 30_000n, d('2026-02-13')).status).toBe('active');
    const broken = decidePlan(plan, 30_000n, d('2026-02-14'));
    expect(broken.status === 'broken' && broken.missed.position).toBe(2);
  });

  it('completes it when everything is paid, whatever the date', () => {
    expect(decidePlan(plan, 100_000n, d('2026-12-31')).status).toBe('completed');
    expect(decidePlan(plan, 99_999n, d('2026-03-13')).status).toBe('active');
  });

  it('what was paid always lands in order and never beyond an installment (property)', () => {
    const amounts = fc.array(fc.bigInt({ min: 1n, max: 1_000_000n }), {
      minLength: 1,
      maxLength: 30,
    });
    fc.assert(
      fc.property(amounts, fc.bigInt({ min: -1_000n, max: 40_000_000n }), (parts, paid) => {
        const installments = parts.map((amountMinor, index) => ({
          position: index + 1,
          dueOn: addDays(calendarDate('2026-01-01'), index),
          amountMinor,
          isDownPayment: false,
        }));
        const progress = installmentProgress(installments, paid, d('2026-01-01'));
        const total = parts.reduce((sum, part) => sum + part, 0n);
        const filled = progress.reduce((sum, installment) => sum + installment.paidMinor, 0n);
        expect(filled).toBe(paid < 0n ? 0n : paid > total ? total : paid);
        const firstOpen = progress.findIndex((installment) => installment.remainingMinor > 0n);
        if (firstOpen >= 0)
          expect(
            progress.slice(firstOpen + 1).every((installment) => installment.paidMinor === 0n),
          ).toBe(true);
      }),
    );
  });
});
