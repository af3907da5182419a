import type { Command } from 'commander';
import { getTrialBalance } from '../../ledger/trial-balance.service.js';
import { formatAmount } from '../../core/money.js';
import { dateOption, withContext, type GlobalOptions } from '../context.js';
import { describeLocation } from '../../platform/config/config.js';
import { terminal } from '../terminal.js';

/** `settle migrate` and `settle trial-balance`. */
export function registerLedgerCommands(program: Command): void {
  program
    .command('migrate')
    .description('create the database if it is new and apply pending migrations')
    .action(async (_options, command: Command) => {
      await withContext(
        'migrate',
        command.optsWithGlobals<GlobalOptions>(),
        async ({ location, say }) => {
          say(`Migrated the ${describeLocation(location)}.`);
        },
      );
    });

  program
    .command('trial-balance')
    .description('the trial balance and the A/R tie-out, per currency')
    .option('--as-of <date>', 'YYYY-MM-DD (default: today)')
    .action(async (options: { asOf?: string }, command: Command) => {
      await withContext(
        'trial-balance',
        command.optsWithGlobals<GlobalOptions>(),
        async ({ database, actor }) => {
          const balance = await getTrialBalance(database, actor, dateOption(options.asOf, 'as-of'));
          for (const currency of balance.currencies) {
            const format = (minor: bigint) => formatAmount(minor, currency.currency).padStart(16);
            terminal().stdout.write(`${currency.currency} as of ${balance.asOf}\n`);
            for (const account of currency.accounts) {
              terminal().stdout.write(
                `  ${account.account} ${account.name.padEnd(40)} ${format(account.debitMinor)} ${format(account.creditMinor)}\n`,
              );
            }
            terminal().stdout.write(
              `  A/R control ${format(currency.receivablesControlMinor)} = open ${format(currency.openInvoicesMinor)} − unapplied ${format(currency.unappliedCreditMinor)}; difference ${format(currency.differenceMinor)}\n`,
            );
          }
        },
      );
    });
}
