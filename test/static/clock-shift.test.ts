import { describe, expect, it } from 'vitest';
import { clockShiftDays } from '../../src/core/clock.js';
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
});
