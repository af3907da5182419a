import {
  derivedGoalName,
  formatFigure,
  unitOf,
  type Goal,
  type GoalDetail,
  type GoalReport,
} from './goal.js';

/**
 * Goals as the API, `settle goals --format json` and the audit log give them. Targets and
 * figures are decimal strings in the metric's unit (`unit`): days, percent or times with two
 * decimals, or an amount in major units of `currency`. One type for every metric, and exact.
 */
export function goalTermsView(goal: Goal) {
  return {
    id: goal.id,
    name: goal.name ?? derivedGoalName(goal),
    metric: goal.metric,
    unit: unitOf(goal.metric),
    currency: goal.currency,
    target: formatFigure(goal.metric, goal.targetUnits, goal.currency),
    direction: goal.direction,
    owner_id: goal.ownerId,
    starts_on: goal.startsOn,
    deadline: goal.deadline,
    scope: goal.scope,
    customer_id: goal.customerId,
    collector_id: goal.collectorId,
    tag: goal.tag,
    window_days: goal.windowDays,
    created_by: goal.createdBy,
    created_at: goal.createdAt.toISOString(),
    archived_at: goal.archivedAt === null ? null : goal.archivedAt.toISOString(),
  };
}

/** The audit log keeps the terms, with the name as stored (null when derived). */
export function goalAuditView(goal: Goal) {
  return { ...goalTermsView(goal), name: goal.name };
}

function figureText(goal: Goal, units: bigint | null): string | null {
  return units === null ? null : formatFigure(goal.metric, units, goal.currency);
}

export function goalView(report: GoalReport) {
  const { goal, evaluation } = report;
  return {
    ...goalTermsView(goal),
    owner_name: report.ownerName,
    evaluated_on: evaluation.evaluatedOn,
    status: evaluation.status,
    status_reason: evaluation.reason,
    baseline: figureText(goal, evaluation.baseline),
    figure: figureText(goal, evaluation.figure),
    expected: figureText(goal, evaluation.expected),
    progress_percent: evaluation.progressPercent,
  };
}

export function goalDetailView(report: GoalDetail) {
  return {
    ...goalView(report),
    history: report.history.map((point) => ({
      as_of: point.on,
      figure: figureText(report.goal, point.figure),
    })),
  };
}
