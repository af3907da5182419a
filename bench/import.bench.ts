// The bulk-import benchmark (`npm run bench:import`, issue #16): writes CSV files of a book moving
// to Settle (1,000,000 invoices by default, `--invoices N` or BENCH_IMPORT_INVOICES for another
// size, with one customer per 50 invoices, a credit note on every 20th invoice and a payment of
// every 4th), then on each engine (BENCH_ENGINES, default pglite,postgres), in a database of its
// own:
// - the reference: a plain COPY of the invoices file into a plain table with no index, timed in
//   this process;
// - `settle import` of customers, invoices, credit notes and payments (BENCH_IMPORT_KINDS to
//   choose), each run as the real command in a child process under /usr/bin/time, which gives
//   its wall time and peak resident memory.
// Prints each figure beside the reference of the same run and their ratio, against the issue's
// targets (invoices: ≤ 60 s on PGlite and ≤ 30 s on PostgreSQL at a million, ≤ 10× the COPY;
// peak RSS ≤ 2 GiB).
//
// PostgreSQL: BENCH_DATABASE_URL or DATABASE_URL names a server, on which a database of its own is
// created and dropped; without one, a throwaway PostgreSQL 15 is started from Debian's binaries.
import { spawnSync } from 'node:child_process';
import { createReadStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { openBenchDatabase } from './bench-database.js';
import { envInt } from './env.js';
import { writeImportFiles, type ImportFiles } from './import-files.js';
import { postgresAvailable, startPostgres, type PostgresServer } from './postgres-server.js';
import { migrate } from '../src/platform/db/migrate.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const flag = process.argv.indexOf('--invoices');
const invoices =
  flag >= 0
    ? Number(process.argv[flag + 1]!.replace(/_/g, ''))
    : envInt('BENCH_IMPORT_INVOICES', 1_000_000);
const engines = (process.env.BENCH_ENGINES ?? 'pglite,postgres').split(',').filter(Boolean);
const kinds = (process.env.BENCH_IMPORT_KINDS ?? 'customers,invoices,credit-notes,payments')
  .split(',')
  .filter(Boolean);
const targets = { pglite: 60, postgres: 30 } as Record<string, number>;
const scaledTarget = (engine: string) => (targets[engine] ?? 0) * (invoices / 1_000_000);
const rssMaxMiB = 2048;

const say = (line: string) => process.stderr.write(`${line}\n`);
const seconds = (from: number) => (performance.now() - from) / 1000;
const n = (value: number, digits = 0) =>
  value.toLocaleString('en', { minimumFractionDigits: digits, maximumFractionDigits: digits });

interface Step {
  readonly kind: string;
  readonly rows: number;
  /** The command's whole run, in its own process. */
  readonly seconds: number;
  /** The import's own time, as the command reports it (without starting the process). */
  readonly importSeconds: number;
  readonly rssMiB: number;
  readonly ok: boolean;
}

/** The reference: the invoices file, as it is, into a table with no index, with one COPY. */
const plainTable = `CREATE TABLE plain_invoices (number text, customer_ref text, issue_date date,
  due_date date, currency text, total numeric, description text)`;

async function plainCopyPglite(dir: string, file: string): Promise<number> {
  const pglite = await PGlite.create(dir);
  try {
    await pglite.exec(plainTable);
    const start = performance.now();
    await pglite.query(`COPY plain_invoices FROM '/dev/blob' WITH (FORMAT csv, HEADER)`, [], {
      blob: new Blob([readFileSync(file)]),
    });
    const took = seconds(start);
    await pglite.exec('DROP TABLE plain_invoices');
    return took;
  } finally {
    await pglite.close();
  }
}

async function plainCopyPostgres(url: string, file: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(plainTable);
    const start = performance.now();
    await pipeline(
      createReadStream(file),
      client.query(copyFrom('COPY plain_invoices FROM STDIN WITH (FORMAT csv, HEADER)')),
    );
    const took = seconds(start);
    await client.query('DROP TABLE plain_invoices');
    return took;
  } finally {
    await client.end();
  }
}

/** `settle import KIND FILE` in a child process, as a person runs it, with its peak memory. */
function settleImport(kind: string, file: string, env: NodeJS.ProcessEnv): Step {
  const start = performance.now();
  const child = spawnSync(
    '/usr/bin/time',
    ['-f', 'RSS_KB=%M', process.execPath, join(root, 'bin/settle.js'), 'import', kind, file],
    { env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  const took = seconds(start);
  const rss = /RSS_KB=(\d+)/.exec(child.stderr ?? '');
  const ok = child.status === 0;
  const own = / in ([\d.]+) s\.\s*$/.exec(child.stdout ?? '');
  if (!ok) say(`settle import ${kind} failed:\n${child.stdout}\n${child.stderr.slice(-4000)}`);
  else say(`  ${kind}: ${child.stdout.trim()} in ${n(took, 1)} s`);
  return {
    kind,
    rows: 0,
    seconds: took,
    importSeconds: own ? Number(own[1]) : NaN,
    rssMiB: rss ? Number(rss[1]) / 1024 : NaN,
    ok,
  };
}

function fileFor(files: ImportFiles, kind: string): { file: string; rows: number } {
  switch (kind) {
    case 'customers':
      return { file: files.customers, rows: files.counts.customers };
    case 'invoices':
      return { file: files.invoices, rows: files.counts.invoices };
    case 'credit-notes':
      return { file: files.creditNotes, rows: files.counts.creditNotes };
    case 'payments':
      return { file: files.payments, rows: files.counts.payments };
    default:
      throw new Error(`Unknown kind ${kind}`);
  }
}

async function runEngine(
  engine: string,
  files: ImportFiles,
  server: PostgresServer | undefined,
): Promise<{ copySeconds: number; steps: Step[] }> {
  say(`=== ${engine} ===`);
  const serverUrl = process.env.BENCH_DATABASE_URL || process.env.DATABASE_URL || server?.url;
  const bench = await openBenchDatabase({ engine, label: 'import', serverUrl, connections: 2 });
  try {
    // Migrated here, so that the commands' times are the imports' own.
    await migrate(bench.database);
    await bench.database.close();
    const url =
      engine === 'postgres'
        ? (() => {
            const target = new URL(serverUrl!);
            target.pathname = `/${bench.where}`;
            return target.toString();
          })()
        : undefined;
    const copySeconds =
      engine === 'pglite'
        ? await plainCopyPglite(bench.where, files.invoices)
        : await plainCopyPostgres(url!, files.invoices);
    say(`  plain COPY of ${n(files.counts.invoices)} invoices: ${n(copySeconds, 1)} s`);
    const env: NodeJS.ProcessEnv = { ...process.env, SETTLE_DATA_DIR: bench.where };
    delete env.DATABASE_URL;
    if (url) env.DATABASE_URL = url;
    const steps: Step[] = [];
    for (const kind of kinds) {
      const { file, rows } = fileFor(files, kind);
      steps.push({ ...settleImport(kind, file, env), rows });
    }
    return { copySeconds, steps };
  } finally {
    await bench.cleanup();
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'settle-bench-import-'));
  let server: PostgresServer | undefined;
  try {
    say(`Writing the CSV files of ${n(invoices)} invoices…`);
    const files = await writeImportFiles(dir, invoices, envInt('BENCH_SEED', 1));
    say(`  invoices.csv: ${n(statSync(files.invoices).size / 2 ** 20, 1)} MiB`);
    if (
      engines.includes('postgres') &&
      !process.env.BENCH_DATABASE_URL &&
      !process.env.DATABASE_URL &&
      postgresAvailable()
    )
      server = await startPostgres();
    const lines: string[] = [];
    lines.push(
      `Bulk import of ${n(invoices)} invoices (${n(files.counts.customers)} customers, ${n(files.counts.creditNotes)} credit notes, ${n(files.counts.payments)} payments); ${cpus().length} cores, load average ${loadavg()[0]!.toFixed(1)} at the start`,
      '',
      '| engine | step | rows | command, s | import, s | rows/s | × plain COPY | peak RSS | target |',
      '|---|---|---:|---:|---:|---:|---:|---:|---|',
    );
    for (const engine of engines) {
      const { copySeconds, steps } = await runEngine(engine, files, server);
      lines.push(
        `| ${engine} | plain COPY of invoices.csv (reference) | ${n(files.counts.invoices)} | | ${n(copySeconds, 1)} | ${n(files.counts.invoices / copySeconds)} | 1.0 | | |`,
      );
      for (const step of steps) {
        // The import's own time against the COPY's: both leave the process's start out.
        const ratio = step.importSeconds / copySeconds;
        const target =
          step.kind === 'invoices'
            ? `≤ ${n(scaledTarget(engine), 1)} s and ≤ 10×: ${step.ok && step.importSeconds <= scaledTarget(engine) && ratio <= 10 ? 'meets' : 'misses'}`
            : '';
        const rss = Number.isNaN(step.rssMiB)
          ? '?'
          : `${n(step.rssMiB)} MiB${step.rssMiB > rssMaxMiB ? ' (over 2 GiB)' : ''}`;
        lines.push(
          `| ${engine} | settle import ${step.kind}${step.ok ? '' : ' (FAILED)'} | ${n(step.rows)} | ${n(step.seconds, 1)} | ${n(step.importSeconds, 1)} | ${n(step.rows / step.importSeconds)} | ${n(ratio, 1)} | ${rss} | ${target} |`,
        );
      }
    }
    lines.push(
      '',
      `Each import is the \`settle\` command in its own process: "command" is its whole run (starting Node and tsx, opening the database, the migration check), "import" the time the command reports for the import itself, which the rate, the ratio and the target use; invoices' targets scale with the size (issue #16: 60 s on PGlite and 30 s on PostgreSQL at 1,000,000).`,
    );
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    server?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
