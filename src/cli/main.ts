import { Command, CommanderError, Help } from 'commander';
import { AppError } from '../core/errors.js';
import { commandGroups, commandNamed, commandWords, type CommandGroup } from './command-index.js';
import { embeddedEngineOptimizes } from './embedded-engine-choices.js';
import { databaseLocation } from '../platform/config/config.js';
import { prepareEmbeddedEngine } from '../platform/db/pglite-artifacts.js';
import { HeldByServer, runOnServer } from './server-client.js';
import { terminal } from './terminal.js';

/**
 * The `settle` command. Each sub-command lives in commands/ and calls services, never SQL.
 * Only the module of the command on the command line is imported (all of them when `argv` is not
 * given); the others stand in the help by their name and description from command-index.ts, so
 * `settle --help` loads next to nothing. Hooks are registered before a command that touches money.
 */
export async function buildProgram(argv?: readonly string[]): Promise<Command> {
  const named = argv === undefined ? 'all' : commandNamed(argv.slice(2));
  const loads = (group: CommandGroup) =>
    named === 'all' || group.commands.some(([name]) => name === named);
  if (commandGroups.some((group) => loads(group) && group.touchesMoney)) {
    const { registerHooks } = await import('../server/register-hooks.js');
    registerHooks();
  }
  const standIns = new WeakMap<Command, string>();
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
    .exitOverride()
    .configureHelp({
      // A stand-in has no options or arguments of its own: the list shows the real command's term.
      subcommandTerm(command) {
        return standIns.get(command) ?? Help.prototype.subcommandTerm.call(this, command);
      },
    });
  for (const group of commandGroups) {
    if (loads(group)) {
      (await group.load())(program, main);
      continue;
    }
    for (const [name, term, description] of group.commands) {
      standIns.set(program.command(name).description(description), term);
    }
  }
  return program;
}

export async function main(argv: readonly string[]): Promise<number> {
  if (opensEmbeddedEngine(argv)) {
    void prepareEmbeddedEngine({
      optimize: embeddedEngineOptimizes(commandWords(argv.slice(2)) ?? ''),
    });
  }
  try {
    const program = await buildProgram(argv);
    await program.parseAsync([...argv]);
    return 0;
  } catch (error) {
    if (!(error instanceof HeldByServer)) return exitCodeFor(error);
    // Nothing was written or changed here: the server runs the whole command instead.
    return runOnServer(error.channel, argv.slice(2)).catch(exitCodeFor);
  }
}

/**
 * Whether the command will most likely open the embedded database: then PGlite's WebAssembly is
 * compiled while the command's modules load. A wrong guess costs a background compile of about
 * 0.1 s, which a command that asks for help or runs on PostgreSQL never needs.
 */
function opensEmbeddedEngine(argv: readonly string[]): boolean {
  if (databaseLocation({}).databaseUrl !== undefined) return false;
  const args = argv.slice(2);
  if (args.some((arg) => ['help', '-h', '--help', '-V', '--version'].includes(arg))) return false;
  const named = commandNamed(args);
  return named !== undefined && named !== 'all';
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
