import { parseCalendarDate, type CalendarDate } from '../core/calendar-date.js';
import { limits } from '../core/limits.js';
import { fail, ok, type Result } from '../core/result.js';

/**
 * A collector's task on a customer's account: a call to make, an e-mail or a letter to send, an
 * account to review or to escalate. Tasks come from a policy step, from a broken promise or plan,
 * or from a person; they are open until done (with an outcome and notes) or cancelled. Pure: no
 * I/O and no clock.
 */
export const taskKinds = ['call', 'email', 'letter', 'review', 'escalate'] as const;
export type TaskKind = (typeof taskKinds)[number];

export const taskStatuses = ['open', 'done', 'cancelled'] as const;
export type TaskStatus = (typeof taskStatuses)[number];

export const taskSources = ['manual', 'policy', 'promise_broken', 'plan_broken'] as const;
export type TaskSource = (typeof taskSources)[number];

/**
 * What came of a contact with the customer. A call cannot be done without one, since the outcome is
 * what the next collector reads first; other tasks may record one when they led to a contact.
 */
export const taskOutcomes = [
  'reached',
  'no_answer',
  'left_message',
  'wrong_number',
  'promised_to_pay',
  'disputed',
  'refused',
] as const;
export type TaskOutcome = (typeof taskOutcomes)[number];

export const taskTitleLengthMax = 200;

export interface Task {
  readonly id: string;
  readonly customerId: string;
  readonly kind: TaskKind;
  readonly title: string;
  readonly assigneeId: string | null;
  readonly dueOn: CalendarDate;
  readonly status: TaskStatus;
  readonly outcome: TaskOutcome | null;
  readonly notes: string | null;
  readonly invoiceIds: readonly string[];
  readonly source: TaskSource;
  readonly createdBy: string | null;
  readonly createdAt: Date;
  readonly completedAt: Date | null;
  readonly completedBy: string | null;
}

/** A task as a person asks for it, before the assignee and the customer are checked. */
export interface TaskInput {
  readonly kind: string;
  readonly dueOn: string;
  readonly title?: string | null | undefined;
  readonly notes?: string | null | undefined;
  readonly invoiceIds?: readonly string[] | undefined;
}

export interface TaskTerms {
  readonly kind: TaskKind;
  readonly dueOn: CalendarDate;
  readonly title: string;
  readonly notes: string | null;
  readonly invoiceIds: readonly string[];
}

/**
 * A task as it is written, by a person or by a collections run; it starts open. A run's tasks
 * name the run (and a letter task the letter to post) and no person as their maker.
 */
export interface NewTask {
  readonly id: string;
  readonly customerId: string;
  readonly kind: TaskKind;
  readonly title: string;
  readonly assigneeId: string | null;
  readonly dueOn: CalendarDate;
  readonly notes: string | null;
  readonly invoiceIds: readonly string[];
  readonly source: TaskSource;
  readonly createdBy: string | null;
  readonly documentId: string | null;
  readonly runId: string | null;
}

const defaultTitles: Readonly<Record<TaskKind, string>> = {
  call: 'Call the customer',
  email: 'E-mail the customer',
  letter: 'Send a letter',
  review: 'Review the account',
  escalate: 'Escalate the account',
};

export function parseTaskKind(value: string, field = 'kind'): Result<TaskKind> {
  if ((taskKinds as readonly string[]).includes(value)) return ok(value as TaskKind);
  return fail(
    'task_kind_invalid',
    `The kind is one of ${taskKinds.join(', ')}, not "${value}".`,
    field,
  );
}

export function parseTaskOutcome(value: string, field = 'outcome'): Result<TaskOutcome> {
  if ((taskOutcomes as readonly string[]).includes(value)) return ok(value as TaskOutcome);
  return fail(
    'task_outcome_invalid',
    `The outcome is one of ${taskOutcomes.join(', ')}, not "${value}".`,
    field,
  );
}

export function parseTaskStatus(value: string, field = 'status'): Result<TaskStatus> {
  if ((taskStatuses as readonly string[]).includes(value)) return ok(value as TaskStatus);
  return fail(
    'task_status_invalid',
    `The status is one of ${taskStatuses.join(', ')}, not "${value}".`,
    field,
  );
}

/** A title of 1 to 200 characters; blank or absent takes the kind's default. */
export function parseTaskTitle(
  value: string | null | undefined,
  kind: TaskKind,
  field = 'title',
): Result<string> {
  const title = value?.trim() ?? '';
  if (title === '') return ok(defaultTitles[kind]);
  if (title.length > taskTitleLengthMax)
    return fail(
      'task_title_too_long',
      `A title has at most ${taskTitleLengthMax} characters.`,
      field,
    );
  return ok(title);
}

/** Free text; blank is no notes. */
export function parseTaskNotes(
  value: string | null | undefined,
  field = 'notes',
): Result<string | null> {
  const notes = value?.trim() ?? '';
  if (notes === '') return ok(null);
  if (notes.length > limits.textLengthMax)
    return fail('notes_too_long', `Notes have at most ${limits.textLengthMax} characters.`, field);
  return ok(notes);
}

function parseInvoiceIds(
  ids: readonly string[] | undefined,
  field = 'invoice_ids',
): Result<readonly string[]> {
  const unique = [...new Set(ids ?? [])];
  if (unique.length > limits.invoicesPerCommitmentMax) {
    return fail(
      'task_invoices_too_many',
      `A task covers at most ${limits.invoicesPerCommitmentMax} invoices.`,
      field,
    );
  }
  return ok(unique);
}

/** Checks a new task's own fields. Codes: task_kind_invalid, date_invalid, task_title_too_long, notes_too_long, task_invoices_too_many. */
export function parseTaskInput(input: TaskInput): Result<TaskTerms> {
  const kind = parseTaskKind(input.kind);
  if (!kind.ok) return kind;
  const dueOn = parseCalendarDate(input.dueOn, 'due_on');
  if (!dueOn.ok) return dueOn;
  const title = parseTaskTitle(input.title, kind.value);
  if (!title.ok) return title;
  const notes = parseTaskNotes(input.notes);
  if (!notes.ok) return notes;
  const invoiceIds = parseInvoiceIds(input.invoiceIds);
  if (!invoiceIds.ok) return invoiceIds;
  return ok({
    kind: kind.value,
    dueOn: dueOn.value,
    title: title.value,
    notes: notes.value,
    invoiceIds: invoiceIds.value,
  });
}

export interface TaskCompletion {
  readonly outcome: TaskOutcome | null;
  readonly notes: string | null;
}

/**
 * Checks that an open task may be done with this outcome and these notes. Codes: task_not_open,
 * task_outcome_required (a call without an outcome), task_outcome_invalid, notes_too_long.
 */
export function parseCompletion(
  task: Pick<Task, 'kind' | 'status'>,
  outcome: string | null | undefined,
  notes: string | null | undefined,
): Result<TaskCompletion> {
  const open = checkOpen(task);
  if (!open.ok) return open;
  const given = outcome?.trim() ?? '';
  if (given === '' && task.kind === 'call')
    return fail('task_outcome_required', 'A call is done with its outcome.', 'outcome');
  const parsedOutcome = given === '' ? ok(null) : parseTaskOutcome(given);
  if (!parsedOutcome.ok) return parsedOutcome;
  const parsedNotes = parseTaskNotes(notes);
  if (!parsedNotes.ok) return parsedNotes;
  return ok({ outcome: parsedOutcome.value, notes: parsedNotes.value });
}

/** Done and cancelled tasks are history: they neither change nor close again. Codes: task_not_open. */
export function checkOpen(task: Pick<Task, 'status'>): Result<true> {
  if (task.status === 'open') return ok(true);
  return fail('task_not_open', `The task is ${task.status} and can no longer change.`, 'id');
}

export interface TaskChanges {
  readonly assigneeId?: string | null | undefined;
  readonly dueOn?: string | undefined;
  readonly title?: string | undefined;
  readonly notes?: string | null | undefined;
}

/** The task with the changes applied and checked. Codes: task_not_open, date_invalid, task_title_too_long, notes_too_long. */
export function applyTaskChanges<T extends Task>(task: T, changes: TaskChanges): Result<T> {
  const open = checkOpen(task);
  if (!open.ok) return open;
  const dueOn =
    changes.dueOn === undefined ? ok(task.dueOn) : parseCalendarDate(changes.dueOn, 'due_on');
  if (!dueOn.ok) return dueOn;
  const title =
    changes.title === undefined ? ok(task.title) : parseTaskTitle(changes.title, task.kind);
  if (!title.ok) return title;
  const notes = changes.notes === undefined ? ok(task.notes) : parseTaskNotes(changes.notes);
  if (!notes.ok) return notes;
  const assigneeId = changes.assigneeId === undefined ? task.assigneeId : changes.assigneeId;
  return ok({ ...task, dueOn: dueOn.value, title: title.value, notes: notes.value, assigneeId });
}

/** A task as it is read back: with the names a person recognises it by. */
export interface TaskDetail extends Task {
  readonly customerRef: string;
  readonly customerName: string;
  readonly assigneeName: string | null;
  /** The dunning letter a letter task is about (its PDF is downloaded through the task). */
  readonly documentId: string | null;
  /** The collections run that made the task; null for a person's task. */
  readonly runId: string | null;
}

/** Tasks as the API, the CLI's JSON and the audit log give them. */
export function taskView(task: TaskDetail) {
  return {
    id: task.id,
    customer_id: task.customerId,
    customer_ref: task.customerRef,
    customer_name: task.customerName,
    kind: task.kind,
    title: task.title,
    assignee_id: task.assigneeId,
    assignee_name: task.assigneeName,
    due_on: task.dueOn,
    status: task.status,
    outcome: task.outcome,
    notes: task.notes,
    invoice_ids: [...task.invoiceIds],
    source: task.source,
    created_by: task.createdBy,
    created_at: task.createdAt.toISOString(),
    completed_at: task.completedAt === null ? null : task.completedAt.toISOString(),
    completed_by: task.completedBy,
    document_id: task.documentId,
    run_id: task.runId,
  };
}
