import { findUser } from '../auth/find-user.service.js';
import type { Actor } from '../core/actor.js';
import { parseCalendarDate, type CalendarDate } from '../core/calendar-date.js';
import { AppError, unwrap } from '../core/errors.js';
import { isId } from '../core/ids.js';
import { formatAmount } from '../core/money.js';
import { organizationToday } from '../organizations/find-organization.service.js';
import type { Database } from '../platform/db/database.js';
import { pageLimit } from '../platform/db/pagination.js';
import { rankQueue, type AccountFacts, type QueueEntry } from './work-queue.js';
import {
  lastContactsOf,
  openTasksOf,
  queueFacts,
  type LastContactRow,
  type QueueFactsRow,
  type QueueTaskRow,
} from './work-queue.sql.js';

export interface WorkQueueQuery {
  /** Only this collector's customers. */
  readonly collectorId?: string | undefined;
  /** The day the queue is for (default: today in the organization's time zone). */
  readonly asOf?: string | undefined;
  readonly limit?: number | undefined;
}

interface QueueCustomer {
  readonly id: string;
  readonly ref: string;
  readonly name: string;
  readonly collectorId: string | null;
  readonly pauseReason: string | null;
  readonly pausedUntil: string | null;
}

export interface WorkQueueItem extends QueueEntry<QueueCustomer> {
  readonly openTasks: readonly QueueTaskRow[];
  readonly openTaskCount: number;
  readonly lastContact: LastContactRow | null;
}

export interface WorkQueue {
  readonly asOf: CalendarDate;
  /** Accounts in the queue, of which `items` are the first `limit`. */
  readonly total: number;
  readonly items: readonly WorkQueueItem[];
}

function factsOf(row: QueueFactsRow): AccountFacts {
  return {
    currency: row.currency,
    overdueMinor: row.overdue_minor,
    oldestOverdueDays: row.oldest_overdue_days,
    brokenPromises: row.broken_promises,
    averageDaysLate: row.average_days_late,
    creditHold: row.credit_hold,
    openMinor: row.open_minor,
    tasksDue: row.tasks_due,
  };
}

function customerOf(row: QueueFactsRow): QueueCustomer {
  return {
    id: row.customer_id,
    ref: row.customer_ref,
    name: row.customer_name,
    collectorId: row.collector_id,
    pauseReason: row.pause_reason,
    pausedUntil: row.paused_until,
  };
}

async function checkCollector(
  database: Database,
  orgId: string,
  collectorId: string | undefined,
): Promise<void> {
  if (collectorId === undefined) return;
  // A disabled collector may still have customers, whose queue someone else may work.
  if (!isId(collectorId) || !(await findUser(database.db, orgId, collectorId)))
    throw AppError.notFound('collector', 'collector_id');
}

/**
 * The prioritised queue of accounts to work on a day: every customer and currency with something
 * overdue or a task due, scored by work-queue.ts and ranked, paused customers last; the first
 * `limit` with their open tasks and last contact. Codes: collector_not_found, date_invalid (as_of),
 * limit_invalid.
 */
export async function getWorkQueue(
  database: Database,
  actor: Actor,
  query: WorkQueueQuery = {},
): Promise<WorkQueue> {
  const limit = pageLimit(query.limit);
  const asOf =
    query.asOf === undefined
      ? await organizationToday(database.db, actor.orgId)
      : unwrap(parseCalendarDate(query.asOf, 'as_of'));
  await checkCollector(database, actor.orgId, query.collectorId);
  const rows = await queueFacts(database.db, actor.orgId, asOf, query.collectorId);
  const ranked = rankQueue(
    rows.map((row) => ({ customer: customerOf(row), facts: factsOf(row), paused: row.paused })),
  );
  const page = ranked.slice(0, limit);
  const customerIds = [...new Set(page.map((entry) => entry.customer.id))];
  const [tasks, contacts] = await Promise.all([
    openTasksOf(database.db, actor.orgId, customerIds),
    lastContactsOf(database.db, actor.orgId, customerIds, asOf),
  ]);
  const contactByCustomer = new Map(contacts.map((contact) => [contact.customer_id, contact]));
  const tasksByCustomer = new Map<string, QueueTaskRow[]>();
  for (const task of tasks)
    tasksByCustomer.set(task.customer_id, [...(tasksByCustomer.get(task.customer_id) ?? []), task]);
  const items = page.map((entry) => {
    const own = tasksByCustomer.get(entry.customer.id) ?? [];
    return {
      ...entry,
      openTasks: own,
      openTaskCount: own[0]?.open_tasks ?? 0,
      lastContact: contactByCustomer.get(entry.customer.id) ?? null,
    };
  });
  return { asOf, total: ranked.length, items };
}

function pausedReason(item: WorkQueueItem) {
  const until = item.customer.pausedUntil === null ? '' : ` until ${item.customer.pausedUntil}`;
  const why = item.customer.pauseReason === null ? '' : `: ${item.customer.pauseReason}`;
  return { factor: 'paused', points: 0, text: `collections paused${until}${why}` };
}

/** The queue as the API and `settle queue --format json` give it. */
export function workQueueView(queue: WorkQueue) {
  return {
    as_of: queue.asOf,
    total: queue.total,
    items: queue.items.map((item) => ({
      rank: item.rank,
      customer: { id: item.customer.id, ref: item.customer.ref, name: item.customer.name },
      collector_id: item.customer.collectorId,
      currency: item.facts.currency,
      score: item.score,
      paused: item.paused,
      reasons: [...(item.paused ? [pausedReason(item)] : []), ...item.reasons],
      overdue: formatAmount(item.facts.overdueMinor, item.facts.currency),
      open: formatAmount(item.facts.openMinor, item.facts.currency),
      oldest_overdue_days: item.facts.oldestOverdueDays,
      open_task_count: item.openTaskCount,
      open_tasks: item.openTasks.map((task) => ({
        id: task.id,
        kind: task.kind,
        title: task.title,
        due_on: task.due_on,
        assignee_id: task.assignee_id,
      })),
      last_contact:
        item.lastContact === null
          ? null
          : {
              at: new Date(item.lastContact.at).toISOString(),
              type: item.lastContact.type,
              description: item.lastContact.description,
            },
    })),
  };
}
