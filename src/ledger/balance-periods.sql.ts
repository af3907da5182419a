import { sql } from 'kysely';
import type { Db } from '../platform/db/database.js';

/**
 * balance_periods (migration 0003) is kept by triggers after every write. A bulk loader turns
 * them off for its COPYs, which would otherwise refresh once per chunk, and refreshes everything
 * it wrote at the end, in the same transaction.
 */
export async function deferBalancePeriods(db: Db, deferred: boolean): Promise<void> {
  await sql`SELECT set_config('settle.defer_balance_periods', ${deferred ? 'on' : 'off'}, true)`.execute(
    db,
  );
}

/**
 * Rebuilds the balance steps of these invoices, payments and credit notes from the ledger, or of
 * every item of the organization with 'all': reading a whole organization with hash joins is
 * twice as fast as looking up as many items by key, so a large load into an empty organization
 * uses it (see copyBook). Many items are planned for the array given (migration 0007).
 */
export async function refreshBalancePeriods(
  db: Db,
  orgId: string,
  itemIds: readonly string[] | 'all',
): Promise<void> {
  if (itemIds !== 'all' && itemIds.length === 0) return;
  const items = itemIds === 'all' ? null : [...itemIds];
  await sql`SELECT refresh_balance_periods(${orgId}::uuid, ${items}::uuid[])`.execute(db);
}

/** Whether the organization has any invoice, payment or credit note yet. */
export async function hasLedgerItems(db: Db, orgId: string): Promise<boolean> {
  const result = await sql<{ found: boolean }>`
    SELECT EXISTS (SELECT 1 FROM invoices WHERE org_id = ${orgId})
      OR EXISTS (SELECT 1 FROM payments WHERE org_id = ${orgId})
      OR EXISTS (SELECT 1 FROM credit_notes WHERE org_id = ${orgId}) AS found`.execute(db);
  return result.rows[0]!.found;
}
