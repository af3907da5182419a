// Proves that only real calendar dates parse and that date arithmetic is exact across month, year and leap boundaries and independent of time zone.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AssertionError } from './assert.js';
import {
  addDays,
  addMonths,
  calendarDate,
  calendarDateAt,
  compareDates,
  daysBetween,
  daysInMonth,
  endOfMonth,
  fromDayNumber,
  isLeapYear,
  maxDate,
  parseCalendarDate,
  startOfMonth,
  toDayNumber,
  type CalendarDate,
} from './calendar-date.js';

const d = calendarDate;
const firstDayNumber = toDayNumber(d('1900-01-01'));
const lastDayNumber = toDayNumber(d('2999-12-31'));
const dayNumber = fc.integer({ min: firstDayNumber, max: lastDayNumber });
const validDate = dayNumber.map(fromDayNumber);

describe('parseCalendarDate', () => {
  it('accepts real dates, including 29 February of leap years', () => {
    for (const text of [
      '2024-02-29',
      '2000-02-29',
      '2023-12-31',
      '1900-01-01',
      '2999-12-31',
      '2024-04-30',
    ]) {
      expect(parseCalendarDate(text), text).toEqual({ ok: true, value: text });
    }
  });

  it('refuses 29 February outside leap years, including centuries not divisible by 400', () => {
    for (const text of ['2023-02-29', '1900-02-29', '2100-02-29']) {
      expect(parseCalendarDate(text), text).toMatchObject({
        ok: false,
        error: { code: 'date_invalid', field: 'date' },
      });
    }
  });

  it('refuses days and months that do not exist and years out of range', () => {
    const invalid = [
      '2024-04-31',
      '2024-02-30',
      '2024-13-01',
      '2024-00-10',
      '2024-01-00',
      '2024-01-32',
      '1899-12-31',
      '3000-01-01',
      '0000-01-01',
    ];
    for (const text of invalid) {
      expect(parseCalendarDate(text, 'issued_on'), text).toMatchObject({
        ok: false,
        error: { code: 'date_invalid', field: 'issued_on' },
      });
    }
  });

  it('refuses text that is not YYYY-MM-DD', () => {
    const garbage = [
      '',
      'abc',
      '2024-2-29',
      '24-02-29',
      '2024/02/29',
      '20240229',
      '2024-02-29T00:00:00Z',
      '29.02.2024',
      '+2024-02-29',
    ];
    for (const text of garbage) {
      expect(parseCalendarDate(text), text).toMatchObject({
        ok: false,
        error: { code: 'date_invalid' },
      });
    }
  });

  it('trims surrounding white space', () => {
    expect(parseCalendarDate(' 2024-03-01 ')).toEqual({ ok: true, value: '2024-03-01' });
  });

  it('calendarDate asserts on an invalid constant', () => {
    expect(() => calendarDate('2023-02-29')).toThrow(AssertionError);
    expect(calendarDate('2024-02-29')).toBe('2024-02-29');
  });
});

describe('leap years and month lengths', () => {
  it('follows the Gregorian rule', () => {
    expect(isLeapYear(2024)).toBe(true);
    expect(isLeapYear(2023)).toBe(false);
    expect(isLeapYear(1900)).toBe(false);
    expect(isLeapYear(2000)).toBe(true);
    expect(isLeapYear(2100)).toBe(false);
    expect(daysInMonth(2024, 2)).toBe(29);
    expect(daysInMonth(2023, 2)).toBe(28);
    expect(daysInMonth(2023, 4)).toBe(30);
    expect(daysInMonth(2023, 12)).toBe(31);
  });
});

describe('addDays', () => {
  it('crosses month, year and leap-day boundaries', () => {
    expect(addDays(d('2024-01-31'), 1)).toBe('2024-02-01');
    expect(addDays(d('2024-02-28'), 1)).toBe('2024-02-29');
    expect(addDays(d('2024-02-29'), 1)).toBe('2024-03-01');
    expect(addDays(d('2023-02-28'), 1)).toBe('2023-03-01');
    expect(addDays(d('2023-12-31'), 1)).toBe('2024-01-01');
    expect(addDays(d('2024-01-01'), -1)).toBe('2023-12-31');
    expect(addDays(d('2024-03-01'), -1)).toBe('2024-02-29');
    expect(addDays(d('2024-01-31'), 30)).toBe('2024-03-01');
    expect(addDays(d('2023-01-31'), 30)).toBe('2023-03-02');
    expect(addDays(d('2024-01-01'), 366)).toBe('2025-01-01');
    expect(addDays(d('2000-02-28'), 1)).toBe('2000-02-29');
    expect(addDays(d('1900-02-28'), 1)).toBe('1900-03-01');
    expect(addDays(d('2024-06-15'), 0)).toBe('2024-06-15');
  });

  it('is not shifted by daylight-saving changes', () => {
    // 2024-03-10 and 2024-11-03 are DST changes in the US, 2024-03-31 and 2024-10-27 in Europe.
    expect(addDays(d('2024-03-09'), 1)).toBe('2024-03-10');
    expect(addDays(d('2024-03-10'), 1)).toBe('2024-03-11');
    expect(addDays(d('2024-03-30'), 2)).toBe('2024-04-01');
    expect(addDays(d('2024-10-26'), 2)).toBe('2024-10-28');
    expect(addDays(d('2024-11-02'), 2)).toBe('2024-11-04');
  });

  it('adding n days then daysBetween gives n, and adding then subtracting returns the date', () => {
    fc.assert(
      fc.property(validDate, fc.integer({ min: -4000, max: 4000 }), (date, days) => {
        const later = addDays(date, days);
        expect(daysBetween(date, later)).toBe(days);
        expect(addDays(later, -days)).toBe(date);
      }),
    );
  });
});

describe('startOfMonth', () => {
  it('gives the first day of the month, on or before the date', () => {
    expect(startOfMonth(d('2024-02-29'))).toBe('2024-02-01');
    expect(startOfMonth(d('2024-01-01'))).toBe('2024-01-01');
    fc.assert(
      fc.property(validDate, (date) => {
        const start = startOfMonth(date);
        expect(start.slice(0, 7)).toBe(date.slice(0, 7));
        expect(start.slice(8)).toBe('01');
        expect(compareDates(start, date) <= 0).toBe(true);
      }),
    );
  });
});

describe('addMonths', () => {
  const monthIndex = (date: CalendarDate) =>
    Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1;
  // A date and a count of months that keeps the result in the years parseCalendarDate accepts.
  const inRange = validDate.chain((date) =>
    fc.tuple(
      fc.constant(date),
      fc.integer({ min: 1900 * 12 - monthIndex(date), max: 2999 * 12 + 11 - monthIndex(date) }),
    ),
  );

  it('keeps the day of the month, clamped to short months, across years both ways', () => {
    expect([1, 2, 3, 13].map((months) => addMonths(d('2024-01-31'), months))).toEqual([
      '2024-02-29',
      '2024-03-31',
      '2024-04-30',
      '2025-02-28',
    ]);
    expect(addMonths(d('2026-12-15'), 1)).toBe('2027-01-15');
    expect(addMonths(d('2024-03-31'), -1)).toBe('2024-02-29');
    expect(addMonths(d('2024-01-15'), -13)).toBe('2022-12-15');
    expect(addMonths(d('2024-02-29'), 12)).toBe('2025-02-28');
    expect(addMonths(d('2024-02-29'), 48)).toBe('2028-02-29');
    expect(addMonths(d('2024-06-15'), 0)).toBe('2024-06-15');
  });

  it("lands n months on, on a real date that never overshoots the month's end", () => {
    fc.assert(
      fc.property(inRange, ([date, months]) => {
        const later = addMonths(date, months);
        expect(parseCalendarDate(later).ok).toBe(true);
        expect(monthIndex(later) - monthIndex(date)).toBe(months);
        expect(compareDates(later, endOfMonth(later)) <= 0).toBe(true);
        // The day is kept when the month has it, else it is the month's last day.
        const day = Number(date.slice(8));
        expect(Number(later.slice(8))).toBe(Math.min(day, Number(endOfMonth(later).slice(8))));
      }),
    );
  });

  it('moves forward as the count grows, and back to the date when the day fits every month', () => {
    fc.assert(
      fc.property(inRange, ([date, months]) => {
        const later = addMonths(date, months);
        if (months > 0) expect(compareDates(later, date)).toBe(1);
        if (months < 0) expect(compareDates(later, date)).toBe(-1);
        if (Number(date.slice(8)) <= 28) expect(addMonths(later, -months)).toBe(date);
      }),
    );
  });
});

describe('endOfMonth', () => {
  it('gives the last day of the month, 29 February in leap years', () => {
    expect(endOfMonth(d('2024-02-10'))).toBe('2024-02-29');
    expect(endOfMonth(d('2023-02-10'))).toBe('2023-02-28');
    expect(endOfMonth(d('1900-02-01'))).toBe('1900-02-28');
    expect(endOfMonth(d('2000-02-01'))).toBe('2000-02-29');
    expect(endOfMonth(d('2024-04-01'))).toBe('2024-04-30');
    expect(endOfMonth(d('2024-12-31'))).toBe('2024-12-31');
    expect(endOfMonth(d('2024-01-31'))).toBe('2024-01-31');
  });

  it('is a valid date in the same month, on or after the date, followed by the first of the next month', () => {
    fc.assert(
      fc.property(validDate, (date) => {
        const end = endOfMonth(date);
        expect(parseCalendarDate(end).ok).toBe(true);
        expect(end.slice(0, 7)).toBe(date.slice(0, 7));
        expect(compareDates(end, date) >= 0).toBe(true);
        expect(addDays(end, 1).slice(8)).toBe('01');
      }),
    );
  });
});

describe('daysBetween', () => {
  it('counts whole days, negative when the second date is earlier', () => {
    expect(daysBetween(d('2024-01-01'), d('2025-01-01'))).toBe(366);
    expect(daysBetween(d('2023-01-01'), d('2024-01-01'))).toBe(365);
    expect(daysBetween(d('2024-02-01'), d('2024-03-01'))).toBe(29);
    expect(daysBetween(d('2023-02-01'), d('2023-03-01'))).toBe(28);
    expect(daysBetween(d('2024-03-01'), d('2024-02-01'))).toBe(-29);
    expect(daysBetween(d('2024-05-05'), d('2024-05-05'))).toBe(0);
    expect(daysBetween(d('2024-03-09'), d('2024-03-11'))).toBe(2);
  });
});

describe('day numbers', () => {
  it('counts days from 1970-01-01', () => {
    expect(toDayNumber(d('1970-01-01'))).toBe(0);
    expect(toDayNumber(d('1970-01-02'))).toBe(1);
    expect(toDayNumber(d('1969-12-31'))).toBe(-1);
    expect(toDayNumber(d('2000-03-01'))).toBe(11017);
    expect(fromDayNumber(0)).toBe('1970-01-01');
    expect(fromDayNumber(-1)).toBe('1969-12-31');
    expect(fromDayNumber(19782)).toBe('2024-02-29');
  });

  it('toDayNumber(fromDayNumber(n)) is n, and fromDayNumber gives a valid date', () => {
    fc.assert(
      fc.property(dayNumber, (number) => {
        const date = fromDayNumber(number);
        expect(parseCalendarDate(date)).toEqual({ ok: true, value: date });
        expect(toDayNumber(date)).toBe(number);
      }),
    );
  });

  it('fromDayNumber(toDayNumber(date)) is the date, and day numbers order like dates', () => {
    fc.assert(
      fc.property(validDate, validDate, (a, b) => {
        expect(fromDayNumber(toDayNumber(a))).toBe(a);
        expect(Math.sign(toDayNumber(a) - toDayNumber(b))).toBe(compareDates(a, b));
      }),
    );
  });
});

describe('compareDates and maxDate', () => {
  it('orders dates chronologically', () => {
    expect(compareDates(d('2024-01-31'), d('2024-02-01'))).toBe(-1);
    expect(compareDates(d('2024-02-01'), d('2024-01-31'))).toBe(1);
    expect(compareDates(d('2024-02-01'), d('2024-02-01'))).toBe(0);
    expect(maxDate(d('2023-12-31'), d('2024-01-01'))).toBe('2024-01-01');
    expect(maxDate(d('2024-01-01'), d('2023-12-31'))).toBe('2024-01-01');
  });
});

describe('calendarDateAt', () => {
  it('gives the previous day in Los Angeles for an instant that is already the next day in UTC', () => {
    const instant = new Date('2024-03-10T05:00:00Z');
    expect(calendarDateAt(instant, 'UTC')).toBe('2024-03-10');
    expect(calendarDateAt(instant, 'America/Los_Angeles')).toBe('2024-03-09');
    expect(calendarDateAt(instant, 'Asia/Tokyo')).toBe('2024-03-10');
  });

  it('turns the day at local midnight, across a year boundary', () => {
    expect(calendarDateAt(new Date('2024-01-01T07:59:59Z'), 'America/Los_Angeles')).toBe(
      '2023-12-31',
    );
    expect(calendarDateAt(new Date('2024-01-01T08:00:00Z'), 'America/Los_Angeles')).toBe(
      '2024-01-01',
    );
    expect(calendarDateAt(new Date('2023-12-31T22:59:59Z'), 'Europe/Paris')).toBe('2023-12-31');
    expect(calendarDateAt(new Date('2023-12-31T23:00:00Z'), 'Europe/Paris')).toBe('2024-01-01');
    expect(calendarDateAt(new Date('2023-12-31T10:00:00Z'), 'Pacific/Kiritimati')).toBe(
      '2024-01-01',
    );
    expect(calendarDateAt(new Date('2024-01-01T10:59:59Z'), 'Pacific/Pago_Pago')).toBe(
      '2023-12-31',
    );
  });

  it('uses summer time where it applies', () => {
    // Paris is UTC+2 in July, so 22:30 UTC is already the next day.
    expect(calendarDateAt(new Date('2024-07-14T22:30:00Z'), 'Europe/Paris')).toBe('2024-07-15');
    expect(calendarDateAt(new Date('2024-01-14T22:30:00Z'), 'Europe/Paris')).toBe('2024-01-14');
  });

  it('gives a valid YYYY-MM-DD date for any instant in any sampled zone', () => {
    const zones = [
      'UTC',
      'America/Los_Angeles',
      'Europe/Paris',
      'Asia/Kolkata',
      'Australia/Adelaide',
      'Pacific/Kiritimati',
      'Pacific/Pago_Pago',
    ];
    const instant = fc
      .integer({ min: Date.UTC(1900, 1, 1), max: Date.UTC(2999, 10, 30) })
      .map((ms) => new Date(ms));
    fc.assert(
      fc.property(instant, fc.constantFrom(...zones), (at, zone) => {
        const date: CalendarDate = calendarDateAt(at, zone);
        expect(parseCalendarDate(date)).toEqual({ ok: true, value: date });
        expect(Math.abs(daysBetween(calendarDateAt(at, 'UTC'), date))).toBeLessThanOrEqual(1);
      }),
    );
  });
});
