import { findUser, requireUserByEmail } from '../auth/find-user.service.js';
import type { Actor } from '../core/actor.js';
import type { CalendarDate } from '../core/calendar-date.js';
import { AppError, unwrap } from '../core/errors.js';
import { isId, newId } from '../core/ids.js';
import { customerIdsByRef, findCustomer } from '../customers/find-customer.service.js';
import { organizationToday } from '../organizations/find-organization.service.js';
import { recordAudit } from '../platform/audit/audit.sql.js';
import type { Database, Db } from '../platform/db/database.js';
import type { ReportScope } from './aging.sql.js';
import { kpisFor } from './get-kpis.service.js';
import {
  evaluateGoal,
  evaluationDate,
  figureOf,
  goalHistoryDates,
  goalInputOf,
  parseGoalInput,
  type GoalInput,
  parseGoalScope,
  windowStart,
  type Goal,
  type GoalDetail,
  type GoalReport,
  type GoalTerms,
} from './goal.js';
import {
  archiveGoalRow,
  baseCurrencyOf,
  findGoal,
  insertGoal,
  listGoalRows,
  updateGoalRow,
  userNames,
} from './goal.sql.js';
import { goalAuditView } from './goal.view.js';
import type { Kpis } from './kpi.js';

/**
 * A goal as the outside world sets it; references are ids (the CLI resolves e-mails and refs
 * first). The currency defaults to the customer's for a customer's goal, else the organization's
 * base currency.
 */
export type GoalRequest = Omit<GoalInput, 'currency'> & { readonly currency?: string | undefined };

/**
 * What may change on a goal. The metric, currency, scope, window and start are fixed: changing
 * any of them changes what the baseline and history mean, so that is a new goal.
 */
export interface GoalChanges {
  /** null: back to the derived name. */
  readonly name?: string | null | undefined;
  readonly target?: string | undefined;
  readonly deadline?: string | undefined;
  readonly ownerId?: string | undefined;
  readonly direction?: string | undefined;
}

// ---------------------------------------------------------------------------------------------
// Figures

/**
 * The KPIs of one scope, currency and window on a date, through kpisFor: the same code as the KPI
 * report. Goals over the same scope and window share their figures within one request.
 */
class GoalFigures {
  private readonly cache = new Map<string, Promise<Kpis | undefined>>();

  constructor(
    private readonly db: Db,
    private readonly orgId: string,
  ) {}

  private kpisOn(goal: GoalTerms, on: CalendarDate): Promise<Kpis | undefined> {
    const scope: ReportScope = {
      customerId: goal.customerId ?? undefined,
      collectorId: goal.collectorId ?? undefined,
      tag: goal.tag ?? undefined,
      currency: goal.currency,
    };
    const key = JSON.stringify([
      scope.customerId,
      scope.collectorId,
      scope.tag,
      scope.currency,
      goal.windowDays,
      on,
    ]);
    let kpis = this.cache.get(key);
    if (!kpis) {
      kpis = kpisFor(this.db, this.orgId, windowStart(on, goal.windowDays), on, scope, false).then(
        (report) =>
          report.currencies.find((currency) => currency.currency === goal.currency)?.period,
      );
      this.cache.set(key, kpis);
    }
    return kpis;
  }

  async on(
    goal: GoalTerms,
    dates: readonly CalendarDate[],
  ): Promise<Map<CalendarDate, bigint | null>> {
    const figures = await Promise.all(
      dates.map(async (on) => [on, figureOf(goal.metric, await this.kpisOn(goal, on))] as const),
    );
    return new Map(figures);
  }
}

/** Status and figure on min(today, deadline), from the figures on the start and on that date. */
async function summary(
  figures: GoalFigures,
  goal: Goal,
  ownerName: string | null,
  today: CalendarDate,
): Promise<GoalReport> {
  const evaluatedOn = evaluationDate(goal.deadline, today);
  const byDate = await figures.on(goal, [...new Set([goal.startsOn, evaluatedOn])]);
  return {
    goal,
    ownerName,
    evaluation: evaluateGoal(
      goal,
      today,
      byDate.get(goal.startsOn) ?? null,
      byDate.get(evaluatedOn) ?? null,
    ),
  };
}

/** The same with the history, whose first and last points are the baseline and the figure. */
async function detail(
  database: Database,
  orgId: string,
  goal: Goal,
  today: CalendarDate,
): Promise<GoalDetail> {
  const ownerName = (await userNames(database.db, orgId, [goal.ownerId])).get(goal.ownerId) ?? null;
  const evaluatedOn = evaluationDate(goal.deadline, today);
  const dates = goalHistoryDates(goal.startsOn, evaluatedOn);
  const byDate = await new GoalFigures(database.db, orgId).on(goal, dates);
  return {
    goal,
    ownerName,
    evaluation: evaluateGoal(
      goal,
      today,
      byDate.get(goal.startsOn) ?? null,
      byDate.get(evaluatedOn) ?? null,
    ),
    history: dates.map((on) => ({ on, figure: byDate.get(on) ?? null })),
  };
}

// ---------------------------------------------------------------------------------------------
// Checks against the organization's records

async function checkOwner(db: Db, orgId: string, ownerId: string): Promise<void> {
  const user = await findUser(db, orgId, ownerId);
  if (!user)
    throw new AppError(
      'not_found',
      'owner_not_found',
      'The owner is not a user of this organization.',
      'owner_id',
    );
  if (user.disabled_at !== null)
    throw new AppError(
      'invalid',
      'owner_disabled',
      'The user is disabled and cannot own a goal.',
      'owner_id',
    );
}

async function checkScope(db: Db, orgId: string, terms: GoalTerms): Promise<void> {
  if (terms.customerId !== null && !(await findCustomer(db, orgId, terms.customerId)))
    throw AppError.notFound('customer', 'customer_id');
  // A disabled collector may still have customers, so a goal over them stays meaningful.
  if (terms.collectorId !== null && !(await findUser(db, orgId, terms.collectorId)))
    throw AppError.notFound('collector', 'collector_id');
}

/** KPIs are per currency: a customer's goal is in the customer's currency unless another is named. */
async function defaultCurrency(
  db: Db,
  orgId: string,
  customerId: string | undefined,
): Promise<string> {
  if (customerId !== undefined && isId(customerId)) {
    const customer = await findCustomer(db, orgId, customerId);
    if (customer) return customer.currency;
  }
  return baseCurrencyOf(db, orgId);
}

async function loadGoal(db: Db, orgId: string, id: string, forUpdate = false): Promise<Goal> {
  const goal = isId(id) ? await findGoal(db, orgId, id, { forUpdate }) : undefined;
  if (!goal) throw AppError.notFound('goal', 'id');
  return goal;
}

// ---------------------------------------------------------------------------------------------
// Use cases

/**
 * Sets a goal. Codes: those of parseGoalInput (goal_metric_unknown, goal_target_invalid,
 * goal_deadline_invalid, …), customer_not_found, collector_not_found, owner_not_found,
 * owner_disabled.
 */
export async function createGoal(
  database: Database,
  actor: Actor,
  request: GoalRequest,
): Promise<GoalDetail> {
  const today = await organizationToday(database.db, actor.orgId);
  // The scope is checked first: the currency's default, and so the target's unit, depend on it.
  unwrap(parseGoalScope(request));
  const goal = await database.transaction(async ({ db }) => {
    const currency =
      request.currency ?? (await defaultCurrency(db, actor.orgId, request.customerId));
    const terms = unwrap(parseGoalInput({ ...request, currency }, today));
    await checkScope(db, actor.orgId, terms);
    await checkOwner(db, actor.orgId, terms.ownerId);
    const id = newId();
    await insertGoal(db, actor.orgId, id, terms, actor.id);
    const created = (await findGoal(db, actor.orgId, id))!;
    await recordAudit(db, actor, [
      { action: 'goal.created', entityType: 'goal', entityId: id, after: goalAuditView(created) },
    ]);
    return created;
  });
  return detail(database, actor.orgId, goal, today);
}

/**
 * Changes a goal's name, target, deadline, owner or direction, checked as on creation; the owner
 * only when it changes, so that a disabled owner does not block other changes.
 * Codes: goal_not_found, goal_archived, those of createGoal.
 */
export async function updateGoal(
  database: Database,
  actor: Actor,
  id: string,
  changes: GoalChanges,
): Promise<GoalDetail> {
  const today = await organizationToday(database.db, actor.orgId);
  const goal = await database.transaction(async ({ db }) => {
    const before = await loadGoal(db, actor.orgId, id, true);
    if (before.archivedAt !== null)
      throw new AppError(
        'conflict',
        'goal_archived',
        'The goal is archived and cannot change.',
        'id',
      );
    const given = Object.fromEntries(
      Object.entries(changes).filter(([, value]) => value !== undefined),
    );
    // The start stays as it was, even though a start after today would be refused on creation.
    const terms = unwrap(
      parseGoalInput(
        { ...goalInputOf(before), ...given },
        before.startsOn > today ? before.startsOn : today,
      ),
    );
    if (terms.ownerId !== before.ownerId) await checkOwner(db, actor.orgId, terms.ownerId);
    const unchanged =
      terms.name === before.name &&
      terms.targetUnits === before.targetUnits &&
      terms.deadline === before.deadline &&
      terms.ownerId === before.ownerId &&
      terms.direction === before.direction;
    if (unchanged) return before;
    await updateGoalRow(db, actor.orgId, before.id, terms);
    const after = (await findGoal(db, actor.orgId, before.id))!;
    await recordAudit(db, actor, [
      {
        action: 'goal.updated',
        entityType: 'goal',
        entityId: before.id,
        before: goalAuditView(before),
        after: goalAuditView(after),
      },
    ]);
    return after;
  });
  return detail(database, actor.orgId, goal, today);
}

/**
 * Archives a goal: it leaves the list but stays readable, and its audit trail keeps its row.
 * Archiving an archived goal changes nothing. Codes: goal_not_found.
 */
export async function archiveGoal(database: Database, actor: Actor, id: string): Promise<void> {
  await database.transaction(async ({ db }) => {
    const before = await loadGoal(db, actor.orgId, id, true);
    if (before.archivedAt !== null) return;
    await archiveGoalRow(db, actor.orgId, before.id);
    const after = (await findGoal(db, actor.orgId, before.id))!;
    await recordAudit(db, actor, [
      {
        action: 'goal.archived',
        entityType: 'goal',
        entityId: before.id,
        before: goalAuditView(before),
        after: goalAuditView(after),
      },
    ]);
  });
}

export interface GoalQuery {
  /** Evaluate as if today were this date (default: today in the organization's time zone). */
  readonly asOf?: CalendarDate | undefined;
}

/** One goal with its status, progress and history. Codes: goal_not_found. */
export async function getGoal(
  database: Database,
  actor: Actor,
  id: string,
  query: GoalQuery = {},
): Promise<GoalDetail> {
  const goal = await loadGoal(database.db, actor.orgId, id);
  const today = query.asOf ?? (await organizationToday(database.db, actor.orgId));
  return detail(database, actor.orgId, goal, today);
}

export interface GoalListQuery extends GoalQuery {
  readonly ownerId?: string | undefined;
  readonly includeArchived?: boolean | undefined;
  readonly limit?: number | undefined;
  readonly cursor?: string | undefined;
}

/**
 * The goals, soonest deadline first, each with its status and figure (no history). Status is
 * computed, so it is not a filter. Codes: owner_id_invalid, limit_invalid, cursor_invalid.
 */
export async function listGoals(database: Database, actor: Actor, query: GoalListQuery = {}) {
  if (query.ownerId !== undefined && !isId(query.ownerId)) {
    throw new AppError(
      'invalid',
      'owner_id_invalid',
      `"${query.ownerId}" is not a user id.`,
      'owner_id',
    );
  }
  const page = await listGoalRows(
    database.db,
    actor.orgId,
    { ownerId: query.ownerId, includeArchived: query.includeArchived },
    { limit: query.limit, cursor: query.cursor },
  );
  const today = query.asOf ?? (await organizationToday(database.db, actor.orgId));
  const names = await userNames(
    database.db,
    actor.orgId,
    page.items.map((goal) => goal.ownerId),
  );
  const figures = new GoalFigures(database.db, actor.orgId);
  // One goal at a time: each already runs its few KPI queries side by side, and a long list
  // should not take every connection of the pool.
  const items: GoalReport[] = [];
  for (const goal of page.items)
    items.push(await summary(figures, goal, names.get(goal.ownerId) ?? null, today));
  return { items, nextCursor: page.nextCursor };
}

/** The user with this e-mail, for the CLI. Codes: `${role}_not_found` (owner_not_found, collector_not_found). */
export async function userIdByEmail(
  database: Database,
  actor: Actor,
  email: string,
  role: 'owner' | 'collector',
  field: string,
): Promise<string> {
  return (await requireUserByEmail(database.db, actor.orgId, email, field, `${role}_not_found`)).id;
}

/** The customer with this reference, for the CLI. Codes: customer_not_found. */
export async function customerIdByRef(
  database: Database,
  actor: Actor,
  ref: string,
  field: string,
): Promise<string> {
  const found = (await customerIdsByRef(database.db, actor.orgId, [ref])).get(ref);
  if (!found)
    throw new AppError(
      'not_found',
      'customer_not_found',
      `No customer has the reference "${ref}".`,
      field,
    );
  return found.id;
}
