import { describe, expect, it } from 'vitest';
import { calendarDate } from '../core/calendar-date.js';
import { agingRow } from './aging.js';
import { lastWeekStarts, mostOverdue, overdueMinor, weekStartOf } from './dashboard.js';

describe('weeks', () => {
  it('start on the Monday of the week, a Monday and a Sunday included', () => {
    expect(weekStartOf(calendarDate('2026-12-05'))).toBe('2026-11-30'); // a Saturday
    expect(weekStartOf(calendarDate('2026-11-30'))).toBe('2026-11-30'); // a Monday
    expect(weekStartOf(calendarDate('2026-12-06'))).toBe('2026-11-30'); // a Sunday
    expect(weekStartOf(calendarDate('1970-01-01'))).toBe('1969-12-29'); // a Thursday
  });

  it('count back from the week of today, oldest first, across a year end', () => {
    expect(lastWeekStarts(calendarDate('2027-01-06'), 3)).toEqual([
      '2026-12-21',
      '2026-12-28',
      '2027-01-04',
    ]);
  });
});

describe('overdue', () => {
  it('is every bucket but Current, without the unapplied credit', () => {
    expect(overdueMinor(agingRow([100n, 250n, 0n, 7550n], -80n))).toBe(7800n);
  });

  it('ranks the rows with something overdue, largest first', () => {
    const a = { name: 'a', ...agingRow([500n, 10n], 0n) };
    const b = { name: 'b', ...agingRow([0n, 30n], 0n) };
    const c = { name: 'c', ...agingRow([900n, 0n], 0n) };
    const d = { name: 'd', ...agingRow([0n, 20n], 0n) };
    expect(
      mostOverdue([a, b, c, d], 2).map((entry) => [entry.row.name, entry.overdueMinor]),
    ).toEqual([
      ['b', 30n],
      ['d', 20n],
    ]);
  });
});
