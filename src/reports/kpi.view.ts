import { formatAmount } from '../core/money.js';
import type { Kpis } from './kpi.js';
import type { KpiReport } from './get-kpis.service.js';

/** The KPIs as the API and `settle kpi --format json` give them: amounts as decimal strings, ratios as numbers. */
export function kpisView(kpis: Kpis, currency: string) {
  const money = (minor: bigint) => formatAmount(minor, currency);
  return {
    from: kpis.from,
    to: kpis.to,
    days: kpis.days,
    credit_sales: money(kpis.creditSalesMinor),
    beginning_ar: money(kpis.beginningArMinor),
    ending_ar: money(kpis.endingArMinor),
    ending_current_ar: money(kpis.endingCurrentArMinor),
    ending_past_due_ar: money(kpis.endingPastDueMinor),
    written_off: money(kpis.writtenOffMinor),
    dso: kpis.dso,
    dso_count_back: kpis.dsoCountBack,
    best_possible_dso: kpis.bestPossibleDso,
    average_days_delinquent: kpis.averageDaysDelinquent,
    cei: kpis.cei,
    ar_turnover: kpis.arTurnover,
    percent_current: kpis.percentCurrent,
    percent_over_90: kpis.percentOver90,
    bad_debt_percent: kpis.badDebtPercent,
    average_days_to_pay: kpis.averageDaysToPay,
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
