import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sql } from 'kysely';
import { projectFile } from '../files/project-files.js';
import type { Database } from './database.js';

const migrationsDir = projectFile('src', 'platform', 'db', 'migrations');

/**
 * Applies the numbered SQL files in migrations/ that the database has not seen, each in its own
 * transaction. An advisory lock keeps two app nodes starting at once from racing.
 */
export async function migrate(database: Database): Promise<string[]> {
  const files = (await readdir(migrationsDir)).filter((name) => name.endsWith('.sql')).sort();
  // Every command and every start migrates: an up-to-date database answers with one read, without
  // the lock and the DDL (a migration applied meanwhile by another node only adds to the list).
  if ((await pendingFiles(database, files)).length === 0) return [];
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
      await sql.raw(await readFile(join(migrationsDir, file), 'utf8')).execute(db);
      await db.insertInto('schema_migrations').values({ version }).execute();
      done.push(version);
    }
    return done;
  });
}

/** The files not yet applied; all of them when the database has no migrations table yet. */
async function pendingFiles(database: Database, files: readonly string[]): Promise<string[]> {
  const { rows } = await sql<{
    exists: boolean;
  }>`SELECT to_regclass('schema_migrations') IS NOT NULL AS exists`.execute(database.db);
  if (!rows[0]?.exists) return [...files];
  const applied = new Set(
    (await database.db.selectFrom('schema_migrations').select('version').execute()).map(
      (r) => r.version,
    ),
  );
  return files.filter((file) => !applied.has(file.replace(/\.sql$/, '')));
}
