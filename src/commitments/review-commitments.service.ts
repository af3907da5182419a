import type { Actor } from '../core/actor.js';
import type { CalendarDate } from '../core/calendar-date.js';
import { newId } from '../core/ids.js';
import { formatAmount } from '../core/money.js';
import { recordAudit, type AuditEvent } from '../platform/audit/audit.sql.js';
import type { Db, Tx } from '../platform/db/database.js';
import {
  activePlanFigures,
  anyOpenCommitments,
  decidePlanRows,
  decidePromiseRows,
  openPromiseFigures,
  planInstallments,
  type TaskRowInput,
} from './commitments.sql.js';
import { addTasks } from '../worklist/add-tasks.service.js';
import { decidePlan, type PlanDecision } from './payment-plan.js';
import { decidePromise } from './promise.js';

export interface CommitmentReview {
  readonly promisesKept: number;
  readonly promisesBroken: number;
  readonly plansCompleted: number;
  readonly plansBroken: number;
  readonly tasksCreated: number;
}

/**
 * Which outcomes a review may reach. A payment can only keep a promise or complete a plan;
 * breaking them is the passing of time, for the daily run to decide.
 */
type Scope = 'all' | 'fulfilled';

type PromiseFigures = Awaited<ReturnType<typeof openPromiseFigures>>[number];
type PlanFigures = Awaited<ReturnType<typeof activePlanFigures>>[number];

interface Decided<T> {
  readonly row: T;
  readonly status: string;
  readonly task: TaskRowInput | null;
}

function brokenPromiseTask(row: PromiseFigures, actor: Actor, today: CalendarDate): TaskRowInput {
  const amount = `${formatAmount(row.amount_minor, row.currency)} ${row.currency}`;
  return {
    id: newId(),
    customerId: row.customer_id,
    kind: 'call',
    assigneeId: row.collector_id,
    dueOn: today,
    title: `Promise broken: ${amount} promised by ${row.promised_on}, ${formatAmount(row.paid_minor, row.currency)} paid`,
    invoiceIds: row.invoice_ids,
    source: 'promise_broken',
    createdBy: actor.id,
  };
}

function brokenPlanTask(
  row: PlanFigures,
  decision: PlanDecision & { status: 'broken' },
  actor: Actor,
  today: CalendarDate,
): TaskRowInput {
  const missed = decision.missed;
  return {
    id: newId(),
    customerId: row.customer_id,
    kind: 'call',
    assigneeId: row.collector_id,
    dueOn: today,
    title:
      `Payment plan broken: installment ${missed.position} of ${formatAmount(missed.amountMinor, row.currency)} ${row.currency} ` +
      `due ${missed.dueOn} has ${formatAmount(missed.remainingMinor, row.currency)} unpaid`,
    invoiceIds: row.invoice_ids,
    source: 'plan_broken',
    createdBy: actor.id,
  };
}

async function decidePromises(
  db: Db,
  actor: Actor,
  today: CalendarDate,
  customerIds: readonly string[] | undefined,
  scope: Scope,
) {
  const decided: Decided<PromiseFigures>[] = [];
  for (const row of await openPromiseFigures(db, actor.orgId, customerIds)) {
    const status = decidePromise(
      {
        amountMinor: row.amount_minor,
        madeOn: row.made_on as CalendarDate,
        promisedOn: row.promised_on as CalendarDate,
      },
      row.paid_minor,
      today,
    );
    if (status === 'kept' || (status === 'broken' && scope === 'all')) {
      decided.push({
        row,
        status,
        task: status === 'broken' ? brokenPromiseTask(row, actor, today) : null,
      });
    }
  }
  const changed = await decidePromiseRows(
    db,
    actor.orgId,
    decided.map(({ row, status }) => ({ id: row.id, status: status as 'kept' | 'broken' })),
    today,
  );
  return decided.filter(({ row }) => changed.has(row.id));
}

async function decidePlans(
  db: Db,
  actor: Actor,
  today: CalendarDate,
  customerIds: readonly string[] | undefined,
  scope: Scope,
) {
  const rows = await activePlanFigures(db, actor.orgId, customerIds);
  const installments = await planInstallments(
    db,
    actor.orgId,
    rows.map((row) => row.id),
  );
  const decided: Decided<PlanFigures>[] = [];
  for (const row of rows) {
    const decision = decidePlan(installments.get(row.id) ?? [], row.paid_minor, today);
    if (decision.status === 'completed' || (decision.status === 'broken' && scope === 'all')) {
      decided.push({
        row,
        status: decision.status,
        task: decision.status === 'broken' ? brokenPlanTask(row, decision, actor, today) : null,
      });
    }
  }
  const changed = await decidePlanRows(
    db,
    actor.orgId,
    decided.map(({ row, status }) => ({ id: row.id, status: status as 'completed' | 'broken' })),
    today,
  );
  return decided.filter(({ row }) => changed.has(row.id));
}

function auditEvents(
  entityType: 'promise' | 'payment_plan',
  decided: readonly Decided<PromiseFigures | PlanFigures>[],
  today: CalendarDate,
): AuditEvent[] {
  return decided.flatMap(({ row, status, task }) => [
    {
      action: `${entityType}.${status}`,
      entityType,
      entityId: row.id,
      before: { status: entityType === 'promise' ? 'open' : 'active' },
      after: { status, decided_on: today, paid_minor: row.paid_minor },
    },
    ...(task
      ? [
          {
            action: 'collection_task.created',
            entityType: 'collection_task',
            entityId: task.id,
            after: task,
          },
        ]
      : []),
  ]);
}

const nothingReviewed: CommitmentReview = {
  promisesKept: 0,
  promisesBroken: 0,
  plansCompleted: 0,
  plansBroken: 0,
  tasksCreated: 0,
};

function count(decided: readonly Decided<unknown>[], status: string): number {
  return decided.filter((entry) => entry.status === status).length;
}

async function review(
  db: Db,
  tx: Tx | null,
  actor: Actor,
  today: CalendarDate,
  customerIds: readonly string[] | undefined,
  scope: Scope,
): Promise<CommitmentReview> {
  if (customerIds !== undefined && customerIds.length === 0) return nothingReviewed;
  const promises = await decidePromises(db, actor, today, customerIds, scope);
  const plans = await decidePlans(db, actor, today, customerIds, scope);
  const tasks = [...promises, ...plans].flatMap(({ task }) => (task ? [task] : []));
  if (tasks.length > 0) {
    // Only a full review breaks commitments (and makes their tasks), and it has the transaction.
    if (tx === null) throw new Error('Tasks for broken commitments need the review transaction.');
    await addTasks(
      tx,
      actor.orgId,
      tasks.map((task) => ({ ...task, notes: null, documentId: null, runId: null })),
    );
  }
  await recordAudit(db, actor, [
    ...auditEvents('promise', promises, today),
    ...auditEvents('payment_plan', plans, today),
  ]);
  return {
    promisesKept: count(promises, 'kept'),
    promisesBroken: count(promises, 'broken'),
    plansCompleted: count(plans, 'completed'),
    plansBroken: count(plans, 'broken'),
    tasksCreated: tasks.length,
  };
}

/**
 * Decides open promises and active plans of the organization (or of the given customers) as of
 * `today` inside the caller's transaction: kept or broken promises, completed or broken plans,
 * a call task for the customer's collector for each broken one, and audit events. A constant
 * number of statements whatever the number of customers: one read of the open promises with
 * their paid sums, one of the active plans and one of their installments, one update each, one
 * insert of tasks and one of audit events. Only what is still open is changed, so two reviews
 * racing decide each commitment once.
 */
export async function reviewCommitments(
  tx: Tx,
  actor: Actor,
  today: CalendarDate,
  customerIds?: readonly string[],
): Promise<CommitmentReview> {
  return review(tx.db, tx, actor, today, customerIds, 'all');
}

/**
 * The part of a review a payment can cause: promises kept and plans completed by money just
 * applied, for the customers it was applied for. Run by postApplications in its transaction,
 * through the hook in commitments.hooks.ts, so a promise is kept the moment the payment is
 * posted; nothing is broken here, because a payment posted today with an old date must not break
 * another promise as a side effect.
 */
export async function reviewCommitmentsFulfilled(
  db: Db,
  actor: Actor,
  today: CalendarDate,
  customerIds: readonly string[],
): Promise<CommitmentReview> {
  if (!(await anyOpenCommitments(db, actor.orgId, customerIds))) return nothingReviewed;
  return review(db, null, actor, today, customerIds, 'fulfilled');
}
