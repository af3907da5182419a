import type { Command } from 'commander';
import { AppError } from '../../core/errors.js';
import { limits } from '../../core/limits.js';
import { deliverAllDue, listOutbox } from '../../messaging/deliver-outbox.service.js';
import { outboxMessageView } from '../../messaging/outbox.view.js';
import { customerIdByRef } from '../../reports/manage-goals.service.js';
import { withContext, type GlobalOptions } from '../context.js';
import { parseReportFormat, writeReport } from '../report-output.js';

type OutboxView = ReturnType<typeof outboxMessageView>;

function shorten(text: string, length: number): string {
  return text.length <= length ? text : `${text.slice(0, length - 1)}…`;
}

/** Every column is text here, so every column is left-aligned (textTable right-aligns figures). */
function leftAlignedTable(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return (
    rows
      .map((row) =>
        row
          .map((cell, column) => cell.padEnd(widths[column]!))
          .join('  ')
          .trimEnd(),
      )
      .join('\n') + '\n'
  );
}

function outboxTable(views: readonly OutboxView[]): string {
  if (views.length === 0) return 'The outbox is empty.\n';
  return leftAlignedTable([
    ['created', 'status', 'attempts', 'to', 'subject', 'id'],
    ...views.map((view) => [
      view.created_at.slice(0, 16).replace('T', ' '),
      view.status_reason === null
        ? view.status
        : `${view.status} (${view.status_reason.replace(/_/g, ' ')})`,
      String(view.attempts),
      shorten(view.to.join(', ') || '—', 40),
      shorten(view.subject, 60),
      view.id,
    ]),
  ]);
}

function countOption(value: string | undefined): number {
  if (value === undefined) return limits.pageSizeDefault;
  const count = Number(value);
  if (!Number.isInteger(count) || count < 1 || count > limits.pageSizeMax) {
    throw new AppError(
      'invalid',
      'limit_invalid',
      `--limit is a whole number from 1 to ${limits.pageSizeMax}.`,
      'limit',
    );
  }
  return count;
}

interface ListOptions {
  status?: string;
  customer?: string;
  limit?: string;
  format?: string;
}

/** `settle outbox` lists the messages to customers; `settle outbox deliver` sends what is due. */
export function registerOutboxCommands(program: Command): void {
  const outbox = program
    .command('outbox')
    .description(
      'messages to customers, newest first (held ones are kept, not sent, until SMTP is set up)',
    )
    .option('--status <status>', 'pending, sending, sent, failed, held or uncertain')
    .option('--customer <ref>', "only this customer's messages")
    .option(
      '--limit <count>',
      `how many (default ${limits.pageSizeDefault}, at most ${limits.pageSizeMax})`,
    )
    .option('--format <format>', 'table (default) or json')
    .action(async (options: ListOptions, command: Command) => {
      const format = parseReportFormat(options.format, ['table', 'json']);
      const limit = countOption(options.limit);
      await withContext(
        'outbox',
        command.optsWithGlobals<GlobalOptions>(),
        async ({ database, actor }) => {
          const customerId =
            options.customer === undefined
              ? undefined
              : await customerIdByRef(database, actor, options.customer, 'customer');
          const page = await listOutbox(database, actor, {
            status: options.status,
            customerId,
            limit,
          });
          const views = page.items.map(outboxMessageView);
          await writeReport(
            format === 'json' ? `${JSON.stringify(views, null, 2)}\n` : outboxTable(views),
            undefined,
          );
        },
      );
    });

  outbox
    .command('deliver')
    .description(
      'send every message due now, over the SMTP settings of the organization or SMTP_URL, and print what happened',
    )
    .action(async (_options: unknown, command: Command) => {
      await withContext(
        'outbox deliver',
        command.optsWithGlobals<GlobalOptions>(),
        async ({ database, actor }) => {
          const counts = await deliverAllDue(database, { orgId: actor.orgId });
          await writeReport(
            `sent ${counts.sent}, to retry ${counts.retried}, failed ${counts.failed}, held ${counts.held}\n`,
            undefined,
          );
        },
      );
    });
}
