import type { Command } from 'commander';
import { goalMetrics, moneyGoalMetrics } from '../../reports/goal.js';
import { goalDetailView, goalView } from '../../reports/goal.view.js';
import {
  archiveGoal,
  createGoal,
  customerIdByRef,
  getGoal,
  listGoals,
  userIdByEmail,
} from '../../reports/manage-goals.service.js';
import { dateOption, withContext, type GlobalOptions } from '../context.js';
import { parseReportFormat, textTable, writeReport } from '../report-output.js';

type GoalView = ReturnType<typeof goalView>;
type GoalDetailView = ReturnType<typeof goalDetailView>;

/** "a, b or c": the metrics (the KPI registry's keys) in the help. */
function inWords(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
}

/** A figure with its unit, for people: "40.00 days", "52.50 %", "2.04 times", "1900.00 EUR". */
function withUnit(view: GoalView, figure: string | null): string {
  if (figure === null) return '—';
  return view.unit === 'money'
    ? `${figure} ${view.currency}`
    : view.unit === 'percent'
      ? `${figure} %`
      : `${figure} ${view.unit}`;
}

function statusText(view: GoalView): string {
  return view.status_reason === null
    ? view.status
    : `${view.status} (${view.status_reason.replace(/_/g, ' ')})`;
}

function goalsTable(views: readonly GoalView[]): string {
  if (views.length === 0) return 'No goals. Set one with `settle goal add`.\n';
  return textTable([
    ['name', 'status', 'figure', 'target', 'progress', 'deadline', 'owner', 'id'],
    ...views.map((view) => [
      view.name,
      statusText(view),
      withUnit(view, view.figure),
      `${view.direction === 'at_most' ? '≤' : '≥'} ${withUnit(view, view.target)}`,
      view.progress_percent === null ? '—' : `${view.progress_percent.toFixed(2)} %`,
      view.deadline,
      view.owner_name ?? view.owner_id,
      view.id,
    ]),
  ]);
}

function goalText(view: GoalDetailView): string {
  const scope =
    view.scope === 'organization'
      ? 'the organization'
      : view.scope === 'tag'
        ? `tag ${view.tag}`
        : `${view.scope} ${view.customer_id ?? view.collector_id}`;
  const head = [
    view.name,
    `  metric    ${view.metric} (${view.currency}, over ${view.window_days} days), ${scope}`,
    `  target    ${view.direction === 'at_most' ? 'at most' : 'at least'} ${withUnit(view, view.target)} by ${view.deadline}, from ${view.starts_on}`,
    `  owner     ${view.owner_name ?? view.owner_id}`,
    `  status    ${statusText(view)} on ${view.evaluated_on}: ${withUnit(view, view.figure)}, expected ${withUnit(view, view.expected)}, progress ${view.progress_percent === null ? '—' : `${view.progress_percent.toFixed(2)} %`}`,
  ];
  const history = textTable([
    ['as of', 'figure'],
    ...view.history.map((point) => [point.as_of, withUnit(view, point.figure)]),
  ]);
  return `${head.join('\n')}\n\n${history}`;
}

interface ListOptions {
  owner?: string;
  asOf?: string;
  all?: boolean;
  format?: string;
}

interface AddOptions {
  metric: string;
  target: string;
  deadline: string;
  owner: string;
  direction?: string;
  customer?: string;
  collector?: string;
  tag?: string;
  currency?: string;
  windowDays?: string;
  startsOn?: string;
  name?: string;
  format?: string;
}

const pageSize = 500;

/** `settle goals` and `settle goal add|show|archive`. The CLI acts as the organization's owner. */
export function registerGoalCommands(program: Command): void {
  program
    .command('goals')
    .description('goals with their status and figure, soonest deadline first')
    .option('--owner <email>', "only this user's goals")
    .option('--as-of <date>', 'evaluate as if today were this date (YYYY-MM-DD)')
    .option('--all', 'also archived goals')
    .option('--format <format>', 'table (default) or json')
    .action(async (options: ListOptions, command: Command) => {
      const format = parseReportFormat(options.format, ['table', 'json']);
      const asOf = dateOption(options.asOf, 'as-of');
      await withContext(
        'goals',
        command.optsWithGlobals<GlobalOptions>(),
        async ({ database, actor }) => {
          const ownerId =
            options.owner === undefined
              ? undefined
              : await userIdByEmail(database, actor, options.owner, 'owner', 'owner');
          const views: GoalView[] = [];
          let cursor: string | undefined;
          do {
            const page = await listGoals(database, actor, {
              ownerId,
              asOf,
              includeArchived: options.all ?? false,
              limit: pageSize,
              cursor,
            });
            views.push(...page.items.map(goalView));
            cursor = page.nextCursor ?? undefined;
          } while (cursor !== undefined);
          await writeReport(
            format === 'json' ? `${JSON.stringify(views, null, 2)}\n` : goalsTable(views),
            undefined,
          );
        },
      );
    });

  const goal = program.command('goal').description('set, show and archive goals');

  goal
    .command('add')
    .description(
      'set a goal, e.g. DSO at most 40 days by a date: --metric dso --target 40 --deadline 2027-06-30 --owner ana@example.com',
    )
    .requiredOption('--metric <metric>', inWords(goalMetrics))
    .requiredOption(
      '--target <value>',
      `days, percent or times for a ratio; an amount for ${inWords(moneyGoalMetrics)}`,
    )
    .requiredOption('--deadline <date>', 'YYYY-MM-DD')
    .requiredOption('--owner <email>', 'the user who owns the goal')
    .option(
      '--direction <direction>',
      'at_most or at_least (default: the better side of the metric)',
    )
    .option('--customer <ref>', "one customer's figures")
    .option('--collector <email>', "the figures of a collector's customers")
    .option('--tag <tag>', 'the figures of the customers with this tag')
    .option(
      '--currency <code>',
      "default: the customer's currency, else the organization's base currency",
    )
    .option(
      '--window-days <days>',
      'the KPI is measured over this many days up to each date (default 90)',
    )
    .option(
      '--starts-on <date>',
      'YYYY-MM-DD, today or earlier (default: today); its figure is the baseline',
    )
    .option('--name <name>', 'default: derived from the metric, target and deadline')
    .option('--format <format>', 'table (default) or json')
    .action(async (options: AddOptions, command: Command) => {
      const format = parseReportFormat(options.format, ['table', 'json']);
      await withContext(
        'goal add',
        command.optsWithGlobals<GlobalOptions>(),
        async ({ database, actor }) => {
          const created = await createGoal(database, actor, {
            name: options.name,
            metric: options.metric,
            target: options.target,
            direction: options.direction,
            currency: options.currency,
            ownerId: await userIdByEmail(database, actor, options.owner, 'owner', 'owner'),
            startsOn: options.startsOn,
            deadline: options.deadline,
            customerId:
              options.customer === undefined
                ? undefined
                : await customerIdByRef(database, actor, options.customer, 'customer'),
            collectorId:
              options.collector === undefined
                ? undefined
                : await userIdByEmail(database, actor, options.collector, 'collector', 'collector'),
            tag: options.tag,
            // Not a number reaches the service as NaN, which it refuses naming the window.
            windowDays: options.windowDays === undefined ? undefined : Number(options.windowDays),
          });
          await writeReport(
            format === 'json'
              ? `${JSON.stringify(goalDetailView(created), null, 2)}\n`
              : goalText(goalDetailView(created)),
            undefined,
          );
        },
      );
    });

  goal
    .command('show')
    .description("a goal's status, progress and the history of its figure")
    .argument('<id>', 'the goal id (see `settle goals`)')
    .option('--as-of <date>', 'evaluate as if today were this date (YYYY-MM-DD)')
    .option('--format <format>', 'table (default) or json')
    .action(async (id: string, options: { asOf?: string; format?: string }, command: Command) => {
      const format = parseReportFormat(options.format, ['table', 'json']);
      const asOf = dateOption(options.asOf, 'as-of');
      await withContext(
        'goal show',
        command.optsWithGlobals<GlobalOptions>(),
        async ({ database, actor }) => {
          const found = await getGoal(database, actor, id, { asOf });
          await writeReport(
            format === 'json'
              ? `${JSON.stringify(goalDetailView(found), null, 2)}\n`
              : goalText(goalDetailView(found)),
            undefined,
          );
        },
      );
    });

  goal
    .command('archive')
    .description('archive a goal: it leaves the list and stays readable')
    .argument('<id>', 'the goal id')
    .action(async (id: string, _options: unknown, command: Command) => {
      await withContext(
        'goal archive',
        command.optsWithGlobals<GlobalOptions>(),
        async ({ database, actor, say }) => {
          await archiveGoal(database, actor, id);
          say(`Archived the goal ${id}.`);
        },
      );
    });
}
