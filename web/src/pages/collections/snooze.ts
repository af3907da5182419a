import { addDays, addMonths, calendarDate } from '../../../../src/core/calendar-date';

/** How far a collector puts a task off, from the menu of a task due today or earlier. */
export const snoozeChoices = [
  { id: '1w', label: '1 week' },
  { id: '2w', label: '2 weeks' },
  { id: '1m', label: '1 month' },
] as const;
export type SnoozeChoice = (typeof snoozeChoices)[number]['id'];

/**
 * The new due date of a snoozed task, counted from the organization's today rather than from the
 * task's own due date: a task three weeks late snoozed for a week comes back in a week, not in
 * the past. A month is a calendar month (31 January gives the end of February).
 */
export function snoozedUntil(today: string, choice: SnoozeChoice): string {
  const from = calendarDate(today);
  switch (choice) {
    case '1w':
      return addDays(from, 7);
    case '2w':
      return addDays(from, 14);
    case '1m':
      return addMonths(from, 1);
  }
}
