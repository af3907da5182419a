import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { lineOutcomeView, statementImportView } from '../../banking/bank-line.view.js';
import { statementFormats, type StatementFormat } from '../../banking/formats/bank-statement.js';
import type { CsvStatementMapping } from '../../banking/formats/csv-statement.js';
import { importBankStatement } from '../../banking/import-bank-statement.service.js';
import { rematchBankLines } from '../../banking/rematch-bank-lines.service.js';
import { AppError } from '../../core/errors.js';
import { withContext, type GlobalOptions } from '../context.js';
import { textTable } from '../report-output.js';
import { terminal, terminalPath } from '../terminal.js';

interface ImportOptions {
  account?: string;
  statementFormat?: string;
  mapping?: string;
  autoApply?: boolean;
  dryRun?: boolean;
  format?: string;
}

async function readBytes(file: string, field: string): Promise<Buffer> {
  try {
    return await readFile(terminalPath(file));
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new AppError(
      'invalid',
      'file_unreadable',
      `Cannot read ${file} (${code ?? String(error)}).`,
      field,
    );
  }
}

function outputFormat(value: string | undefined): 'table' | 'json' {
  if (value === undefined || value === 'table' || value === 'json') return value ?? 'table';
  throw new AppError('invalid', 'format_invalid', 'The format is table or json.', 'format');
}

type LineView = ReturnType<typeof lineOutcomeView>;

/** One row per line: what it was, what became of it, and why. */
function linesTable(lines: readonly LineView[]): string {
  const rows = [
    ['#', 'date', 'amount', 'payer', 'outcome', 'customer', 'invoices', 'confidence', 'evidence'],
  ];
  for (const line of lines) {
    const best = line.proposals[0];
    rows.push([
      String(line.position),
      line.booking_date ?? line.value_date ?? '',
      `${line.direction === 'debit' ? '-' : ''}${line.amount} ${line.currency}`,
      line.payer_name ?? '',
      line.outcome,
      best ? (best.customer_ref ?? best.customer_id) : '',
      best
        ? best.allocations.map((a) => `${a.invoice_number} ${a.amount}`).join(', ') +
          (best.unapplied !== '0.00' && Number(best.unapplied) !== 0
            ? ` (+${best.unapplied} credit)`
            : '')
        : '',
      best ? best.confidence.toFixed(3) : '',
      line.outcome === 'review' && line.reason
        ? line.reason
        : best
          ? best.evidence.map((e) => e.kind).join(', ')
          : '',
    ]);
  }
  return textTable(rows);
}

/** `settle bank import FILE` and `settle bank rematch`. */
export function registerBankCommands(program: Command): void {
  const bank = program
    .command('bank')
    .description('bank statements: import them and apply the payments they hold');

  bank
    .command('import')
    .description(
      'import a bank statement (camt.053, camt.054, MT940, BAI2, OFX, or CSV with a mapping) and match its incoming payments to invoices',
    )
    .argument('<file>', 'the statement file')
    .option(
      '--account <id>',
      'the bank account it is for (required for CSV; others name their account)',
    )
    .option(
      '--statement-format <format>',
      `${statementFormats.join(', ')} (default: recognised from the file)`,
    )
    .option(
      '--mapping <file>',
      'for CSV: a JSON file with the column mapping, saved on the account for next time',
    )
    .option(
      '--auto-apply',
      'post the payments the matcher is sure of; without it every line waits for review',
    )
    .option('--dry-run', 'show what would happen and keep nothing')
    .option('--format <format>', 'table (default) or json')
    .addHelpText(
      'after',
      `
Each line is applied (a payment was posted to the invoices shown), review (a person decides in
the web app's cash application page or with \`settle bank rematch\` after a change), ignored (money
out, pending or informational lines) or duplicate (an earlier file brought the same transaction).
The same file twice adds nothing; a file that cannot be read imports nothing and names its line.`,
    )
    .action(async (file: string, options: ImportOptions, command: Command) => {
      const format = outputFormat(options.format);
      if (
        options.statementFormat !== undefined &&
        !statementFormats.includes(options.statementFormat as StatementFormat)
      ) {
        throw new AppError(
          'invalid',
          'statement_format_invalid',
          `The statement format is one of ${statementFormats.join(', ')}.`,
          'statement-format',
        );
      }
      // Bytes: the file is decoded in the character set it declares (an OFX 1.x in windows-1252).
      const text = await readBytes(file, 'file');
      let csvMapping: CsvStatementMapping | undefined;
      if (options.mapping !== undefined) {
        try {
          csvMapping = JSON.parse(
            (await readBytes(options.mapping, 'mapping')).toString('utf8'),
          ) as CsvStatementMapping;
        } catch (error) {
          if (error instanceof AppError) throw error;
          throw new AppError(
            'invalid',
            'mapping_invalid',
            `${options.mapping} is not JSON: ${(error as Error).message}`,
            'mapping',
          );
        }
      }
      await withContext(
        'bank import',
        command.optsWithGlobals<GlobalOptions>(),
        async ({ database, actor }) => {
          const result = await importBankStatement(
            database,
            actor,
            {
              text,
              fileName: basename(file),
              format: options.statementFormat as StatementFormat | undefined,
              bankAccountId: options.account,
              csvMapping,
            },
            { autoApply: options.autoApply === true, dryRun: options.dryRun === true },
          );
          const view = statementImportView(result, options.dryRun === true);
          if (format === 'json') {
            terminal().stdout.write(`${JSON.stringify(view, null, 2)}\n`);
            return;
          }
          const { lines } = view;
          const file_ = result.imported.file;
          const counts = new Map<string, number>();
          for (const line of lines) counts.set(line.outcome, (counts.get(line.outcome) ?? 0) + 1);
          const summary = [...counts].map(([outcome, n]) => `${n} ${outcome}`).join(', ');
          terminal().stdout.write(`${linesTable(lines)}\n`);
          for (const warning of file_.warnings as string[])
            terminal().stdout.write(`warning: ${warning}\n`);
          terminal().stdout.write(
            `${options.dryRun ? 'Dry run, nothing kept: ' : ''}${file_.format} ${basename(file)}: ${lines.length} lines (${summary}).${result.imported.alreadyImported ? ' This file was imported before.' : ''}\n`,
          );
        },
      );
    });

  bank
    .command('rematch')
    .description(
      'match again the lines waiting for review: after invoices are issued or customers change',
    )
    .option('--auto-apply', 'post the payments the matcher is now sure of')
    .option('--format <format>', 'table (default) or json')
    .action(async (options: { autoApply?: boolean; format?: string }, command: Command) => {
      const format = outputFormat(options.format);
      await withContext(
        'bank rematch',
        command.optsWithGlobals<GlobalOptions>(),
        async ({ database, actor }) => {
          const result = await rematchBankLines(database, actor, {
            autoApply: options.autoApply === true,
          });
          const lines = result.lines.map(({ line, match }) =>
            lineOutcomeView(
              line,
              match.outcome,
              match.reason,
              match.paymentId,
              match.proposals,
              result.labels,
            ),
          );
          if (format === 'json') {
            terminal().stdout.write(`${JSON.stringify({ lines }, null, 2)}\n`);
            return;
          }
          terminal().stdout.write(`${linesTable(lines)}\n`);
          const applied = lines.filter((line) => line.outcome === 'applied').length;
          terminal().stdout.write(
            `${lines.length} lines matched again: ${applied} applied, ${lines.length - applied} in review.\n`,
          );
        },
      );
    });
}
