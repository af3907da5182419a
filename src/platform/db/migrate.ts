import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { Database } from './database.js';

const migrationsDir = fileURLToPath(new URL('./migrations/', import.meta.url));

/**
 * Applies the numbered SQL files in migrations/ that the database has not seen, each in its own
 * transaction. An advisory lock keeps two app nodes starting at once from racing.
 */
export async function migrate(database: Database): Promise<string[]> {
  const files = (await readdir(migrationsDir)).filter((name) => name.endsWith('.sql')).sort();
  return database.transaction(async ({ db }) => {
    await sql`SELECT pg_advisory_xact_lock(7419001)`.execute(db);
    await sql`CREATE TABLE IF NOT EXISTS schema_migrations (
      version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`.execute(db);
    const applied = new Set(
      (await db.selectFrom('schema_migrations').select('version').execute()).map((r) => r.version),
    );
    const done: string[] = [];
    for (const file of files) {
      const version = file.replace(/\.sql$/, '');
      if (applied.has(version)) continue;
      await sql.raw(await readFile(migrationsDir + file, 'utf8')).execute(db);
      await db.insertInto('schema_migrations').values({ version }).execute();
      done.push(version);
    }
    return done;
  });
}
