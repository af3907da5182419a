import type { KpiFigures } from '../../api/types';
import {
  kpiAmounts as registryAmounts,
  ratioKpis,
  type KpiAmountKey,
  type RatioKpiKey,
} from '../../../../src/reports/kpi-registry';

/**
 * The figures in the order docs/kpis.md defines them, with the words the page uses for them: both
 * from the KPI registry (src/reports/kpi-registry.ts, pure, so the app bundles it), the one list
 * of the KPIs. Each key is a field of the API's answer.
 */
export const kpiAmounts: readonly { field: KpiAmountKey & keyof KpiFigures; label: string }[] =
  registryAmounts.map(({ key, label }) => ({ field: key, label }));

export const kpiRatios: readonly { field: RatioKpiKey & keyof KpiFigures; label: string }[] =
  ratioKpis.map(({ key, label }) => ({ field: key, label }));

/** The words for one amount, for the tables that show only some of them. */
export function amountLabel(field: KpiAmountKey): string {
  return kpiAmounts.find((amount) => amount.field === field)!.label;
}

/**
 * A ratio as the API rounded it (half-up to two decimals), written with its two decimals;
 * "—" where the API gives null because the denominator is zero.
 */
export function ratioText(value: number | null): string {
  return value === null ? '—' : value.toFixed(2);
}
