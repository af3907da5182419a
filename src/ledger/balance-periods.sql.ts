import { sql } from 'kysely';
import type { Db } from '../platform/db/database.js';

/**
 * balance_periods (migration 0003) is kept by triggers after every write. A bulk loader turns
 * them off for its COPYs, which would otherwise refresh once per chunk, and refreshes everything
 * it wrote at the end, in the same transaction.
 */
export async function deferBalancePeriods(db: Db, deferred: boolean): Promise<void> {
  await sql`SELECT set_config('settle.defer_balance_periods', ${deferred ? 'on' : 'off'}, true)`.execute(db);
}

/** Rebuilds the balance steps of these invoices, payments and credit notes from the ledger. */
export async function refreshBalancePeriods(db: Db, orgId: string, itemIds: readonly string[]): Promise<void> {
  if (itemIds.length === 0) return;
  await sql`SELECT refresh_balance_periods(${orgId}::uuid, ${[...itemIds]}::uuid[])`.execute(db);
}
