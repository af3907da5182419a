import { now } from '../core/clock.js';
import { sql } from 'kysely';
import type { CalendarDate } from '../core/calendar-date.js';
import type { Db, Tx } from '../platform/db/database.js';
import {
  paginate,
  sortKeySelection,
  type PageRequest,
  type SortSpec,
} from '../platform/db/pagination.js';
import type { NewTask, TaskDetail, TaskKind, TaskOutcome, TaskSource, TaskStatus } from './task.js';

type TaskRow = {
  id: string;
  customer_id: string;
  kind: string;
  title: string;
  assignee_id: string | null;
  due_on: string;
  status: string;
  outcome: string | null;
  notes: string | null;
  invoice_ids: string[];
  source: string;
  created_by: string | null;
  created_at: Date;
  completed_at: Date | null;
  completed_by: string | null;
  customer_ref: string;
  customer_name: string;
  assignee_name: string | null;
  document_id: string | null;
  run_id: string | null;
};

function taskOf(row: TaskRow): TaskDetail {
  return {
    id: row.id,
    customerId: row.customer_id,
    kind: row.kind as TaskKind,
    title: row.title,
    assigneeId: row.assignee_id,
    dueOn: row.due_on as CalendarDate,
    status: row.status as TaskStatus,
    outcome: row.outcome as TaskOutcome | null,
    notes: row.notes,
    invoiceIds: row.invoice_ids,
    source: row.source as TaskSource,
    createdBy: row.created_by,
    createdAt: new Date(row.created_at),
    completedAt: row.completed_at === null ? null : new Date(row.completed_at),
    completedBy: row.completed_by,
    customerRef: row.customer_ref,
    customerName: row.customer_name,
    assigneeName: row.assignee_name,
    documentId: row.document_id,
    runId: row.run_id,
  };
}

/** Tasks with their customer's reference and name and their assignee's name, all in the organization. */
function selectTasks(db: Db, orgId: string) {
  return db
    .selectFrom('collection_tasks as t')
    .innerJoin('customers as c', (join) =>
      join.onRef('c.org_id', '=', 't.org_id').onRef('c.id', '=', 't.customer_id'),
    )
    .leftJoin('users as u', (join) =>
      join.onRef('u.org_id', '=', 't.org_id').onRef('u.id', '=', 't.assignee_id'),
    )
    .select([
      't.id',
      't.customer_id',
      't.kind',
      't.title',
      't.assignee_id',
      't.due_on',
      't.status',
      't.outcome',
      't.notes',
      't.invoice_ids',
      't.source',
      't.created_by',
      't.created_at',
      't.completed_at',
      't.completed_by',
      'c.ref as customer_ref',
      'c.name as customer_name',
      'u.name as assignee_name',
      't.document_id',
      't.run_id',
    ])
    .where('t.org_id', '=', orgId);
}

const newTaskColumns = [
  'org_id',
  'id',
  'customer_id',
  'kind',
  'title',
  'assignee_id',
  'due_on',
  'notes',
  'invoice_ids',
  'document_id',
  'source',
  'run_id',
  'created_by',
  'created_at',
] as const;

/**
 * The one write of new tasks, created at `createdAt` (the application's clock); status, outcome
 * and completion take their column defaults. COPY,
 * because a collections run writes tens of thousands in one go (docs/benchmarks.md). On PGlite
 * COPY skips the foreign keys (database.ts), so callers write only customers they read in the
 * same transaction, as both of them do.
 */
export async function insertTasks(
  tx: Tx,
  orgId: string,
  tasks: readonly NewTask[],
  createdAt: Date = now(),
): Promise<void> {
  await tx.copy(
    'collection_tasks',
    newTaskColumns,
    tasks.map((t) => [
      orgId,
      t.id,
      t.customerId,
      t.kind,
      t.title,
      t.assigneeId,
      t.dueOn,
      t.notes,
      t.invoiceIds,
      t.documentId,
      t.source,
      t.runId,
      t.createdBy,
      createdAt,
    ]),
  );
}

export async function findTask(
  db: Db,
  orgId: string,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<TaskDetail | undefined> {
  let query = selectTasks(db, orgId).where('t.id', '=', id);
  // Locks the task row only: the customer and the user are read, not changed.
  if (options.forUpdate) query = query.forUpdate('t');
  const row = await query.executeTakeFirst();
  return row === undefined ? undefined : taskOf(row as TaskRow);
}

export async function updateTaskRow(
  db: Db,
  orgId: string,
  id: string,
  fields: { assigneeId: string | null; dueOn: string; title: string; notes: string | null },
): Promise<void> {
  await db
    .updateTable('collection_tasks')
    .set({
      assignee_id: fields.assigneeId,
      due_on: fields.dueOn,
      title: fields.title,
      notes: fields.notes,
    })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .execute();
}

/** Closes an open task: done with its outcome and notes, or cancelled. */
export async function closeTaskRow(
  db: Db,
  orgId: string,
  id: string,
  closing: {
    status: 'done' | 'cancelled';
    outcome: string | null;
    notes: string | null;
    by: string | null;
    /** When; a task logged as done in one step passes the instant it was created at. */
    at?: Date;
  },
): Promise<void> {
  await db
    .updateTable('collection_tasks')
    .set({
      status: closing.status,
      outcome: closing.outcome,
      notes: closing.notes,
      completed_at: closing.at ?? now(),
      completed_by: closing.by,
    })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .where('status', '=', 'open')
    .execute();
}

export interface TaskFilter {
  readonly assigneeId?: string | undefined;
  readonly status?: TaskStatus | undefined;
  readonly customerId?: string | undefined;
  /** Due on this date or earlier. */
  readonly dueOnBefore?: CalendarDate | undefined;
}

const taskSort: SortSpec = { expression: 't.due_on', idColumn: 't.id', cast: 'date' };

/** Tasks soonest due first. */
export async function listTaskRows(db: Db, orgId: string, filter: TaskFilter, page: PageRequest) {
  let query = selectTasks(db, orgId).select(sortKeySelection(taskSort));
  if (filter.assigneeId !== undefined) query = query.where('t.assignee_id', '=', filter.assigneeId);
  if (filter.status !== undefined) query = query.where('t.status', '=', filter.status);
  if (filter.customerId !== undefined) query = query.where('t.customer_id', '=', filter.customerId);
  if (filter.dueOnBefore !== undefined) query = query.where('t.due_on', '<=', filter.dueOnBefore);
  const result = await paginate(query, taskSort, page);
  return {
    items: result.items.map((row) => taskOf(row as TaskRow)),
    nextCursor: result.nextCursor,
  };
}

/** How many of these invoice ids are issued invoices of the customer (drafts cannot be chased). */
export async function countCustomerInvoices(
  db: Db,
  orgId: string,
  customerId: string,
  invoiceIds: readonly string[],
): Promise<number> {
  if (invoiceIds.length === 0) return 0;
  const row = await db
    .selectFrom('invoices')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .where('org_id', '=', orgId)
    .where('customer_id', '=', customerId)
    .where('status', '<>', 'draft')
    .where('id', 'in', [...invoiceIds])
    .executeTakeFirstOrThrow();
  return Number(row.count);
}
