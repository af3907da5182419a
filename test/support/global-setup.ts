import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import {
  addDays,
  calendarDateAt,
  daysBetween,
  parseCalendarDate,
} from '../../src/core/calendar-date.js';
import {
  clockShiftDays,
  now,
  nowMs,
  setClockShiftDays,
  setClockShiftTimeMs,
} from '../../src/core/clock.js';
import { openPglite, openPostgres } from '../../src/platform/db/database.js';
import { migrate } from '../../src/platform/db/migrate.js';
import { buildWebAppIfStale } from '../e2e/support/web-app-build.js';

/**
 * Runs once per `vitest run`, in the main process: migrates one template database, which every
 * test file then copies (see test-database.ts). Creating and migrating a database is the slow
 * part (~5 s for a fresh PGlite); copying a migrated one is much cheaper.
 *
 * - PostgreSQL (`DATABASE_URL` set): a database `settle_tpl_<run>` on that server, copied with
 *   `CREATE DATABASE … TEMPLATE`. Teardown drops it and every `settle_test_<run>_…` database.
 * - PGlite: an in-memory database, dumped to a tarball in a temp dir, which each test
 *   file loads with `loadDataDir`. Teardown removes the temp dir.
 * - On both engines, the same PGlite tarball seeds the data directories of the `settle`
 *   commands the tests start (test/support/cli.ts).
 *
 * It also builds the web app into web/dist when the build is missing or older than its sources,
 * since the browser tests in test/e2e drive the app the server serves from there.
 */
export type TestTemplate =
  | { readonly engine: 'pglite'; readonly dumpPath: string }
  | { readonly engine: 'postgres'; readonly runId: string; readonly templateName: string };

declare module 'vitest' {
  export interface ProvidedContext {
    settleTestTemplate: TestTemplate;
    /**
     * A migrated embedded database as a tarball, on either engine: the `settle` commands the
     * tests start always run on an embedded data directory, and one extracted from here skips
     * the 5 s of creating and migrating a new one (see test/support/cli.ts).
     */
    settleEmbeddedTemplate: string;
  }
}

/** `DATABASE_URL`, or undefined when the tests run on PGlite. */
export function serverUrl(): string | undefined {
  return process.env.DATABASE_URL || undefined;
}

/** The server's URL with its database replaced by `name`. */
export function databaseUrlFor(url: string, name: string): string {
  const target = new URL(url);
  target.pathname = `/${name}`;
  return target.toString();
}

export function testDatabasePrefix(runId: string): string {
  return `settle_test_${runId}_`;
}

/** Names are generated here, never taken from input, but are checked before they reach SQL. */
export function quoteDatabaseName(name: string): string {
  if (!/^[a-z][a-z0-9_]{0,62}$/.test(name)) throw new Error(`Unexpected database name: ${name}`);
  return `"${name}"`;
}

/** Runs `work` on a plain connection to the database `DATABASE_URL` names. */
export async function withServer<T>(
  url: string,
  work: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function secondsSince(start: number): string {
  return ((performance.now() - start) / 1000).toFixed(1);
}

async function preparePostgres(project: TestProject, url: string): Promise<() => Promise<void>> {
  const start = performance.now();
  const runId = randomBytes(4).toString('hex');
  const templateName = `settle_tpl_${runId}`;
  const create = `CREATE DATABASE ${quoteDatabaseName(templateName)}`;
  await withServer(url, (client) => client.query(create));
  // A template cannot be copied while anyone is connected to it, so this connection is closed
  // before the first test file starts.
  const template = await openPostgres(databaseUrlFor(url, templateName), 1);
  try {
    await migrate(template);
  } finally {
    await template.close();
  }
  project.provide('settleTestTemplate', { engine: 'postgres', runId, templateName });
  console.log(`Test template ${templateName} on PostgreSQL ready in ${secondsSince(start)} s`);
  return async () => {
    await withServer(url, async (client) => {
      const leftovers = await client.query<{ datname: string }>(
        `SELECT datname FROM pg_database WHERE starts_with(datname, $1)`,
        [testDatabasePrefix(runId)],
      );
      const names = [...leftovers.rows.map((row) => row.datname), templateName];
      for (const name of names) {
        await client.query(`DROP DATABASE IF EXISTS ${quoteDatabaseName(name)} WITH (FORCE)`);
      }
    });
  };
}

/** Migrates an in-memory PGlite database and writes it to `dumpPath` as a tarball. */
async function dumpMigratedPglite(dumpPath: string): Promise<void> {
  const template = await openPglite('memory://');
  try {
    await migrate(template);
    // Uncompressed: every test file loads it, and unzipping 40 MB each time cost more than reading them.
    const dump = await template.dumpDataDir('none');
    await writeFile(dumpPath, new Uint8Array(await dump.arrayBuffer()));
  } finally {
    await template.close();
  }
}

/**
 * The PGlite template in a new temp dir, provided to the tests as the embedded one, and on
 * PGlite runs also as the template each test file opens. Returns the teardown.
 */
async function prepareEmbedded(
  project: TestProject,
  alsoTheTestTemplate: boolean,
): Promise<() => Promise<void>> {
  const start = performance.now();
  const dir = await mkdtemp(join(tmpdir(), 'settle-test-'));
  const dumpPath = join(dir, 'template.tar');
  try {
    await dumpMigratedPglite(dumpPath);
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  project.provide('settleEmbeddedTemplate', dumpPath);
  if (alsoTheTestTemplate) project.provide('settleTestTemplate', { engine: 'pglite', dumpPath });
  console.log(`Test template on PGlite ready in ${secondsSince(start)} s`);
  return async () => {
    await rm(dir, { recursive: true, force: true });
  };
}

/**
 * `SETTLE_TEST_TODAY=YYYY-MM-DD npm test` runs the whole suite as if that were today: the date
 * becomes a whole-day shift of Settle's clock (`SETTLE_CLOCK_SHIFT_DAYS`, see src/core/clock.ts),
 * computed once here so that every worker, CLI and server of the run moves by the same days.
 */
function shiftClockForTheRun(): void {
  const wanted = process.env.SETTLE_TEST_TODAY?.trim();
  if (!wanted) return;
  const parsed = parseCalendarDate(wanted, 'SETTLE_TEST_TODAY');
  if (!parsed.ok) throw new Error(`SETTLE_TEST_TODAY: ${parsed.error.message}`);
  const realToday = addDays(calendarDateAt(now(), 'UTC'), -clockShiftDays());
  const days = daysBetween(realToday, parsed.value);
  process.env.SETTLE_CLOCK_SHIFT_DAYS = String(days);
  setClockShiftDays(days);
  console.log(
    `Clock shifted by ${days} days: today is ${calendarDateAt(now(), 'UTC')} (UTC) for this run`,
  );
}

/**
 * Starts the run's clock at noon UTC of its day, whatever the hour the run began: a run of a
 * quarter of an hour that straddled midnight saw two dates, and a test that took "today" before
 * midnight and let the server take it after failed on nothing but the hour it ran at. Noon is the
 * same date from UTC−12 to UTC+11, so every organization time zone the tests use but the far
 * Pacific's sees one date for twelve hours. A whole-day shift (`SETTLE_TEST_TODAY`) comes on top.
 */
function startTheRunAtNoon(): void {
  const msPerDay = 86_400_000;
  setClockShiftTimeMs(0);
  const at = nowMs();
  const timeMs = Math.floor(at / msPerDay) * msPerDay + msPerDay / 2 - at;
  process.env.SETTLE_CLOCK_SHIFT_MS = String(timeMs);
  setClockShiftTimeMs(timeMs);
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  startTheRunAtNoon();
  shiftClockForTheRun();
  await buildWebAppIfStale();
  const url = serverUrl();
  if (!url) return prepareEmbedded(project, true);
  const prepared = await Promise.allSettled([
    preparePostgres(project, url),
    prepareEmbedded(project, false),
  ]);
  const teardowns = prepared.flatMap((result) =>
    result.status === 'fulfilled' ? [result.value] : [],
  );
  const failed = prepared.find((result) => result.status === 'rejected');
  if (failed) {
    for (const teardown of teardowns) await teardown();
    throw failed.reason;
  }
  return async () => {
    for (const teardown of teardowns) await teardown();
  };
}
