import type { Actor } from '../core/actor.js';
import { AppError, unwrap } from '../core/errors.js';
import { agingBoundsOf, updateAgingBounds } from './aging-settings.sql.js';
import { recordAudit } from '../platform/audit/audit.sql.js';
import type { Database, Db } from '../platform/db/database.js';
import {
  agingBuckets,
  defaultAgingBucketBounds,
  parseAgingBounds,
  type AgingBasis,
  type AgingBucketBounds,
} from './aging.js';

export async function agingBoundsFor(
  db: Db,
  orgId: string,
  basis: AgingBasis,
): Promise<readonly number[]> {
  const row = await agingBoundsOf(db, orgId);
  const stored = basis === 'due' ? row.aging_due_bounds : row.aging_issue_bounds;
  return stored ?? defaultAgingBucketBounds[basis];
}

export async function getAgingBuckets(database: Database, actor: Actor) {
  const row = await agingBoundsOf(database.db, actor.orgId);
  return bucketSettings({
    due: row.aging_due_bounds ?? defaultAgingBucketBounds.due,
    issue: row.aging_issue_bounds ?? defaultAgingBucketBounds.issue,
  });
}

function bucketSettings(bounds: AgingBucketBounds) {
  return {
    bounds,
    buckets: { due: agingBuckets(bounds.due, 'due'), issue: agingBuckets(bounds.issue, 'issue') },
  };
}

/**
 * Sets the organization's aging buckets; a basis left out keeps its buckets, and null restores
 * the defaults. Codes: aging_buckets_invalid.
 */
export async function setAgingBuckets(
  database: Database,
  actor: Actor,
  input: {
    due?: readonly number[] | null | undefined;
    issue?: readonly number[] | null | undefined;
  },
) {
  if (input.due === undefined && input.issue === undefined) {
    throw new AppError(
      'invalid',
      'aging_buckets_invalid',
      'Give the bounds of "due", "issue" or both.',
      'due',
    );
  }
  const due = input.due ? unwrap(parseAgingBounds(input.due, 'due', 'due')) : input.due;
  const issue = input.issue ? unwrap(parseAgingBounds(input.issue, 'issue', 'issue')) : input.issue;
  return database.transaction(async ({ db }) => {
    const before = await agingBoundsOf(db, actor.orgId);
    const after = {
      aging_due_bounds: due === undefined ? before.aging_due_bounds : due,
      aging_issue_bounds: issue === undefined ? before.aging_issue_bounds : issue,
    };
    await updateAgingBounds(db, actor.orgId, after.aging_due_bounds, after.aging_issue_bounds);
    await recordAudit(db, actor, [
      {
        action: 'organization.aging_buckets_changed',
        entityType: 'organization',
        entityId: actor.orgId,
        before,
        after,
      },
    ]);
    return bucketSettings({
      due: after.aging_due_bounds ?? defaultAgingBucketBounds.due,
      issue: after.aging_issue_bounds ?? defaultAgingBucketBounds.issue,
    });
  });
}
