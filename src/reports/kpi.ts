import { addDays, endOfMonth, type CalendarDate } from '../core/calendar-date.js';
import {
  kpiAmounts,
  kpiFiguresOf,
  ratioKpis,
  type KpiAmount,
  type KpiInputs,
  type RatioKpi,
} from './kpi-registry.js';

/**
 * The collection KPIs of one currency over one period, from figures the database sums: the
 * report's amounts and every KPI of the registry (kpi-registry.ts), which defines and computes
 * them. Every definition is written out in docs/kpis.md.
 */
export type Kpis = {
  readonly from: CalendarDate;
  readonly to: CalendarDate;
  readonly days: number;
} & { readonly [A in KpiAmount as A['field']]: bigint } & {
  readonly [K in RatioKpi as K['field']]: number | null;
};

export function kpisOf(inputs: KpiInputs): Kpis {
  const figures = kpiFiguresOf(inputs);
  const kpis: Record<string, unknown> = { from: figures.from, to: figures.to, days: figures.days };
  for (const amount of kpiAmounts) kpis[amount.field] = figures[amount.field];
  for (const kpi of ratioKpis) kpis[kpi.field] = kpi.compute(figures);
  return kpis as Kpis;
}

/** The calendar months a period spans, the first and last clipped to it. */
export function monthsOf(
  from: CalendarDate,
  to: CalendarDate,
): { from: CalendarDate; to: CalendarDate }[] {
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
