import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { inject } from 'vitest';
import {
  openPglite,
  openPostgres,
  type Database,
  type Engine,
} from '../../src/platform/db/database.js';
import {
  databaseUrlFor,
  quoteDatabaseName,
  serverUrl,
  testDatabasePrefix,
  withServer,
  type TestTemplate,
} from './global-setup.js';

/** The engine of this run: PostgreSQL when `DATABASE_URL` is set, PGlite otherwise. */
export const engine: Engine = serverUrl() ? 'postgres' : 'pglite';
/** For `describe.skipIf(!isPostgres)`: races only show on PostgreSQL, PGlite serialises all. */
export const isPostgres: boolean = engine === 'postgres';

const objectInUse = '55006';
const createAttemptsMax = 5;
const insufficientPrivilege = '42501';
const dropAttemptsMax = 10;

function template(): TestTemplate {
  const provided = inject('settleTestTemplate');
  if (!provided) {
    throw new Error('No test template: run the tests with vitest.config.ts (its globalSetup).');
  }
  if (provided.engine !== engine) {
    throw new Error(`The test template is on ${provided.engine}, this worker on ${engine}.`);
  }
  return provided;
}

let pgliteDump: Promise<Blob> | undefined;
const testBufferPoolMb = 32;

async function openPgliteCopy(dumpPath: string): Promise<Database> {
  // Read once per test file; the type tells PGlite the tarball is not compressed.
  pgliteDump ??= readFile(dumpPath).then(
    (bytes) => new Blob([bytes], { type: 'application/x-tar' }),
  );
  // A small buffer pool: PGlite zeroes it at every open (about 3 ms per MB, see
  // DatabaseConfig.sharedBuffersMb), and a test's data fits in it many times over.
  return openPglite('memory://', {
    loadDataDir: await pgliteDump,
    sharedBuffersMb: testBufferPoolMb,
  });
}

async function openPostgresCopy(
  url: string,
  runId: string,
  templateName: string,
): Promise<Database> {
  const name = testDatabasePrefix(runId) + randomBytes(6).toString('hex');
  const quotedTemplate = quoteDatabaseName(templateName);
  const create = `CREATE DATABASE ${quoteDatabaseName(name)} TEMPLATE ${quotedTemplate}`;
  await withServer(url, async (client) => {
    // PostgreSQL refuses to copy a template someone is connected to; nobody should be, but a
    // short retry keeps a stray connection from failing a whole test file.
    for (let attempt = 1; ; attempt++) {
      try {
        await client.query(create);
        return;
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (code !== objectInUse || attempt >= createAttemptsMax) throw error;
        await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
      }
    }
  });
  const database = await openPostgres(databaseUrlFor(url, name));
  return {
    ...database,
    async close() {
      await database.close();
      // Dropped as soon as the file is done, so that a long run does not pile up databases;
      // the global teardown drops any that a crashed file left behind.
      const drop = `DROP DATABASE IF EXISTS ${quoteDatabaseName(name)} WITH (FORCE)`;
      await withServer(url, async (client) => {
        for (let attempt = 1; ; attempt++) {
          try {
            await client.query(drop);
            return;
          } catch (error) {
            // FORCE ends the sessions of our own role only: an autovacuum worker that happens to
            // be cleaning the database runs as the superuser, and the drop waits for it to finish.
            const code = (error as { code?: string }).code;
            if (code !== insufficientPrivilege || attempt >= dropAttemptsMax) throw error;
            await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
          }
        }
      });
    },
  };
}

/**
 * A fresh, migrated database of its own for the caller (typically one per test file, opened in
 * `beforeAll` and closed in `afterAll`). Closing it also deletes it.
 */
export async function openTestDatabase(): Promise<Database> {
  const provided = template();
  if (provided.engine === 'pglite') return openPgliteCopy(provided.dumpPath);
  const url = serverUrl();
  if (!url) throw new Error('DATABASE_URL is not set in this worker.');
  return openPostgresCopy(url, provided.runId, provided.templateName);
}
