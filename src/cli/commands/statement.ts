import type { Command } from 'commander';
import { AppError } from '../../core/errors.js';
import { formatAmount } from '../../core/money.js';
import { getStatement, type Statement } from '../../reports/get-statement.service.js';
import { addressLines, statementTableRows } from '../../reports/statement.js';
import { statementView } from '../../reports/statement.view.js';
import { dateOption, withContext, type GlobalOptions } from '../context.js';
import { parseReportFormat, writeReport } from '../report-output.js';
import { terminal } from '../terminal.js';

interface StatementOptions {
  customer: string;
  from?: string;
  to?: string;
  currency?: string;
  format?: string;
  output?: string;
}

/** Lays out rows in columns; the columns marked right-aligned hold amounts. */
function columns(rows: readonly (readonly string[])[], right: readonly boolean[]): string {
  const widths: number[] = [];
  for (const row of rows)
    row.forEach((cell, index) => (widths[index] = Math.max(widths[index] ?? 0, cell.length)));
  return rows
    .map((row) =>
      row
        .map((cell, index) =>
          right[index] ? cell.padStart(widths[index]!) : cell.padEnd(widths[index]!),
        )
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** The statement as text for a terminal: a table of lines per currency, then its aging. */
export function statementText(statement: Statement): string {
  const customer = statement.customer;
  const head = [
    `Statement of account: ${customer.name} (${customer.ref})`,
    ...addressLines(customer.billingAddress).map((line) => `  ${line}`),
    `Period ${statement.from} to ${statement.to}${statement.organizationName ? `, from ${statement.organizationName}` : ''}`,
  ];
  const sections = statement.currencies.map((section) => {
    const money = (minor: bigint) => formatAmount(minor, section.currency);
    const lines = columns(
      [
        ['date', 'type', 'number', 'description', 'amount', 'balance'],
        ...statementTableRows(statement, section, money),
      ],
      [false, false, false, false, true, true],
    );
    const aging = columns(
      [
        [...statement.agingBuckets.map((bucket) => bucket.label), 'unapplied', 'balance'],
        [
          ...section.aging.bucketsMinor.map(money),
          money(section.aging.unappliedMinor),
          money(section.aging.balanceMinor),
        ],
      ],
      statement.agingBuckets.map(() => true).concat(true, true),
    );
    return `${section.currency}\n${lines}\n\nAging as of ${statement.to} (days past due)\n${aging}\n`;
  });
  return `${head.join('\n')}\n\n${sections.join('\n')}`;
}

/** `settle statement`. */
export function registerStatementCommand(program: Command): void {
  program
    .command('statement')
    .description(
      "a customer's statement of account: opening balance, every invoice, credit, payment, refund and write-off of the period with the running balance, closing balance and aging",
    )
    .requiredOption('--customer <ref>', 'the customer, by reference')
    .option('--from <date>', 'YYYY-MM-DD (default: the first day of the month of --to)')
    .option('--to <date>', 'YYYY-MM-DD (default: today)')
    .option(
      '--currency <code>',
      'only this currency (default: every currency the customer has a balance or activity in)',
    )
    .option('--format <format>', 'table (default), json or pdf')
    .option('--output <file>', 'write to this file instead of standard output')
    .action(async (options: StatementOptions, command: Command) => {
      const format = parseReportFormat(options.format, ['table', 'json', 'pdf']);
      if (format === 'pdf' && options.output === undefined && terminal().stdoutIsTTY) {
        throw new AppError(
          'invalid',
          'output_required',
          'A PDF is not for the terminal: give --output FILE, or redirect standard output.',
          'output',
        );
      }
      const request = {
        customerRef: options.customer,
        from: dateOption(options.from, 'from'),
        to: dateOption(options.to, 'to'),
        currency: options.currency,
      };
      await withContext(
        'statement',
        command.optsWithGlobals<GlobalOptions>(),
        async ({ database, actor }) => {
          if (format === 'pdf') {
            // PDFKit and its fonts take longer to load than the table takes to print: only for a PDF.
            const { getStatementPdf } = await import('../../reports/get-statement-pdf.service.js');
            const pdf = await getStatementPdf(database, actor, request);
            await writeReport(Buffer.from(pdf.content), options.output);
            return;
          }
          const statement = await getStatement(database, actor, request);
          if (format === 'json')
            await writeReport(
              `${JSON.stringify(statementView(statement), null, 2)}\n`,
              options.output,
            );
          else await writeReport(statementText(statement), options.output);
        },
      );
    });
}
