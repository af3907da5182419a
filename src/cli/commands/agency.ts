import type { Command } from 'commander';
import { invoiceIdsByNumbers } from '../../invoicing/find-invoices.service.js';
import { agencyFileCsv } from '../../agency/agency-file.js';
import { placementDetailView, placementView } from '../../agency/agency.view.js';
import {
  closePlacement,
  getAgencyFile,
  listPlacements,
  placeInvoices,
  recallPlacement,
  recordRecovery,
  type PlacementDetail,
} from '../../agency/manage-placements.service.js';
import { customerIdByRef } from '../../reports/manage-goals.service.js';
import { withContext, type GlobalOptions } from '../context.js';
import { parseReportFormat, textTable, writeReport } from '../report-output.js';

type PlacementView = ReturnType<typeof placementView>;

function placementsTable(views: readonly PlacementView[]): string {
  if (views.length === 0) return 'No placements. Hand invoices over with `settle agency place`.\n';
  return textTable([
    [
      'id',
      'customer',
      'agency',
      'channel',
      'placed on',
      'status',
      'amount',
      'recovered',
      'commission',
      'open',
    ],
    ...views.map((view) => [
      view.id,
      view.customer_ref,
      view.agency,
      view.channel,
      view.placed_on,
      view.status,
      `${view.amount} ${view.currency}`,
      view.recovered,
      view.commission,
      view.open,
    ]),
  ]);
}

function placementText(detail: PlacementDetail): string {
  const view = placementDetailView(detail);
  const head = [
    `Placement ${view.id}: ${view.customer_name} (${view.customer_ref}) with ${view.agency} (${view.channel}), ${view.status}`,
    `  placed on ${view.placed_on}: ${view.amount} ${view.currency} at ${view.commission_percent} % commission`,
    `  recovered ${view.recovered}, commission ${view.commission}, still open ${view.open}`,
  ];
  const invoices = textTable([
    ['invoice', 'due on', 'total', 'open'],
    ...view.invoices.map((invoice) => [
      invoice.number ?? '',
      invoice.due_on ?? '',
      invoice.total,
      invoice.open,
    ]),
  ]);
  return `${head.join('\n')}\n\n${invoices}`;
}

async function output(detail: PlacementDetail, format: string | undefined): Promise<void> {
  const chosen = parseReportFormat(format, ['table', 'json']);
  await writeReport(
    chosen === 'json'
      ? `${JSON.stringify(placementDetailView(detail), null, 2)}\n`
      : placementText(detail),
    undefined,
  );
}

interface PlaceOptions {
  customer: string;
  agency: string;
  commission: string;
  invoice?: string[];
  allOverdue?: boolean;
  channel?: string;
  placedOn?: string;
  currency?: string;
  notes?: string;
  format?: string;
}

function registerPlace(agency: Command): void {
  agency
    .command('place')
    .description(
      "hand a customer's invoices over to a collection agency or to legal; the amount is their open total",
    )
    .requiredOption('--customer <ref>', 'the customer, by reference')
    .requiredOption('--agency <name>', 'the agency or lawyer')
    .requiredOption('--commission <percent>', 'percent of recoveries the agency keeps, e.g. 25')
    .option('--invoice <number...>', 'the invoices to place, by number')
    .option('--all-overdue', 'every open invoice past due that is not already placed')
    .option('--channel <channel>', 'agency (default) or legal')
    .option('--placed-on <date>', 'YYYY-MM-DD (default today)')
    .option('--currency <code>', "with --all-overdue: the currency (default the customer's)")
    .option('--notes <text>', 'notes on the placement')
    .option('--format <format>', 'table (default) or json')
    .action(async (options: PlaceOptions, command: Command) => {
      await withContext(
        'agency place',
        command.optsWithGlobals<GlobalOptions>(),
        async ({ database, actor }) => {
          const created = await placeInvoices(database, actor, {
            customerId: await customerIdByRef(database, actor, options.customer, 'customer'),
            agency: options.agency,
            channel: options.channel,
            placedOn: options.placedOn,
            commissionPercent: options.commission,
            invoiceIds:
              options.invoice === undefined
                ? undefined
                : await invoiceIdsByNumbers(database, actor, options.invoice, 'invoice'),
            allOverdue: options.allOverdue,
            currency: options.currency,
            notes: options.notes,
          });
          await output(created, options.format);
        },
      );
    });
}

function registerRecover(agency: Command): void {
  agency
    .command('recover')
    .description(
      'record money the agency recovered (gross): a payment applied to the placed invoices oldest first, with the commission',
    )
    .argument('<id>', 'the placement id (see `settle agency list`)')
    .requiredOption('--amount <amount>', 'the gross amount recovered, e.g. 1234.57')
    .option('--date <date>', 'YYYY-MM-DD (default today)')
    .option('--reference <text>', "the agency's remittance reference")
    .option('--idempotency-key <key>', 'a retry with the same key records nothing twice')
    .option('--format <format>', 'table (default) or json')
    .action(
      async (
        id: string,
        options: {
          amount: string;
          date?: string;
          reference?: string;
          idempotencyKey?: string;
          format?: string;
        },
        command: Command,
      ) => {
        await withContext(
          'agency recover',
          command.optsWithGlobals<GlobalOptions>(),
          async ({ database, actor, say }) => {
            const recorded = await recordRecovery(
              database,
              actor,
              id,
              { amount: options.amount, recoveredOn: options.date, reference: options.reference },
              { idempotencyKey: options.idempotencyKey },
            );
            say(
              `Recorded the recovery ${recorded.recovery.id} (payment ${recorded.recovery.paymentId}).`,
            );
            await output(recorded.placement, options.format);
          },
        );
      },
    );
}

function registerEnd(agency: Command, name: 'close' | 'recall'): void {
  const end = name === 'close' ? closePlacement : recallPlacement;
  agency
    .command(name)
    .description(
      name === 'close'
        ? 'close a placement: all recovered, or the agency gave up'
        : 'take the invoices back: follow-up resumes',
    )
    .argument('<id>', 'the placement id')
    .option('--on <date>', 'YYYY-MM-DD (default today)')
    .option('--reason <text>', 'why, kept with the notes')
    .option('--format <format>', 'table (default) or json')
    .action(
      async (
        id: string,
        options: { on?: string; reason?: string; format?: string },
        command: Command,
      ) => {
        await withContext(
          `agency ${name}`,
          command.optsWithGlobals<GlobalOptions>(),
          async ({ database, actor }) => {
            await output(
              await end(database, actor, id, { on: options.on, reason: options.reason }),
              options.format,
            );
          },
        );
      },
    );
}

const pageSize = 500;

/** `settle agency place|recover|close|recall|file|list`. The CLI acts as the organization's owner. */
export function registerAgencyCommands(program: Command): void {
  const agency = program
    .command('agency')
    .description(
      'hand invoices over to a collection agency or to legal, and record what they recover',
    );
  registerPlace(agency);
  registerRecover(agency);
  registerEnd(agency, 'close');
  registerEnd(agency, 'recall');

  agency
    .command('file')
    .description(
      'the file for the agency (CSV: debtor, placed invoices, contact history), to FILE or standard output',
    )
    .argument('<id>', 'the placement id')
    .argument('[file]', 'where to write it (default standard output)')
    .option('--as-of <date>', 'count days overdue to this date (default today)')
    .action(
      async (
        id: string,
        file: string | undefined,
        options: { asOf?: string },
        command: Command,
      ) => {
        await withContext(
          'agency file',
          command.optsWithGlobals<GlobalOptions>(),
          async ({ database, actor }) => {
            await writeReport(
              await agencyFileCsv(await getAgencyFile(database, actor, id, { asOf: options.asOf })),
              file,
            );
          },
        );
      },
    );

  agency
    .command('list')
    .description('placements, latest first')
    .option('--customer <ref>', "only this customer's")
    .option('--status <status>', 'active, closed or recalled')
    .option('--format <format>', 'table (default) or json')
    .action(
      async (
        options: { customer?: string; status?: string; format?: string },
        command: Command,
      ) => {
        const format = parseReportFormat(options.format, ['table', 'json']);
        await withContext(
          'agency list',
          command.optsWithGlobals<GlobalOptions>(),
          async ({ database, actor }) => {
            const customerId =
              options.customer === undefined
                ? undefined
                : await customerIdByRef(database, actor, options.customer, 'customer');
            const views: PlacementView[] = [];
            let cursor: string | undefined;
            do {
              const page = await listPlacements(database, actor, {
                customerId,
                status: options.status,
                limit: pageSize,
                cursor,
              });
              views.push(...page.items.map(placementView));
              cursor = page.nextCursor ?? undefined;
            } while (cursor !== undefined);
            await writeReport(
              format === 'json' ? `${JSON.stringify(views, null, 2)}\n` : placementsTable(views),
              undefined,
            );
          },
        );
      },
    );
}
