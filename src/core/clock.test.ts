import { afterEach, describe, expect, it } from 'vitest';
import {
  clockShiftDays,
  clockShiftMs,
  now,
  nowMs,
  parseClockShiftDays,
  parseClockShiftMs,
  setClockShiftDays,
  setClockShiftTimeMs,
} from './clock.js';

describe('the clock', () => {
  const shiftAtStart = clockShiftDays();
  const timeShiftAtStart = clockShiftMs() - shiftAtStart * 86_400_000;
  afterEach(() => {
    setClockShiftDays(shiftAtStart);
    setClockShiftTimeMs(timeShiftAtStart);
  });

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

  it('reads a time-of-day shift under a day either way, and refuses anything else', () => {
    expect([
      parseClockShiftMs(undefined),
      parseClockShiftMs(' '),
      parseClockShiftMs('3600000'),
      parseClockShiftMs('-86399999'),
    ]).toEqual([0, 0, 3_600_000, -86_399_999]);
    for (const bad of ['86400000', '-86400000', '1.5', '1h']) {
      expect(() => parseClockShiftMs(bad)).toThrow(/SETTLE_CLOCK_SHIFT_MS must be a whole number/);
    }
  });

  it('adds the time-of-day shift to the days, and keeps it when the days change', () => {
    setClockShiftDays(2);
    setClockShiftTimeMs(-3_600_000);
    expect(clockShiftMs()).toBe(2 * 86_400_000 - 3_600_000);
    setClockShiftDays(-1);
    expect(clockShiftMs()).toBe(-86_400_000 - 3_600_000);
    expect(clockShiftDays()).toBe(-1);
    setClockShiftTimeMs(0);
    const before = nowMs();
    setClockShiftTimeMs(-3_600_000);
    const moved = nowMs();
    setClockShiftTimeMs(0);
    const after = nowMs();
    expect(moved + 3_600_000).toBeGreaterThanOrEqual(before);
    expect(moved + 3_600_000).toBeLessThanOrEqual(after);
  });
});
