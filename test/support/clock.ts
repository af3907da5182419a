import {
  addDays,
  calendarDateAt,
  daysBetween,
  type CalendarDate,
} from '../../src/core/calendar-date.js';
import { clockShiftDays, now, setClockShiftDays } from '../../src/core/clock.js';

/**
 * "Today" for tests, read from Settle's clock and never from the machine's: a run with
 * `SETTLE_TEST_TODAY` moves both together, so a test that needs a date relative to today
 * (a promise next week, an invoice overdue by 40 days) keeps meaning the same thing on any day.
 */
export function today(timeZone = 'UTC'): CalendarDate {
  return calendarDateAt(now(), timeZone);
}

/** Today plus `days` (negative for the past). */
export function daysFromToday(days: number, timeZone = 'UTC'): CalendarDate {
  return addDays(today(timeZone), days);
}

/**
 * For a test file whose book lies on fixed dates and which records things "today" about it (a
 * promise made, a placement, a plan agreed): Settle refuses events dated after today, so such a
 * file needs today to fall after its book. When the run's today is earlier (a run moved into the
 * past), this moves the file's clock forward to `date`; on any later day it changes nothing, so
 * runs moved into the future still test the file on their day. Call it at the top of the file.
 */
export function todayNoEarlierThan(date: string): void {
  const behind = daysBetween(today(), date as CalendarDate);
  if (behind > 0) setClockShiftDays(clockShiftDays() + behind);
}

/**
 * Runs `work` with today set to `date` (in UTC), then puts the clock back: for what Settle does
 * only on the real today, such as a collections run, tested on the days of a fixed book. A CLI
 * started inside it (runSettle) runs on that day too.
 */
export async function onDay<T>(date: string, work: () => Promise<T>): Promise<T> {
  const before = clockShiftDays();
  setClockShiftDays(before + daysBetween(today(), date as CalendarDate));
  try {
    return await work();
  } finally {
    setClockShiftDays(before);
  }
}
