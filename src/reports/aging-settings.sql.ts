import type { Db } from '../platform/db/database.js';

// The aging buckets are a setting of the organization: they live on its row.

export async function agingBoundsOf(db: Db, orgId: string) {
  return db
    .selectFrom('organizations')
    .select(['aging_due_bounds', 'aging_issue_bounds'])
    .where('id', '=', orgId)
    .executeTakeFirstOrThrow();
}

export async function updateAgingBounds(
  db: Db,
  orgId: string,
  due: readonly number[] | null,
  issue: readonly number[] | null,
) {
  await db
    .updateTable('organizations')
    .set({
      aging_due_bounds: due === null ? null : [...due],
      aging_issue_bounds: issue === null ? null : [...issue],
    })
    .where('id', '=', orgId)
    .execute();
}
