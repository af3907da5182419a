import type { Actor } from '../core/actor.js';
import { AppError, unwrap } from '../core/errors.js';
import { newId } from '../core/ids.js';
import { recordAudit } from '../platform/audit/audit.sql.js';
import type { Database, Db } from '../platform/db/database.js';
import { firmPolicy, gentlePolicy, standardPolicy, type Policy } from './policy.js';
import { policyFromJson, policyStepsToJson, type StepJson } from './policy-json.js';
import {
  archivePolicyRow,
  customersOnPolicy,
  findPolicyByName,
  findPolicyRow,
  hasPolicies,
  insertPolicy,
  listPolicyRows,
  lockOrganizationCollections,
  setDefaultPolicy,
  updatePolicyRow,
  type PolicyRow,
} from './policy.sql.js';

export interface StoredPolicy {
  readonly id: string;
  readonly isDefault: boolean;
  readonly policy: Policy;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly archivedAt: Date | null;
}

function storedPolicyOf(row: PolicyRow): StoredPolicy {
  // Stored steps were checked on the way in; a failure here is a bug, not bad input.
  const policy = unwrap(policyFromJson(row.name, row.steps as StepJson[]));
  return {
    id: row.id,
    isDefault: row.is_default,
    policy,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    archivedAt: row.archived_at,
  };
}

/**
 * The shipped policies, written into an organization the first time its policies are read or a
 * run needs them: Standard as the default, Gentle and Firm to assign to customers.
 */
export async function ensureDefaultPolicies(db: Db, actor: Actor): Promise<void> {
  if (await hasPolicies(db, actor.orgId)) return;
  await lockOrganizationCollections(db, actor.orgId);
  if (await hasPolicies(db, actor.orgId)) return;
  for (const policy of [standardPolicy, gentlePolicy, firmPolicy]) {
    const id = newId();
    await insertPolicy(db, actor.orgId, {
      id,
      name: policy.name,
      steps: policyStepsToJson(policy),
      isDefault: policy === standardPolicy,
    });
    await recordAudit(db, actor, [
      {
        action: 'collection_policy.created',
        entityType: 'collection_policy',
        entityId: id,
        after: { name: policy.name, steps: policyStepsToJson(policy) },
      },
    ]);
  }
}

export async function listPolicies(database: Database, actor: Actor): Promise<StoredPolicy[]> {
  return database.transaction(async ({ db }) => {
    await ensureDefaultPolicies(db, actor);
    return (await listPolicyRows(db, actor.orgId)).map(storedPolicyOf);
  });
}

/** Codes: collection_policy_not_found. */
export async function getPolicy(
  database: Database,
  actor: Actor,
  id: string,
): Promise<StoredPolicy> {
  const row = await findPolicyRow(database.db, actor.orgId, id);
  if (!row) throw AppError.notFound('collection_policy');
  return storedPolicyOf(row);
}

/** A policy by id or by name (the CLI takes names). Codes: collection_policy_not_found. */
export async function findPolicy(db: Db, actor: Actor, idOrName: string): Promise<StoredPolicy> {
  const byId = /^[0-9a-f-]{36}$/i.test(idOrName)
    ? await findPolicyRow(db, actor.orgId, idOrName)
    : undefined;
  const row = byId ?? (await findPolicyByName(db, actor.orgId, idOrName));
  if (!row || row.archived_at) throw AppError.notFound('collection_policy');
  return storedPolicyOf(row);
}

export interface PolicyInput {
  readonly name: string;
  readonly steps: readonly StepJson[];
  readonly isDefault?: boolean | undefined;
}

async function refuseTakenName(
  db: Db,
  actor: Actor,
  name: string,
  exceptId?: string,
): Promise<void> {
  const taken = await findPolicyByName(db, actor.orgId, name.trim());
  if (taken && taken.id !== exceptId) {
    throw new AppError(
      'conflict',
      'collection_policy_name_taken',
      `There is already a policy named ${taken.name}.`,
      'name',
    );
  }
}

/**
 * Creates a policy. Codes: collection_policy_name_taken and those of policyFromJson
 * (policy_name_required, policy_steps_invalid, policy_step_key_invalid, policy_step_key_taken,
 * policy_step_offset_invalid, policy_step_condition_invalid, policy_step_action_invalid, ...).
 */
export async function createPolicy(
  database: Database,
  actor: Actor,
  input: PolicyInput,
): Promise<StoredPolicy> {
  const policy = unwrap(policyFromJson(input.name, input.steps));
  return database.transaction(async ({ db }) => {
    await ensureDefaultPolicies(db, actor);
    await lockOrganizationCollections(db, actor.orgId);
    await refuseTakenName(db, actor, policy.name);
    const id = newId();
    const steps = policyStepsToJson(policy);
    await insertPolicy(db, actor.orgId, { id, name: policy.name, steps, isDefault: false });
    if (input.isDefault) await setDefaultPolicy(db, actor.orgId, id);
    await recordAudit(db, actor, [
      {
        action: 'collection_policy.created',
        entityType: 'collection_policy',
        entityId: id,
        after: { name: policy.name, steps, isDefault: input.isDefault ?? false },
      },
    ]);
    return storedPolicyOf((await findPolicyRow(db, actor.orgId, id))!);
  });
}

/**
 * Changes a policy's name or steps, or makes it the default. What was done under a step stays
 * done as long as the step keeps its key. Codes: collection_policy_not_found,
 * collection_policy_name_taken, collection_policy_archived, and those of createPolicy.
 */
export async function updatePolicy(
  database: Database,
  actor: Actor,
  id: string,
  input: Partial<PolicyInput>,
): Promise<StoredPolicy> {
  return database.transaction(async ({ db }) => {
    await lockOrganizationCollections(db, actor.orgId);
    const before = await findPolicyRow(db, actor.orgId, id, { forUpdate: true });
    if (!before) throw AppError.notFound('collection_policy');
    if (before.archived_at)
      throw new AppError(
        'conflict',
        'collection_policy_archived',
        `The policy ${before.name} is archived.`,
      );
    const current = storedPolicyOf(before).policy;
    const policy = unwrap(
      policyFromJson(input.name ?? current.name, input.steps ?? policyStepsToJson(current)),
    );
    await refuseTakenName(db, actor, policy.name, id);
    await updatePolicyRow(db, actor.orgId, id, {
      name: policy.name,
      steps: policyStepsToJson(policy),
    });
    if (input.isDefault === true) await setDefaultPolicy(db, actor.orgId, id);
    if (input.isDefault === false && before.is_default) {
      throw new AppError(
        'conflict',
        'collection_policy_default_required',
        'Make another policy the default instead.',
        'is_default',
      );
    }
    const after = (await findPolicyRow(db, actor.orgId, id))!;
    await recordAudit(db, actor, [
      {
        action: 'collection_policy.updated',
        entityType: 'collection_policy',
        entityId: id,
        before,
        after,
      },
    ]);
    return storedPolicyOf(after);
  });
}

/**
 * Archives a policy no customer follows; the default cannot be archived.
 * Codes: collection_policy_not_found, collection_policy_is_default, collection_policy_in_use.
 */
export async function archivePolicy(
  database: Database,
  actor: Actor,
  id: string,
): Promise<StoredPolicy> {
  return database.transaction(async ({ db }) => {
    await lockOrganizationCollections(db, actor.orgId);
    const before = await findPolicyRow(db, actor.orgId, id, { forUpdate: true });
    if (!before || before.archived_at) throw AppError.notFound('collection_policy');
    if (before.is_default)
      throw new AppError(
        'conflict',
        'collection_policy_is_default',
        'Make another policy the default before archiving this one.',
      );
    const users = await customersOnPolicy(db, actor.orgId, id);
    if (users > 0) {
      throw new AppError(
        'conflict',
        'collection_policy_in_use',
        `${users} customers follow this policy; move them to another first.`,
      );
    }
    await archivePolicyRow(db, actor.orgId, id);
    const after = (await findPolicyRow(db, actor.orgId, id))!;
    await recordAudit(db, actor, [
      {
        action: 'collection_policy.archived',
        entityType: 'collection_policy',
        entityId: id,
        before,
        after,
      },
    ]);
    return storedPolicyOf(after);
  });
}
