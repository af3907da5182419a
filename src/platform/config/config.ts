import { resolve } from 'node:path';

/**
 * Where the database is: `DATABASE_URL` (a PostgreSQL server) wins; otherwise the embedded
 * PGlite in `--data DIR`, then `SETTLE_DATA_DIR`, then `./data`.
 */
export interface DatabaseLocation {
  readonly databaseUrl: string | undefined;
  readonly dataDir: string;
}

export function databaseLocation(
  options: { data?: string | undefined },
  env: NodeJS.ProcessEnv = process.env,
): DatabaseLocation {
  const databaseUrl = env.DATABASE_URL?.trim() || undefined;
  return { databaseUrl, dataDir: resolve(options.data ?? env.SETTLE_DATA_DIR ?? './data') };
}

export function describeLocation(location: DatabaseLocation): string {
  if (location.databaseUrl) {
    const url = new URL(location.databaseUrl);
    return `PostgreSQL at ${url.hostname}:${url.port || 5432}${url.pathname}`;
  }
  return `embedded database in ${location.dataDir}`;
}
