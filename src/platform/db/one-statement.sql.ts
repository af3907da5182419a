import { sql, type RawBuilder } from 'kysely';
import type { Db } from './database.js';

/**
 * An INSERT (or other write) that another area's statement carries along as a data-modifying
 * CTE, so that a use case writing several areas' tables sends one statement, not one per table:
 * each round trip to the database costs more than the write. The area that owns the table builds
 * its write (ledger.sql.ts for the journal, audit.sql.ts for audit events) and hands it over; the
 * statement that carries it never looks inside. Written without a trailing semicolon or a WITH of
 * its own. PostgreSQL runs every data-modifying CTE once, whether or not the statement reads it,
 * and checks foreign keys at the end of the statement, so a journal line may ride beside its entry.
 */
export type Write = RawBuilder<unknown>;

/** `WITH write_0 AS (…), write_1 AS (…) <statement>`, or the statement alone when none ride. */
export function withWrites<T>(writes: readonly Write[], statement: RawBuilder<T>): RawBuilder<T> {
  if (writes.length === 0) return statement;
  return sql<T>`WITH ${sql.join(writeCtes(writes))} ${statement}`;
}

/** The CTEs alone, for a statement that has its own WITH list to put them in front of. */
export function writeCtes(writes: readonly Write[], prefix = 'write'): RawBuilder<unknown>[] {
  return writes.map((write, index) => sql`${sql.raw(`${prefix}_${index}`)} AS (${write})`);
}

/** Sends writes that have no statement of their own to ride in, as one statement. */
export async function executeWrites(db: Db, writes: readonly Write[]): Promise<void> {
  if (writes.length > 0) await withWrites(writes, sql`SELECT 1`).execute(db);
}
