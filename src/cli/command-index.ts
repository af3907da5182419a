import type { Command } from 'commander';

/**
 * The `settle` commands by name, without loading them. A module under commands/ imports the
 * services its commands call (and so most of Settle): `settle --help` lists the commands from this
 * index, and a command's module is imported only when that command runs or shows its own help.
 * test/integration/cli-lazy-commands.test.ts checks that the help from the index is the help of
 * the commands themselves.
 */
/** The CLI's entry point: `settle serve` runs the commands of a CLI beside it through it. */
export type RunCommand = (argv: readonly string[]) => Promise<number>;

export interface CommandGroup {
  /** How the top-level list shows each command of the module: its term and its description. */
  readonly commands: readonly (readonly [name: string, term: string, description: string])[];
  /**
   * Whether the commands may post money, issue documents or take payments, so that the hooks of
   * higher areas must be registered first (docs/architecture.md, "Hooks"). Reports and migrations
   * only read, and skip loading the hooks' areas.
   */
  readonly touchesMoney: boolean;
  readonly load: () => Promise<(program: Command, runCommand: RunCommand) => void>;
}

export const commandGroups: readonly CommandGroup[] = [
  {
    commands: [
      [
        'serve',
        'serve [options]',
        'run the Settle server (API under /api/v1, reference at /api/docs)',
      ],
    ],
    touchesMoney: true,
    load: async () => (await import('./commands/serve.js')).registerServeCommand,
  },
  {
    commands: [
      ['migrate', 'migrate', 'create the database if it is new and apply pending migrations'],
      [
        'trial-balance',
        'trial-balance [options]',
        'the trial balance and the A/R tie-out, per currency',
      ],
    ],
    touchesMoney: false,
    load: async () => (await import('./commands/ledger.js')).registerLedgerCommands,
  },
  {
    commands: [
      [
        'demo',
        'demo [options]',
        'fill an empty organization with a generated demo business (customers, invoices, payments) ending today',
      ],
    ],
    touchesMoney: true,
    load: async () => (await import('./commands/demo.js')).registerDemoCommand,
  },
  {
    commands: [
      [
        'import',
        'import <kind> <file>',
        'import a CSV file of customers, invoices, credit notes or payments: every row or none',
      ],
      [
        'export',
        'export <kind> [file]',
        'export customers, invoices, credit notes or payments as CSV, in the format import reads',
      ],
    ],
    touchesMoney: true,
    load: async () => (await import('./commands/import-export.js')).registerImportExportCommands,
  },
  {
    commands: [
      [
        'aging',
        'aging [options]',
        'who owes what and for how long, as of a date (what was issued and applied by then, aged to then)',
      ],
      [
        'kpi',
        'kpi [options]',
        'collection KPIs over a period, per currency: DSO, best possible DSO, CEI and more (docs/kpis.md)',
      ],
    ],
    touchesMoney: false,
    load: async () => (await import('./commands/reports.js')).registerReportCommands,
  },
  {
    commands: [
      ['goals', 'goals [options]', 'goals with their status and figure, soonest deadline first'],
      ['goal', 'goal', 'set, show and archive goals'],
    ],
    touchesMoney: true,
    load: async () => (await import('./commands/goals.js')).registerGoalCommands,
  },
  {
    commands: [
      [
        'statement',
        'statement [options]',
        "a customer's statement of account: opening balance, every invoice, credit, payment, refund and write-off of the period with the running balance, closing balance and aging",
      ],
    ],
    touchesMoney: false,
    load: async () => (await import('./commands/statement.js')).registerStatementCommand,
  },
  {
    commands: [['collections', 'collections', 'collection policies and the daily collections run']],
    touchesMoney: true,
    load: async () => (await import('./commands/collections.js')).registerCollectionsCommands,
  },
  {
    commands: [
      [
        'queue',
        'queue [options]',
        'the accounts to work first today, ranked by score, with the reasons',
      ],
      ['tasks', 'tasks [options]', 'tasks, soonest due first'],
      ['task', 'task', "add and complete tasks, and get a letter task's letter"],
      ['note', 'note', "notes on a customer's account"],
      [
        'timeline',
        'timeline [options]',
        "everything on a customer's account, newest first: messages, steps, tasks, notes, promises, disputes, plans, invoices, payments",
      ],
    ],
    touchesMoney: true,
    load: async () => (await import('./commands/work.js')).registerWorkCommands,
  },
  {
    commands: [
      ['promise', 'promise', 'record promises to pay'],
      ['promises', 'promises [options]', 'promises to pay, soonest promised date first'],
      ['dispute', 'dispute', 'open and close disputes'],
      ['disputes', 'disputes [options]', 'disputes, most recently opened first'],
      ['plan', 'plan', 'agree payment plans'],
      ['plans', 'plans [options]', 'payment plans, newest first'],
    ],
    touchesMoney: true,
    load: async () => (await import('./commands/commitments.js')).registerCommitmentCommands,
  },
  {
    commands: [
      [
        'agency',
        'agency',
        'hand invoices over to a collection agency or to legal, and record what they recover',
      ],
    ],
    touchesMoney: true,
    load: async () => (await import('./commands/agency.js')).registerAgencyCommands,
  },
  {
    commands: [['bank', 'bank', 'bank statements: import them and apply the payments they hold']],
    touchesMoney: true,
    load: async () => (await import('./commands/bank.js')).registerBankCommands,
  },
  {
    commands: [
      ['invoice', 'invoice', "an issued invoice's documents: its PDF and its e-invoice"],
      ['credit-note', 'credit-note', "a credit note's documents: its PDF and its e-invoice"],
    ],
    touchesMoney: true,
    load: async () => (await import('./commands/documents.js')).registerDocumentCommands,
  },
  {
    commands: [
      [
        'outbox',
        'outbox [options]',
        'messages to customers, newest first (held ones are kept, not sent, until SMTP is set up)',
      ],
    ],
    touchesMoney: true,
    load: async () => (await import('./commands/outbox.js')).registerOutboxCommands,
  },
  {
    commands: [
      [
        'users',
        'users',
        'the users of the organization, with their role and whether they are disabled',
      ],
      ['user', 'user', 'add users, change their role, disable them, reset their password'],
      ['token', 'token', 'list, make and revoke API tokens of service users'],
    ],
    touchesMoney: true,
    load: async () => (await import('./commands/users.js')).registerUserCommands,
  },
];

/** The options every command takes, whose values come before the command's name. */
const globalOptionsWithValue = new Set(['--data', '--org']);

/**
 * The command named on a command line (`settle --data d aging` → aging; `settle help kpi` → kpi),
 * or undefined when none is (`settle --help`). 'all' when the line cannot be read without
 * commander (another option before the command): then every command is loaded, which is always
 * correct, only slower.
 */
export function commandNamed(args: readonly string[]): string | 'all' | undefined {
  let helpCommand = false;
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index]!;
    if (globalOptionsWithValue.has(arg)) index += 1;
    else if ([...globalOptionsWithValue].some((option) => arg.startsWith(`${option}=`))) continue;
    else if (arg === '-h' || arg === '--help') continue;
    else if (arg.startsWith('-')) return 'all';
    else if (arg === 'help' && !helpCommand) helpCommand = true;
    else return arg;
  }
  return undefined;
}

/**
 * The command's words on a command line as the commands name themselves to withContext
 * (`settle --data d import invoices f.csv` → 'import invoices', `settle aging --as-of …` →
 * 'aging'): its name and, for a group, the sub-command. Undefined when no command is named.
 */
export function commandWords(args: readonly string[]): string | undefined {
  const words: string[] = [];
  for (let index = 0; index < args.length && words.length < 2; index += 1) {
    const arg = args[index]!;
    if (words.length === 0 && globalOptionsWithValue.has(arg)) index += 1;
    else if (arg.startsWith('-')) {
      if (words.length > 0) break;
    } else words.push(arg);
  }
  return words.length === 0 ? undefined : words.join(' ');
}
