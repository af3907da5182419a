import { findUser } from '../auth/find-user.service.js';
import type { Actor } from '../core/actor.js';
import { parseCalendarDate, type CalendarDate } from '../core/calendar-date.js';
import { AppError, unwrap } from '../core/errors.js';
import { isId, newId } from '../core/ids.js';
import { findCustomer } from '../customers/find-customer.service.js';
import { recordAudit } from '../platform/audit/audit.sql.js';
import type { Database, Db } from '../platform/db/database.js';
import {
  applyTaskChanges,
  checkOpen,
  parseCompletion,
  parseTaskInput,
  parseTaskStatus,
  taskView,
  type TaskChanges,
  type TaskDetail,
  type TaskInput,
} from './task.js';
import {
  closeTaskRow,
  countCustomerInvoices,
  findTask,
  insertTasks,
  listTaskRows,
  updateTaskRow,
} from './task.sql.js';

/** A task a person adds; without an assignee it goes to the customer's collector. */
export interface TaskRequest extends TaskInput {
  readonly customerId: string;
  /** undefined: the customer's collector; null: nobody yet. */
  readonly assigneeId?: string | null | undefined;
}

async function checkAssignee(db: Db, orgId: string, assigneeId: string): Promise<void> {
  const user = isId(assigneeId) ? await findUser(db, orgId, assigneeId) : undefined;
  if (!user)
    throw new AppError(
      'not_found',
      'assignee_not_found',
      'The assignee is not a user of this organization.',
      'assignee_id',
    );
  if (user.disabled_at !== null)
    throw new AppError(
      'invalid',
      'assignee_disabled',
      'The user is disabled and cannot be given tasks.',
      'assignee_id',
    );
}

async function checkInvoices(
  db: Db,
  orgId: string,
  customerId: string,
  invoiceIds: readonly string[],
): Promise<void> {
  const malformed = invoiceIds.findIndex((id) => !isId(id));
  if (malformed >= 0)
    throw new AppError(
      'invalid',
      'invoice_id_invalid',
      `"${invoiceIds[malformed]}" is not an invoice id.`,
      `invoice_ids[${malformed}]`,
    );
  if ((await countCustomerInvoices(db, orgId, customerId, invoiceIds)) !== invoiceIds.length) {
    throw new AppError(
      'not_found',
      'invoice_not_found',
      "Every invoice of a task is an issued invoice of the task's customer.",
      'invoice_ids',
    );
  }
}

async function loadTask(db: Db, orgId: string, id: string, forUpdate = false): Promise<TaskDetail> {
  const task = isId(id) ? await findTask(db, orgId, id, { forUpdate }) : undefined;
  if (!task) throw AppError.notFound('task', 'id');
  return task;
}

/**
 * Adds a task on a customer's account. Codes: those of parseTaskInput (task_kind_invalid,
 * date_invalid, task_title_too_long, notes_too_long, task_invoices_too_many), customer_not_found,
 * assignee_not_found, assignee_disabled, invoice_id_invalid, invoice_not_found.
 */
export async function createTask(
  database: Database,
  actor: Actor,
  request: TaskRequest,
): Promise<TaskDetail> {
  const terms = unwrap(parseTaskInput(request));
  return database.transaction(async (tx) => {
    const { db } = tx;
    const customer = isId(request.customerId)
      ? await findCustomer(db, actor.orgId, request.customerId)
      : undefined;
    if (!customer) throw AppError.notFound('customer', 'customer_id');
    const assigneeId =
      request.assigneeId === undefined ? customer.collector_id : request.assigneeId;
    // The customer's collector is checked only when named: a disabled collector's customers still get tasks.
    if (request.assigneeId !== undefined && request.assigneeId !== null)
      await checkAssignee(db, actor.orgId, request.assigneeId);
    await checkInvoices(db, actor.orgId, customer.id, terms.invoiceIds);
    const id = newId();
    await insertTasks(tx, actor.orgId, [
      {
        ...terms,
        id,
        customerId: customer.id,
        assigneeId,
        source: 'manual',
        createdBy: actor.id,
        documentId: null,
        runId: null,
      },
    ]);
    const created = (await findTask(db, actor.orgId, id))!;
    await recordAudit(db, actor, [
      {
        action: 'task.created',
        entityType: 'collection_task',
        entityId: id,
        after: taskView(created),
      },
    ]);
    return created;
  });
}

/** One task. Codes: task_not_found. */
export async function getTask(database: Database, actor: Actor, id: string): Promise<TaskDetail> {
  return loadTask(database.db, actor.orgId, id);
}

/**
 * Changes an open task's assignee (null: nobody), due date, title or notes. Codes: task_not_found,
 * task_not_open, date_invalid, task_title_too_long, notes_too_long, assignee_not_found, assignee_disabled.
 */
export async function updateTask(
  database: Database,
  actor: Actor,
  id: string,
  changes: TaskChanges,
): Promise<TaskDetail> {
  return database.transaction(async ({ db }) => {
    const before = await loadTask(db, actor.orgId, id, true);
    const after = unwrap(
      applyTaskChanges(before, changes),
      before.status === 'open' ? 'invalid' : 'conflict',
    );
    if (after.assigneeId !== null && after.assigneeId !== before.assigneeId)
      await checkAssignee(db, actor.orgId, after.assigneeId);
    const unchanged =
      after.assigneeId === before.assigneeId &&
      after.dueOn === before.dueOn &&
      after.title === before.title &&
      after.notes === before.notes;
    if (unchanged) return before;
    await updateTaskRow(db, actor.orgId, before.id, after);
    const updated = (await findTask(db, actor.orgId, before.id))!;
    await recordAudit(db, actor, [
      {
        action: 'task.updated',
        entityType: 'collection_task',
        entityId: before.id,
        before: taskView(before),
        after: taskView(updated),
      },
    ]);
    return updated;
  });
}

/**
 * Marks an open task done with its outcome (required for a call) and notes; given notes replace
 * the task's, none keep them. Codes: task_not_found, task_not_open, task_outcome_required,
 * task_outcome_invalid, notes_too_long.
 */
export async function completeTask(
  database: Database,
  actor: Actor,
  id: string,
  completion: {
    readonly outcome?: string | null | undefined;
    readonly notes?: string | null | undefined;
  },
): Promise<TaskDetail> {
  return database.transaction(async ({ db }) => {
    const before = await loadTask(db, actor.orgId, id, true);
    const done = unwrap(
      parseCompletion(before, completion.outcome, completion.notes),
      before.status === 'open' ? 'invalid' : 'conflict',
    );
    await closeTaskRow(db, actor.orgId, before.id, {
      status: 'done',
      outcome: done.outcome,
      notes: done.notes ?? before.notes,
      by: actor.id,
    });
    const after = (await findTask(db, actor.orgId, before.id))!;
    await recordAudit(db, actor, [
      {
        action: 'task.completed',
        entityType: 'collection_task',
        entityId: before.id,
        before: taskView(before),
        after: taskView(after),
      },
    ]);
    return after;
  });
}

/** Cancels an open task: it stays in the history, closed without an outcome. Codes: task_not_found, task_not_open. */
export async function cancelTask(
  database: Database,
  actor: Actor,
  id: string,
): Promise<TaskDetail> {
  return database.transaction(async ({ db }) => {
    const before = await loadTask(db, actor.orgId, id, true);
    unwrap(checkOpen(before), 'conflict');
    await closeTaskRow(db, actor.orgId, before.id, {
      status: 'cancelled',
      outcome: null,
      notes: before.notes,
      by: actor.id,
    });
    const after = (await findTask(db, actor.orgId, before.id))!;
    await recordAudit(db, actor, [
      {
        action: 'task.cancelled',
        entityType: 'collection_task',
        entityId: before.id,
        before: taskView(before),
        after: taskView(after),
      },
    ]);
    return after;
  });
}

export interface TaskListQuery {
  readonly assigneeId?: string | undefined;
  readonly status?: string | undefined;
  readonly customerId?: string | undefined;
  /** Due on this date or earlier. */
  readonly dueOnBefore?: string | undefined;
  readonly limit?: number | undefined;
  readonly cursor?: string | undefined;
}

function idFilter(value: string | undefined, field: string, what: string): string | undefined {
  if (value !== undefined && !isId(value))
    throw new AppError('invalid', `${field}_invalid`, `"${value}" is not ${what} id.`, field);
  return value;
}

/**
 * Tasks soonest due first, filtered. Codes: assignee_id_invalid, customer_id_invalid,
 * task_status_invalid, date_invalid (due_on_before), limit_invalid, cursor_invalid.
 */
export async function listTasks(database: Database, actor: Actor, query: TaskListQuery = {}) {
  const dueOnBefore: CalendarDate | undefined =
    query.dueOnBefore === undefined
      ? undefined
      : unwrap(parseCalendarDate(query.dueOnBefore, 'due_on_before'));
  return listTaskRows(
    database.db,
    actor.orgId,
    {
      assigneeId: idFilter(query.assigneeId, 'assignee_id', 'a user'),
      customerId: idFilter(query.customerId, 'customer_id', 'a customer'),
      status: query.status === undefined ? undefined : unwrap(parseTaskStatus(query.status)),
      dueOnBefore,
    },
    { limit: query.limit, cursor: query.cursor },
  );
}
