-- The login rate limit's counters, in the database so that every server process on it shares
-- them: with several processes behind a load balancer, per-process counters let an attacker try
-- ten passwords a minute per process. Keyed by route and client address before anyone is signed
-- in, so this is the one table without an organization: the request belongs to none yet.
CREATE TABLE rate_limit_counters (
  key text PRIMARY KEY,
  window_started_at timestamptz NOT NULL,
  count integer NOT NULL CHECK (count > 0)
);
CREATE INDEX rate_limit_counters_window ON rate_limit_counters (window_started_at);
