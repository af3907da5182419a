-- Goals: a target for one collection KPI (or the total overdue), in one currency, over the
-- organization, one customer, one collector's customers or the customers with a tag, owned by a
-- user and due by a deadline (src/reports/goal.ts). Only the terms are stored: the figures,
-- status and progress are computed from the ledger by the KPI code whenever they are asked for,
-- so they are never stale and a goal can be evaluated as of any date.
--
-- The target is kept in the unit of its metric: a ratio (days, percent or times) as a numeric
-- with the two decimals the KPIs are rounded to, the total overdue as bigint minor units like all
-- money. Exactly one of the two is set, according to the metric.
--
-- Every reference includes org_id (0001), so the database itself refuses an owner, customer or
-- collector from another organization. The scope columns are nullable and a NULL leaves its
-- (MATCH SIMPLE) key unchecked; the CHECK ties each scope to exactly its one column. Users are
-- disabled, never deleted, and customers are never deleted, so the keys need no ON DELETE action.
-- Goals are archived, not deleted, so that the audit log's entity ids keep pointing at a row.
CREATE TABLE goals (
  org_id uuid NOT NULL REFERENCES organizations (id),
  id uuid NOT NULL,
  -- NULL: the name is derived from the metric, target and deadline when shown, so it follows edits.
  name text CHECK (char_length(name) BETWEEN 1 AND 200),
  metric text NOT NULL CHECK (metric IN (
    'dso', 'dso_count_back', 'best_possible_dso', 'average_days_delinquent', 'cei', 'ar_turnover',
    'percent_current', 'percent_over_90', 'bad_debt_percent', 'average_days_to_pay', 'total_overdue')),
  currency char(3) NOT NULL,
  direction text NOT NULL CHECK (direction IN ('at_most', 'at_least')),
  target_value numeric(14, 2) CHECK (target_value >= 0),
  target_minor bigint CHECK (target_minor >= 0),
  owner_id uuid NOT NULL,
  starts_on date NOT NULL,
  deadline date NOT NULL,
  scope text NOT NULL CHECK (scope IN ('organization', 'customer', 'collector', 'tag')),
  customer_id uuid,
  collector_id uuid,
  tag text,
  window_days integer NOT NULL CHECK (window_days BETWEEN 7 AND 366),
  -- The user who set the goal; NULL when the CLI or the system did.
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  archived_at timestamptz,
  PRIMARY KEY (org_id, id),
  FOREIGN KEY (org_id, owner_id) REFERENCES users (org_id, id),
  FOREIGN KEY (org_id, customer_id) REFERENCES customers (org_id, id),
  FOREIGN KEY (org_id, collector_id) REFERENCES users (org_id, id),
  FOREIGN KEY (org_id, created_by) REFERENCES users (org_id, id),
  CHECK (deadline > starts_on),
  CHECK ((metric = 'total_overdue') = (target_minor IS NOT NULL) AND (metric = 'total_overdue') = (target_value IS NULL)),
  CHECK ((scope = 'customer') = (customer_id IS NOT NULL)
    AND (scope = 'collector') = (collector_id IS NOT NULL)
    AND (scope = 'tag') = (tag IS NOT NULL))
);

-- The list shows the goals that are not archived, soonest deadline first, optionally of one owner.
CREATE INDEX goals_active ON goals (org_id, deadline, id) WHERE archived_at IS NULL;
CREATE INDEX goals_owner ON goals (org_id, owner_id);
