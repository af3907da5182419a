/**
 * The one place Settle reads the time. Everything that means "now" or "today" (default issue and
 * payment dates, promise dates, the collections run, session expiry, audit timestamps, outbox
 * retries) asks `now()`, never `new Date()` or `Date.now()`, so that the whole application can be
 * moved to another day at once.
 *
 * `SETTLE_CLOCK_SHIFT_DAYS` (a whole number of days, negative for the past) moves the clock; the
 * test suite sets it to run every test on another day (see the README's "Tests"), which is how a
 * test that mixes fixed dates with "today" is caught before the calendar reaches it. A whole
 * number of days rather than a fixed date keeps the shift identical in every process of a run
 * (the test runner, its workers, the CLI and servers they start) even when the run straddles
 * midnight, and time still passes, so timeouts and retries behave as they do in production.
 */
const msPerDay = 86_400_000;

export function parseClockShiftDays(text: string | undefined): number {
  if (text === undefined || text.trim() === '') return 0;
  const trimmed = text.trim();
  if (!/^[+-]?\d{1,6}$/.test(trimmed)) {
    throw new Error(
      `SETTLE_CLOCK_SHIFT_DAYS must be a whole number of days, such as 365 or -30; got "${text}".`,
    );
  }
  return Number(trimmed);
}

let shiftMs = parseClockShiftDays(process.env.SETTLE_CLOCK_SHIFT_DAYS) * msPerDay;

/** The current instant, moved by the configured shift. */
export function now(): Date {
  return new Date(Date.now() + shiftMs);
}

/** The current instant in milliseconds since the epoch, moved by the configured shift. */
export function nowMs(): number {
  return Date.now() + shiftMs;
}

/** Days the clock is moved by (0 in production unless `SETTLE_CLOCK_SHIFT_DAYS` is set). */
export function clockShiftDays(): number {
  return shiftMs / msPerDay;
}

/** Moves this process's clock; for tests that need a particular day within one process. */
export function setClockShiftDays(days: number): void {
  shiftMs = Math.trunc(days) * msPerDay;
}
