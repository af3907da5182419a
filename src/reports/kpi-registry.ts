import { daysBetween, type CalendarDate } from '../core/calendar-date.js';
import { divideRoundHalfUp } from '../core/money.js';

/**
 * The collection KPIs, each defined once: its key, its words, its unit, which side is better, and
 * its computation from the figures of one currency and period. Every definition is written out
 * in words in docs/kpis.md; the comments here only say how the arithmetic is kept exact.
 *
 * Adding a KPI touches two files: this one (an entry in `ratioKpis`, or in `amountKpis` for a
 * goal on one of the report's amounts) and docs/kpis.md (its definition in words). The rest
 * follows from the lists below: the Kpis type and kpisOf (kpi.ts), the API's fields and schema
 * (kpi.view.ts, kpi.routes.ts), the rows of `settle kpi` (cli/commands/reports.ts), the goal
 * metrics, their validation, units and default directions (goal.ts, goal.routes.ts, `settle goal
 * add`), and the web app's KPI page (web/src/pages/kpis), which imports this file: it must stay
 * pure (no I/O, no Node modules), importing only from src/core. A KPI that needs a sum the
 * database does not give yet needs that input too (KpiInputs below, kpi.sql.ts and
 * get-kpis.service.ts); the goals table takes any metric this file lists (migration 0013). As
 * after any change to a route's schema, `npm run api-types` regenerates the web app's API types.
 *
 * All amounts are minor units; A/R is net of unapplied credit.
 */

export const kpiUnits = ['days', 'percent', 'times', 'money'] as const;
export type KpiUnit = (typeof kpiUnits)[number];

/** Which side is better: at_most, the lower the better; at_least, the higher. A goal's default. */
export const kpiDirections = ['at_most', 'at_least'] as const;
export type KpiDirection = (typeof kpiDirections)[number];

// ---------------------------------------------------------------------------------------------
// The figures

/** What the database sums for one currency over one period (kpi.sql.ts, get-kpis.service.ts). */
export interface KpiInputs {
  readonly from: CalendarDate;
  readonly to: CalendarDate;
  /** Invoices issued in the period, less invoices voided and credit notes issued in it. */
  readonly creditSalesMinor: bigint;
  /** A/R as of the day before the period. */
  readonly beginningArMinor: bigint;
  readonly endingArMinor: bigint;
  /** Invoice balances past due on the last day (due before it). */
  readonly endingPastDueMinor: bigint;
  /** Invoice balances more than 90 days past due on the last day. */
  readonly endingOver90Minor: bigint;
  readonly writtenOffMinor: bigint;
  /**
   * Payments applied in the period (not reversed by its end): their amount, and amount × days
   * from the invoice's issue to the payment's receipt.
   */
  readonly paidMinor: bigint;
  readonly paidDayWeightedMinor: bigint;
  /** Credit sales of each calendar month up to the last, newest first, for count-back DSO. */
  readonly monthlySalesBack: readonly {
    readonly from: CalendarDate;
    readonly to: CalendarDate;
    readonly salesMinor: bigint;
  }[];
}

/** The inputs and what follows from them alone: every KPI is computed from these. */
export interface KpiFigures extends KpiInputs {
  /** Days of the period, both ends included. */
  readonly days: number;
  /** Ending A/R less past due: not yet due, less unapplied credit. */
  readonly endingCurrentArMinor: bigint;
}

export function kpiFiguresOf(inputs: KpiInputs): KpiFigures {
  return {
    ...inputs,
    days: daysBetween(inputs.from, inputs.to) + 1,
    endingCurrentArMinor: inputs.endingArMinor - inputs.endingPastDueMinor,
  };
}

type AmountFigure = {
  [F in keyof KpiFigures]: KpiFigures[F] extends bigint ? F : never;
}[keyof KpiFigures];

interface KpiAmountDefinition {
  /** The field of the API, `settle kpi --format json` and the web app. */
  readonly key: string;
  /** The figure it is (a property of Kpis too). */
  readonly field: AmountFigure;
  /** Its words on the web app's KPI page. */
  readonly label: string;
  /** Its row in the `settle kpi` table; null: not in the table. */
  readonly column: string | null;
}

/** The amounts the report gives beside the KPIs, in the order of the API's fields. */
export const kpiAmounts = [
  { key: 'credit_sales', field: 'creditSalesMinor', label: 'Credit sales', column: 'credit sales' },
  {
    key: 'beginning_ar',
    field: 'beginningArMinor',
    label: 'A/R at the start',
    column: 'beginning A/R',
  },
  { key: 'ending_ar', field: 'endingArMinor', label: 'A/R at the end', column: 'ending A/R' },
  {
    key: 'ending_current_ar',
    field: 'endingCurrentArMinor',
    label: 'Current A/R at the end',
    column: 'ending current A/R',
  },
  {
    key: 'ending_past_due_ar',
    field: 'endingPastDueMinor',
    label: 'Past-due A/R at the end',
    column: null,
  },
  { key: 'written_off', field: 'writtenOffMinor', label: 'Written off', column: null },
] as const satisfies readonly KpiAmountDefinition[];
export type KpiAmount = (typeof kpiAmounts)[number];
export type KpiAmountKey = KpiAmount['key'];

// ---------------------------------------------------------------------------------------------
// The arithmetic

const hundredths = 100n;

/** numerator ÷ denominator rounded half-up (away from zero) to two decimals; null over zero. */
export function ratio(numerator: bigint, denominator: bigint): number | null {
  if (denominator === 0n) return null;
  return Number(divideRoundHalfUp(numerator * hundredths, denominator)) / 100;
}

/**
 * Count-back DSO: the days of sales the ending A/R represents, walking back month by month from
 * the last day: a month whose sales the remaining A/R covers counts whole, the first one it does
 * not counts in proportion. Exact in rationals: the whole days are integers and the last month
 * adds remaining × days ÷ sales, rounded once at the end. Null when nothing is owed and nothing
 * sold, or when the months on record do not cover the A/R.
 */
export function countBackDso(
  endingArMinor: bigint,
  months: KpiInputs['monthlySalesBack'],
): number | null {
  if (endingArMinor <= 0n) return endingArMinor === 0n ? 0 : null;
  let remaining = endingArMinor;
  let wholeDays = 0n;
  for (const month of months) {
    const days = BigInt(daysBetween(month.from, month.to) + 1);
    if (month.salesMinor > 0n && remaining <= month.salesMinor) {
      // wholeDays + remaining × days / sales, to two decimals.
      return (
        Number(
          divideRoundHalfUp(
            (wholeDays * month.salesMinor + remaining * days) * hundredths,
            month.salesMinor,
          ),
        ) / 100
      );
    }
    remaining -= month.salesMinor > 0n ? month.salesMinor : 0n;
    wholeDays += days;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// The KPIs

interface RatioKpiDefinition {
  /** The field of the API and `settle kpi --format json`, and the goal metric (`--metric`). */
  readonly key: string;
  /** Its property of Kpis (kpi.ts). */
  readonly field: string;
  readonly unit: Exclude<KpiUnit, 'money'>;
  readonly direction: KpiDirection;
  /** Its words on the web app's KPI page, with the unit. */
  readonly label: string;
  /** Its row in the `settle kpi` table. */
  readonly column: string;
  /** Its words in a goal's derived name: "DSO at most 40 days by 2027-06-30". */
  readonly goalLabel: string;
  /** Rounded half-up to two decimals, once, from exact integers; null over a zero denominator. */
  readonly compute: (figures: KpiFigures) => number | null;
}

interface AmountKpiDefinition {
  /** The goal metric (`--metric`). */
  readonly key: string;
  readonly unit: 'money';
  readonly direction: KpiDirection;
  /** Its words in a goal's derived name. */
  readonly goalLabel: string;
  /** The report's amount it is (kpiAmounts): a goal on it reads that amount. */
  readonly amount: KpiAmount['field'];
}

/** The ratios, in the order of the API's fields, the `settle kpi` rows and the web page. */
export const ratioKpis = [
  {
    key: 'dso',
    field: 'dso',
    unit: 'days',
    direction: 'at_most',
    label: 'DSO (days)',
    column: 'DSO',
    goalLabel: 'DSO',
    compute: (f) => ratio(f.endingArMinor * BigInt(f.days), f.creditSalesMinor),
  },
  {
    key: 'dso_count_back',
    field: 'dsoCountBack',
    unit: 'days',
    direction: 'at_most',
    label: 'DSO, count-back (days)',
    column: 'DSO (count-back)',
    goalLabel: 'DSO (count-back)',
    compute: (f) => countBackDso(f.endingArMinor, f.monthlySalesBack),
  },
  {
    key: 'best_possible_dso',
    field: 'bestPossibleDso',
    unit: 'days',
    direction: 'at_most',
    label: 'Best possible DSO (days)',
    column: 'best possible DSO',
    goalLabel: 'Best possible DSO',
    compute: (f) => ratio(f.endingCurrentArMinor * BigInt(f.days), f.creditSalesMinor),
  },
  {
    key: 'average_days_delinquent',
    field: 'averageDaysDelinquent',
    unit: 'days',
    direction: 'at_most',
    label: 'Average days delinquent',
    column: 'average days delinquent',
    goalLabel: 'Average days delinquent',
    // DSO − best possible DSO, taken on the exact figures (past due ÷ sales × days) and rounded
    // once: never further from the difference of the rounded ones than rounding allows.
    compute: (f) => ratio(f.endingPastDueMinor * BigInt(f.days), f.creditSalesMinor),
  },
  {
    key: 'cei',
    field: 'cei',
    unit: 'percent',
    direction: 'at_least',
    label: 'Collection effectiveness index (%)',
    column: 'CEI %',
    goalLabel: 'CEI',
    compute: (f) => {
      const collectible = f.beginningArMinor + f.creditSalesMinor;
      return ratio((collectible - f.endingArMinor) * 100n, collectible - f.endingCurrentArMinor);
    },
  },
  {
    key: 'ar_turnover',
    field: 'arTurnover',
    unit: 'times',
    direction: 'at_least',
    label: 'A/R turnover (times)',
    column: 'A/R turnover',
    goalLabel: 'A/R turnover',
    // Turnover over the period: sales ÷ average A/R, the average being (beginning + ending) ÷ 2.
    compute: (f) => ratio(f.creditSalesMinor * 2n, f.beginningArMinor + f.endingArMinor),
  },
  {
    key: 'percent_current',
    field: 'percentCurrent',
    unit: 'percent',
    direction: 'at_least',
    label: 'Current (%)',
    column: '% current',
    goalLabel: '% current',
    compute: (f) => ratio(f.endingCurrentArMinor * 100n, f.endingArMinor),
  },
  {
    key: 'percent_over_90',
    field: 'percentOver90',
    unit: 'percent',
    direction: 'at_most',
    label: 'Over 90 days (%)',
    column: '% over 90 days',
    goalLabel: '% over 90 days',
    compute: (f) => ratio(f.endingOver90Minor * 100n, f.endingArMinor),
  },
  {
    key: 'bad_debt_percent',
    field: 'badDebtPercent',
    unit: 'percent',
    direction: 'at_most',
    label: 'Bad debt (%)',
    column: 'bad debt % of sales',
    goalLabel: 'Bad debt %',
    compute: (f) => ratio(f.writtenOffMinor * 100n, f.creditSalesMinor),
  },
  {
    key: 'average_days_to_pay',
    field: 'averageDaysToPay',
    unit: 'days',
    direction: 'at_most',
    label: 'Average days to pay',
    column: 'average days to pay',
    goalLabel: 'Average days to pay',
    compute: (f) => ratio(f.paidDayWeightedMinor, f.paidMinor),
  },
] as const satisfies readonly RatioKpiDefinition[];

/** The report's amounts that goals may also target, after the ratios. */
export const amountKpis = [
  // The past-due A/R: the balances of invoices past due on the day.
  {
    key: 'total_overdue',
    unit: 'money',
    direction: 'at_most',
    goalLabel: 'Total overdue',
    amount: 'endingPastDueMinor',
  },
] as const satisfies readonly AmountKpiDefinition[];

/** Every KPI, in the order the goal metrics are listed. */
export const kpis = [...ratioKpis, ...amountKpis] as const;
export type Kpi = (typeof kpis)[number];
export type RatioKpi = (typeof ratioKpis)[number];
export type RatioKpiKey = RatioKpi['key'];
export type KpiKey = Kpi['key'];

/** The keys of every KPI: the goal metrics. */
export const kpiKeys: readonly KpiKey[] = kpis.map((kpi) => kpi.key);

const kpisByKey = new Map<string, Kpi>(kpis.map((kpi) => [kpi.key, kpi]));

export function isKpiKey(value: string): value is KpiKey {
  return kpisByKey.has(value);
}

/** The definition of a KPI by its key. */
export function kpiDefinition(key: KpiKey): Kpi {
  return kpisByKey.get(key)!;
}
