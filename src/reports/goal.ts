import {
  addDays,
  daysBetween,
  endOfMonth,
  parseCalendarDate,
  type CalendarDate,
} from '../core/calendar-date.js';
import { isId } from '../core/ids.js';
import { divideRoundHalfUp, formatAmount, parseAmount, parseCurrency } from '../core/money.js';
import { fail, ok, type Result } from '../core/result.js';
import type { Kpis } from './kpi.js';
import {
  isKpiKey,
  kpiDefinition,
  kpiDirections,
  kpiKeys,
  type KpiDirection,
  type KpiKey,
  type KpiUnit,
} from './kpi-registry.js';

/**
 * Goals: "DSO at most 40 days by 30 June, owner Ana". Pure terms, validation and evaluation; the
 * service (manage-goals.service.ts) reads the figures and stores the goals.
 *
 * A goal names a metric (a KPI of the registry, kpi-registry.ts: one of the ratios, or
 * total_overdue: the past-due A/R, that is the balances of invoices past due on the day,
 * Kpis.endingPastDueMinor), a currency (KPIs are per currency), a target and a direction
 * (at_most: the figure must come down to the target or below; at_least: up to it or above;
 * by default the better side the registry gives), an owner, a start (starts_on) and a deadline,
 * a scope (the organization, one customer, one collector's customers or the customers with a
 * tag) and a window: the figure on a date D is the KPI over the period [D − window_days + 1, D],
 * computed by the same code as the KPI report (kpisFor), never by a second implementation. No
 * data in the goal's currency and scope gives no figure (null).
 *
 * Figures are exact integers in the unit of the metric: hundredths for ratios (days, percent,
 * times; the KPIs are rounded to two decimals, so nothing is lost), minor units for money. So
 * comparisons and the straight line below never touch a float.
 *
 * Status, evaluated on E = min(today, deadline):
 *  - after the deadline: met if the figure on the deadline meets the target, else missed (also
 *    missed, with a reason, when there is no figure on the deadline);
 *  - otherwise met if today's figure meets the target (a goal met early that slips back is no
 *    longer met: the status is computed, not latched); else today's figure is compared with a
 *    straight line from the baseline (the figure on starts_on) to the target on the deadline,
 *    expected = baseline + (target − baseline) × elapsed ÷ total days (rounded half-up to the unit
 *    of the figures, the hundredth or the minor unit): on_track when the figure is at or better
 *    than expected (per the direction), at_risk when worse. On its first day (no day elapsed,
 *    or evaluated before its start) a goal that is not met is new, with the reason no_trend_yet:
 *    one figure is no trend. Without a figure today or a baseline the goal is at_risk, with the
 *    reason.
 * Progress is the share of the way from the baseline to the target covered by the figure on E,
 * (baseline − figure) ÷ (baseline − target) × 100, clamped to [0, 100], to two decimals: 100 when
 * the target is met (whatever the baseline); 0 when the baseline already met it and the figure
 * no longer does (there was no way to cover, and the ratio would mislead); otherwise null without
 * a figure or a baseline.
 * History: the figure on starts_on, on every month end after it up to E, and on E.
 */

/** The metrics a goal may name: every KPI of the registry (kpi-registry.ts), in its order. */
export const goalMetrics = kpiKeys;
export type GoalMetric = KpiKey;
export type GoalDirection = KpiDirection;
export type GoalScope = 'organization' | 'customer' | 'collector' | 'tag';
export type GoalStatus = 'new' | 'on_track' | 'at_risk' | 'met' | 'missed';

/** Every status, in the order of a goal's life. */
export const goalStatuses: readonly GoalStatus[] = ['new', 'on_track', 'at_risk', 'met', 'missed'];
/** Why a status was decided without the usual comparison. */
export type GoalStatusReason = 'figure_unavailable' | 'baseline_unavailable' | 'no_trend_yet';
export type GoalUnit = KpiUnit;

export const goalDirections: readonly GoalDirection[] = kpiDirections;
export const goalWindowDaysDefault = 90;
export const goalWindowDaysMin = 7;
export const goalWindowDaysMax = 366;
/** A goal runs at most ten years: its history has at most ~120 month ends to evaluate. */
export const goalDaysMax = 3_660;
export const goalNameLengthMax = 200;
const tagLengthMax = 64;

/** KPI ratios are numbers with two decimals; times 100 and rounded they are the exact integers they came from. */
function hundredths(value: number | null): bigint | null {
  return value === null ? null : BigInt(Math.round(value * 100));
}

export function isGoalMetric(value: string): value is GoalMetric {
  return isKpiKey(value);
}

/** The unit of a metric's figures and targets. */
export function unitOf(metric: GoalMetric): GoalUnit {
  return kpiDefinition(metric).unit;
}

/** The metrics whose figures and targets are amounts of the goal's currency. */
export const moneyGoalMetrics: readonly GoalMetric[] = goalMetrics.filter(
  (metric) => unitOf(metric) === 'money',
);

/**
 * The figure of a metric from the KPIs of the goal's currency, in the metric's unit: hundredths
 * of a ratio, or minor units; null when there were none.
 */
export function figureOf(metric: GoalMetric, kpis: Kpis | undefined): bigint | null {
  if (kpis === undefined) return null;
  const kpi = kpiDefinition(metric);
  return 'amount' in kpi ? kpis[kpi.amount] : hundredths(kpis[kpi.field]);
}

/** The first day of the window whose figure is the one on `on`. */
export function windowStart(on: CalendarDate, windowDays: number): CalendarDate {
  return addDays(on, -(windowDays - 1));
}

// ---------------------------------------------------------------------------------------------
// Figures as text

function formatHundredths(units: bigint): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(3, '0');
  return `${negative ? '-' : ''}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

/** A figure or target as a decimal string: "40.00" days, "12500.00" EUR. */
export function formatFigure(metric: GoalMetric, units: bigint, currency: string): string {
  return unitOf(metric) === 'money' ? formatAmount(units, currency) : formatHundredths(units);
}

const ratioTargetPattern = /^(\d{1,10})(?:\.(\d{1,2}))?$/;

/**
 * Parses a target in the metric's unit: a ratio with at most two decimals (the KPIs have no
 * more), a percentage at most 100; an amount in major units of the currency for total_overdue.
 * Targets are never negative. Codes: goal_target_invalid.
 */
export function parseTarget(
  metric: GoalMetric,
  text: string,
  currency: string,
  field = 'target',
): Result<bigint> {
  const unit = unitOf(metric);
  if (unit === 'money') {
    const amount = parseAmount(text, currency, field);
    return amount.ok ? amount : fail('goal_target_invalid', amount.error.message, field);
  }
  const match = ratioTargetPattern.exec(text.trim());
  if (!match) {
    return fail(
      'goal_target_invalid',
      `"${text}" is not a target such as 40 or 97.5 (at most two decimals, not negative).`,
      field,
    );
  }
  const units = BigInt(match[1]!) * 100n + BigInt((match[2] ?? '').padEnd(2, '0'));
  if (unit === 'percent' && units > 10_000n)
    return fail('goal_target_invalid', `A percentage target is at most 100, not ${text}.`, field);
  return ok(units);
}

// ---------------------------------------------------------------------------------------------
// Terms and their validation

/** A goal's terms as the outside world gives them, references already resolved to ids. */
export interface GoalInput {
  readonly name?: string | null | undefined;
  readonly metric: string;
  readonly currency: string;
  readonly target: string;
  readonly direction?: string | undefined;
  readonly ownerId: string;
  readonly startsOn?: string | undefined;
  readonly deadline: string;
  readonly customerId?: string | undefined;
  readonly collectorId?: string | undefined;
  readonly tag?: string | undefined;
  readonly windowDays?: number | undefined;
}

export interface GoalTerms {
  readonly name: string | null;
  readonly metric: GoalMetric;
  readonly currency: string;
  /** In the metric's unit: hundredths of a ratio, or minor units. */
  readonly targetUnits: bigint;
  readonly direction: GoalDirection;
  readonly ownerId: string;
  readonly startsOn: CalendarDate;
  readonly deadline: CalendarDate;
  readonly scope: GoalScope;
  readonly customerId: string | null;
  readonly collectorId: string | null;
  readonly tag: string | null;
  readonly windowDays: number;
}

/** A stored goal: its terms and who set it when. */
export interface Goal extends GoalTerms {
  readonly id: string;
  readonly createdBy: string | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly archivedAt: Date | null;
}

export interface GoalScopeTerms {
  readonly scope: GoalScope;
  readonly customerId: string | null;
  readonly collectorId: string | null;
  readonly tag: string | null;
}

/**
 * The scope from at most one of customer, collector and tag; none is the organization. A tag is
 * compared as the KPI report compares it: trimmed and lower-cased.
 * Codes: goal_scope_invalid, customer_id_invalid, collector_id_invalid.
 */
export function parseGoalScope(input: {
  customerId?: string | undefined;
  collectorId?: string | undefined;
  tag?: string | undefined;
}): Result<GoalScopeTerms> {
  const given = (['customerId', 'collectorId', 'tag'] as const).filter(
    (key) => input[key] !== undefined,
  );
  if (given.length > 1) {
    const field = given[1] === 'collectorId' ? 'collector_id' : 'tag';
    return fail(
      'goal_scope_invalid',
      'A goal is for the organization, one customer, one collector or one tag: give at most one of them.',
      field,
    );
  }
  if (input.customerId !== undefined) {
    if (!isId(input.customerId))
      return fail(
        'customer_id_invalid',
        `"${input.customerId}" is not a customer id.`,
        'customer_id',
      );
    return ok({
      scope: 'customer',
      customerId: input.customerId.toLowerCase(),
      collectorId: null,
      tag: null,
    });
  }
  if (input.collectorId !== undefined) {
    if (!isId(input.collectorId))
      return fail(
        'collector_id_invalid',
        `"${input.collectorId}" is not a user id.`,
        'collector_id',
      );
    return ok({
      scope: 'collector',
      customerId: null,
      collectorId: input.collectorId.toLowerCase(),
      tag: null,
    });
  }
  if (input.tag !== undefined) {
    const tag = input.tag.trim().toLowerCase();
    if (tag === '' || tag.length > tagLengthMax)
      return fail('goal_scope_invalid', `A tag has 1 to ${tagLengthMax} characters.`, 'tag');
    return ok({ scope: 'tag', customerId: null, collectorId: null, tag });
  }
  return ok({ scope: 'organization', customerId: null, collectorId: null, tag: null });
}

function parseName(name: string | null | undefined): Result<string | null> {
  // A blank name is no name: the derived one is shown instead.
  const trimmed = name?.trim() ?? '';
  if (trimmed === '') return ok(null);
  if (trimmed.length > goalNameLengthMax)
    return fail('goal_name_invalid', `A name has at most ${goalNameLengthMax} characters.`, 'name');
  return ok(trimmed);
}

function parseDirection(metric: GoalMetric, direction: string | undefined): Result<GoalDirection> {
  if (direction === undefined) return ok(kpiDefinition(metric).direction);
  if (!(goalDirections as readonly string[]).includes(direction)) {
    return fail(
      'goal_direction_invalid',
      `The direction is at_most or at_least, not "${direction}".`,
      'direction',
    );
  }
  return ok(direction as GoalDirection);
}

function parseWindow(windowDays: number | undefined): Result<number> {
  const value = windowDays ?? goalWindowDaysDefault;
  if (!Number.isInteger(value) || value < goalWindowDaysMin || value > goalWindowDaysMax) {
    return fail(
      'goal_window_invalid',
      `The window is a whole number of days from ${goalWindowDaysMin} to ${goalWindowDaysMax}.`,
      'window_days',
    );
  }
  return ok(value);
}

/**
 * The dates: the start defaults to today and may not be after it (its figure is the baseline,
 * which must be known); the deadline is after the start and at most goalDaysMax days after it.
 * Codes: date_invalid, goal_starts_on_invalid, goal_deadline_invalid.
 */
function parseDates(
  startsOn: string | undefined,
  deadline: string,
  today: CalendarDate,
): Result<{ startsOn: CalendarDate; deadline: CalendarDate }> {
  const start = startsOn === undefined ? ok(today) : parseCalendarDate(startsOn, 'starts_on');
  if (!start.ok) return start;
  if (start.value > today)
    return fail(
      'goal_starts_on_invalid',
      `A goal starts today or earlier (its baseline is the figure on its start), not ${start.value}.`,
      'starts_on',
    );
  const end = parseCalendarDate(deadline, 'deadline');
  if (!end.ok) return fail('goal_deadline_invalid', end.error.message, 'deadline');
  if (end.value <= start.value)
    return fail(
      'goal_deadline_invalid',
      `The deadline (${end.value}) must be after the start (${start.value}).`,
      'deadline',
    );
  if (daysBetween(start.value, end.value) > goalDaysMax) {
    return fail(
      'goal_deadline_invalid',
      `The deadline is at most ${goalDaysMax} days after the start.`,
      'deadline',
    );
  }
  return ok({ startsOn: start.value, deadline: end.value });
}

/**
 * Checks a goal's terms; the owner, customer and collector are checked to exist by the service.
 * Codes: goal_name_invalid, goal_metric_unknown, currency_unknown, goal_target_invalid,
 * goal_direction_invalid, owner_id_invalid, date_invalid, goal_starts_on_invalid,
 * goal_deadline_invalid, goal_window_invalid, and those of parseGoalScope.
 */
export function parseGoalInput(input: GoalInput, today: CalendarDate): Result<GoalTerms> {
  const name = parseName(input.name);
  if (!name.ok) return name;
  const metric = input.metric.trim().toLowerCase();
  if (!isGoalMetric(metric))
    return fail(
      'goal_metric_unknown',
      `"${input.metric}" is not a metric: one of ${goalMetrics.join(', ')}.`,
      'metric',
    );
  const currency = parseCurrency(input.currency, 'currency');
  if (!currency.ok) return currency;
  const target = parseTarget(metric, input.target, currency.value);
  if (!target.ok) return target;
  const direction = parseDirection(metric, input.direction);
  if (!direction.ok) return direction;
  if (!isId(input.ownerId))
    return fail('owner_id_invalid', `"${input.ownerId}" is not a user id.`, 'owner_id');
  const dates = parseDates(input.startsOn, input.deadline, today);
  if (!dates.ok) return dates;
  const scope = parseGoalScope(input);
  if (!scope.ok) return scope;
  const windowDays = parseWindow(input.windowDays);
  if (!windowDays.ok) return windowDays;
  return ok({
    name: name.value,
    metric,
    currency: currency.value,
    targetUnits: target.value,
    direction: direction.value,
    ownerId: input.ownerId.toLowerCase(),
    ...dates.value,
    ...scope.value,
    windowDays: windowDays.value,
  });
}

/** The terms back in the outside world's words, so that a change is checked like a new goal. */
export function goalInputOf(terms: GoalTerms): GoalInput {
  return {
    name: terms.name,
    metric: terms.metric,
    currency: terms.currency,
    target: formatFigure(terms.metric, terms.targetUnits, terms.currency),
    direction: terms.direction,
    ownerId: terms.ownerId,
    startsOn: terms.startsOn,
    deadline: terms.deadline,
    ...(terms.customerId !== null ? { customerId: terms.customerId } : {}),
    ...(terms.collectorId !== null ? { collectorId: terms.collectorId } : {}),
    ...(terms.tag !== null ? { tag: terms.tag } : {}),
    windowDays: terms.windowDays,
  };
}

/** "DSO at most 40 days by 2027-06-30": what a goal without a name is called. */
export function derivedGoalName(
  terms: Pick<GoalTerms, 'metric' | 'direction' | 'targetUnits' | 'currency' | 'deadline' | 'tag'>,
): string {
  const definition = kpiDefinition(terms.metric);
  const text = formatFigure(terms.metric, terms.targetUnits, terms.currency);
  const target =
    definition.unit === 'money'
      ? `${text} ${terms.currency}`
      : definition.unit === 'percent'
        ? `${shortNumber(text)}%`
        : definition.unit === 'days'
          ? `${shortNumber(text)} days`
          : `${shortNumber(text)} times`;
  const scope = terms.tag !== null ? ` (tag ${terms.tag})` : '';
  return `${definition.goalLabel} ${terms.direction === 'at_most' ? 'at most' : 'at least'} ${target} by ${terms.deadline}${scope}`;
}

/** "40.00" → "40", "97.50" → "97.5": names read better without trailing zeros. */
function shortNumber(text: string): string {
  return text.replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
}

// ---------------------------------------------------------------------------------------------
// Evaluation

export function meetsTarget(direction: GoalDirection, figure: bigint, target: bigint): boolean {
  return direction === 'at_most' ? figure <= target : figure >= target;
}

/** The date a goal is judged on: today, or the deadline once it has passed. */
export function evaluationDate(deadline: CalendarDate, today: CalendarDate): CalendarDate {
  return today > deadline ? deadline : today;
}

export interface GoalEvaluation {
  readonly evaluatedOn: CalendarDate;
  readonly status: GoalStatus;
  readonly reason: GoalStatusReason | null;
  readonly baseline: bigint | null;
  /** The figure on evaluatedOn. */
  readonly figure: bigint | null;
  /** Where the straight line from the baseline to the target stands on evaluatedOn, rounded half-up to the figure's unit. */
  readonly expected: bigint | null;
  readonly progressPercent: number | null;
}

/** A goal as the service reports it: with its owner's name and its evaluation. */
export interface GoalReport {
  readonly goal: Goal;
  readonly ownerName: string | null;
  readonly evaluation: GoalEvaluation;
}

export interface GoalHistoryPoint {
  readonly on: CalendarDate;
  readonly figure: bigint | null;
}

/** The same with the history of its figure. */
export interface GoalDetail extends GoalReport {
  readonly history: readonly GoalHistoryPoint[];
}

type Evaluated = Pick<GoalTerms, 'direction' | 'targetUnits' | 'startsOn' | 'deadline'>;

/**
 * Status and progress of a goal on min(today, deadline), from the baseline (the figure on
 * starts_on) and the figure on that date. See the comment at the top of this file.
 */
export function evaluateGoal(
  goal: Evaluated,
  today: CalendarDate,
  baseline: bigint | null,
  figure: bigint | null,
): GoalEvaluation {
  const evaluatedOn = evaluationDate(goal.deadline, today);
  const total = BigInt(daysBetween(goal.startsOn, goal.deadline));
  // Before the start (only when asked as of an earlier date) the line has not left the baseline.
  const elapsed = BigInt(
    Math.min(Math.max(daysBetween(goal.startsOn, evaluatedOn), 0), Number(total)),
  );
  const target = goal.targetUnits;
  // The straight line from the baseline on the start to the target on the deadline, on evaluatedOn.
  const expected =
    baseline === null ? null : baseline + divideRoundHalfUp((target - baseline) * elapsed, total);
  const common = {
    evaluatedOn,
    baseline,
    figure,
    expected,
    progressPercent: progressPercent(goal, baseline, figure),
  };
  const passed = today > goal.deadline;
  if (figure === null)
    return { ...common, status: passed ? 'missed' : 'at_risk', reason: 'figure_unavailable' };
  if (meetsTarget(goal.direction, figure, target))
    return { ...common, status: 'met', reason: null };
  if (passed) return { ...common, status: 'missed', reason: null };
  // On its first day a goal has one figure, its baseline, and no trend to judge: holding the
  // baseline is neither on track nor at risk yet.
  if (elapsed === 0n) return { ...common, status: 'new', reason: 'no_trend_yet' };
  if (expected === null) return { ...common, status: 'at_risk', reason: 'baseline_unavailable' };
  // Compared with the expected figure rounded as figures are (to the hundredth or the minor
  // unit), so that a figure shown equal to the expected one is never called behind it.
  return {
    ...common,
    status: meetsTarget(goal.direction, figure, expected) ? 'on_track' : 'at_risk',
    reason: null,
  };
}

/** Percent of the way from the baseline to the target, to two decimals (see the top of this file). */
export function progressPercent(
  goal: Pick<GoalTerms, 'direction' | 'targetUnits'>,
  baseline: bigint | null,
  figure: bigint | null,
): number | null {
  if (figure === null) return null;
  if (meetsTarget(goal.direction, figure, goal.targetUnits)) return 100;
  if (baseline === null) return null;
  if (meetsTarget(goal.direction, baseline, goal.targetUnits)) return 0;
  const percent =
    Number(divideRoundHalfUp((baseline - figure) * 10_000n, baseline - goal.targetUnits)) / 100;
  return Math.min(Math.max(percent, 0), 100);
}

/** The dates of a goal's history: its start, each month end after it up to `until`, and `until`. */
export function goalHistoryDates(startsOn: CalendarDate, until: CalendarDate): CalendarDate[] {
  const dates = new Set<CalendarDate>([startsOn, until]);
  for (
    let monthEnd = endOfMonth(startsOn);
    monthEnd < until;
    monthEnd = endOfMonth(addDays(monthEnd, 1))
  ) {
    if (monthEnd > startsOn) dates.add(monthEnd);
  }
  return [...dates].sort();
}
