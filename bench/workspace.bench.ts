// The workspace benchmark (`npm run bench:workspace`, issue #13): on a book of BENCH_INVOICES
// invoices (default 1,000,000) loaded into PostgreSQL, times what the web app asks the API for:
// every list page as the browser first opens it and as it is filtered, sorted and paged, against
// the issue's 300 ms per list; and the requests the dashboard makes, sent six at a time as a
// browser does, against its 2 s. Requests go through the whole HTTP stack (Fastify's inject, with
// a signed-in session cookie), so routing, validation, the queries and serialising are counted.
//
// BENCH_DATABASE_URL or DATABASE_URL names a server (a database of its own is created there);
// without one a throwaway PostgreSQL 15 is started. BENCH_KEEP=1 keeps the loaded database and
// prints its address; BENCH_WORKSPACE_URL=<that address> reuses it and skips the 7-minute load.
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createOrganization } from '../src/auth/create-organization.service.js';
import type { Actor } from '../src/core/actor.js';
import { now } from '../src/core/clock.js';
import { openPostgres, type Database } from '../src/platform/db/database.js';
import { migrate } from '../src/platform/db/migrate.js';
import { loadGeneratedBook } from './bench-book.js';
import { buildServer } from '../src/server/build-server.js';
import { registerHooks } from '../src/server/register-hooks.js';
import { createDatabase, dropDatabase, serverVersion, withServer } from './bench.sql.js';
import { postgresAvailable, startPostgres, type PostgresServer } from './postgres-server.js';

registerHooks();
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const invoices = Number(process.env.BENCH_INVOICES ?? 1_000_000);
const ownerEmail = 'workspace-bench@settle.local';
const ownerPassword = 'benchmark password';
const listTargetMs = 300;
const dashboardTargetMs = 2000;
const runs = 5;

const say = (line: string) =>
  process.stderr.write(`[${now().toISOString().slice(11, 19)}] ${line}\n`);

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

async function loadBook(
  url: string,
): Promise<{ database: Database; address: string; name: string }> {
  const name = `settle_workspace_${randomBytes(4).toString('hex')}`;
  await withServer(url, (client) => createDatabase(client, name));
  const target = new URL(url);
  target.pathname = `/${name}`;
  const database = await openPostgres(target.toString(), 8);
  await migrate(database);
  const organization = await createOrganization(database, {
    name: 'Workspace Benchmark',
    baseCurrency: 'EUR',
    timeZone: 'UTC',
    ownerEmail,
    ownerPassword,
  });
  const actor: Actor = {
    orgId: organization.orgId,
    type: 'system',
    id: null,
    name: 'bench',
    role: 'owner',
  };
  await loadGeneratedBook(database, actor, invoices, `workspace bench invoices=${invoices}`, say);
  return { database, address: target.toString(), name };
}

interface Measured {
  readonly label: string;
  readonly medianMs: number;
  readonly maxMs: number;
  readonly status: number;
}

async function main() {
  const started = now();
  let server: PostgresServer | undefined;
  let database: Database;
  let address: string;
  let dropLoaded: (() => Promise<void>) | undefined;
  try {
    if (process.env.BENCH_WORKSPACE_URL) {
      address = process.env.BENCH_WORKSPACE_URL;
      database = await openPostgres(address, 8);
      // Loaded by an earlier version of Settle, perhaps: bring it to this version's schema, as
      // `settle serve` would, so that the requests are timed against this version's indexes.
      const applied = await migrate(database);
      say(
        `reusing the loaded database ${address}${applied.length > 0 ? `, migrated: ${applied.join(', ')}` : ''}`,
      );
    } else {
      let url = process.env.BENCH_DATABASE_URL || process.env.DATABASE_URL;
      if (!url) {
        if (!postgresAvailable()) throw new Error('No PostgreSQL: set BENCH_DATABASE_URL.');
        server = await startPostgres();
        url = server.url;
      }
      const loaded = await loadBook(url);
      ({ database, address } = loaded);
      const serverUrl = url;
      dropLoaded = () => withServer(serverUrl, (client) => dropDatabase(client, loaded.name));
    }
    const app = await buildServer({ database });
    const login = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: ownerEmail, password: ownerPassword },
    });
    if (login.statusCode !== 200) throw new Error(`sign-in failed: ${login.body}`);
    const cookie = login.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const get = async (path: string) => {
      const response = await app.inject({
        method: 'GET',
        url: `/api/v1${path}`,
        headers: { cookie },
      });
      return response;
    };
    // A customer and an invoice number from the book, for the filtered lists and the search.
    const someCustomers = JSON.parse((await get('/customers?limit=50&sort=name')).body) as {
      items: { id: string; name: string; ref: string }[];
    };
    const customer = someCustomers.items[someCustomers.items.length - 1]!;
    const someInvoices = JSON.parse((await get(`/invoices?customer_id=${customer.id}`)).body) as {
      items: { id: string; number: string }[];
    };
    const invoice = someInvoices.items[0]!;

    const lists: [string, string][] = [
      ['customers, first page', '/customers'],
      ['customers, sorted by name, descending', '/customers?sort=-name'],
      ['customers, name search', `/customers?q=${encodeURIComponent(customer.name.slice(0, 6))}`],
      ['invoices, first page', '/invoices'],
      ['invoices of one customer', `/invoices?customer_id=${customer.id}`],
      ['invoices, open and overdue', '/invoices?status=open'],
      ['invoices, by number', `/invoices?number=${encodeURIComponent(invoice.number)}`],
      ['invoices, sorted by due date', '/invoices?sort=due_on'],
      ['invoices, sorted by number, descending', '/invoices?sort=-number'],
      ['invoices, sorted by amount open, descending', '/invoices?sort=-open'],
      ['payments, first page', '/payments'],
      ['payments of one customer', `/payments?customer_id=${customer.id}`],
      ['credit notes, first page', '/credit-notes'],
      ['work queue', '/work-queue'],
      ['tasks', '/tasks'],
      ['audit log', '/audit-events'],
      ['customer timeline', `/customers/${customer.id}/timeline`],
      ['customer page: its aging', `/reports/aging?customer_id=${customer.id}`],
      ['payments with unapplied credit', '/payments?unapplied=true'],
      ['outbox', '/outbox'],
      ['search in the header', `/search?q=${encodeURIComponent(customer.name.slice(0, 4))}`],
    ];
    // What the dashboard page asks for when it opens (web/src/pages/dashboard/dashboard-page.tsx).
    const dashboard: string[] = [
      '/reports/dashboard',
      '/reports/kpis?monthly=true',
      '/goals?limit=10',
      '/reports/disputes',
    ];
    const measured: Measured[] = [];
    for (const [label, path] of lists) {
      const times: number[] = [];
      let status = 0;
      for (let run = 0; run <= runs; run++) {
        const start = performance.now();
        const response = await get(path);
        const ms = performance.now() - start;
        status = response.statusCode;
        if (run > 0) times.push(ms); // the first run warms the cache
      }
      const result = {
        label: `${label} (${path})`,
        medianMs: median(times),
        maxMs: Math.max(...times),
        status,
      };
      measured.push(result);
      say(`${result.label}: median ${result.medianMs.toFixed(1)} ms, status ${status}`);
    }
    const dashboardTimes: number[] = [];
    const dashboardStatuses = new Set<number>();
    for (let run = 0; run <= runs; run++) {
      const start = performance.now();
      const queue = [...dashboard];
      await Promise.all(
        Array.from({ length: 6 }, async () => {
          for (let path = queue.shift(); path; path = queue.shift())
            dashboardStatuses.add((await get(path)).statusCode);
        }),
      );
      if (run > 0) dashboardTimes.push(performance.now() - start);
    }
    say(`dashboard: median ${median(dashboardTimes).toFixed(0)} ms`);
    await app.close();

    const version = await serverVersion(database.db);
    const lines = [
      `Last run: ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC, ${invoices.toLocaleString('en')} invoices, ${version}; ${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB. Median of ${runs} runs after one warm-up, through the HTTP stack.`,
      '',
      `| Request | median | slowest | target ${listTargetMs} ms |`,
      '|---|---|---|---|',
      ...measured.map(
        (m) =>
          `| ${m.label}${m.status === 200 ? '' : ` — status ${m.status}`} | ${m.medianMs.toFixed(1)} ms | ${m.maxMs.toFixed(1)} ms | ${m.medianMs <= listTargetMs ? 'meets' : 'misses'} |`,
      ),
      `| Dashboard: ${dashboard.length} requests, 6 at a time${[...dashboardStatuses].every((s) => s === 200) ? '' : ` — statuses ${[...dashboardStatuses].join(', ')}`} | ${median(dashboardTimes).toFixed(0)} ms | ${Math.max(...dashboardTimes).toFixed(0)} ms | ${median(dashboardTimes) <= dashboardTargetMs ? 'meets' : 'misses'} the ${dashboardTargetMs} ms target |`,
    ];
    const text = lines.join('\n');
    process.stdout.write(`\n${text}\n`);
    if (invoices === 1_000_000) {
      const file = join(root, 'docs/benchmarks.md');
      const current = readFileSync(file, 'utf8');
      const start = '<!-- bench:workspace:start -->';
      const end = '<!-- bench:workspace:end -->';
      const block = `${start}\n${text}\n${end}`;
      writeFileSync(
        file,
        current.includes(start)
          ? current.replace(new RegExp(`${start}[\\s\\S]*${end}`), block)
          : `${current.trimEnd()}\n\n## The workspace's requests at 1,000,000 invoices\n\n\`npm run bench:workspace\` (bench/workspace.bench.ts).\n\n${block}\n`,
      );
    }
    if (process.env.BENCH_KEEP === '1')
      say(`kept the loaded database: BENCH_WORKSPACE_URL=${address}`);
    await database.close();
  } finally {
    server?.stop();
  }
}

await main();
