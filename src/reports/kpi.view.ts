import { formatAmount } from '../core/money.js';
import type { Kpis } from './kpi.js';
import { kpiAmounts, ratioKpis, type KpiAmountKey, type RatioKpiKey } from './kpi-registry.js';
import type { KpiReport } from './get-kpis.service.js';

/**
 * The KPIs as the API and `settle kpi --format json` give them: amounts as decimal strings, ratios
 * as numbers; the period, then the amounts and the ratios in the registry's order (kpi-registry.ts).
 */
export function kpisView(kpis: Kpis, currency: string) {
  const amounts = Object.fromEntries(
    kpiAmounts.map((amount) => [amount.key, formatAmount(kpis[amount.field], currency)]),
  );
  const ratios = Object.fromEntries(ratioKpis.map((kpi) => [kpi.key, kpis[kpi.field]]));
  return {
    from: kpis.from,
    to: kpis.to,
    days: kpis.days,
    ...(amounts as Record<KpiAmountKey, string>),
    ...(ratios as Record<RatioKpiKey, number | null>),
  };
}

export function kpiReportView(report: KpiReport) {
  return {
    from: report.from,
    to: report.to,
    currencies: report.currencies.map((c) => ({
      currency: c.currency,
      ...kpisView(c.period, c.currency),
      ...(c.months ? { months: c.months.map((month) => kpisView(month, c.currency)) } : {}),
    })),
  };
}
