import { describe, expect, it } from 'vitest';
import type { CalendarDate } from '../core/calendar-date.js';
import { kpisOf, monthStartBefore, monthsOf } from './kpi.js';
import { countBackDso, ratio } from './kpi-registry.js';

const d = (text: string) => text as CalendarDate;

describe('ratio', () => {
  it('rounds half-up (away from zero) to two decimals, and is null over zero', () => {
    expect(ratio(1n, 8n)).toBe(0.13); // 0.125
    expect(ratio(-1n, 8n)).toBe(-0.13);
    expect(ratio(1n, 3n)).toBe(0.33);
    expect(ratio(2n, 3n)).toBe(0.67);
    expect(ratio(5n, 0n)).toBeNull();
  });
});

describe('count-back DSO', () => {
  const months = [
    { from: d('2025-03-01'), to: d('2025-03-31'), salesMinor: 2000n },
    { from: d('2025-02-01'), to: d('2025-02-28'), salesMinor: 1000n },
    { from: d('2025-01-01'), to: d('2025-01-31'), salesMinor: 4000n },
  ];
  it('counts whole months the A/R covers and a share of the first it does not', () => {
    expect(countBackDso(1000n, months)).toBe(15.5); // half of March
    expect(countBackDso(2000n, months)).toBe(31); // exactly March
    expect(countBackDso(3500n, months)).toBe(62.88); // 31 + 28 + 500 ÷ 4000 × 31 = 62.875
  });
  it('is 0 for nothing owed, and null for credit or A/R beyond the months on record', () => {
    expect(countBackDso(0n, months)).toBe(0);
    expect(countBackDso(-5n, months)).toBeNull();
    expect(countBackDso(7001n, months)).toBeNull();
  });
});

describe('months', () => {
  it('splits a period into calendar months, clipping the ends, across a leap February', () => {
    expect(monthsOf(d('2024-01-15'), d('2024-03-10'))).toEqual([
      { from: '2024-01-15', to: '2024-01-31' },
      { from: '2024-02-01', to: '2024-02-29' },
      { from: '2024-03-01', to: '2024-03-10' },
    ]);
    expect(monthStartBefore(d('2025-03-31'), 0)).toBe('2025-03-01');
    expect(monthStartBefore(d('2025-03-31'), 3)).toBe('2024-12-01');
    expect(monthStartBefore(d('2025-01-05'), 13)).toBe('2023-12-01');
  });
});

describe('kpisOf', () => {
  it('keeps DSO = best possible DSO + average days delinquent before rounding', () => {
    const kpis = kpisOf({
      from: d('2025-01-01'),
      to: d('2025-01-31'),
      creditSalesMinor: 300n,
      beginningArMinor: 0n,
      endingArMinor: 200n,
      endingPastDueMinor: 100n,
      endingOver90Minor: 0n,
      writtenOffMinor: 0n,
      paidMinor: 0n,
      paidDayWeightedMinor: 0n,
      monthlySalesBack: [],
    });
    // 200 ÷ 300 × 31 = 20.667, 100 ÷ 300 × 31 = 10.333 each way.
    expect([kpis.dso, kpis.bestPossibleDso, kpis.averageDaysDelinquent]).toEqual([
      20.67, 10.33, 10.33,
    ]);
    expect(kpis.cei).toBe(50); // (0 + 300 − 200) ÷ (0 + 300 − 100)
    expect(kpis.dsoCountBack).toBeNull();
  });
});
