import { now } from '../core/clock.js';
import type { Actor } from '../core/actor.js';
import { AppError, unwrap } from '../core/errors.js';
import { isId, newId } from '../core/ids.js';
import { findCustomer } from '../customers/find-customer.service.js';
import { organizationToday } from '../organizations/find-organization.service.js';
import { recordAudit } from '../platform/audit/audit.sql.js';
import type { Database } from '../platform/db/database.js';
import { parseCompletion, parseTaskTitle, taskView, type TaskDetail } from './task.js';
import { closeTaskRow, findTask, insertTasks } from './task.sql.js';

/** A call that has just taken place, as the collector tells it. */
export interface CallLog {
  readonly outcome: string;
  readonly notes?: string | null | undefined;
}

/**
 * Records a call made today with its outcome and notes: a call task that is done the moment it
 * is written, so that the call is on the customer's timeline and counts as the last contact. One
 * transaction rather than "add a task, then complete it", so that a call is never left behind
 * as an open task when the second step fails. Codes: customer_not_found, task_outcome_required,
 * task_outcome_invalid, notes_too_long.
 */
export async function logCall(
  database: Database,
  actor: Actor,
  customerId: string,
  call: CallLog,
): Promise<TaskDetail> {
  const done = unwrap(parseCompletion({ kind: 'call', status: 'open' }, call.outcome, call.notes));
  return database.transaction(async (tx) => {
    const { db } = tx;
    const customer = isId(customerId) ? await findCustomer(db, actor.orgId, customerId) : undefined;
    if (!customer) throw AppError.notFound('customer', 'id');
    const id = newId();
    // One instant for both: the timeline shows a task created and completed at once only as done.
    const at = now();
    await insertTasks(
      tx,
      actor.orgId,
      [
        {
          id,
          customerId: customer.id,
          kind: 'call',
          title: unwrap(parseTaskTitle(null, 'call')),
          assigneeId: actor.id,
          dueOn: await organizationToday(db, actor.orgId),
          notes: done.notes,
          invoiceIds: [],
          source: 'manual',
          createdBy: actor.id,
          documentId: null,
          runId: null,
        },
      ],
      at,
    );
    await closeTaskRow(db, actor.orgId, id, {
      status: 'done',
      outcome: done.outcome,
      notes: done.notes,
      by: actor.id,
      at,
    });
    const logged = (await findTask(db, actor.orgId, id))!;
    await recordAudit(db, actor, [
      {
        action: 'call.logged',
        entityType: 'collection_task',
        entityId: id,
        after: taskView(logged),
      },
    ]);
    return logged;
  });
}
