-- The database's default timestamps follow Settle's clock (src/core/clock.ts). Columns such as
-- created_at used to default to now(), the machine's time, while the application writes the
-- timestamps it sets itself (an audit event's `at`, a task's `completed_at`) from its own clock.
-- The two agree in production, but the test suite moves the application's clock by whole days
-- (SETTLE_CLOCK_SHIFT_DAYS) to run every test on another day, and then a customer's timeline
-- mixed the two and ordered a call completed "today" ten years after a message written at the
-- same moment, and an outbox message written with a clock moved back was never due.
--
-- settle_now() is now() moved by the session's settle.clock_shift_days, which the database layer
-- sets (src/platform/db/database.ts) only when the application's clock is moved: in production
-- the setting is absent and settle_now() is now(). A SQL function, so that the planner inlines it
-- into each default and a bulk COPY pays a setting lookup per row, not a function call.
CREATE FUNCTION settle_now() RETURNS timestamptz LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT now() + make_interval(days => coalesce(nullif(current_setting('settle.clock_shift_days', true), '')::int, 0))
$$;

DO $$
DECLARE
  col record;
BEGIN
  FOR col IN
    SELECT table_name, column_name FROM information_schema.columns
    WHERE table_schema = current_schema() AND column_default = 'now()' AND table_name <> 'schema_migrations'
  LOOP
    EXECUTE format('ALTER TABLE %I ALTER COLUMN %I SET DEFAULT settle_now()', col.table_name, col.column_name);
  END LOOP;
END
$$;
