import { Command, CommanderError } from 'commander';
import { AppError } from '../core/errors.js';
import { registerHooks } from '../server/register-hooks.js';
import { registerAgencyCommands } from './commands/agency.js';
import { registerBankCommands } from './commands/bank.js';
import { registerDocumentCommands } from './commands/documents.js';
import { registerCollectionsCommands } from './commands/collections.js';
import { registerCommitmentCommands } from './commands/commitments.js';
import { registerDemoCommand } from './commands/demo.js';
import { registerGoalCommands } from './commands/goals.js';
import { registerLedgerCommands } from './commands/ledger.js';
import { registerOutboxCommands } from './commands/outbox.js';
import { registerImportExportCommands } from './commands/import-export.js';
import { registerReportCommands } from './commands/reports.js';
import { registerServeCommand } from './commands/serve.js';
import { registerStatementCommand } from './commands/statement.js';
import { registerUserCommands } from './commands/users.js';
import { registerWorkCommands } from './commands/work.js';
import { HeldByServer, runOnServer } from './server-client.js';
import { terminal } from './terminal.js';

/**
 * The `settle` command. Each sub-command lives in commands/ and calls services, never SQL.
 * Returns the exit code: 0 on success, 1 on an expected error (printed with its code and field),
 * 2 on a usage error.
 */
export function buildProgram(): Command {
  registerHooks();
  const program = new Command('settle')
    .description(
      'Settle: accounts-receivable management. Runs on the embedded database in ./data, or on PostgreSQL with DATABASE_URL.',
    )
    .option('--data <dir>', 'embedded database directory (default: $SETTLE_DATA_DIR or ./data)')
    .option('--org <slug>', 'organization to act for (default: the only one, created on first use)')
    .showHelpAfterError()
    .configureOutput({
      // The terminal of the command: a CLI's beside a running server is not this process's.
      writeOut: (text) => terminal().stdout.write(text),
      writeErr: (text) => terminal().stderr.write(text),
    })
    .exitOverride();
  registerServeCommand(program, main);
  registerLedgerCommands(program);
  registerDemoCommand(program);
  registerImportExportCommands(program);
  registerReportCommands(program);
  registerGoalCommands(program);
  registerStatementCommand(program);
  registerCollectionsCommands(program);
  registerWorkCommands(program);
  registerCommitmentCommands(program);
  registerAgencyCommands(program);
  registerBankCommands(program);
  registerDocumentCommands(program);
  registerOutboxCommands(program);
  registerUserCommands(program);
  return program;
}

export async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync([...argv]);
    return 0;
  } catch (error) {
    if (!(error instanceof HeldByServer)) return exitCodeFor(error);
    // Nothing was written or changed here: the server runs the whole command instead.
    return runOnServer(error.channel, argv.slice(2)).catch(exitCodeFor);
  }
}

/** Prints a failure for the person at the terminal and answers the exit code it means. */
function exitCodeFor(error: unknown): number {
  if (error instanceof CommanderError) {
    return error.exitCode === 0 ? 0 : 2;
  }
  if (error instanceof AppError) {
    terminal().stderr.write(
      `error: ${error.message}${error.field ? ` (field: ${error.field})` : ''} [${error.code}]\n`,
    );
    printDetails(error.details);
    return 1;
  }
  // A failure Settle did not foresee: one line for the person at the terminal, the stack only on
  // request, since it helps a developer and frightens everyone else.
  if (process.env.SETTLE_DEBUG === '1') throw error;
  terminal().stderr.write(
    `error: ${error instanceof Error ? error.message : String(error)} [unexpected]\n  (SETTLE_DEBUG=1 shows where it happened)\n`,
  );
  return 70;
}

function printDetails(details: unknown): void {
  if (!Array.isArray(details)) return;
  for (const detail of details as { line?: number; field?: string; message?: string }[]) {
    const where = [detail.line !== undefined ? `line ${detail.line}` : '', detail.field ?? '']
      .filter(Boolean)
      .join(', ');
    terminal().stderr.write(`  ${where}: ${detail.message ?? ''}\n`);
  }
}
