import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPglite, openPostgres, type Database } from '../src/platform/db/database.js';
import { createDatabase, dropDatabase, withServer } from './bench.sql.js';

export interface BenchDatabase {
  readonly database: Database;
  /** The PGlite directory or the PostgreSQL database's name, for the report. */
  readonly where: string;
  /** Drops the throwaway database or deletes its directory; close `database` first. */
  readonly cleanup: () => Promise<void>;
}

/**
 * A throwaway database for one benchmark run: a fresh PGlite directory, or a fresh database on the
 * PostgreSQL server `serverUrl` points at, so runs never see each other's rows. `label` names it
 * (lower case, digits and underscores).
 */
export async function openBenchDatabase(options: {
  readonly engine: string;
  readonly label: string;
  readonly serverUrl: string | undefined;
  readonly connections: number;
}): Promise<BenchDatabase> {
  if (options.engine === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), `settle-bench-${options.label}-`));
    return {
      database: await openPglite(dir),
      where: dir,
      cleanup: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const url = options.serverUrl;
  if (!url) throw new Error('no PostgreSQL server');
  const name = `settle_bench_${options.label}_${randomBytes(4).toString('hex')}`;
  await withServer(url, (client) => createDatabase(client, name));
  const target = new URL(url);
  target.pathname = `/${name}`;
  return {
    database: await openPostgres(target.toString(), options.connections),
    where: name,
    cleanup: async () => withServer(url, (client) => dropDatabase(client, name)),
  };
}
