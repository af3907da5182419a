import type { Command } from 'commander';
import { formatAmount } from '../../core/money.js';
import { findOrganization } from '../../organizations/find-organization.service.js';
import { parseAgingBasis } from '../../reports/aging.js';
import { agingDetailCsv, agingSummaryCsv } from '../../reports/aging-csv.js';
import { agingView } from '../../reports/aging.view.js';
import { getAging, type AgingReport } from '../../reports/get-aging.service.js';
import { unwrap } from '../../core/errors.js';
import { organizationToday } from '../../organizations/find-organization.service.js';
import { getKpis, type KpiReport } from '../../reports/get-kpis.service.js';
import { monthStartBefore, type Kpis } from '../../reports/kpi.js';
import { kpiAmounts, ratioKpis } from '../../reports/kpi-registry.js';
import { kpiReportView } from '../../reports/kpi.view.js';
import { userIdByEmail } from '../../reports/manage-goals.service.js';
import { dateOption, withContext, type GlobalOptions } from '../context.js';
import { parseReportFormat, textTable, writeReport } from '../report-output.js';

interface AgingOptions {
  asOf?: string;
  basis?: string;
  format?: string;
  customer?: string;
  collector?: string;
  tag?: string;
  currency?: string;
  detail?: boolean;
  output?: string;
}

function agingTable(report: AgingReport): string {
  const sections = report.currencies.map((currency) => {
    const money = (minor: bigint) => formatAmount(minor, currency.currency);
    const figures = (row: {
      bucketsMinor: readonly bigint[];
      unappliedMinor: bigint;
      balanceMinor: bigint;
    }) => [...row.bucketsMinor.map(money), money(row.unappliedMinor), money(row.balanceMinor)];
    return textTable([
      ['customer', 'name', ...report.buckets.map((b) => b.label), 'unapplied', 'balance'],
      ...currency.customers.map((c) => [c.customerRef, c.customerName, ...figures(c)]),
      ['TOTAL', currency.currency, ...figures(currency.totals)],
    ]);
  });
  const heading = `Aging as of ${report.asOf}, by ${report.basis === 'due' ? 'days past due' : 'days since issue'}\n\n`;
  return (
    heading +
    (sections.length > 0 ? sections.join('\n') : 'Nothing was owed or in credit on this date.\n')
  );
}

interface KpiOptions {
  from?: string;
  to?: string;
  customer?: string;
  collector?: string;
  tag?: string;
  currency?: string;
  monthly?: boolean;
  format?: string;
  output?: string;
}

type KpiColumn = readonly [string, (k: Kpis, money: (minor: bigint) => string) => string];

// The rows of `settle kpi`: the amounts with a column in the KPI registry, then every ratio.
const kpiColumns: readonly KpiColumn[] = [
  ...kpiAmounts.flatMap((amount): KpiColumn[] =>
    amount.column === null ? [] : [[amount.column, (k, money) => money(k[amount.field])]],
  ),
  ...ratioKpis.map((kpi): KpiColumn => [kpi.column, (k) => figure(k[kpi.field])]),
];

function figure(value: number | null): string {
  return value === null ? '—' : value.toFixed(2);
}

/** One column per period (the whole period, then each month), one row per KPI. */
function kpiTable(report: KpiReport): string {
  if (report.currencies.length === 0)
    return `No activity or balances from ${report.from} to ${report.to}.\n`;
  return report.currencies
    .map((currency) => {
      const periods = [currency.period, ...(currency.months ?? [])];
      const money = (minor: bigint) => formatAmount(minor, currency.currency);
      return textTable([
        [
          currency.currency,
          '',
          ...periods.map((p, index) => (index === 0 ? `${p.from}..${p.to}` : p.from.slice(0, 7))),
        ],
        ...kpiColumns.map(([label, pick]) => [label, '', ...periods.map((p) => pick(p, money))]),
      ]);
    })
    .join('\n');
}

/** `settle aging` and `settle kpi`. */
export function registerReportCommands(program: Command): void {
  program
    .command('aging')
    .description(
      'who owes what and for how long, as of a date (what was issued and applied by then, aged to then)',
    )
    .option('--as-of <date>', 'YYYY-MM-DD (default: today)')
    .option('--basis <basis>', 'due (days past due, default) or issue (days since issue)')
    .option('--format <format>', 'table (default), csv, json or pdf')
    .option('--customer <ref>', 'one customer, by reference')
    .option('--collector <email>', "only the collector's customers")
    .option('--tag <tag>', 'only customers with this tag')
    .option('--currency <code>', 'only this currency')
    .option('--detail', 'list every open item (csv, json and pdf)')
    .option('--output <file>', 'write to this file instead of standard output')
    .action(async (options: AgingOptions, command: Command) => {
      const format = parseReportFormat(options.format, ['table', 'csv', 'json', 'pdf']);
      await withContext(
        'aging',
        command.optsWithGlobals<GlobalOptions>(),
        async ({ database, actor }) => {
          const report = await getAging(database, actor, {
            asOf: dateOption(options.asOf, 'as-of'),
            basis: unwrap(parseAgingBasis(options.basis, 'basis')),
            customerRef: options.customer,
            collectorId:
              options.collector === undefined
                ? undefined
                : await userIdByEmail(database, actor, options.collector, 'collector', 'collector'),
            tag: options.tag,
            currency: options.currency,
            detail: options.detail ?? false,
          });
          if (format === 'pdf') {
            // PDFKit and its fonts take longer to load than the table takes to print: only for a PDF.
            const { agingPdf } = await import('../../reports/aging-pdf.js');
            const organization = await findOrganization(database.db, actor.orgId);
            await writeReport(
              await agingPdf(report, { organizationName: organization?.name ?? '' }),
              options.output,
            );
          } else if (format === 'csv') {
            await writeReport(
              report.items ? agingDetailCsv(report) : agingSummaryCsv(report),
              options.output,
            );
          } else if (format === 'json') {
            await writeReport(`${JSON.stringify(agingView(report), null, 2)}\n`, options.output);
          } else {
            await writeReport(agingTable(report), options.output);
          }
        },
      );
    });

  program
    .command('kpi')
    .description(
      'collection KPIs over a period, per currency: DSO, best possible DSO, CEI and more (docs/kpis.md)',
    )
    .option(
      '--from <date>',
      'YYYY-MM-DD (default: the start of the month eleven months before --to)',
    )
    .option('--to <date>', 'YYYY-MM-DD (default: today)')
    .option('--customer <ref>', 'one customer, by reference')
    .option('--collector <email>', "only the collector's customers")
    .option('--tag <tag>', 'only customers with this tag')
    .option('--currency <code>', 'only this currency')
    .option('--monthly', 'also each calendar month of the period')
    .option('--format <format>', 'table (default) or json')
    .option('--output <file>', 'write to this file instead of standard output')
    .action(async (options: KpiOptions, command: Command) => {
      const format = parseReportFormat(options.format, ['table', 'json']);
      await withContext(
        'kpi',
        command.optsWithGlobals<GlobalOptions>(),
        async ({ database, actor }) => {
          const to =
            dateOption(options.to, 'to') ?? (await organizationToday(database.db, actor.orgId));
          const from = dateOption(options.from, 'from') ?? monthStartBefore(to, 11);
          const report = await getKpis(database, actor, {
            from,
            to,
            monthly: options.monthly ?? false,
            customerRef: options.customer,
            tag: options.tag,
            currency: options.currency,
            collectorId:
              options.collector === undefined
                ? undefined
                : await userIdByEmail(database, actor, options.collector, 'collector', 'collector'),
          });
          const text =
            format === 'json'
              ? `${JSON.stringify(kpiReportView(report), null, 2)}\n`
              : kpiTable(report);
          await writeReport(text, options.output);
        },
      );
    });
}
