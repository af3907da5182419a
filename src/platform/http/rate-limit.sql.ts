import { sql } from 'kysely';
import type { Db } from '../db/database.js';

/**
 * Counts one hit of `key` in its current window, starting a new window when the last one is
 * over, in one statement so that concurrent processes never lose a count.
 */
export async function countHit(
  db: Db,
  key: string,
  at: Date,
  windowMs: number,
): Promise<{ count: number; windowStartedAt: Date }> {
  const result = await sql<{ count: number; window_started_at: Date }>`
    INSERT INTO rate_limit_counters AS c (key, window_started_at, count) VALUES (${key}, ${at}, 1)
    ON CONFLICT (key) DO UPDATE SET
      count = CASE WHEN c.window_started_at + ${windowMs} * interval '1 millisecond' <= ${at} THEN 1 ELSE c.count + 1 END,
      window_started_at = CASE WHEN c.window_started_at + ${windowMs} * interval '1 millisecond' <= ${at} THEN ${at} ELSE c.window_started_at END
    RETURNING c.count, c.window_started_at`.execute(db);
  const row = result.rows[0]!;
  return { count: row.count, windowStartedAt: new Date(row.window_started_at) };
}

export async function readHits(
  db: Db,
  key: string,
): Promise<{ count: number; windowStartedAt: Date } | undefined> {
  const row = await db
    .selectFrom('rate_limit_counters')
    .select(['count', 'window_started_at'])
    .where('key', '=', key)
    .executeTakeFirst();
  return row === undefined
    ? undefined
    : { count: row.count, windowStartedAt: new Date(row.window_started_at) };
}

/** Forgets windows that ended before `before`. */
export async function deleteStaleCounters(db: Db, before: Date): Promise<void> {
  await db.deleteFrom('rate_limit_counters').where('window_started_at', '<', before).execute();
}
