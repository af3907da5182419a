import { addDays, toDayNumber, type CalendarDate } from '../core/calendar-date.js';
import type { AgingRow } from './aging.js';

/** The Monday of the week a date falls in (1970-01-01, day 0, was a Thursday). */
export function weekStartOf(date: CalendarDate): CalendarDate {
  const weekday = (((toDayNumber(date) + 3) % 7) + 7) % 7; // 0 = Monday
  return addDays(date, -weekday);
}

/** The Mondays of the `count` weeks that end with the week of `today`, oldest first. */
export function lastWeekStarts(today: CalendarDate, count: number): CalendarDate[] {
  const last = weekStartOf(today);
  return Array.from({ length: count }, (_, index) => addDays(last, -7 * (count - 1 - index)));
}

/**
 * What is past due in a row of a due-basis aging: every bucket but the first (Current, what is
 * not yet due). Unapplied credit is not netted against it: overdue is what the invoices say.
 */
export function overdueMinor(row: AgingRow): bigint {
  return row.bucketsMinor.slice(1).reduce((sum, minor) => sum + minor, 0n);
}

/** The `count` rows that are most overdue, largest first; rows with nothing overdue are left out. */
export function mostOverdue<Row extends AgingRow>(
  rows: readonly Row[],
  count: number,
): { row: Row; overdueMinor: bigint }[] {
  return rows
    .map((row) => ({ row, overdueMinor: overdueMinor(row) }))
    .filter((entry) => entry.overdueMinor > 0n)
    .sort((a, b) =>
      a.overdueMinor === b.overdueMinor ? 0 : a.overdueMinor > b.overdueMinor ? -1 : 1,
    )
    .slice(0, count);
}
