import type { KpiFigures } from '../../api/types';

export type KpiAmountField = 'credit_sales' | 'beginning_ar' | 'ending_ar' | 'ending_current_ar' | 'ending_past_due_ar' | 'written_off';
export type KpiRatioField = Exclude<keyof KpiFigures, KpiAmountField | 'from' | 'to' | 'days'>;

/** The figures in the order docs/kpis.md defines them, with the words the page uses for them. */
export const kpiAmounts: readonly { field: KpiAmountField; label: string }[] = [
  { field: 'credit_sales', label: 'Credit sales' },
  { field: 'beginning_ar', label: 'A/R at the start' },
  { field: 'ending_ar', label: 'A/R at the end' },
  { field: 'ending_current_ar', label: 'Current A/R at the end' },
  { field: 'ending_past_due_ar', label: 'Past-due A/R at the end' },
  { field: 'written_off', label: 'Written off' },
];

export const kpiRatios: readonly { field: KpiRatioField; label: string }[] = [
  { field: 'dso', label: 'DSO (days)' },
  { field: 'dso_count_back', label: 'DSO, count-back (days)' },
  { field: 'best_possible_dso', label: 'Best possible DSO (days)' },
  { field: 'average_days_delinquent', label: 'Average days delinquent' },
  { field: 'cei', label: 'Collection effectiveness index (%)' },
  { field: 'ar_turnover', label: 'A/R turnover (times)' },
  { field: 'percent_current', label: 'Current (%)' },
  { field: 'percent_over_90', label: 'Over 90 days (%)' },
  { field: 'bad_debt_percent', label: 'Bad debt (%)' },
  { field: 'average_days_to_pay', label: 'Average days to pay' },
];

/**
 * A ratio as the API rounded it (half-up to two decimals), written with its two decimals;
 * "—" where the API gives null because the denominator is zero.
 */
export function ratioText(value: number | null): string {
  return value === null ? '—' : value.toFixed(2);
}
