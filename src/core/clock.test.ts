import { afterEach, describe, expect, it } from 'vitest';
import { clockShiftDays, now, nowMs, parseClockShiftDays, setClockShiftDays } from './clock.js';

describe('the clock', () => {
  const shiftAtStart = clockShiftDays();
  afterEach(() => setClockShiftDays(shiftAtStart));

  it('reads a whole number of days, signed, and refuses anything else', () => {
    expect([
      parseClockShiftDays(undefined),
      parseClockShiftDays(''),
      parseClockShiftDays('365'),
      parseClockShiftDays('+30'),
      parseClockShiftDays('-400'),
    ]).toEqual([0, 0, 365, 30, -400]);
    for (const bad of ['1.5', '10y', 'tomorrow', '9999999']) {
      expect(() => parseClockShiftDays(bad)).toThrow(
        /SETTLE_CLOCK_SHIFT_DAYS must be a whole number of days/,
      );
    }
  });

  it('moves now() by whole days and keeps the time of day', () => {
    setClockShiftDays(0);
    const before = nowMs();
    setClockShiftDays(3650);
    const moved = now().getTime();
    setClockShiftDays(0);
    const after = nowMs();
    expect(moved - 3650 * 86_400_000).toBeGreaterThanOrEqual(before);
    expect(moved - 3650 * 86_400_000).toBeLessThanOrEqual(after);
    setClockShiftDays(-30);
    expect(clockShiftDays()).toBe(-30);
  });
});
