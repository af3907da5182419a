import type { Command } from 'commander';
import { formatAmount } from '../../core/money.js';
import { findOrganization } from '../../organizations/organization.sql.js';
import { parseAgingBasis } from '../../reports/aging.js';
import { agingDetailCsv, agingSummaryCsv } from '../../reports/aging-csv.js';
import { agingPdf } from '../../reports/aging-pdf.js';
import { agingView } from '../../reports/aging.view.js';
import { getAging, type AgingReport } from '../../reports/get-aging.service.js';
import { unwrap } from '../../core/errors.js';
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
    const figures = (row: { bucketsMinor: readonly bigint[]; unappliedMinor: bigint; balanceMinor: bigint }) =>
      [...row.bucketsMinor.map(money), money(row.unappliedMinor), money(row.balanceMinor)];
    return textTable([
      ['customer', 'name', ...report.buckets.map((b) => b.label), 'unapplied', 'balance'],
      ...currency.customers.map((c) => [c.customerRef, c.customerName, ...figures(c)]),
      ['TOTAL', currency.currency, ...figures(currency.totals)],
    ]);
  });
  const heading = `Aging as of ${report.asOf}, by ${report.basis === 'due' ? 'days past due' : 'days since issue'}\n\n`;
  return heading + (sections.length > 0 ? sections.join('\n') : 'Nothing was owed or in credit on this date.\n');
}

/** `settle aging`. */
export function registerReportCommands(program: Command): void {
  program
    .command('aging')
    .description('who owes what and for how long, as of a date (what was issued and applied by then, aged to then)')
    .option('--as-of <date>', 'YYYY-MM-DD (default: today)')
    .option('--basis <basis>', 'due (days past due, default) or issue (days since issue)')
    .option('--format <format>', 'table (default), csv, json or pdf')
    .option('--customer <ref>', 'one customer, by reference')
    .option('--collector <user-id>', "only the collector's customers")
    .option('--tag <tag>', 'only customers with this tag')
    .option('--currency <code>', 'only this currency')
    .option('--detail', 'list every open item (csv, json and pdf)')
    .option('--output <file>', 'write to this file instead of standard output')
    .action(async (options: AgingOptions, command: Command) => {
      const format = parseReportFormat(options.format, ['table', 'csv', 'json', 'pdf']);
      await withContext('aging', command.optsWithGlobals<GlobalOptions>(), async ({ database, actor }) => {
        const report = await getAging(database, actor, {
          asOf: dateOption(options.asOf, 'as-of'),
          basis: unwrap(parseAgingBasis(options.basis, 'basis')),
          customerRef: options.customer,
          collectorId: options.collector,
          tag: options.tag,
          currency: options.currency,
          detail: options.detail ?? false,
        });
        if (format === 'pdf') {
          const organization = await findOrganization(database.db, actor.orgId);
          await writeReport(await agingPdf(report, { organizationName: organization?.name ?? '' }), options.output);
        } else if (format === 'csv') {
          await writeReport(report.items ? agingDetailCsv(report) : agingSummaryCsv(report), options.output);
        } else if (format === 'json') {
          await writeReport(`${JSON.stringify(agingView(report), null, 2)}\n`, options.output);
        } else {
          await writeReport(agingTable(report), options.output);
        }
      });
    });
}
