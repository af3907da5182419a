import { addDays, daysBetween, endOfMonth, type CalendarDate } from '../core/calendar-date.js';
import { divideRoundHalfUp } from '../core/money.js';

/**
 * The collection KPIs of one currency over one period, from figures the database sums. Every
 * definition is written out in docs/kpis.md; the comments here only say how the arithmetic is kept
 * exact. All amounts are minor units; A/R is net of unapplied credit.
 */
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
  /** Payments applied in the period (not reversed by its end): amount, and amount × days since issue. */
  readonly paidMinor: bigint;
  readonly paidDayWeightedMinor: bigint;
  /** Credit sales of each calendar month before and including the last, newest first, for count-back DSO. */
  readonly monthlySalesBack: readonly { readonly from: CalendarDate; readonly to: CalendarDate; readonly salesMinor: bigint }[];
}

export interface Kpis {
  readonly from: CalendarDate;
  readonly to: CalendarDate;
  readonly days: number;
  readonly creditSalesMinor: bigint;
  readonly beginningArMinor: bigint;
  readonly endingArMinor: bigint;
  readonly endingCurrentArMinor: bigint;
  readonly endingPastDueMinor: bigint;
  readonly writtenOffMinor: bigint;
  readonly dso: number | null;
  readonly dsoCountBack: number | null;
  readonly bestPossibleDso: number | null;
  readonly averageDaysDelinquent: number | null;
  readonly cei: number | null;
  readonly arTurnover: number | null;
  readonly percentCurrent: number | null;
  readonly percentOver90: number | null;
  readonly badDebtPercent: number | null;
  readonly averageDaysToPay: number | null;
}

const hundredths = 100n;

/** numerator ÷ denominator rounded half-up (away from zero) to two decimals; null on a zero denominator. */
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
export function countBackDso(endingArMinor: bigint, months: KpiInputs['monthlySalesBack']): number | null {
  if (endingArMinor <= 0n) return endingArMinor === 0n ? 0 : null;
  let remaining = endingArMinor;
  let wholeDays = 0n;
  for (const month of months) {
    const days = BigInt(daysBetween(month.from, month.to) + 1);
    if (month.salesMinor > 0n && remaining <= month.salesMinor) {
      // wholeDays + remaining × days / sales, to two decimals.
      return Number(divideRoundHalfUp((wholeDays * month.salesMinor + remaining * days) * hundredths, month.salesMinor)) / 100;
    }
    remaining -= month.salesMinor > 0n ? month.salesMinor : 0n;
    wholeDays += days;
  }
  return null;
}

export function kpisOf(inputs: KpiInputs): Kpis {
  const days = daysBetween(inputs.from, inputs.to) + 1;
  const sales = inputs.creditSalesMinor;
  const endingCurrent = inputs.endingArMinor - inputs.endingPastDueMinor;
  const daysBig = BigInt(days);
  const dso = ratio(inputs.endingArMinor * daysBig, sales);
  const best = ratio(endingCurrent * daysBig, sales);
  // Average days delinquent is the difference of the exact figures, rounded once, so that it is
  // never a cent off the difference of the rounded ones by more than rounding allows.
  const delinquent = ratio(inputs.endingPastDueMinor * daysBig, sales);
  const collectible = inputs.beginningArMinor + sales;
  const averageAr = inputs.beginningArMinor + inputs.endingArMinor;
  return {
    from: inputs.from,
    to: inputs.to,
    days,
    creditSalesMinor: sales,
    beginningArMinor: inputs.beginningArMinor,
    endingArMinor: inputs.endingArMinor,
    endingCurrentArMinor: endingCurrent,
    endingPastDueMinor: inputs.endingPastDueMinor,
    writtenOffMinor: inputs.writtenOffMinor,
    dso,
    dsoCountBack: countBackDso(inputs.endingArMinor, inputs.monthlySalesBack),
    bestPossibleDso: best,
    averageDaysDelinquent: delinquent,
    cei: ratio((collectible - inputs.endingArMinor) * 100n, collectible - endingCurrent),
    // Turnover over the period: sales ÷ average A/R, the average being (beginning + ending) ÷ 2.
    arTurnover: ratio(sales * 2n, averageAr),
    percentCurrent: ratio(endingCurrent * 100n, inputs.endingArMinor),
    percentOver90: ratio(inputs.endingOver90Minor * 100n, inputs.endingArMinor),
    badDebtPercent: ratio(inputs.writtenOffMinor * 100n, sales),
    averageDaysToPay: ratio(inputs.paidDayWeightedMinor, inputs.paidMinor),
  };
}

/** The calendar months a period spans, the first and last clipped to it. */
export function monthsOf(from: CalendarDate, to: CalendarDate): { from: CalendarDate; to: CalendarDate }[] {
  const months: { from: CalendarDate; to: CalendarDate }[] = [];
  let start = from;
  while (start <= to) {
    const end = endOfMonth(start) < to ? endOfMonth(start) : to;
    months.push({ from: start, to: end });
    start = addDays(end, 1);
  }
  return months;
}

/** The first day of the month `count` months before the month of `date`. */
export function monthStartBefore(date: CalendarDate, count: number): CalendarDate {
  const [year, month] = date.split('-').map(Number) as [number, number];
  const index = year * 12 + (month - 1) - count;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}-01` as CalendarDate;
}
