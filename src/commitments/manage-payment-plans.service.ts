import type { Actor } from '../core/actor.js';
import { parseCalendarDate, type CalendarDate } from '../core/calendar-date.js';
import { AppError, unwrap } from '../core/errors.js';
import { isId, newId } from '../core/ids.js';
import { formatAmount } from '../core/money.js';
import { organizationToday } from '../organizations/find-organization.service.js';
import { recordAudit } from '../platform/audit/audit.sql.js';
import type { Database, Db } from '../platform/db/database.js';
import {
  cancelPlanRow,
  findPlan,
  insertPlan,
  invoicesInActivePlans,
  listPlanRows,
  openMinorBefore,
  planInstallments,
  planPaidMinor,
  type PlanDetail,
  type PlanRow,
} from './commitments.sql.js';
import { planView } from './commitments.view.js';
import {
  checkInvoicesOf,
  checkListQuery,
  loadCustomer,
  type CommitmentListQuery,
} from './manage-promises.service.js';
import {
  installmentProgress,
  parseSchedule,
  planStatuses,
  type Installment,
  type ScheduleInput,
} from './payment-plan.js';
import { parseNotes } from './promise.js';

export interface PlanRequest extends ScheduleInput {
  readonly customerId: string;
  readonly invoiceIds: readonly string[];
  /** The day the plan was agreed (default today, never later): payments count from it. */
  readonly startsOn?: string | undefined;
  readonly notes?: string | null | undefined;
}

async function detail(
  db: Db,
  orgId: string,
  plan: PlanRow,
  asOf: CalendarDate,
): Promise<PlanDetail> {
  const installments = (await planInstallments(db, orgId, [plan.id])).get(plan.id) ?? [];
  return {
    plan,
    asOf,
    installments: installmentProgress(installments, await planPaidMinor(db, orgId, plan.id), asOf),
  };
}

function parseStartsOn(text: string | undefined, today: CalendarDate): CalendarDate {
  if (text === undefined) return today;
  const startsOn = unwrap(parseCalendarDate(text, 'starts_on'));
  // A later start would leave payments made before it outside the plan, so it could never complete.
  if (startsOn > today)
    throw new AppError(
      'invalid',
      'starts_on_in_future',
      `A plan starts once agreed; ${startsOn} is after today (${today}).`,
      'starts_on',
    );
  return startsOn;
}

async function checkNotPlanned(
  db: Db,
  orgId: string,
  invoiceIds: readonly string[],
): Promise<void> {
  const planned = await invoicesInActivePlans(db, orgId, invoiceIds);
  const index = invoiceIds.findIndex((id) => planned.has(id));
  if (index >= 0)
    throw new AppError(
      'conflict',
      'invoice_in_active_plan',
      'The invoice is already covered by an active payment plan.',
      `invoice_ids[${index}]`,
    );
}

/**
 * Agrees a payment plan over some open invoices of one customer and currency. It covers what
 * they had open when it starts; the installments are given (and must sum to that exactly) or
 * split evenly, with an optional down payment due on the start day.
 * Codes: customer_not_found, invoice_ids_required, the invoice codes of checkInvoicesOf,
 * invoice_in_active_plan, date_invalid, starts_on_in_future, nothing_to_plan, text_too_long, and
 * the schedule codes of parseSchedule (schedule_conflict, installments_required,
 * installment_count_invalid, installments_sum_mismatch, installment_dates_out_of_order,
 * first_due_on_required, first_due_on_too_early, every_days_invalid, interval_conflict,
 * down_payment_too_large, down_payment_not_first, amount_invalid, amount_too_precise,
 * amount_not_positive).
 */
export async function createPlan(
  database: Database,
  actor: Actor,
  request: PlanRequest,
): Promise<PlanDetail> {
  return database.transaction(async ({ db }) => {
    const customer = await loadCustomer(db, actor.orgId, request.customerId);
    if (request.invoiceIds.length === 0)
      throw new AppError(
        'invalid',
        'invoice_ids_required',
        'A plan covers at least one invoice.',
        'invoice_ids',
      );
    const covered = await checkInvoicesOf(db, actor.orgId, customer.id, request.invoiceIds);
    await checkNotPlanned(db, actor.orgId, request.invoiceIds);
    const today = await organizationToday(db, actor.orgId);
    const startsOn = parseStartsOn(request.startsOn, today);
    const totalMinor = await openMinorBefore(db, actor.orgId, request.invoiceIds, startsOn);
    if (totalMinor <= 0n)
      throw new AppError(
        'invalid',
        'nothing_to_plan',
        `The invoices had nothing open on ${startsOn}.`,
        'starts_on',
      );
    const installments: Installment[] = unwrap(
      parseSchedule(request, covered.currency, totalMinor, startsOn),
    );
    const notes = unwrap(parseNotes(request.notes, 'notes'));
    const id = newId();
    await insertPlan(
      db,
      actor.orgId,
      {
        id,
        customerId: customer.id,
        currency: covered.currency,
        totalMinor,
        invoiceIds: request.invoiceIds,
        startsOn,
        notes,
        createdBy: actor.id,
      },
      installments,
    );
    const plan = (await findPlan(db, actor.orgId, id))!;
    const schedule = installments.map((installment) => ({
      ...installment,
      amount: formatAmount(installment.amountMinor, covered.currency),
    }));
    await recordAudit(db, actor, [
      {
        action: 'payment_plan.created',
        entityType: 'payment_plan',
        entityId: id,
        after: { ...planView(plan), installments: schedule },
      },
    ]);
    return detail(db, actor.orgId, plan, today);
  });
}

async function loadPlan(db: Db, orgId: string, id: string, forUpdate = false): Promise<PlanRow> {
  const plan = isId(id) ? await findPlan(db, orgId, id, { forUpdate }) : undefined;
  if (!plan) throw AppError.notFound('payment_plan', 'id');
  return plan;
}

/**
 * A plan with its installments and, as of a date (default today), what each has been paid, what
 * remains and whether it is paid, due, missed or upcoming. Codes: payment_plan_not_found.
 */
export async function getPlan(
  database: Database,
  actor: Actor,
  id: string,
  options: { asOf?: CalendarDate | undefined } = {},
): Promise<PlanDetail> {
  const plan = await loadPlan(database.db, actor.orgId, id);
  return detail(
    database.db,
    actor.orgId,
    plan,
    options.asOf ?? (await organizationToday(database.db, actor.orgId)),
  );
}

/** Plans, newest first. Codes: status_invalid, customer_id_invalid, limit_invalid, cursor_invalid. */
export async function listPlans(database: Database, actor: Actor, query: CommitmentListQuery = {}) {
  checkListQuery(query, planStatuses);
  const page = await listPlanRows(database.db, actor.orgId, query, {
    limit: query.limit,
    cursor: query.cursor,
  });
  return { items: page.items as PlanRow[], nextCursor: page.nextCursor };
}

/** Ends an active plan by agreement; follow-up resumes. Codes: payment_plan_not_found, payment_plan_not_active. */
export async function cancelPlan(
  database: Database,
  actor: Actor,
  id: string,
): Promise<PlanDetail> {
  return database.transaction(async ({ db }) => {
    const before = await loadPlan(db, actor.orgId, id, true);
    if (before.status !== 'active')
      throw new AppError(
        'conflict',
        'payment_plan_not_active',
        `The plan is ${before.status}.`,
        'id',
      );
    const today = await organizationToday(db, actor.orgId);
    await cancelPlanRow(db, actor.orgId, before.id, today);
    const after = (await findPlan(db, actor.orgId, before.id))!;
    await recordAudit(db, actor, [
      {
        action: 'payment_plan.cancelled',
        entityType: 'payment_plan',
        entityId: before.id,
        before: planView(before),
        after: planView(after),
      },
    ]);
    return detail(db, actor.orgId, after, today);
  });
}
