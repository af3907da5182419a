import type { Command } from 'commander';
import { AppError } from '../../core/errors.js';
import { getTaskLetter } from '../../dunning/get-task-letter.service.js';
import { addCustomerNote, noteView } from '../../worklist/customer-notes.service.js';
import { getTimeline, timelineEntryView } from '../../worklist/get-timeline.service.js';
import { getWorkQueue, workQueueView } from '../../worklist/get-work-queue.service.js';
import { completeTask, createTask, listTasks } from '../../worklist/manage-tasks.service.js';
import { taskOutcomes, taskView, type TaskDetail } from '../../worklist/task.js';
import { customerIdByRef, userIdByEmail } from '../../reports/manage-goals.service.js';
import { dateOption, withContext, type GlobalOptions } from '../context.js';
import { parseReportFormat, textTable, writeReport } from '../report-output.js';
import { terminal } from '../terminal.js';

type QueueView = ReturnType<typeof workQueueView>;
type TaskView = ReturnType<typeof taskView>;
type TimelineView = ReturnType<typeof timelineEntryView>;

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/** Each account on three lines: who and the score, why, and what is already under way. */
function queueText(view: QueueView): string {
  const head = `Work queue as of ${view.as_of}: ${view.total} account${view.total === 1 ? '' : 's'}${view.items.length < view.total ? `, the first ${view.items.length} shown` : ''}\n`;
  if (view.items.length === 0) return `${head}Nothing overdue and no task due.\n`;
  const blocks = view.items.map((item) => {
    const reasons = item.reasons
      .map((reason) =>
        reason.factor === 'paused' ? reason.text : `${reason.text} (+${reason.points})`,
      )
      .join('; ');
    const contact =
      item.last_contact === null
        ? 'none'
        : `${item.last_contact.at.slice(0, 10)} ${item.last_contact.type}: ${item.last_contact.description}`;
    return [
      `#${item.rank}  ${item.customer.ref}  ${item.customer.name}  ${item.currency}  score ${item.score.toFixed(1)}`,
      `    ${reasons}`,
      `    open tasks: ${item.open_task_count}; last contact: ${contact}`,
    ].join('\n');
  });
  return `${head}\n${blocks.join('\n\n')}\n`;
}

function tasksTable(views: readonly TaskView[]): string {
  if (views.length === 0) return 'No tasks.\n';
  return textTable([
    ['due', 'customer', 'kind', 'status', 'assignee', 'title', 'id'],
    ...views.map((view) => [
      view.due_on,
      view.customer_ref,
      view.kind,
      view.outcome === null ? view.status : `${view.status}: ${view.outcome}`,
      view.assignee_name ?? '—',
      view.title,
      view.id,
    ]),
  ]);
}

function taskText(task: TaskDetail): string {
  const view = taskView(task);
  return (
    `${view.kind} task ${view.id} on ${view.customer_ref} (${view.customer_name}), due ${view.due_on}: ${view.status}` +
    `${view.outcome === null ? '' : `, ${view.outcome}`}${view.assignee_name === null ? '' : `, for ${view.assignee_name}`}\n`
  );
}

function timelineText(views: readonly TimelineView[]): string {
  if (views.length === 0) return 'Nothing on the timeline yet.\n';
  return `${views.map((view) => `${view.at.slice(0, 19).replace('T', ' ')}  ${view.type.padEnd(16)}  ${view.summary}`).join('\n')}\n`;
}

const pageSize = 500;

function registerQueueCommand(program: Command): void {
  program
    .command('queue')
    .description('the accounts to work first today, ranked by score, with the reasons')
    .option('--collector <email>', "only this collector's customers")
    .option('--as-of <date>', 'the day the queue is for (YYYY-MM-DD, default today)')
    .option('--limit <n>', 'accounts shown (default 50, at most 500)')
    .option('--format <format>', 'table (default) or json')
    .action(
      async (
        options: { collector?: string; asOf?: string; limit?: string; format?: string },
        command: Command,
      ) => {
        const format = parseReportFormat(options.format, ['table', 'json']);
        const asOf = dateOption(options.asOf, 'as-of');
        await withContext(
          'queue',
          command.optsWithGlobals<GlobalOptions>(),
          async ({ database, actor }) => {
            const collectorId =
              options.collector === undefined
                ? undefined
                : await userIdByEmail(database, actor, options.collector, 'collector', 'collector');
            // Not a number reaches the service as NaN, which it refuses naming the limit.
            const limit = options.limit === undefined ? undefined : Number(options.limit);
            const view = workQueueView(
              await getWorkQueue(database, actor, { collectorId, asOf, limit }),
            );
            await writeReport(format === 'json' ? json(view) : queueText(view), undefined);
          },
        );
      },
    );
}

function registerTaskCommands(program: Command): void {
  program
    .command('tasks')
    .description('tasks, soonest due first')
    .option('--assignee <email>', "only this user's tasks")
    .option('--customer <ref>', "only this customer's tasks")
    .option('--status <status>', 'open (default), done or cancelled')
    .option('--format <format>', 'table (default) or json')
    .action(
      async (
        options: { assignee?: string; customer?: string; status?: string; format?: string },
        command: Command,
      ) => {
        const format = parseReportFormat(options.format, ['table', 'json']);
        await withContext(
          'tasks',
          command.optsWithGlobals<GlobalOptions>(),
          async ({ database, actor }) => {
            const assigneeId =
              options.assignee === undefined
                ? undefined
                : await userIdByEmail(database, actor, options.assignee, 'collector', 'assignee');
            const customerId =
              options.customer === undefined
                ? undefined
                : await customerIdByRef(database, actor, options.customer, 'customer');
            const views: TaskView[] = [];
            let cursor: string | undefined;
            do {
              const page = await listTasks(database, actor, {
                assigneeId,
                customerId,
                status: options.status ?? 'open',
                limit: pageSize,
                cursor,
              });
              views.push(...page.items.map(taskView));
              cursor = page.nextCursor ?? undefined;
            } while (cursor !== undefined);
            await writeReport(format === 'json' ? json(views) : tasksTable(views), undefined);
          },
        );
      },
    );

  const task = program
    .command('task')
    .description("add and complete tasks, and get a letter task's letter");

  task
    .command('add')
    .description(
      "add a task on a customer's account, e.g. a call: --customer C-1 --kind call --due 2026-12-01",
    )
    .requiredOption('--customer <ref>', 'the customer')
    .requiredOption('--kind <kind>', 'call, email, letter, review or escalate')
    .requiredOption('--due <date>', 'YYYY-MM-DD')
    .option('--assignee <email>', "the user who does it (default: the customer's collector)")
    .option('--title <title>', 'default: from the kind')
    .option('--notes <text>', 'what to do or say')
    .option('--format <format>', 'table (default) or json')
    .action(
      async (
        options: {
          customer: string;
          kind: string;
          due: string;
          assignee?: string;
          title?: string;
          notes?: string;
          format?: string;
        },
        command: Command,
      ) => {
        const format = parseReportFormat(options.format, ['table', 'json']);
        await withContext(
          'task add',
          command.optsWithGlobals<GlobalOptions>(),
          async ({ database, actor }) => {
            const created = await createTask(database, actor, {
              customerId: await customerIdByRef(database, actor, options.customer, 'customer'),
              kind: options.kind,
              dueOn: options.due,
              title: options.title,
              notes: options.notes,
              assigneeId:
                options.assignee === undefined
                  ? undefined
                  : await userIdByEmail(database, actor, options.assignee, 'collector', 'assignee'),
            });
            await writeReport(
              format === 'json' ? json(taskView(created)) : taskText(created),
              undefined,
            );
          },
        );
      },
    );

  task
    .command('done')
    .description('mark a task done with its outcome (required for a call)')
    .argument('<id>', 'the task id (see `settle tasks`)')
    .option('--outcome <outcome>', taskOutcomes.join(', '))
    .option('--notes <text>', "what came of it (replaces the task's notes)")
    .option('--format <format>', 'table (default) or json')
    .action(
      async (
        id: string,
        options: { outcome?: string; notes?: string; format?: string },
        command: Command,
      ) => {
        const format = parseReportFormat(options.format, ['table', 'json']);
        await withContext(
          'task done',
          command.optsWithGlobals<GlobalOptions>(),
          async ({ database, actor }) => {
            const done = await completeTask(database, actor, id, {
              outcome: options.outcome,
              notes: options.notes,
            });
            await writeReport(format === 'json' ? json(taskView(done)) : taskText(done), undefined);
          },
        );
      },
    );

  task
    .command('letter')
    .description('the dunning letter of a letter task, as the PDF to print and post')
    .argument('<id>', 'the task id (see `settle tasks`)')
    .argument('[file]', 'where to write it (default, or -: standard output)')
    .action(async (id: string, file: string | undefined, _options, command: Command) => {
      const output = file === '-' ? undefined : file;
      if (output === undefined && terminal().stdoutIsTTY) {
        throw new AppError(
          'invalid',
          'output_required',
          'A PDF is not for the terminal: give a FILE, or redirect standard output.',
          'file',
        );
      }
      await withContext(
        'task letter',
        command.optsWithGlobals<GlobalOptions>(),
        async ({ database, actor }) => {
          const letter = await getTaskLetter(database, actor, id);
          await writeReport(Buffer.from(letter.content), output);
        },
      );
    });
}

function registerNoteAndTimelineCommands(program: Command): void {
  const note = program.command('note').description("notes on a customer's account");
  note
    .command('add')
    .description('write a note on a customer')
    .requiredOption('--customer <ref>', 'the customer')
    .argument('<text>', 'the note')
    .action(async (text: string, options: { customer: string }, command: Command) => {
      await withContext(
        'note add',
        command.optsWithGlobals<GlobalOptions>(),
        async ({ database, actor, say }) => {
          const added = await addCustomerNote(
            database,
            actor,
            await customerIdByRef(database, actor, options.customer, 'customer'),
            text,
          );
          say(`Added the note ${noteView(added).id} to ${options.customer}.`);
        },
      );
    });

  program
    .command('timeline')
    .description(
      "everything on a customer's account, newest first: messages, steps, tasks, notes, promises, disputes, plans, invoices, payments",
    )
    .requiredOption('--customer <ref>', 'the customer')
    .option('--limit <n>', 'entries shown (default 50, at most 500)')
    .option('--format <format>', 'table (default) or json')
    .action(
      async (options: { customer: string; limit?: string; format?: string }, command: Command) => {
        const format = parseReportFormat(options.format, ['table', 'json']);
        await withContext(
          'timeline',
          command.optsWithGlobals<GlobalOptions>(),
          async ({ database, actor }) => {
            const customerId = await customerIdByRef(database, actor, options.customer, 'customer');
            const page = await getTimeline(database, actor, customerId, {
              limit: options.limit === undefined ? undefined : Number(options.limit),
            });
            const views = page.items.map(timelineEntryView);
            await writeReport(format === 'json' ? json(views) : timelineText(views), undefined);
          },
        );
      },
    );
}

/** `settle queue`, `settle tasks`, `settle task add|done`, `settle note add` and `settle timeline`. */
export function registerWorkCommands(program: Command): void {
  registerQueueCommand(program);
  registerTaskCommands(program);
  registerNoteAndTimelineCommands(program);
}
