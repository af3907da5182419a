import { describe, expect, it } from 'vitest';
import { snoozedUntil } from './snooze';

describe('snoozedUntil', () => {
  it('counts weeks in days from today, across a month and a year end', () => {
    expect(snoozedUntil('2026-12-05', '1w')).toBe('2026-12-12');
    expect(snoozedUntil('2026-12-28', '1w')).toBe('2027-01-04');
    expect(snoozedUntil('2026-12-20', '2w')).toBe('2027-01-03');
  });

  it('counts a month as a calendar month, ending on a shorter month’s last day', () => {
    expect(snoozedUntil('2026-12-05', '1m')).toBe('2027-01-05');
    expect(snoozedUntil('2027-01-31', '1m')).toBe('2027-02-28');
    expect(snoozedUntil('2028-01-31', '1m')).toBe('2028-02-29');
  });

  it('refuses a today that is not a date, rather than snoozing to a wrong one', () => {
    expect(() => snoozedUntil('2026-13-01', '1w')).toThrow();
  });
});
