// The report part of the benchmark (issue #4): on the loaded book, times the organization-wide
// aging summary as of past dates, single customers' agings, and the DSO/CEI monthly series for a
// year, each against a plain scan computing the same answer in the same run. The answers must be
// equal; the ratio is reference time ÷ report time.
import { addDays, type CalendarDate } from '../src/core/calendar-date.js';
import type { Actor } from '../src/core/actor.js';
import type { Database } from '../src/platform/db/database.js';
import { bucketLowerEdges, defaultAgingBucketBounds } from '../src/reports/aging.js';
import { openItemsByScan } from '../src/ledger/open-items.sql.js';
import { agingSummary } from '../src/reports/aging.sql.js';
import { agingOf, type AgingReport } from '../src/reports/get-aging.service.js';
import { kpisFor, type KpiReport } from '../src/reports/get-kpis.service.js';
import { monthStartBefore } from '../src/reports/kpi.js';

export interface Timing {
  readonly label: string;
  /** Median over the runs, and the slowest, in milliseconds. */
  readonly medianMs: number;
  readonly maxMs: number;
  readonly referenceMedianMs: number;
  readonly runs: number;
  readonly sameAnswer: boolean;
}

export interface ReportResult {
  readonly orgAging: Timing;
  readonly customerAging: Timing;
  readonly kpiSeries: Timing;
}

async function clock<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const start = performance.now();
  const value = await work();
  return { value, ms: performance.now() - start };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** The aging's totals per currency and bucket (−1 for unapplied), as the reference gives them. */
function agingTotals(report: AgingReport): string {
  const rows: string[] = [];
  for (const currency of report.currencies) {
    currency.totals.bucketsMinor.forEach(
      (minor, bucket) => minor !== 0n && rows.push(`${currency.currency} ${bucket} ${minor}`),
    );
    if (currency.totals.unappliedMinor !== 0n)
      rows.push(`${currency.currency} -1 ${currency.totals.unappliedMinor}`);
  }
  return rows.sort().join('\n');
}

/** The same totals from the reference's rows (per customer, currency and bucket). */
function scanTotals(
  rows: readonly { currency: string; bucket: number; balance_minor: bigint }[],
): string {
  const totals = new Map<string, bigint>();
  for (const row of rows)
    totals.set(
      `${row.currency} ${row.bucket}`,
      (totals.get(`${row.currency} ${row.bucket}`) ?? 0n) + row.balance_minor,
    );
  return [...totals]
    .filter(([, minor]) => minor !== 0n)
    .map(([key, minor]) => `${key} ${minor}`)
    .sort()
    .join('\n');
}

function kpiFigures(report: KpiReport): string {
  return JSON.stringify(report, (_key, value) =>
    typeof value === 'bigint' ? value.toString() : value,
  );
}

export async function benchReports(
  database: Database,
  actor: Actor,
  today: CalendarDate,
  customerIds: readonly string[],
  say: (line: string) => void,
): Promise<ReportResult> {
  const db = database.db;
  const bounds = defaultAgingBucketBounds.due;
  const edges = bucketLowerEdges(bounds);

  // Past dates across the book: a month, a quarter, half a year and a year back.
  const dates = [30, 91, 182, 365].map((days) => addDays(today, -days));
  const org = { ms: [] as number[], reference: [] as number[], same: true };
  for (const asOf of dates) {
    await agingOf(db, actor.orgId, asOf, 'due', bounds, {}, false); // warm the cache for this date
    for (let run = 0; run < 3; run++) {
      const fast = await clock(() => agingOf(db, actor.orgId, asOf, 'due', bounds, {}, false));
      org.ms.push(fast.ms);
      if (run === 0) {
        const reference = await clock(() =>
          agingSummary(db, actor.orgId, asOf, 'due', edges, {}, openItemsByScan),
        );
        org.reference.push(reference.ms);
        const same = agingTotals(fast.value) === scanTotals(reference.value);
        org.same &&= same;
        say(
          `aging as of ${asOf}: ${fast.ms.toFixed(0)} ms, plain scan ${reference.ms.toFixed(0)} ms${same ? '' : ' — ANSWERS DIFFER'}`,
        );
      }
    }
  }

  // Customers spread over the list, each as of the first date (a month back).
  const picked = customerIds
    .filter((_, index) => index % Math.max(1, Math.floor(customerIds.length / 50)) === 0)
    .slice(0, 50);
  const customer = { ms: [] as number[], reference: [] as number[], same: true };
  for (const customerId of picked) {
    const fast = await clock(() =>
      agingOf(db, actor.orgId, dates[0]!, 'due', bounds, { customerId }, false),
    );
    const reference = await clock(() =>
      agingSummary(db, actor.orgId, dates[0]!, 'due', edges, { customerId }, openItemsByScan),
    );
    customer.ms.push(fast.ms);
    customer.reference.push(reference.ms);
    customer.same &&= agingTotals(fast.value) === scanTotals(reference.value);
  }
  say(
    `customer aging: median ${median(customer.ms).toFixed(1)} ms over ${picked.length} customers, plain scan ${median(customer.reference).toFixed(1)} ms`,
  );

  // The KPIs for the last twelve whole months, month by month.
  const to = addDays(monthStartBefore(today, 0), -1);
  const from = monthStartBefore(to, 11);
  const series = { ms: [] as number[], reference: [] as number[], same: true };
  await kpisFor(db, actor.orgId, from, to, {}, true);
  for (let run = 0; run < 3; run++) {
    const fast = await clock(() => kpisFor(db, actor.orgId, from, to, {}, true));
    series.ms.push(fast.ms);
    if (run === 0) {
      const reference = await clock(() =>
        kpisFor(db, actor.orgId, from, to, {}, true, openItemsByScan),
      );
      series.reference.push(reference.ms);
      series.same = kpiFigures(fast.value) === kpiFigures(reference.value);
    }
  }
  say(
    `DSO/CEI monthly series ${from}..${to}: ${median(series.ms).toFixed(0)} ms, with plain-scan A/R ${median(series.reference).toFixed(0)} ms`,
  );

  const timing = (
    label: string,
    t: { ms: number[]; reference: number[]; same: boolean },
  ): Timing => ({
    label,
    medianMs: median(t.ms),
    maxMs: Math.max(...t.ms),
    referenceMedianMs: median(t.reference),
    runs: t.ms.length,
    sameAnswer: t.same,
  });
  return {
    orgAging: timing(`organization aging as of ${dates.join(', ')}`, org),
    customerAging: timing(`aging of ${picked.length} single customers as of ${dates[0]}`, customer),
    kpiSeries: timing(`DSO/CEI monthly series ${from}..${to}`, series),
  };
}
