// The payments benchmark (`npm run bench:payments`, issue #16): on a generated book of
// BENCH_INVOICES invoices (default 100,000; 1,000,000 for the issue's figure) loaded into
// PostgreSQL, records oldest-first payments for BENCH_SECONDS (default 10) per phase: through the
// service (recordPayment) with 1 and 16 in flight, then through the HTTP API (a real Fastify
// server on a port, `POST /api/v1/payments` with an API token, from a client in a child process
// so that its work is not the server's: http-payments-client.ts) with 1 and 16 in flight. Beside
// them it runs PostgreSQL's own pgbench (the built-in tpcb-like script, same client counts, same
// server, its own database) and prints Settle's payments/s as a share of pgbench's
// transactions/s. It counts the statements each payment sends (every query through `pg`, BEGIN
// and COMMIT included), and after the run checks that no invoice was over-applied, no payment
// over-spent, and that the ledger ties out.
//
// BENCH_DATABASE_URL or DATABASE_URL names a server (a database of its own is created there and
// dropped after); without one a throwaway PostgreSQL 15 is started. BENCH_IN_FLIGHT=16 sets the
// concurrent phases' count; BENCH_PGBENCH=0 skips pgbench. BENCH_FUNCTION_TIMES=1 also prints the
// time the server spent per payment in each PL/pgSQL function (the triggers that keep the balance
// steps and the day totals) during the service phase one at a time (pg_stat_user_functions).
import { execFileSync, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { createApiToken } from '../src/auth/manage-users.service.js';
import { createOrganization } from '../src/auth/create-organization.service.js';
import type { Actor } from '../src/core/actor.js';
import { calendarDateAt, type CalendarDate } from '../src/core/calendar-date.js';
import { now } from '../src/core/clock.js';
import { getTrialBalance } from '../src/ledger/trial-balance.service.js';
import { recordPayment } from '../src/payments/record-payment.service.js';
import { openPostgres, type Database } from '../src/platform/db/database.js';
import { migrate } from '../src/platform/db/migrate.js';
import { loadGeneratedBook } from './bench-book.js';
import { buildServer } from '../src/server/build-server.js';
import { registerHooks } from '../src/server/register-hooks.js';
import {
  createDatabase,
  customersOwing,
  dropDatabase,
  functionTimes,
  resetFunctionTimes,
  trackFunctionTimes,
  overAppliedInvoices,
  overSpentPayments,
  serverVersion,
  withServer,
} from './bench.sql.js';
import { envInt } from './env.js';
import type { HttpPhaseOrder } from './http-payments-client.js';
import { loadPayments, type LoadResult, type PaymentRequest } from './payment-load.js';
import {
  postgresAvailable,
  postgresBin,
  startPostgres,
  type PostgresServer,
} from './postgres-server.js';

registerHooks();
const invoices = envInt('BENCH_INVOICES', 100_000);
const seconds = envInt('BENCH_SECONDS', 10);
const inFlight = envInt('BENCH_IN_FLIGHT', 16);
const runPgbench = process.env.BENCH_PGBENCH !== '0';
const timeFunctions = process.env.BENCH_FUNCTION_TIMES === '1';
const targets = { single: 300, concurrent: 1000, share: 0.3 };

const say = (line: string) =>
  process.stderr.write(`[${now().toISOString().slice(11, 19)}] ${line}\n`);

// Every statement a payment sends goes through pg.Client#query (the pool's clients and the
// transaction's), so counting calls there counts round trips, BEGIN and COMMIT included.
let statements = 0;
const query = pg.Client.prototype.query;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  statements++;
  return (query as (...a: unknown[]) => unknown).apply(this, args);
} as typeof query;

interface Phase {
  readonly label: string;
  readonly inFlight: number;
  readonly payments: number;
  readonly perSecond: number;
  readonly statementsPerPayment: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** CPU time of this Node process per payment: Settle's code, pg, and for HTTP Fastify (the client is another process). */
  readonly nodeCpuMs: number;
  readonly failures: number;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/**
 * Measures `run` (a phase of payments, `count` in flight): its rate and latencies, the statements
 * this process sent meanwhile and this process's CPU time per payment.
 */
async function measured(
  label: string,
  count: number,
  run: () => Promise<LoadResult>,
): Promise<Phase> {
  const statementsBefore = statements;
  const cpuBefore = process.cpuUsage();
  const load = await run();
  const cpu = process.cpuUsage(cpuBefore);
  for (const message of load.errors) say(`${label}: ${message}`);
  const latencies = [...load.latencies].sort((a, b) => a - b);
  const result = {
    label,
    inFlight: count,
    payments: latencies.length,
    perSecond: latencies.length / load.seconds,
    statementsPerPayment: (statements - statementsBefore) / Math.max(1, latencies.length),
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    nodeCpuMs: (cpu.user + cpu.system) / 1000 / Math.max(1, latencies.length),
    failures: load.failures,
  };
  say(
    `${label}, ${count} in flight: ${result.perSecond.toFixed(1)} payments/s, ` +
      `${result.statementsPerPayment.toFixed(1)} statements/payment, p50 ${result.p50Ms.toFixed(1)} ms, ` +
      `Node CPU ${result.nodeCpuMs.toFixed(2)} ms/payment`,
  );
  return result;
}

/** A phase through the service, in this process. */
function servicePhase(
  label: string,
  count: number,
  customers: readonly string[],
  pay: (payment: PaymentRequest) => Promise<void>,
): Promise<Phase> {
  return measured(label, count, () => loadPayments(label, count, customers, seconds, pay));
}

/** A phase through the HTTP API, from a client in a child process (http-payments-client.ts). */
function httpPhase(
  label: string,
  count: number,
  order: Omit<HttpPhaseOrder, 'label' | 'count' | 'seconds'>,
) {
  return measured(
    label,
    count,
    () =>
      new Promise<LoadResult>((resolve, reject) => {
        const child = fork(fileURLToPath(new URL('./http-payments-client.ts', import.meta.url)), {
          stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        });
        let answered = false;
        child.once('message', (result) => {
          answered = true;
          resolve(result as LoadResult);
        });
        child.once('error', reject);
        child.once('exit', (code) => {
          if (!answered) reject(new Error(`the HTTP client exited with ${code} before answering`));
        });
        child.send({ label, count, seconds, ...order } satisfies HttpPhaseOrder);
      }),
  );
}

/** pgbench's tpcb-like transactions/s with `clients` clients, on a database of its own. */
function pgbenchTps(url: string, clients: number): number {
  const output = execFileSync(
    join(postgresBin, 'pgbench'),
    ['-b', 'tpcb-like', '-c', String(clients), '-j', String(clients), '-T', '10', '-n', url],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const match = /tps = ([\d.]+) \(without initial connection time\)/.exec(output);
  if (!match) throw new Error(`pgbench said nothing about tps:\n${output}`);
  return Number(match[1]);
}

async function main() {
  let server: PostgresServer | undefined;
  let url = process.env.BENCH_DATABASE_URL || process.env.DATABASE_URL;
  if (!url) {
    if (!postgresAvailable()) throw new Error('No PostgreSQL: set BENCH_DATABASE_URL.');
    server = await startPostgres();
    url = server.url;
  }
  const serverUrl = url;
  const suffix = randomBytes(4).toString('hex');
  const name = `settle_payments_${suffix}`;
  const pgbenchName = `settle_pgbench_${suffix}`;
  await withServer(serverUrl, async (client) => {
    await createDatabase(client, name);
    if (timeFunctions) await trackFunctionTimes(client, name);
  });
  const target = new URL(serverUrl);
  target.pathname = `/${name}`;
  const database: Database = await openPostgres(target.toString(), inFlight + 4);
  let app: Awaited<ReturnType<typeof buildServer>> | undefined;
  try {
    await migrate(database);
    const organization = await createOrganization(database, {
      name: 'Payments Benchmark',
      baseCurrency: 'EUR',
      timeZone: 'UTC',
      ownerEmail: 'payments-bench@settle.local',
      ownerPassword: 'benchmark password',
    });
    const actor: Actor = {
      orgId: organization.orgId,
      type: 'user',
      id: organization.ownerId,
      name: 'bench',
      role: 'owner',
    };
    const today = calendarDateAt(now(), 'UTC') as CalendarDate;
    const generated = await loadGeneratedBook(
      database,
      actor,
      invoices,
      `payments bench invoices=${invoices}`,
      say,
    );
    const customers = await customersOwing(database.db, actor.orgId);
    say(`${customers.length.toLocaleString('en')} customers owe something`);

    const viaService = (payment: PaymentRequest) =>
      recordPayment(database, actor, {
        ...payment,
        receivedOn: today,
        method: 'bank_transfer',
        apply: 'oldest_first',
      }).then(() => undefined);
    const token = await createApiToken(database, actor, { name: 'payments benchmark' });
    app = await buildServer({ database });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    const endpoint = `http://127.0.0.1:${address.port}/api/v1/payments`;
    const order = { endpoint, token: token.token, receivedOn: today, customers };

    // A few payments first, so that neither phase pays for cold caches and new connections.
    await servicePhase('warm-up', 2, customers, viaService);
    if (timeFunctions) await resetFunctionTimes(database.db);
    const single = await servicePhase('service', 1, customers, viaService);
    if (timeFunctions) {
      // An idle backend sends its function statistics within 10 s (PGSTAT_IDLE_INTERVAL).
      await new Promise((resolve) => setTimeout(resolve, 11_000));
      say(
        `server time per payment by function, service one at a time (${single.payments} payments):`,
      );
      for (const f of await functionTimes(database.db)) {
        const per = (ms: number) => (ms / Math.max(1, single.payments)).toFixed(3);
        say(
          `  ${f.name}: ${(f.calls / Math.max(1, single.payments)).toFixed(2)} calls, ` +
            `${per(f.totalMs)} ms with what it calls, ${per(f.selfMs)} ms itself`,
        );
      }
    }
    const concurrent = await servicePhase('service', inFlight, customers, viaService);
    // HTTP is warmed up too: the routes' first calls and the server's first connections.
    await httpPhase('HTTP warm-up', 2, order);
    const phases = [
      single,
      concurrent,
      await httpPhase('HTTP', 1, order),
      await httpPhase('HTTP', inFlight, order),
    ];
    await app.close();
    app = undefined;

    const overApplied = await overAppliedInvoices(database.db, actor.orgId);
    const overSpent = await overSpentPayments(database.db, actor.orgId);
    const balance = await getTrialBalance(database, actor);
    const tiesOut = balance.currencies.every(
      (currency) => currency.debitMinor === currency.creditMinor && currency.differenceMinor === 0n,
    );
    const version = await serverVersion(database.db);

    const tps = new Map<number, number>();
    if (runPgbench) {
      await withServer(serverUrl, (client) => createDatabase(client, pgbenchName));
      const pgbenchUrl = new URL(serverUrl);
      pgbenchUrl.pathname = `/${pgbenchName}`;
      try {
        // Scale 16: one branch row per client at 16 clients, so pgbench is not queued on one row.
        say('pgbench -i -s 16…');
        execFileSync(
          join(postgresBin, 'pgbench'),
          ['-i', '-q', '-s', '16', pgbenchUrl.toString()],
          {
            stdio: ['ignore', 'ignore', 'pipe'],
          },
        );
        for (const clients of [1, inFlight]) {
          tps.set(clients, pgbenchTps(pgbenchUrl.toString(), clients));
          say(`pgbench tpcb-like, ${clients} clients: ${tps.get(clients)!.toFixed(1)} tps`);
        }
      } finally {
        await withServer(serverUrl, (client) => dropDatabase(client, pgbenchName));
      }
    }

    const lines = [
      `Settle payments benchmark: ${invoices.toLocaleString('en')} invoices, ` +
        `${generated.customers.toLocaleString('en')} customers, PostgreSQL ${version}, ` +
        `${cpus().length} cores, ${seconds} s per phase, oldest-first payments of 100.00 to 5,000.00 EUR.`,
      '',
      '| path | in flight | payments/s | target | statements/payment | p50 ms | p99 ms | Node CPU ms/payment | pgbench tps | share of pgbench |',
      '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
      ...phases.map((p) => {
        const reference = tps.get(p.inFlight);
        const target = p.inFlight === 1 ? targets.single : targets.concurrent;
        return (
          `| ${p.label} | ${p.inFlight} | ${p.perSecond.toFixed(1)} | ${target} (${(p.perSecond / target).toFixed(2)}×) | ` +
          `${p.statementsPerPayment.toFixed(1)} | ${p.p50Ms.toFixed(1)} | ${p.p99Ms.toFixed(1)} | ${p.nodeCpuMs.toFixed(2)} | ` +
          `${reference === undefined ? '–' : reference.toFixed(1)} | ` +
          `${reference === undefined ? '–' : `${((100 * p.perSecond) / reference).toFixed(1)} % (target ${100 * targets.share} %)`} |`
        );
      }),
      '',
      `Failed payments: ${phases.reduce((sum, p) => sum + p.failures, 0)}. ` +
        `Invoices over-applied or with a wrong open balance: ${overApplied}. Payments over-spent: ${overSpent}. ` +
        `Ledger ties out: ${tiesOut ? 'yes' : 'NO'}.`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    if (overApplied > 0 || overSpent > 0 || !tiesOut) process.exitCode = 1;
  } finally {
    await app?.close();
    await database.close();
    await withServer(serverUrl, (client) => dropDatabase(client, name));
    server?.stop();
  }
}

await main();
