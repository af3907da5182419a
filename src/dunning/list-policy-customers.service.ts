import type { Actor } from '../core/actor.js';
import { AppError } from '../core/errors.js';
import type { Database } from '../platform/db/database.js';
import type { Page, PageRequest } from '../platform/db/pagination.js';
import { findPolicyRow, listCustomersOnPolicy } from './policy.sql.js';

export interface PolicyCustomer {
  readonly id: string;
  readonly ref: string;
  readonly name: string;
  /** false: the customer has no policy of its own and follows the default. */
  readonly assigned: boolean;
}

/**
 * The customers a policy follows up, a page at a time by name: the ones assigned to it, and for
 * the default policy also every customer without a policy of its own.
 * Codes: collection_policy_not_found, cursor_invalid, limit_invalid.
 */
export async function listPolicyCustomers(
  database: Database,
  actor: Actor,
  policyId: string,
  page: PageRequest,
): Promise<Page<PolicyCustomer>> {
  return database.transaction(async ({ db }) => {
    const policy = await findPolicyRow(db, actor.orgId, policyId);
    if (!policy) throw AppError.notFound('collection_policy');
    const rows = await listCustomersOnPolicy(
      db,
      actor.orgId,
      { id: policy.id, isDefault: policy.is_default && policy.archived_at === null },
      page,
    );
    return {
      items: rows.items.map((row) => ({
        id: row.id,
        ref: row.ref,
        name: row.name,
        assigned: row.policy_id !== null,
      })),
      nextCursor: rows.nextCursor,
    };
  });
}
