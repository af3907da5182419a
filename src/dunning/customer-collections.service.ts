import type { Actor } from '../core/actor.js';
import { parseCalendarDate, type CalendarDate } from '../core/calendar-date.js';
import { AppError, unwrap } from '../core/errors.js';
import { limits } from '../core/limits.js';
import { recordAudit } from '../platform/audit/audit.sql.js';
import type { Database } from '../platform/db/database.js';
import {
  readCustomerCollections as readSettings,
  updateCustomerCollectionsRow,
  type CustomerCollections,
} from './customer-collections.sql.js';
import { ensureDefaultPolicies } from './manage-policies.service.js';
import { findPolicyRow } from './policy.sql.js';

export type { CustomerCollections };

export interface CustomerCollectionsChanges {
  /** null: follow the organization's default policy. */
  readonly policyId?: string | null | undefined;
  readonly paused?: boolean | undefined;
  /** The day follow-up resumes by itself; null: until resumed by hand. */
  readonly pausedUntil?: string | null | undefined;
  readonly pauseReason?: string | null | undefined;
}

/** Codes: customer_not_found. */
export async function getCustomerCollections(
  database: Database,
  actor: Actor,
  customerId: string,
): Promise<CustomerCollections> {
  return database.transaction(async ({ db }) => {
    await ensureDefaultPolicies(db, actor);
    const settings = await readSettings(db, actor.orgId, customerId);
    if (!settings) throw AppError.notFound('customer');
    return settings;
  });
}

/**
 * Assigns a policy or pauses and resumes follow-up for a customer. Resuming clears the date and
 * the reason. Codes: customer_not_found, collection_policy_not_found, date_invalid, text_too_long.
 */
export async function updateCustomerCollections(
  database: Database,
  actor: Actor,
  customerId: string,
  changes: CustomerCollectionsChanges,
): Promise<CustomerCollections> {
  const pausedUntil = changes.pausedUntil
    ? unwrap(parseCalendarDate(changes.pausedUntil, 'paused_until'))
    : changes.pausedUntil === undefined
      ? undefined
      : null;
  const reason = changes.pauseReason?.trim() || null;
  if (reason && reason.length > limits.textLengthMax)
    throw new AppError(
      'invalid',
      'text_too_long',
      `At most ${limits.textLengthMax} characters.`,
      'pause_reason',
    );
  return database.transaction(async ({ db }) => {
    await ensureDefaultPolicies(db, actor);
    const before = await readSettings(db, actor.orgId, customerId);
    if (!before) throw AppError.notFound('customer');
    if (changes.policyId) {
      const policy = await findPolicyRow(db, actor.orgId, changes.policyId);
      if (!policy || policy.archived_at) throw AppError.notFound('collection_policy', 'policy_id');
    }
    const paused =
      changes.paused ?? (pausedUntil !== undefined && pausedUntil !== null ? true : before.paused);
    await updateCustomerCollectionsRow(db, actor.orgId, customerId, {
      policyId: changes.policyId === undefined ? before.policyId : changes.policyId,
      paused,
      pausedUntil: paused ? (pausedUntil === undefined ? before.pausedUntil : pausedUntil) : null,
      pauseReason: paused
        ? changes.pauseReason === undefined
          ? before.pauseReason
          : reason
        : null,
    });
    const after = (await readSettings(db, actor.orgId, customerId))!;
    await recordAudit(db, actor, [
      {
        action: 'customer.collections_changed',
        entityType: 'customer',
        entityId: customerId,
        before,
        after,
      },
    ]);
    return after;
  });
}
