import type { Db } from '../platform/db/database.js';

/** The organizations with lines waiting for the matcher or a person (the partial index's rows). */
export async function organizationsWithWaitingLines(db: Db): Promise<string[]> {
  const rows = await db
    .selectFrom('bank_lines')
    .select('org_id')
    .distinct()
    .where('state', 'in', ['unmatched', 'review'])
    .execute();
  return rows.map((row) => row.org_id);
}

/**
 * The organization's newest audit event: every change to its book is audited, and event ids are
 * time-ordered, so this is one step down the primary key. It is compared for a change only (not
 * "newer than"): an event committed late with an older id is caught by the next change.
 */
export async function newestEventId(db: Db, orgId: string): Promise<string | null> {
  const row = await db
    .selectFrom('audit_events')
    .select('id')
    .where('org_id', '=', orgId)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.id ?? null;
}

export async function rematchMark(db: Db, orgId: string): Promise<string | null | undefined> {
  const row = await db
    .selectFrom('bank_rematch_marks')
    .select('last_event_id')
    .where('org_id', '=', orgId)
    .executeTakeFirst();
  return row ? row.last_event_id : undefined;
}

/** Locks the organization's mark (taking it when new), so that two servers rematch it once. */
export async function lockRematchMark(db: Db, orgId: string): Promise<string | null> {
  await db
    .insertInto('bank_rematch_marks')
    .values({ org_id: orgId, last_event_id: null })
    .onConflict((conflict) => conflict.column('org_id').doNothing())
    .execute();
  const row = await db
    .selectFrom('bank_rematch_marks')
    .select('last_event_id')
    .where('org_id', '=', orgId)
    .forUpdate()
    .executeTakeFirstOrThrow();
  return row.last_event_id;
}

export async function setRematchMark(
  db: Db,
  orgId: string,
  lastEventId: string | null,
  at: Date,
): Promise<void> {
  await db
    .updateTable('bank_rematch_marks')
    .set({ last_event_id: lastEventId, rematched_at: at })
    .where('org_id', '=', orgId)
    .execute();
}
