import type { Command } from 'commander';
import { runView } from '../../dunning/dunning.routes.js';
import { updateCustomerCollections } from '../../dunning/customer-collections.service.js';
import { deliverAllDue } from '../../messaging/deliver-outbox.service.js';
import { findPolicy, listPolicies, updatePolicy } from '../../dunning/manage-policies.service.js';
import { policyStepsToJson } from '../../dunning/policy-json.js';
import { runCollections } from '../../dunning/run-collections.service.js';
import { AppError } from '../../core/errors.js';
import { customerIdByRef } from '../../reports/manage-goals.service.js';
import { dateOption, withContext, type GlobalOptions } from '../context.js';
import { parseReportFormat, textTable, writeReport } from '../report-output.js';

type RunOptions = { date?: string; dryRun?: boolean; format?: string };

function runText(view: ReturnType<typeof runView>, delivered: string | null): string {
  const head = `${view.dry_run ? 'Would do' : 'Done'} on ${view.run_on}: ${view.description}.`;
  const table =
    view.actions.length === 0
      ? ''
      : textTable([
          ['customer', 'step', 'action', 'invoices'],
          ...view.actions.map((a) => [a.customer_ref, a.step, a.action, a.invoices.join(' ')]),
        ]);
  return [head, table.trimEnd(), delivered ?? ''].filter(Boolean).join('\n') + '\n';
}

/** `settle collections run|policies|assign|pause|resume`. */
export function registerCollectionsCommands(program: Command): void {
  const collections = program
    .command('collections')
    .description('collection policies and the daily collections run');

  collections
    .command('run')
    .description(
      'run the collections for a day (default today): decide every step, queue the messages, then deliver them before exiting',
    )
    .option('--date <date>', 'the day to run for, YYYY-MM-DD')
    .option('--dry-run', 'say what would happen without doing it')
    .option('--format <format>', 'table or json', 'table')
    .action(async (options: RunOptions, command: Command) => {
      const format = parseReportFormat(options.format, ['table', 'json']);
      await withContext(
        'collections run',
        command.optsWithGlobals<GlobalOptions>(),
        async ({ database, actor }) => {
          const result = await runCollections(database, actor, {
            today: dateOption(options.date, 'date'),
            dryRun: options.dryRun,
            triggeredBy: 'cli',
          });
          // A cron job alone must be enough: what the run queued goes out before the command exits.
          const delivery = result.dryRun
            ? null
            : await deliverAllDue(database, { orgId: actor.orgId });
          const view = runView(result);
          if (format === 'json') {
            await writeReport(`${JSON.stringify({ ...view, delivery }, null, 2)}\n`, undefined);
            return;
          }
          const delivered = delivery
            ? `Messages: ${delivery.sent} sent, ${delivery.held} kept in the outbox (no SMTP settings or no recipient), ${delivery.retried} to retry, ${delivery.failed} failed.`
            : null;
          await writeReport(runText(view, delivered), undefined);
        },
      );
    });

  collections
    .command('policies')
    .description('list the collection policies and their steps')
    .option('--format <format>', 'table or json', 'table')
    .action(async (options: { format?: string }, command: Command) => {
      const format = parseReportFormat(options.format, ['table', 'json']);
      await withContext(
        'collections policies',
        command.optsWithGlobals<GlobalOptions>(),
        async ({ database, actor }) => {
          const policies = await listPolicies(database, actor);
          if (format === 'json') {
            await writeReport(
              `${JSON.stringify(
                policies.map((p) => ({
                  id: p.id,
                  name: p.policy.name,
                  is_default: p.isDefault,
                  steps: policyStepsToJson(p.policy),
                })),
                null,
                2,
              )}\n`,
              undefined,
            );
            return;
          }
          const lines = policies.map((stored) =>
            [
              `${stored.policy.name}${stored.isDefault ? ' (default)' : ''}  ${stored.id}`,
              textTable([
                ['step', 'day', 'action'],
                ...stored.policy.steps.map((step) => [
                  step.key,
                  String(step.offsetDays),
                  step.action.type,
                ]),
              ]),
            ].join('\n'),
          );
          await writeReport(lines.join('\n'), undefined);
        },
      );
    });

  collections
    .command('default <policy>')
    .description('make a policy (name or id) the organization’s default')
    .action(async (policyName: string, _options: unknown, command: Command) => {
      await withContext(
        'collections default',
        command.optsWithGlobals<GlobalOptions>(),
        async ({ database, actor }) => {
          const policy = await findPolicy(database.db, actor, policyName);
          await updatePolicy(database, actor, policy.id, { isDefault: true });
          await writeReport(`${policy.policy.name} is now the default policy.\n`, undefined);
        },
      );
    });

  collections
    .command('assign <customer-ref> <policy>')
    .description(
      'make a customer follow a policy (name or id), or "default" for the organization’s default',
    )
    .action(async (ref: string, policyName: string, _options: unknown, command: Command) => {
      await withContext(
        'collections assign',
        command.optsWithGlobals<GlobalOptions>(),
        async ({ database, actor }) => {
          const customerId = await customerIdByRef(database, actor, ref, 'customer');
          const policyId =
            policyName === 'default' ? null : (await findPolicy(database.db, actor, policyName)).id;
          const settings = await updateCustomerCollections(database, actor, customerId, {
            policyId,
          });
          await writeReport(
            `${ref} follows ${settings.policyName}${policyId === null ? ' (the default)' : ''}.\n`,
            undefined,
          );
        },
      );
    });

  collections
    .command('pause <customer-ref>')
    .description('stop following up a customer, until a date or until resumed')
    .option('--until <date>', 'the day follow-up resumes by itself')
    .option('--reason <text>', 'why')
    .action(async (ref: string, options: { until?: string; reason?: string }, command: Command) => {
      await withContext(
        'collections pause',
        command.optsWithGlobals<GlobalOptions>(),
        async ({ database, actor }) => {
          const customerId = await customerIdByRef(database, actor, ref, 'customer');
          const settings = await updateCustomerCollections(database, actor, customerId, {
            paused: true,
            pausedUntil: options.until ?? null,
            pauseReason: options.reason ?? null,
          });
          await writeReport(
            `${ref} is paused${settings.pausedUntil ? ` until ${settings.pausedUntil}` : ''}.\n`,
            undefined,
          );
        },
      );
    });

  collections
    .command('resume <customer-ref>')
    .description('follow up a paused customer again')
    .action(async (ref: string, _options: unknown, command: Command) => {
      await withContext(
        'collections resume',
        command.optsWithGlobals<GlobalOptions>(),
        async ({ database, actor }) => {
          const customerId = await customerIdByRef(database, actor, ref, 'customer');
          const settings = await updateCustomerCollections(database, actor, customerId, {
            paused: false,
          });
          if (settings.paused)
            throw new AppError('conflict', 'customer_still_paused', `${ref} is still paused.`);
          await writeReport(`${ref} is followed up again.\n`, undefined);
        },
      );
    });
}
