// The collections benchmark (`npm run bench:collections`): imports BENCH_CUSTOMERS customers
// (each with an e-mail, so each gets a reminder contact) and BENCH_OPEN_INVOICES open invoices
// due from 90 days ago to 5 days ahead, then times the collections run of today against issue
// #16's figures (within 3 s on PostgreSQL for 100,000 invoices and 20,000 customers; within 0.3 s
// for a second run of the same day, which must do nothing), and the preview. Engines:
// BENCH_ENGINES (pglite,postgres); PostgreSQL is BENCH_DATABASE_URL/DATABASE_URL or a private server started from Debian's binaries.
import { cpus, release, totalmem } from 'node:os';
import { createOrganization } from '../src/auth/create-organization.service.js';
import { runCollections, type RunResult } from '../src/dunning/run-collections.service.js';
import type { Actor } from '../src/core/actor.js';
import { addDays, calendarDateAt, type CalendarDate } from '../src/core/calendar-date.js';
import { formatAmount } from '../src/core/money.js';
import { importCustomers } from '../src/imports/import-customers.service.js';
import { importInvoices } from '../src/imports/import-invoices.service.js';
import type { Database } from '../src/platform/db/database.js';
import { migrate } from '../src/platform/db/migrate.js';
import { openBenchDatabase } from './bench-database.js';
import { postgresAvailable, startPostgres, type PostgresServer } from './postgres-server.js';
import { now } from '../src/core/clock.js';

const customers = Number(process.env.BENCH_CUSTOMERS ?? 20_000);
const openInvoices = Number(process.env.BENCH_OPEN_INVOICES ?? 100_000);
const engines = (process.env.BENCH_ENGINES ?? 'pglite,postgres')
  .split(',')
  .map((e) => e.trim())
  .filter(Boolean);
const serverUrl = process.env.BENCH_DATABASE_URL || process.env.DATABASE_URL || undefined;
// Issue #16: the run of the day within 3 s on PostgreSQL, a second run the same day within 0.3 s.
const targetSeconds = 3;
const secondRunTargetSeconds = 0.3;

const say = (line: string) => process.stderr.write(`${line}\n`);

function files(today: CalendarDate): { customers: string; invoices: string } {
  const customerRows = ['ref,name,email,currency,terms'];
  for (let i = 0; i < customers; i++)
    customerRows.push(`C${i},Customer ${i},ap${i}@example.test,EUR,NET30`);
  const invoiceRows = ['number,customer_ref,issue_date,due_date,currency,total'];
  for (let i = 0; i < openInvoices; i++) {
    // Due dates from 90 days ago to 5 days ahead, so that every step of the standard policy is reached by some.
    const dueOn = addDays(today, 5 - (i % 96));
    const minor = 5_000n + BigInt((i * 7919) % 500_000);
    invoiceRows.push(
      `B-${String(i + 1).padStart(7, '0')},C${i % customers},${addDays(dueOn, -30)},${dueOn},EUR,${formatAmount(minor, 'EUR')}`,
    );
  }
  return { customers: `${customerRows.join('\n')}\n`, invoices: `${invoiceRows.join('\n')}\n` };
}

async function timed<T>(
  label: string,
  work: () => Promise<T>,
): Promise<{ value: T; seconds: number }> {
  const started = performance.now();
  const value = await work();
  const seconds = (performance.now() - started) / 1000;
  say(`${label}: ${seconds.toFixed(2)} s`);
  return { value, seconds };
}

interface EngineResult {
  engine: string;
  preview: number;
  first: { seconds: number; result: RunResult };
  second: { seconds: number; result: RunResult };
  steps: number;
}

function open(engine: string, server: PostgresServer | undefined) {
  return openBenchDatabase({
    engine,
    label: 'collections',
    serverUrl: serverUrl ?? server?.url,
    connections: 4,
  });
}

async function benchEngine(
  engine: string,
  server: PostgresServer | undefined,
  today: CalendarDate,
): Promise<EngineResult> {
  say(`=== ${engine} ===`);
  const { database, cleanup } = await open(engine, server);
  try {
    await migrate(database);
    const organization = await createOrganization(database, {
      name: 'Collections Company',
      baseCurrency: 'EUR',
      timeZone: 'UTC',
      ownerEmail: 'owner@settle.local',
      ownerPassword: 'benchmark password',
    });
    const actor: Actor = {
      orgId: organization.orgId,
      type: 'system',
      id: null,
      name: 'bench collections',
      role: 'owner',
    };
    const book = files(today);
    await timed(
      `${engine}: import ${customers} customers and ${openInvoices} invoices`,
      async () => {
        await importCustomers(database, actor, { csv: book.customers });
        await importInvoices(database, actor, { csv: book.invoices });
      },
    );
    const preview = await timed(`${engine}: preview (dry run)`, () =>
      runCollections(database, actor, { today, dryRun: true, triggeredBy: 'cli' }),
    );
    const first = await timed(`${engine}: collections run`, () =>
      runCollections(database, actor, { today, triggeredBy: 'cli' }),
    );
    say(
      `  ${first.value.description}; ${first.value.summary.invoices} invoices took a step, ${first.value.messagesQueued} messages queued`,
    );
    const second = await timed(`${engine}: second run the same day`, () =>
      runCollections(database, actor, { today, triggeredBy: 'cli' }),
    );
    say(`  ${second.value.description}`);
    const stepRows = await database.db
      .selectFrom('collection_steps')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    return {
      engine,
      preview: preview.seconds,
      first: { seconds: first.seconds, result: first.value },
      second: { seconds: second.seconds, result: second.value },
      steps: Number(stepRows.n),
    };
  } finally {
    await database.close();
    await cleanup();
  }
}

async function main(): Promise<void> {
  const today = calendarDateAt(now(), 'UTC');
  let server: PostgresServer | undefined;
  const results: EngineResult[] = [];
  try {
    for (const engine of engines) {
      if (engine === 'postgres' && !serverUrl && !server) {
        if (!postgresAvailable()) {
          say('postgres: not run (no DATABASE_URL and no PostgreSQL 15 binaries)');
          continue;
        }
        server = await startPostgres();
      }
      results.push(await benchEngine(engine, server, today));
    }
  } finally {
    server?.stop();
  }
  const rows = results.map(
    (r) =>
      `| ${r.engine} | ${r.first.seconds.toFixed(2)} s (${r.first.seconds <= targetSeconds ? 'meets' : 'misses'} ≤ ${targetSeconds} s, ${(r.first.seconds / targetSeconds).toFixed(1)}× the target) | ${r.first.result.summary.invoices.toLocaleString('en')} invoices, ${r.first.result.summary.customers.toLocaleString('en')} customers: ${r.first.result.description} | ${r.second.seconds.toFixed(2)} s (${r.second.seconds <= secondRunTargetSeconds ? 'meets' : 'misses'} ≤ ${secondRunTargetSeconds} s): ${r.second.result.description} | ${r.preview.toFixed(2)} s | ${r.steps.toLocaleString('en')} |`,
  );
  const text = [
    `### Collections run: ${openInvoices.toLocaleString('en')} open invoices, ${customers.toLocaleString('en')} customers, run on ${today}`,
    '',
    `Machine: ${cpus()[0]?.model ?? 'unknown'}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}, Linux ${release()}.`,
    '',
    '| engine | first run | what it decided | second run, same day | preview | steps recorded |',
    '|---|---|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
  process.stdout.write(`\n${text}\n`);
}

await main();
