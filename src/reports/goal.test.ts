// Proves the goal arithmetic on worked examples: targets parsed exactly in the metric's unit, the
// terms checked with errors naming the field, status against the straight line in both
// directions, after the deadline and without figures, progress clamped, and the history dates.
import { describe, expect, it } from 'vitest';
import type { CalendarDate } from '../core/calendar-date.js';
import {
  derivedGoalName,
  evaluateGoal,
  figureOf,
  goalHistoryDates,
  parseGoalInput,
  parseTarget,
  progressPercent,
  windowStart,
  type GoalInput,
} from './goal.js';
import { kpisOf } from './kpi.js';

const d = (text: string) => text as CalendarDate;
const owner = '0190a6f0-0000-7000-8000-000000000001';
const customer = '0190a6f0-0000-7000-8000-000000000002';

describe('targets', () => {
  it('reads ratios in hundredths and amounts in minor units, exactly', () => {
    expect(parseTarget('dso', '40', 'EUR')).toEqual({ ok: true, value: 4000n });
    expect(parseTarget('cei', '97.5', 'EUR')).toEqual({ ok: true, value: 9750n });
    expect(parseTarget('ar_turnover', '0.05', 'EUR')).toEqual({ ok: true, value: 5n });
    expect(parseTarget('total_overdue', '12500.50', 'EUR')).toEqual({ ok: true, value: 1250050n });
    expect(parseTarget('total_overdue', '1000', 'JPY')).toEqual({ ok: true, value: 1000n });
  });
  it('refuses more decimals than the figures have, negatives, and percentages over 100, naming the target', () => {
    for (const [metric, text] of [
      ['dso', '40.123'],
      ['dso', '-1'],
      ['dso', 'forty'],
      ['percent_current', '100.01'],
      ['total_overdue', '10.005'],
      ['total_overdue', '-5'],
    ] as const) {
      const result = parseTarget(metric, text, 'EUR');
      expect(result.ok, `${metric} ${text}`).toBe(false);
      if (!result.ok)
        expect(result.error).toMatchObject({ code: 'goal_target_invalid', field: 'target' });
    }
    expect(parseTarget('percent_current', '100', 'EUR').ok).toBe(true);
  });
});

describe('terms', () => {
  const today = d('2026-03-15');
  const input: GoalInput = {
    metric: 'dso',
    currency: 'eur',
    target: '40',
    ownerId: owner,
    deadline: '2026-06-30',
  };
  const error = (changes: Partial<GoalInput>) => {
    const result = parseGoalInput({ ...input, ...changes }, today);
    return result.ok ? null : result.error;
  };

  it('defaults the direction to the better side of the metric, the start to today and the window to 90 days', () => {
    expect(parseGoalInput(input, today)).toEqual({
      ok: true,
      value: {
        name: null,
        metric: 'dso',
        currency: 'EUR',
        targetUnits: 4000n,
        direction: 'at_most',
        ownerId: owner,
        startsOn: '2026-03-15',
        deadline: '2026-06-30',
        scope: 'organization',
        customerId: null,
        collectorId: null,
        tag: null,
        windowDays: 90,
      },
    });
    const cei = parseGoalInput({ ...input, metric: 'cei', target: '90' }, today);
    expect(cei.ok && cei.value.direction).toBe('at_least');
    const tagged = parseGoalInput(
      { ...input, tag: ' VIP ', name: '  ', windowDays: 30, startsOn: '2026-01-01' },
      today,
    );
    expect(tagged.ok && tagged.value).toMatchObject({
      scope: 'tag',
      tag: 'vip',
      name: null,
      windowDays: 30,
      startsOn: '2026-01-01',
    });
    const customers = parseGoalInput({ ...input, customerId: customer }, today);
    expect(customers.ok && customers.value).toMatchObject({
      scope: 'customer',
      customerId: customer,
    });
  });

  it('refuses bad terms, naming the field', () => {
    expect(error({ metric: 'profit' })).toMatchObject({
      code: 'goal_metric_unknown',
      field: 'metric',
    });
    expect(error({ target: 'soon' })).toMatchObject({
      code: 'goal_target_invalid',
      field: 'target',
    });
    expect(error({ direction: 'down' })).toMatchObject({
      code: 'goal_direction_invalid',
      field: 'direction',
    });
    expect(error({ currency: 'XXX' })).toMatchObject({
      code: 'currency_unknown',
      field: 'currency',
    });
    expect(error({ ownerId: 'ana' })).toMatchObject({
      code: 'owner_id_invalid',
      field: 'owner_id',
    });
    expect(error({ deadline: '2026-03-15' })).toMatchObject({
      code: 'goal_deadline_invalid',
      field: 'deadline',
    });
    expect(error({ deadline: '2026-01-31', startsOn: '2026-02-01' })).toMatchObject({
      code: 'goal_deadline_invalid',
      field: 'deadline',
    });
    expect(error({ deadline: 'June' })).toMatchObject({
      code: 'goal_deadline_invalid',
      field: 'deadline',
    });
    expect(error({ deadline: '2036-03-23' })).toMatchObject({
      code: 'goal_deadline_invalid',
      field: 'deadline',
    });
    expect(error({ startsOn: '2026-03-16' })).toMatchObject({
      code: 'goal_starts_on_invalid',
      field: 'starts_on',
    });
    expect(error({ windowDays: 6 })).toMatchObject({
      code: 'goal_window_invalid',
      field: 'window_days',
    });
    expect(error({ windowDays: 367 })).toMatchObject({
      code: 'goal_window_invalid',
      field: 'window_days',
    });
    expect(error({ windowDays: Number.NaN })).toMatchObject({
      code: 'goal_window_invalid',
      field: 'window_days',
    });
    expect(error({ customerId: customer, tag: 'vip' })).toMatchObject({
      code: 'goal_scope_invalid',
      field: 'tag',
    });
    expect(error({ customerId: 'ACME' })).toMatchObject({
      code: 'customer_id_invalid',
      field: 'customer_id',
    });
    expect(error({ name: 'x'.repeat(201) })).toMatchObject({
      code: 'goal_name_invalid',
      field: 'name',
    });
    // At the limits: 7 and 366 days of window, a deadline 3,660 days after the start.
    expect(error({ windowDays: 7 })).toBeNull();
    expect(error({ windowDays: 366 })).toBeNull();
    expect(error({ deadline: '2036-03-22' })).toBeNull();
  });

  it('names a goal from its terms when it has no name', () => {
    const terms = {
      metric: 'dso',
      direction: 'at_most',
      targetUnits: 4000n,
      currency: 'EUR',
      deadline: d('2027-06-30'),
      tag: null,
    } as const;
    expect(derivedGoalName(terms)).toBe('DSO at most 40 days by 2027-06-30');
    expect(
      derivedGoalName({
        ...terms,
        metric: 'cei',
        direction: 'at_least',
        targetUnits: 9750n,
        tag: 'vip',
      }),
    ).toBe('CEI at least 97.5% by 2027-06-30 (tag vip)');
    expect(derivedGoalName({ ...terms, metric: 'total_overdue', targetUnits: 1250000n })).toBe(
      'Total overdue at most 12500.00 EUR by 2027-06-30',
    );
  });
});

describe('figures', () => {
  it('picks the metric from the KPIs of the currency, as exact hundredths or minor units', () => {
    const kpis = kpisOf({
      from: d('2025-01-01'),
      to: d('2025-03-31'),
      creditSalesMinor: 490000n,
      beginningArMinor: 100000n,
      endingArMinor: 380000n,
      endingPastDueMinor: 190000n,
      endingOver90Minor: 0n,
      writtenOffMinor: 10000n,
      paidMinor: 200000n,
      paidDayWeightedMinor: 11900000n,
      monthlySalesBack: [],
    });
    expect(figureOf('dso', kpis)).toBe(6980n); // 69.80 days
    expect(figureOf('cei', kpis)).toBe(5250n);
    expect(figureOf('ar_turnover', kpis)).toBe(204n);
    expect(figureOf('total_overdue', kpis)).toBe(190000n);
    expect(figureOf('dso_count_back', kpis)).toBeNull(); // no months on record
    expect(figureOf('dso', undefined)).toBeNull();
  });
  it('measures over the window of days up to and including the date', () => {
    expect(windowStart(d('2025-03-31'), 90)).toBe('2025-01-01');
  });
});

describe('status and progress', () => {
  // DSO from 60 down to 40 over 120 days: halfway (60 days in) the line stands at 50.
  const dso = {
    direction: 'at_most',
    targetUnits: 4000n,
    startsOn: d('2025-01-01'),
    deadline: d('2025-05-01'),
  } as const;
  const halfway = d('2025-03-02');

  it('at most: on track at or below the line, at risk above it, met at the target', () => {
    expect(evaluateGoal(dso, halfway, 6000n, 4800n)).toEqual({
      evaluatedOn: '2025-03-02',
      status: 'on_track',
      reason: null,
      baseline: 6000n,
      figure: 4800n,
      expected: 5000n,
      progressPercent: 60,
    });
    expect(evaluateGoal(dso, halfway, 6000n, 5000n)).toMatchObject({
      status: 'on_track',
      progressPercent: 50,
    });
    expect(evaluateGoal(dso, halfway, 6000n, 5001n)).toMatchObject({
      status: 'at_risk',
      progressPercent: 49.95,
    });
    expect(evaluateGoal(dso, halfway, 6000n, 4000n)).toMatchObject({
      status: 'met',
      progressPercent: 100,
    });
    // Worse than the start: no progress, not negative.
    expect(evaluateGoal(dso, halfway, 6000n, 6500n)).toMatchObject({
      status: 'at_risk',
      progressPercent: 0,
    });
    // On the start there is one figure and no trend: the goal is new, whatever the figure,
    // until it is met.
    expect(evaluateGoal(dso, d('2025-01-01'), 6000n, 6000n)).toMatchObject({
      status: 'new',
      reason: 'no_trend_yet',
      expected: 6000n,
      progressPercent: 0,
    });
    expect(evaluateGoal(dso, d('2024-12-15'), 6000n, 6500n)).toMatchObject({ status: 'new' });
    expect(evaluateGoal(dso, d('2025-01-01'), 4000n, 4000n)).toMatchObject({ status: 'met' });
    // A day later there are two figures, and the line has moved.
    expect(evaluateGoal(dso, d('2025-01-02'), 6000n, 6000n)).toMatchObject({ status: 'at_risk' });
  });

  it('at least: CEI from 70 up to 90 over 100 days, a quarter of the way expects 75', () => {
    const cei = {
      direction: 'at_least',
      targetUnits: 9000n,
      startsOn: d('2025-01-01'),
      deadline: d('2025-04-11'),
    } as const;
    const quarter = d('2025-01-26');
    expect(evaluateGoal(cei, quarter, 7000n, 7600n)).toMatchObject({
      status: 'on_track',
      expected: 7500n,
      progressPercent: 30,
    });
    expect(evaluateGoal(cei, quarter, 7000n, 7400n)).toMatchObject({
      status: 'at_risk',
      progressPercent: 20,
    });
    expect(evaluateGoal(cei, quarter, 7000n, 9100n)).toMatchObject({
      status: 'met',
      progressPercent: 100,
    });
  });

  it('after the deadline: met or missed on the figure of the deadline', () => {
    const after = d('2025-06-15');
    expect(evaluateGoal(dso, after, 6000n, 3950n)).toMatchObject({
      evaluatedOn: '2025-05-01',
      status: 'met',
      expected: 4000n,
      progressPercent: 100,
    });
    expect(evaluateGoal(dso, after, 6000n, 4100n)).toMatchObject({
      evaluatedOn: '2025-05-01',
      status: 'missed',
      progressPercent: 95,
    });
    expect(evaluateGoal(dso, after, 6000n, null)).toMatchObject({
      status: 'missed',
      reason: 'figure_unavailable',
      progressPercent: null,
    });
    // On the deadline itself it is not yet missed: the day is not over.
    expect(evaluateGoal(dso, d('2025-05-01'), 6000n, 4100n)).toMatchObject({ status: 'at_risk' });
  });

  it('without figures: at risk, saying which is missing; met needs only today', () => {
    expect(evaluateGoal(dso, halfway, 6000n, null)).toMatchObject({
      status: 'at_risk',
      reason: 'figure_unavailable',
      progressPercent: null,
    });
    expect(evaluateGoal(dso, halfway, null, 4500n)).toMatchObject({
      status: 'at_risk',
      reason: 'baseline_unavailable',
      expected: null,
      progressPercent: null,
    });
    expect(evaluateGoal(dso, halfway, null, 3900n)).toMatchObject({
      status: 'met',
      reason: null,
      progressPercent: 100,
    });
  });

  it('compares with the expected figure as rounded for display', () => {
    // From 10.00 to 0 over 3 days, one day in: 6.666… is shown as 6.67, and 6.67 is on the line.
    const short = {
      direction: 'at_most',
      targetUnits: 0n,
      startsOn: d('2025-01-01'),
      deadline: d('2025-01-04'),
    } as const;
    expect(evaluateGoal(short, d('2025-01-02'), 1000n, 667n)).toMatchObject({
      expected: 667n,
      status: 'on_track',
    });
    expect(evaluateGoal(short, d('2025-01-02'), 1000n, 668n)).toMatchObject({ status: 'at_risk' });
  });

  it('gives progress to two decimals, and none to cover when the start already met the target', () => {
    expect(progressPercent({ direction: 'at_most', targetUnits: 0n }, 3000n, 2000n)).toBe(33.33);
    expect(progressPercent({ direction: 'at_most', targetUnits: 4000n }, 3500n, 4500n)).toBe(0);
    expect(progressPercent({ direction: 'at_most', targetUnits: 4000n }, 3500n, 3800n)).toBe(100);
    expect(progressPercent({ direction: 'at_most', targetUnits: 4000n }, 4000n, 4000n)).toBe(100);
    expect(progressPercent({ direction: 'at_least', targetUnits: 9000n }, 7000n, 6000n)).toBe(0);
  });
});

describe('history dates', () => {
  it('are the start, each month end after it, and the evaluation date', () => {
    expect(goalHistoryDates(d('2025-01-15'), d('2025-04-10'))).toEqual([
      '2025-01-15',
      '2025-01-31',
      '2025-02-28',
      '2025-03-31',
      '2025-04-10',
    ]);
    expect(goalHistoryDates(d('2025-01-31'), d('2025-03-31'))).toEqual([
      '2025-01-31',
      '2025-02-28',
      '2025-03-31',
    ]);
    expect(goalHistoryDates(d('2024-02-10'), d('2024-03-01'))).toEqual([
      '2024-02-10',
      '2024-02-29',
      '2024-03-01',
    ]);
    expect(goalHistoryDates(d('2025-01-15'), d('2025-01-15'))).toEqual(['2025-01-15']);
  });
});
