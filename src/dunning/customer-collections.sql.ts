import type { CalendarDate } from '../core/calendar-date.js';
import type { Db } from '../platform/db/database.js';
import { now } from '../core/clock.js';

/** How a customer is followed up: its own policy (null: the organization's default) and whether it is paused. */
export interface CustomerCollections {
  readonly customerId: string;
  readonly policyId: string | null;
  readonly policyName: string;
  readonly paused: boolean;
  readonly pausedUntil: CalendarDate | null;
  readonly pauseReason: string | null;
}

/** A customer's policy (its own, or else the default's name) and pause. */
export async function readCustomerCollections(
  db: Db,
  orgId: string,
  customerId: string,
): Promise<CustomerCollections | undefined> {
  const row = await db
    .selectFrom('customers as c')
    .leftJoin('collection_policies as p', (join) =>
      join
        .onRef('p.org_id', '=', 'c.org_id')
        .on((eb) =>
          eb.or([
            eb('p.id', '=', eb.ref('c.policy_id')),
            eb.and([
              eb('c.policy_id', 'is', null),
              eb('p.is_default', '=', true),
              eb('p.archived_at', 'is', null),
            ]),
          ]),
        ),
    )
    .select([
      'c.id',
      'c.policy_id',
      'p.name',
      'c.collections_paused',
      'c.collections_paused_until',
      'c.collections_pause_reason',
    ])
    .where('c.org_id', '=', orgId)
    .where('c.id', '=', customerId)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    customerId: row.id,
    policyId: row.policy_id,
    policyName: row.name ?? '',
    paused: row.collections_paused,
    pausedUntil: row.collections_paused_until as CalendarDate | null,
    pauseReason: row.collections_pause_reason,
  };
}

export async function updateCustomerCollectionsRow(
  db: Db,
  orgId: string,
  customerId: string,
  row: {
    policyId: string | null;
    paused: boolean;
    pausedUntil: CalendarDate | null;
    pauseReason: string | null;
  },
): Promise<void> {
  await db
    .updateTable('customers')
    .set({
      policy_id: row.policyId,
      collections_paused: row.paused,
      collections_paused_until: row.pausedUntil,
      collections_pause_reason: row.pauseReason,
      updated_at: now(),
    })
    .where('org_id', '=', orgId)
    .where('id', '=', customerId)
    .execute();
}
