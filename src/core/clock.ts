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
 * `SETTLE_CLOCK_SHIFT_MS` moves the time of day on top of it (see `parseClockShiftMs`).
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

/**
 * `SETTLE_CLOCK_SHIFT_MS` moves the time of day, by less than a day either way. The test suite
 * sets it once per run so that the run's clock starts at noon UTC: a run that straddles midnight
 * would otherwise see two dates, and a test that took "today" before midnight and asked the
 * server after it would fail on nothing but the hour it ran at.
 */
export function parseClockShiftMs(text: string | undefined): number {
  if (text === undefined || text.trim() === '') return 0;
  const trimmed = text.trim();
  if (!/^[+-]?\d{1,8}$/.test(trimmed) || Math.abs(Number(trimmed)) >= msPerDay) {
    throw new Error(
      `SETTLE_CLOCK_SHIFT_MS must be a whole number of milliseconds under a day, such as 3600000; got "${text}".`,
    );
  }
  return Number(trimmed);
}

let shiftDays = parseClockShiftDays(process.env.SETTLE_CLOCK_SHIFT_DAYS);
let shiftTimeMs = parseClockShiftMs(process.env.SETTLE_CLOCK_SHIFT_MS);

/** The current instant, moved by the configured shift. */
export function now(): Date {
  return new Date(nowMs());
}

/** The current instant in milliseconds since the epoch, moved by the configured shift. */
export function nowMs(): number {
  return Date.now() + clockShiftMs();
}

/** Days the clock is moved by (0 in production unless `SETTLE_CLOCK_SHIFT_DAYS` is set). */
export function clockShiftDays(): number {
  return shiftDays;
}

/** The whole shift, days and time of day, in milliseconds (0 in production). */
export function clockShiftMs(): number {
  return shiftDays * msPerDay + shiftTimeMs;
}

/** Moves this process's clock; for tests that need a particular day within one process. */
export function setClockShiftDays(days: number): void {
  shiftDays = Math.trunc(days);
}

/** Moves this process's time of day (see `parseClockShiftMs`); for the test suite's setup. */
export function setClockShiftTimeMs(ms: number): void {
  shiftTimeMs = parseClockShiftMs(String(Math.trunc(ms)));
}
