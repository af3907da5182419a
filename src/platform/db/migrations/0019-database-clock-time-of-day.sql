-- Settle's clock can now also be moved by part of a day (SETTLE_CLOCK_SHIFT_MS, src/core/clock.ts):
-- the test suite starts every run at noon UTC so that a run straddling midnight keeps one date.
-- The database's clock follows the whole shift, days and time of day, as one number of
-- milliseconds in the session setting settle.clock_shift_ms, which replaces 0016's
-- settle.clock_shift_days. In production the setting is absent and settle_now() is now().
CREATE OR REPLACE FUNCTION settle_now() RETURNS timestamptz LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT now() + coalesce(nullif(current_setting('settle.clock_shift_ms', true), '')::bigint, 0) * interval '1 millisecond'
$$;
