import { describe, expect, it } from 'vitest';
import { clockShiftDays, now } from '../../src/core/clock.js';
import { today } from '../support/clock.js';

// The shifted runs are only worth something if every worker really runs on the day asked for.
describe('a run with SETTLE_TEST_TODAY', () => {
  const wanted = process.env.SETTLE_TEST_TODAY?.trim();

  it.runIf(wanted)('runs this worker on that day', () => {
    expect(today()).toBe(wanted);
  });

  it.runIf(!wanted && !process.env.SETTLE_CLOCK_SHIFT_DAYS)(
    'runs on the real day otherwise',
    () => {
      expect(clockShiftDays()).toBe(0);
    },
  );

  // The suite's setup starts every run at noon UTC (test/support/global-setup.ts), so that no run
  // straddles midnight; a worker that missed it would see the hour the run really began.
  it('runs this worker in the afternoon of its day, UTC, whatever the hour the run began', () => {
    expect(now().getUTCHours()).toBeGreaterThanOrEqual(12);
  });
});
