import { assert } from './assert.js';
import { fail, ok, type Result } from './result.js';

/**
 * A calendar date (`YYYY-MM-DD`) with no time of day and no time zone: issue, due, value and
 * applied-on dates are days in the business's calendar, never instants. Arithmetic runs on day
 * numbers in UTC so that no local time zone or daylight-saving change can shift a date.
 */
export type CalendarDate = string & { readonly __brand: 'CalendarDate' };

const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/;
const msPerDay = 86_400_000;

export function parseCalendarDate(text: string, field = 'date'): Result<CalendarDate> {
  const match = datePattern.exec(text.trim());
  if (!match) return fail('date_invalid', `"${text}" is not a date in the form YYYY-MM-DD.`, field);
  const [, year, month, day] = match.map(Number) as [number, number, number, number];
  if (
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > daysInMonth(year, month) ||
    year < 1900 ||
    year > 2999
  ) {
    return fail('date_invalid', `"${text}" is not a real calendar date.`, field);
  }
  return ok(text.trim() as CalendarDate);
}

/** For values already known to be valid (database rows, constants in tests). */
export function calendarDate(text: string): CalendarDate {
  const result = parseCalendarDate(text);
  assert(result.ok, `invalid calendar date ${text}`);
  return result.value;
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
}

/** Days since 1970-01-01. */
export function toDayNumber(date: CalendarDate): number {
  // Read in place rather than split: a collections run counts days overdue for every invoice.
  const monthAt = date.indexOf('-', 1) + 1;
  const dayAt = date.indexOf('-', monthAt) + 1;
  return (
    Date.UTC(
      Number(date.slice(0, monthAt - 1)),
      Number(date.slice(monthAt, dayAt - 1)) - 1,
      Number(date.slice(dayAt)),
    ) / msPerDay
  );
}

export function fromDayNumber(dayNumber: number): CalendarDate {
  return new Date(dayNumber * msPerDay).toISOString().slice(0, 10) as CalendarDate;
}

export function addDays(date: CalendarDate, days: number): CalendarDate {
  return fromDayNumber(toDayNumber(date) + days);
}

/** Whole days from `from` to `to`; negative when `to` is earlier. */
export function daysBetween(from: CalendarDate, to: CalendarDate): number {
  return toDayNumber(to) - toDayNumber(from);
}

function dateOf(year: number, month: number, day: number): CalendarDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}` as CalendarDate;
}

export function startOfMonth(date: CalendarDate): CalendarDate {
  return `${date.slice(0, 8)}01` as CalendarDate;
}

export function endOfMonth(date: CalendarDate): CalendarDate {
  const [year, month] = date.split('-').map(Number) as [number, number];
  return dateOf(year, month, daysInMonth(year, month));
}

/**
 * The same day of the month `months` later (or earlier with a negative count), or that month's last
 * day when it is shorter: 31 January plus one month is 28 or 29 February. Count a series from its
 * first date (first + 1, first + 2, …), not from the one before, or the 31st drifts to the 28th.
 */
export function addMonths(date: CalendarDate, months: number): CalendarDate {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const index = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(index / 12);
  const targetMonth = (index % 12) + 1;
  return dateOf(targetYear, targetMonth, Math.min(day, daysInMonth(targetYear, targetMonth)));
}

export function compareDates(a: CalendarDate, b: CalendarDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function maxDate(a: CalendarDate, b: CalendarDate): CalendarDate {
  return a > b ? a : b;
}

/**
 * One formatter per time zone: making an Intl.DateTimeFormat costs about half a millisecond, which
 * was a tenth of a payment's time when every payment made one to learn its organization's today.
 * The IANA zones are a few hundred at most.
 */
const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** The calendar date of an instant in a time zone (IANA name such as `Europe/Paris`). */
export function calendarDateAt(instant: Date, timeZone: string): CalendarDate {
  let format = dayFormats.get(timeZone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    dayFormats.set(timeZone, format);
  }
  return format.format(instant) as CalendarDate;
}
