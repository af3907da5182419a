import { sql } from 'kysely';
import type { Db } from '../platform/db/database.js';
import { now } from '../core/clock.js';
import {
  paginate,
  sortKeySelection,
  type PageRequest,
  type SortSpec,
} from '../platform/db/pagination.js';

export interface PolicyRow {
  id: string;
  name: string;
  steps: unknown;
  is_default: boolean;
  created_at: Date;
  updated_at: Date;
  archived_at: Date | null;
}

const policyColumns = [
  'id',
  'name',
  'steps',
  'is_default',
  'created_at',
  'updated_at',
  'archived_at',
] as const;

export async function listPolicyRows(
  db: Db,
  orgId: string,
  options: { includeArchived?: boolean } = {},
): Promise<PolicyRow[]> {
  let query = db
    .selectFrom('collection_policies')
    .select(policyColumns)
    .where('org_id', '=', orgId);
  if (!options.includeArchived) query = query.where('archived_at', 'is', null);
  return (await query.orderBy('is_default', 'desc').orderBy('name').execute()) as PolicyRow[];
}

export async function findPolicyRow(
  db: Db,
  orgId: string,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<PolicyRow | undefined> {
  let query = db
    .selectFrom('collection_policies')
    .select(policyColumns)
    .where('org_id', '=', orgId)
    .where('id', '=', id);
  if (options.forUpdate) query = query.forUpdate();
  return (await query.executeTakeFirst()) as PolicyRow | undefined;
}

export async function findPolicyByName(
  db: Db,
  orgId: string,
  name: string,
): Promise<PolicyRow | undefined> {
  return (await db
    .selectFrom('collection_policies')
    .select(policyColumns)
    .where('org_id', '=', orgId)
    .where('archived_at', 'is', null)
    .where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase()))
    .executeTakeFirst()) as PolicyRow | undefined;
}

export async function insertPolicy(
  db: Db,
  orgId: string,
  row: { id: string; name: string; steps: unknown; isDefault: boolean },
): Promise<void> {
  await db
    .insertInto('collection_policies')
    .values({
      org_id: orgId,
      id: row.id,
      name: row.name,
      steps: JSON.stringify(row.steps),
      is_default: row.isDefault,
    })
    .execute();
}

export async function updatePolicyRow(
  db: Db,
  orgId: string,
  id: string,
  changes: { name: string; steps: unknown },
): Promise<void> {
  await db
    .updateTable('collection_policies')
    .set({ name: changes.name, steps: JSON.stringify(changes.steps), updated_at: now() })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .execute();
}

/** Makes one policy the default: the old default loses the flag first, for the unique index. */
export async function setDefaultPolicy(db: Db, orgId: string, id: string): Promise<void> {
  await db
    .updateTable('collection_policies')
    .set({ is_default: false })
    .where('org_id', '=', orgId)
    .where('is_default', '=', true)
    .execute();
  await db
    .updateTable('collection_policies')
    .set({ is_default: true, updated_at: now() })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .execute();
}

export async function archivePolicyRow(db: Db, orgId: string, id: string): Promise<void> {
  await db
    .updateTable('collection_policies')
    .set({ archived_at: now(), updated_at: now() })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .execute();
}

export async function customersOnPolicy(db: Db, orgId: string, policyId: string): Promise<number> {
  const row = await db
    .selectFrom('customers')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .where('org_id', '=', orgId)
    .where('policy_id', '=', policyId)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export async function hasPolicies(db: Db, orgId: string): Promise<boolean> {
  const row = await db
    .selectFrom('collection_policies')
    .select('id')
    .where('org_id', '=', orgId)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Policy set-up and collections runs of one organization go one at a time. An advisory lock
 * rather than a row lock on the organization: FOR UPDATE there would also wait for every insert
 * whose foreign key points at the organization.
 */
export async function lockOrganizationCollections(db: Db, orgId: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`collections:${orgId}`}, 0))`.execute(
    db,
  );
}

const policyCustomerSort: SortSpec = {
  expression: 'customers.name',
  idColumn: 'customers.id',
  cast: 'text',
};

/**
 * The customers a policy follows up, by name: those assigned to it, and for the default also those
 * with no policy of their own.
 */
export async function listCustomersOnPolicy(
  db: Db,
  orgId: string,
  policy: { id: string; isDefault: boolean },
  page: PageRequest,
) {
  const query = db
    .selectFrom('customers')
    .select(['customers.id', 'customers.ref', 'customers.name', 'customers.policy_id'])
    .select(sortKeySelection(policyCustomerSort))
    .where('customers.org_id', '=', orgId)
    .where((eb) =>
      policy.isDefault
        ? eb.or([eb('customers.policy_id', '=', policy.id), eb('customers.policy_id', 'is', null)])
        : eb('customers.policy_id', '=', policy.id),
    );
  return paginate(query, policyCustomerSort, page);
}
