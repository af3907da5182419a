import type { Command } from 'commander';
import type { Actor } from '../../core/actor.js';
import { AppError } from '../../core/errors.js';
import {
  disputeDetailView,
  disputeView,
  planDetailView,
  planView,
  promiseDetailView,
  promiseView,
} from '../../commitments/commitments.view.js';
import {
  listDisputes,
  openDispute,
  rejectDispute,
  resolveDispute,
} from '../../commitments/manage-disputes.service.js';
import { createPlan, listPlans } from '../../commitments/manage-payment-plans.service.js';
import { createPromise, listPromises } from '../../commitments/manage-promises.service.js';
import { invoiceIdsByNumbers } from '../../invoicing/find-invoices.service.js';
import type { Database } from '../../platform/db/database.js';
import { customerIdByRef } from '../../reports/manage-goals.service.js';
import { withContext, type GlobalOptions } from '../context.js';
import { parseReportFormat, textTable, writeReport } from '../report-output.js';

/** Repeatable options: `--invoice A --invoice B`. */
const collect = (value: string, previous: string[]) => [...previous, value];

type Page<T> = { items: T[]; nextCursor: string | null };

/** Every page of a list, for the terminal: the lists are of open work, not of history. */
async function allPages<T>(fetch: (cursor: string | undefined) => Promise<Page<T>>): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await fetch(cursor);
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return items;
}

async function output(format: string, value: unknown, table: () => string): Promise<void> {
  await writeReport(format === 'json' ? `${JSON.stringify(value, null, 2)}\n` : table(), undefined);
}

async function invoiceIds(database: Database, actor: Actor, numbers: readonly string[]) {
  return numbers.length === 0 ? [] : invoiceIdsByNumbers(database, actor, numbers, 'invoice');
}

const pageSize = 500;

function registerPromiseCommands(program: Command): void {
  const promise = program.command('promise').description('record promises to pay');
  promise
    .command('add')
    .description(
      'a promise to pay an amount by a date, for some invoices (--invoice, repeatable) or the whole account',
    )
    .requiredOption('--customer <ref>', 'the customer')
    .requiredOption('--amount <amount>', 'in major units, e.g. 1250.00')
    .requiredOption('--date <date>', 'the promised date, YYYY-MM-DD')
    .option(
      '--invoice <number>',
      'an invoice the promise covers (repeatable; none: the whole account)',
      collect,
      [],
    )
    .option('--made-on <date>', 'the day the customer promised (default today)')
    .option('--currency <code>', "for an account promise (default the customer's)")
    .option('--notes <text>', 'notes')
    .option('--format <format>', 'table (default) or json')
    .action(
      async (
        options: {
          customer: string;
          amount: string;
          date: string;
          invoice: string[];
          madeOn?: string;
          currency?: string;
          notes?: string;
          format?: string;
        },
        command: Command,
      ) => {
        const format = parseReportFormat(options.format, ['table', 'json']);
        await withContext(
          'promise add',
          command.optsWithGlobals<GlobalOptions>(),
          async ({ database, actor }) => {
            const created = await createPromise(database, actor, {
              customerId: await customerIdByRef(database, actor, options.customer, 'customer'),
              invoiceIds: await invoiceIds(database, actor, options.invoice),
              amount: options.amount,
              promisedOn: options.date,
              madeOn: options.madeOn,
              currency: options.currency,
              notes: options.notes,
            });
            const view = promiseDetailView(created);
            await output(
              format,
              view,
              () =>
                `Promise ${view.id}: ${view.amount} ${view.currency} by ${view.promised_on} (${view.scope}), ${view.status}.\n`,
            );
          },
        );
      },
    );

  program
    .command('promises')
    .description('promises to pay, soonest promised date first')
    .option('--status <status>', 'open, kept, broken or cancelled')
    .option('--format <format>', 'table (default) or json')
    .action(async (options: { status?: string; format?: string }, command: Command) => {
      const format = parseReportFormat(options.format, ['table', 'json']);
      await withContext(
        'promises',
        command.optsWithGlobals<GlobalOptions>(),
        async ({ database, actor }) => {
          const rows = await allPages((cursor) =>
            listPromises(database, actor, { status: options.status, limit: pageSize, cursor }),
          );
          const views = rows.map(promiseView);
          await output(format, views, () =>
            views.length === 0
              ? 'No promises.\n'
              : textTable([
                  ['customer', 'status', 'amount', 'currency', 'promised on', 'scope', 'id'],
                  ...views.map((view) => [
                    view.customer_ref,
                    view.status,
                    view.amount,
                    view.currency,
                    view.promised_on,
                    view.scope,
                    view.id,
                  ]),
                ]),
          );
        },
      );
    });
}

interface ResolveOptions {
  creditNote?: boolean;
  amount?: string;
  reject?: boolean;
  date?: string;
  note?: string;
  format?: string;
}

async function closeDispute(database: Database, actor: Actor, id: string, options: ResolveOptions) {
  if (options.reject && (options.creditNote || options.amount !== undefined)) {
    throw new AppError(
      'invalid',
      'reject_conflict',
      'A rejected dispute gets no credit note.',
      'reject',
    );
  }
  if (options.reject)
    return rejectDispute(database, actor, id, { resolvedOn: options.date, note: options.note });
  return resolveDispute(database, actor, id, {
    creditNote: options.creditNote,
    amount: options.amount,
    resolvedOn: options.date,
    note: options.note,
  });
}

function registerDisputeCommands(program: Command): void {
  const dispute = program.command('dispute').description('open and close disputes');
  dispute
    .command('open')
    .description('open a dispute on an invoice, whole or in part (--amount)')
    .requiredOption('--invoice <number>', 'the invoice number')
    .requiredOption(
      '--reason <reason>',
      'pricing, quantity, damaged, not_received, duplicate or other',
    )
    .option('--amount <amount>', 'the disputed part (default: the whole invoice)')
    .option('--notes <text>', 'notes')
    .option('--format <format>', 'table (default) or json')
    .action(
      async (
        options: {
          invoice: string;
          reason: string;
          amount?: string;
          notes?: string;
          format?: string;
        },
        command: Command,
      ) => {
        const format = parseReportFormat(options.format, ['table', 'json']);
        await withContext(
          'dispute open',
          command.optsWithGlobals<GlobalOptions>(),
          async ({ database, actor }) => {
            const [invoiceId] = await invoiceIds(database, actor, [options.invoice]);
            const opened = disputeDetailView(
              await openDispute(database, actor, {
                invoiceId: invoiceId!,
                reason: options.reason,
                amount: options.amount,
                notes: options.notes,
              }),
            );
            await output(
              format,
              opened,
              () =>
                `Dispute ${opened.id} on invoice ${opened.invoice_number} (${opened.reason}, ${opened.amount ?? 'whole invoice'}) is open.\n`,
            );
          },
        );
      },
    );

  dispute
    .command('resolve')
    .description(
      'resolve a dispute, with a credit note (--credit-note [--amount]) or without, or reject it (--reject)',
    )
    .argument('<id>', 'the dispute id (see `settle disputes`)')
    .option(
      '--credit-note',
      'issue a credit note against the invoice for the disputed part, or --amount',
    )
    .option('--amount <amount>', 'the credit note amount')
    .option('--reject', 'reject the dispute: the invoice stands')
    .option('--date <date>', 'the day it was resolved (default today)')
    .option('--note <text>', 'the resolution')
    .option('--format <format>', 'table (default) or json')
    .action(async (id: string, options: ResolveOptions, command: Command) => {
      const format = parseReportFormat(options.format, ['table', 'json']);
      await withContext(
        'dispute resolve',
        command.optsWithGlobals<GlobalOptions>(),
        async ({ database, actor }) => {
          const closed = disputeDetailView(await closeDispute(database, actor, id, options));
          const credit = closed.credit_note_id ? `, credit note ${closed.credit_note_id}` : '';
          await output(
            format,
            closed,
            () =>
              `Dispute ${closed.id} ${closed.status} on ${closed.resolved_on} after ${closed.days_to_resolve} days${credit}.\n`,
          );
        },
      );
    });

  program
    .command('disputes')
    .description('disputes, most recently opened first')
    .option('--status <status>', 'open, resolved or rejected')
    .option('--format <format>', 'table (default) or json')
    .action(async (options: { status?: string; format?: string }, command: Command) => {
      const format = parseReportFormat(options.format, ['table', 'json']);
      await withContext(
        'disputes',
        command.optsWithGlobals<GlobalOptions>(),
        async ({ database, actor }) => {
          const views = (
            await allPages((cursor) =>
              listDisputes(database, actor, { status: options.status, limit: pageSize, cursor }),
            )
          ).map(disputeView);
          await output(format, views, () =>
            views.length === 0
              ? 'No disputes.\n'
              : textTable([
                  ['customer', 'status', 'invoice', 'reason', 'amount', 'opened on', 'id'],
                  ...views.map((view) => [
                    view.customer_ref,
                    view.status,
                    view.invoice_number ?? '',
                    view.reason,
                    view.amount ?? 'whole',
                    view.opened_on,
                    view.id,
                  ]),
                ]),
          );
        },
      );
    });
}

interface PlanOptions {
  customer: string;
  invoice: string[];
  installments: string;
  first: string;
  everyDays?: string;
  monthly?: boolean;
  downPayment?: string;
  startsOn?: string;
  notes?: string;
  format?: string;
}

function planText(view: ReturnType<typeof planDetailView>): string {
  const head = `Payment plan ${view.id}: ${view.total} ${view.currency} from ${view.starts_on}, ${view.status}\n`;
  return (
    head +
    textTable([
      ['#', 'due on', 'amount', 'paid', 'state'],
      ...view.installments.map((item) => [
        `${item.position}${item.is_down_payment ? ' (down)' : ''}`,
        item.due_on,
        item.amount,
        item.paid,
        item.state,
      ]),
    ])
  );
}

function registerPlanCommands(program: Command): void {
  const plan = program.command('plan').description('agree payment plans');
  plan
    .command('add')
    .description(
      'a plan over some invoices, split evenly into installments, with an optional down payment on the start day',
    )
    .requiredOption('--customer <ref>', 'the customer')
    .requiredOption('--invoice <number>', 'an invoice the plan covers (repeatable)', collect, [])
    .requiredOption('--installments <count>', 'how many installments after the down payment')
    .requiredOption('--first <date>', 'the first installment date, YYYY-MM-DD')
    .option('--every-days <days>', 'days between installments')
    .option('--monthly', 'one installment a month (the default)')
    .option('--down-payment <amount>', 'due on the start day')
    .option('--starts-on <date>', 'the day the plan was agreed (default today)')
    .option('--notes <text>', 'notes')
    .option('--format <format>', 'table (default) or json')
    .action(async (options: PlanOptions, command: Command) => {
      const format = parseReportFormat(options.format, ['table', 'json']);
      await withContext(
        'plan add',
        command.optsWithGlobals<GlobalOptions>(),
        async ({ database, actor }) => {
          const created = await createPlan(database, actor, {
            customerId: await customerIdByRef(database, actor, options.customer, 'customer'),
            invoiceIds: await invoiceIds(database, actor, options.invoice),
            // Not a number reaches the service as NaN, which it refuses naming the field.
            installmentCount: Number(options.installments),
            firstDueOn: options.first,
            everyDays: options.everyDays === undefined ? undefined : Number(options.everyDays),
            monthly: options.monthly,
            downPayment: options.downPayment,
            startsOn: options.startsOn,
            notes: options.notes,
          });
          const view = planDetailView(created);
          await output(format, view, () => planText(view));
        },
      );
    });

  program
    .command('plans')
    .description('payment plans, newest first')
    .option('--status <status>', 'active, completed, broken or cancelled')
    .option('--format <format>', 'table (default) or json')
    .action(async (options: { status?: string; format?: string }, command: Command) => {
      const format = parseReportFormat(options.format, ['table', 'json']);
      await withContext(
        'plans',
        command.optsWithGlobals<GlobalOptions>(),
        async ({ database, actor }) => {
          const views = (
            await allPages((cursor) =>
              listPlans(database, actor, { status: options.status, limit: pageSize, cursor }),
            )
          ).map(planView);
          await output(format, views, () =>
            views.length === 0
              ? 'No payment plans.\n'
              : textTable([
                  ['customer', 'status', 'total', 'currency', 'starts on', 'invoices', 'id'],
                  ...views.map((view) => [
                    view.customer_ref,
                    view.status,
                    view.total,
                    view.currency,
                    view.starts_on,
                    String(view.invoice_ids.length),
                    view.id,
                  ]),
                ]),
          );
        },
      );
    });
}

/** `settle promise add`, `settle promises`, `settle dispute open|resolve`, `settle disputes`, `settle plan add`, `settle plans`. */
export function registerCommitmentCommands(program: Command): void {
  registerPromiseCommands(program);
  registerDisputeCommands(program);
  registerPlanCommands(program);
}
