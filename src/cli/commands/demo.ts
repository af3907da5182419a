import type { Command } from 'commander';
import { AppError } from '../../core/errors.js';
import { formatAmount } from '../../core/money.js';
import { createDemo, demoDefaults } from '../../demo/create-demo.service.js';
import { getTrialBalance } from '../../ledger/trial-balance.service.js';
import { describeLocation } from '../../platform/config/config.js';
import { withContext, type GlobalOptions } from '../context.js';
import { progressBar } from '../progress-bar.js';
import { terminal } from '../terminal.js';

interface DemoCommandOptions {
  readonly seed?: string;
  readonly customers?: string;
  readonly invoices?: string;
  readonly months?: string;
}

function wholeNumberOption(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,10}$/.test(value.trim())) {
    throw new AppError(
      'invalid',
      'demo_option_invalid',
      `--${name} must be a whole number, not "${value}".`,
      name,
    );
  }
  return Number(value.trim());
}

/** `settle demo`: fills an empty organization with a generated business ending today. */
export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description(
      'fill an empty organization with a generated demo business (customers, invoices, payments) ending today',
    )
    .option(
      '--seed <n>',
      `random seed: the same seed gives the same business (default ${demoDefaults.seed})`,
    )
    .option('--customers <n>', `number of customers (default ${demoDefaults.customers})`)
    .option('--invoices <n>', `number of invoices (default ${demoDefaults.invoices})`)
    .option('--months <n>', `months of history up to today (default ${demoDefaults.months})`)
    .action(async (options: DemoCommandOptions, command: Command) => {
      const demoOptions = {
        seed: wholeNumberOption(options.seed, 'seed'),
        customers: wholeNumberOption(options.customers, 'customers'),
        invoices: wholeNumberOption(options.invoices, 'invoices'),
        months: wholeNumberOption(options.months, 'months'),
      };
      await withContext(
        'demo',
        command.optsWithGlobals<GlobalOptions>(),
        async ({ database, actor, location, say }) => {
          say(`Generating the demo business into the ${describeLocation(location)}…`);
          const started = performance.now();
          const bar = progressBar('invoices');
          let summary;
          try {
            summary = await createDemo(database, actor, demoOptions, (done, total) =>
              bar?.update(done, total, 'writing'),
            );
          } finally {
            bar?.stop();
          }
          const seconds = ((performance.now() - started) / 1000).toFixed(1);
          const out = (line: string) => terminal().stdout.write(`${line}\n`);
          out(
            `Demo business (seed ${summary.seed}), ${summary.startOn} to ${summary.today}, written in ${seconds} s:`,
          );
          out(
            `  customers     ${String(summary.customers).padStart(9)}   (contacts ${summary.contacts})`,
          );
          out(`  invoices      ${String(summary.invoices).padStart(9)}`);
          out(`  credit notes  ${String(summary.creditNotes).padStart(9)}`);
          out(
            `  payments      ${String(summary.payments).padStart(9)}   (reversed ${summary.reversals})`,
          );
          out(`  applications  ${String(summary.applications).padStart(9)}`);
          out(`  write-offs    ${String(summary.writeOffs).padStart(9)}`);
          const balance = await getTrialBalance(database, actor, summary.today);
          for (const currency of balance.currencies) {
            const format = (minor: bigint) =>
              `${formatAmount(minor, currency.currency)} ${currency.currency}`;
            out(
              `  open invoices ${format(currency.openInvoicesMinor)}, unapplied credit ${format(currency.unappliedCreditMinor)}; ` +
                `A/R ties out to the ledger: ${currency.differenceMinor === 0n ? 'yes' : `no (difference ${format(currency.differenceMinor)})`}`,
            );
          }
        },
      );
    });
}
