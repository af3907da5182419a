import { now } from '../core/clock.js';
import { sql } from 'kysely';
import type { CalendarDate } from '../core/calendar-date.js';
import type { Db } from '../platform/db/database.js';
import {
  paginate,
  sortKeySelection,
  type PageRequest,
  type SortSpec,
} from '../platform/db/pagination.js';
import {
  unitOf,
  type Goal,
  type GoalDirection,
  type GoalMetric,
  type GoalScope,
  type GoalTerms,
} from './goal.js';

function targetColumns(terms: GoalTerms) {
  // A ratio's hundredths as the numeric(14,2) text "4000" → "40.00"; money stays minor units.
  if (unitOf(terms.metric) === 'money')
    return { target_value: null, target_minor: terms.targetUnits };
  const digits = terms.targetUnits.toString().padStart(3, '0');
  return { target_value: `${digits.slice(0, -2)}.${digits.slice(-2)}`, target_minor: null };
}

function termColumns(terms: GoalTerms) {
  return {
    name: terms.name,
    metric: terms.metric,
    currency: terms.currency,
    direction: terms.direction,
    ...targetColumns(terms),
    owner_id: terms.ownerId,
    starts_on: terms.startsOn,
    deadline: terms.deadline,
    scope: terms.scope,
    customer_id: terms.customerId,
    collector_id: terms.collectorId,
    tag: terms.tag,
    window_days: terms.windowDays,
  };
}

const goalColumns = [
  'id',
  'name',
  'metric',
  'currency',
  'direction',
  'target_value',
  'target_minor',
  'owner_id',
  'starts_on',
  'deadline',
  'scope',
  'customer_id',
  'collector_id',
  'tag',
  'window_days',
  'created_by',
  'created_at',
  'updated_at',
  'archived_at',
] as const;

type GoalRow = {
  id: string;
  name: string | null;
  metric: string;
  currency: string;
  direction: string;
  target_value: string | null;
  target_minor: bigint | null;
  owner_id: string;
  starts_on: string;
  deadline: string;
  scope: string;
  customer_id: string | null;
  collector_id: string | null;
  tag: string | null;
  window_days: number;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
  archived_at: Date | null;
};

/** numeric(14,2) arrives as a decimal string such as "40.00" (never more than two decimals). */
function hundredthsOf(text: string): bigint {
  const [whole, fraction = ''] = text.split('.');
  return BigInt(whole!) * 100n + BigInt(fraction.padEnd(2, '0').slice(0, 2));
}

function goalOf(row: GoalRow): Goal {
  return {
    id: row.id,
    name: row.name,
    metric: row.metric as GoalMetric,
    currency: row.currency,
    targetUnits: row.target_minor ?? hundredthsOf(row.target_value!),
    direction: row.direction as GoalDirection,
    ownerId: row.owner_id,
    startsOn: row.starts_on as CalendarDate,
    deadline: row.deadline as CalendarDate,
    scope: row.scope as GoalScope,
    customerId: row.customer_id,
    collectorId: row.collector_id,
    tag: row.tag,
    windowDays: row.window_days,
    createdBy: row.created_by,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
    archivedAt: row.archived_at === null ? null : new Date(row.archived_at),
  };
}

export async function insertGoal(
  db: Db,
  orgId: string,
  id: string,
  terms: GoalTerms,
  createdBy: string | null,
): Promise<void> {
  await db
    .insertInto('goals')
    .values({ org_id: orgId, id, ...termColumns(terms), created_by: createdBy })
    .execute();
}

export async function updateGoalRow(
  db: Db,
  orgId: string,
  id: string,
  terms: GoalTerms,
): Promise<void> {
  await db
    .updateTable('goals')
    .set({ ...termColumns(terms), updated_at: now() })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .execute();
}

export async function archiveGoalRow(db: Db, orgId: string, id: string): Promise<void> {
  await db
    .updateTable('goals')
    .set({ archived_at: now(), updated_at: now() })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .execute();
}

export async function findGoal(
  db: Db,
  orgId: string,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<Goal | undefined> {
  let query = db
    .selectFrom('goals')
    .select(goalColumns)
    .where('org_id', '=', orgId)
    .where('id', '=', id);
  if (options.forUpdate) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  return row === undefined ? undefined : goalOf(row as GoalRow);
}

const goalSort: SortSpec = { expression: 'goals.deadline', idColumn: 'goals.id', cast: 'date' };

export interface GoalFilter {
  readonly ownerId?: string | undefined;
  readonly includeArchived?: boolean | undefined;
}

/** Goals by deadline, soonest first; archived ones only when asked for. */
export async function listGoalRows(db: Db, orgId: string, filter: GoalFilter, page: PageRequest) {
  let query = db
    .selectFrom('goals')
    .select(goalColumns)
    .select(sortKeySelection(goalSort))
    .where('org_id', '=', orgId);
  if (!filter.includeArchived) query = query.where('archived_at', 'is', null);
  if (filter.ownerId !== undefined) query = query.where('owner_id', '=', filter.ownerId);
  const result = await paginate(query, goalSort, page);
  return {
    items: result.items.map((row) => goalOf(row as GoalRow)),
    nextCursor: result.nextCursor,
  };
}

/** Names for the goals' owners, for lists. */
export async function userNames(
  db: Db,
  orgId: string,
  ids: readonly string[],
): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('users')
    .select(['id', 'name'])
    .where('org_id', '=', orgId)
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return new Map(rows.map((row) => [row.id, row.name]));
}

export async function baseCurrencyOf(db: Db, orgId: string): Promise<string> {
  const row = await db
    .selectFrom('organizations')
    .select('base_currency')
    .where('id', '=', orgId)
    .executeTakeFirstOrThrow();
  return row.base_currency;
}
