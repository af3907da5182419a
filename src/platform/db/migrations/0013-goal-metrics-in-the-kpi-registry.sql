-- The goal metrics are listed once, in the KPI registry (src/reports/kpi-registry.ts), and every
-- goal's metric is checked against it before any insert or update (parseGoalInput, error
-- goal_metric_unknown). The copy of that list in 0006's CHECK (metric IN ('dso', …)) would have to
-- change with every new KPI, so it goes; so does 0006's check that the target is in target_minor
-- exactly when the metric is total_overdue: the column follows the metric's unit, which the
-- registry gives too. What stays is what needs no list: exactly one of the two target columns is
-- set. Constraint names are PostgreSQL's own for 0006's unnamed checks (goals_<column>_check for a
-- column's, then goals_check, goals_check1, … for the table's in their order).
ALTER TABLE goals
  DROP CONSTRAINT goals_metric_check,
  DROP CONSTRAINT goals_check1,
  ADD CONSTRAINT goals_one_target CHECK ((target_value IS NULL) <> (target_minor IS NULL));
