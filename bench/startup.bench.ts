// The start-up benchmark (`npm run bench:startup`), against issue #16's start-up targets, each
// measured in the same run beside its reference:
// - `settle --help` within 3× a bare `node -e 0`;
// - `settle aging` on an existing embedded (PGlite) data directory in under 1 s;
// - `npm start` (`node bin/settle.js serve`) on the demo data directory answering /health in
//   under 2 s.
// It also times PGlite opening that data directory alone (a fixed cost of the embedded engine),
// and the same commands run from the TypeScript source, as before dist/ (SETTLE_FROM_SOURCE=1).
// Every figure is the median of BENCH_STARTUP_RUNS runs (5; source runs: 2) of a fresh process.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { cpus, loadavg, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildFreshness } from '../bin/build-freshness.js';
import { envInt } from './env.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const settle = join(root, 'bin', 'settle.js');
const runs = envInt('BENCH_STARTUP_RUNS', 5);
const sourceRuns = envInt('BENCH_STARTUP_SOURCE_RUNS', 2);
const say = (line: string) => process.stderr.write(`${line}\n`);

interface Finished {
  readonly ms: number;
  readonly code: number | null;
  readonly stderr: string;
}

/** Runs a process to its end, timing it from spawn to exit. */
function timed(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, {
      cwd: root,
      env: { ...process.env, DATABASE_URL: '', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ ms: performance.now() - started, code, stderr }));
  });
}

async function must(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<number> {
  const result = await timed(args, env);
  if (result.code !== 0) throw new Error(`node ${args.join(' ')} failed:\n${result.stderr}`);
  return result.ms;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('port')),
      );
    });
  });
}

/** `node bin/settle.js serve` until GET /health answers 200; then stops it and waits for its exit. */
async function serveUntilHealthy(dataDir: string): Promise<number> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [settle, '--data', dataDir, 'serve', '--port', String(port)],
    {
      cwd: root,
      env: { ...process.env, DATABASE_URL: '', SETTLE_COLLECTIONS: 'off' },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`settle serve exited:\n${stderr}`);
      const ok = await fetch(`http://127.0.0.1:${port}/health`).then(
        (response) => response.ok,
        () => false,
      );
      if (ok) return performance.now() - started;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

async function medianOf(count: number, run: () => Promise<number>): Promise<number> {
  const times: number[] = [];
  for (let index = 0; index < count; index += 1) times.push(await run());
  return median(times);
}

const ms = (value: number) => `${Math.round(value).toLocaleString('en')} ms`;

async function main(): Promise<void> {
  const freshness = buildFreshness(root);
  if (!freshness.fresh) {
    say(`${freshness.reason}: building first (npm run build).`);
    await must([join(root, 'scripts', 'build-server.js')]);
  }
  const dir = await mkdtemp(join(tmpdir(), 'settle-startup-bench-'));
  const dataDir = join(dir, 'data');
  try {
    say('Making the demo data directory (settle demo)…');
    const demoMs = await must([settle, '--data', dataDir, 'demo']);
    say(`  ${ms(demoMs)}`);
    // One untimed run of each, so that every timed run finds the files in the page cache.
    await must(['-e', '0']);
    await must([settle, '--help']);
    await must([settle, '--data', dataDir, 'aging']);

    const nodeMs = await medianOf(runs, () => must(['-e', '0']));
    const helpMs = await medianOf(runs, () => must([settle, '--help']));
    const agingMs = await medianOf(runs, () => must([settle, '--data', dataDir, 'aging']));
    // PGlite alone opening the same data directory: the embedded engine's fixed cost, inside a
    // process (after its import) and for the whole process.
    const pglite: { open: number; process: number }[] = [];
    for (let index = 0; index < runs; index += 1) {
      const result = await timed([
        '--input-type=module',
        '-e',
        `import { PGlite } from '@electric-sql/pglite';
         const started = performance.now();
         const db = await PGlite.create(${JSON.stringify(dataDir)});
         await db.query('SELECT 1');
         process.stderr.write(String(performance.now() - started));
         await db.close();`,
      ]);
      pglite.push({ open: Number(result.stderr), process: result.ms });
    }
    const pgliteOpenMs = median(pglite.map((run) => run.open));
    const pgliteMs = median(pglite.map((run) => run.process));
    const serveMs = await medianOf(runs, () => serveUntilHealthy(dataDir));
    const source = { SETTLE_FROM_SOURCE: '1' };
    const helpSourceMs = await medianOf(sourceRuns, () => must([settle, '--help'], source));
    const agingSourceMs = await medianOf(sourceRuns, () =>
      must([settle, '--data', dataDir, 'aging'], source),
    );

    // Beside each figure: its ratio to `node -e 0` in the same run, which carries over from a
    // loaded machine to an idle one better than the milliseconds do.
    const times = (value: number) => `${(value / nodeMs).toFixed(1)}×`;
    const rows: [string, string, string, string, string][] = [
      ['measure', 'median', '÷ node -e 0', 'target', 'verdict'],
      ['node -e 0 (the reference)', ms(nodeMs), '1.0×', '', ''],
      [
        'settle --help',
        ms(helpMs),
        times(helpMs),
        '≤ 3.0× node -e 0',
        helpMs <= 3 * nodeMs ? 'met' : 'MISSED',
      ],
      [
        'settle aging (demo data dir)',
        ms(agingMs),
        times(agingMs),
        '< 1,000 ms',
        agingMs < 1000 ? 'met' : 'MISSED',
      ],
      ['  PGlite alone: opens the data dir', ms(pgliteOpenMs), times(pgliteOpenMs), '', ''],
      ['  PGlite alone: whole process', ms(pgliteMs), times(pgliteMs), '', ''],
      [
        'npm start until /health answers',
        ms(serveMs),
        times(serveMs),
        '< 2,000 ms',
        serveMs < 2000 ? 'met' : 'MISSED',
      ],
      [
        'settle --help from source (tsx)',
        ms(helpSourceMs),
        times(helpSourceMs),
        `${(helpSourceMs / helpMs).toFixed(1)}× built`,
        '',
      ],
      [
        'settle aging from source (tsx)',
        ms(agingSourceMs),
        times(agingSourceMs),
        `${(agingSourceMs / agingMs).toFixed(1)}× built`,
        '',
      ],
    ];
    const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
    const cpu = cpus()[0]?.model ?? 'unknown CPU';
    process.stdout.write(
      `Start-up (issue #16), ${runs} runs each (source: ${sourceRuns}), median. ${cpus().length} × ${cpu}, ` +
        `${Math.round(totalmem() / 2 ** 30)} GiB, Linux ${release()}, Node ${process.versions.node}; ` +
        `load average ${loadavg()
          .map((value) => value.toFixed(1))
          .join(' ')}.\n\n`,
    );
    for (const row of rows)
      process.stdout.write(
        `${row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ')}\n`,
      );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
