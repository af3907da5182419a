-- Each organization may set its own aging buckets, per basis, as the inclusive upper bounds in
-- days of every bucket but the last (src/reports/aging.ts). NULL keeps the defaults, which live in
-- that one place: Current, 1-30, 31-60, 61-90, 91+ past due; 0-30, 31-60, 61-90, 91+ since issue.
ALTER TABLE organizations ADD COLUMN aging_due_bounds integer[], ADD COLUMN aging_issue_bounds integer[];
