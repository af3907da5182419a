// The server's memory under use (`npm run bench:server-memory`, issue #16): `settle serve` runs as
// a user runs it, a process of its own on an embedded demo data directory, and answers 100,000
// API requests (BENCH_REQUESTS), 16 in flight, across the pages a collector opens all day: lists,
// one invoice, a statement, the aging, the dashboard, the search. Its resident memory is read from
// /proc every 5,000 requests. The target is that it stays flat: the reference is the memory after
// the first 10,000 requests (caches and compiled code warm), and the figure is the growth from
// there to the end.
import { spawn } from 'node:child_process';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const settle = fileURLToPath(new URL('../bin/settle.js', import.meta.url));
const requests = Number(process.env.BENCH_REQUESTS ?? 100_000);
const inFlight = 16;
const sampleEvery = 5_000;
const warmUp = 10_000;
const flatTargetPercent = 10;

const say = (line: string) => process.stderr.write(`${line}\n`);

async function settleCommand(dir: string, ...args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, [settle, '--data', join(dir, 'data'), ...args], {
    cwd: dir,
    env: { ...process.env, DATABASE_URL: '' },
    maxBuffer: 16 * 1024 * 1024,
  });
  return stdout;
}

async function residentMiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kib = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? NaN);
  return kib / 1024;
}

const dir = await mkdtemp(join(tmpdir(), 'settle-bench-memory-'));
say('making the demo company…');
await settleCommand(dir, 'demo');
await settleCommand(
  dir,
  'user',
  'add',
  '--email',
  'bench@settle.local',
  '--role',
  'viewer',
  '--service',
);
const token = (
  await settleCommand(dir, 'token', 'add', '--user', 'bench@settle.local', '--name', 'bench')
).trim();

const server = spawn(
  process.execPath,
  [settle, '--data', join(dir, 'data'), 'serve', '--port', '0'],
  {
    cwd: dir,
    env: { ...process.env, DATABASE_URL: '' },
    stdio: ['ignore', 'ignore', 'pipe'],
  },
);
let serverOutput = '';
const base = await new Promise<string>((resolve, reject) => {
  server.stderr.on('data', (chunk: Buffer) => {
    serverOutput += chunk.toString();
    const address = /running on (http:\/\/[^ ]+) /.exec(serverOutput)?.[1];
    if (address) resolve(address);
  });
  server.once('exit', () => reject(new Error(`settle serve stopped: ${serverOutput}`)));
});
const pid = server.pid!;
const headers = { authorization: `Bearer ${token}` };

async function getJson<T>(path: string): Promise<T> {
  const response = await fetch(`${base}/api/v1${path}`, { headers });
  if (!response.ok)
    throw new Error(`GET ${path}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

const invoiceIds = (await getJson<{ items: { id: string }[] }>('/invoices?limit=100')).items.map(
  (item) => item.id,
);
const customerIds = (await getJson<{ items: { id: string }[] }>('/customers?limit=100')).items.map(
  (item) => item.id,
);
const kinds = [
  'invoice list',
  'customer list',
  'one invoice',
  'statement',
  'aging',
  'dashboard',
  'payment list',
  'search',
] as const;
const paths = (n: number): string => {
  const pick = <T>(list: readonly T[]) => list[n % list.length]!;
  switch (n % kinds.length) {
    case 0:
      return [
        '/invoices?limit=50',
        '/invoices?limit=50&status=open',
        '/invoices?limit=50&sort=due_on',
      ][n % 3]!;
    case 1:
      return `/customers?limit=50`;
    case 2:
      return `/invoices/${pick(invoiceIds)}`;
    case 3:
      return `/customers/${pick(customerIds)}/statement`;
    case 4:
      return '/reports/aging';
    case 5:
      return '/reports/dashboard';
    case 6:
      return `/payments?limit=50`;
    default:
      return `/search?q=${encodeURIComponent(`INV-${n % 500}`)}`;
  }
};

const samples: { done: number; mib: number }[] = [{ done: 0, mib: await residentMiB(pid) }];
let next = 0;
let done = 0;
let failed = 0;
const started = performance.now();
const spentMs = kinds.map(() => 0);
async function worker(): Promise<void> {
  while (next < requests) {
    const n = next++;
    const sent = performance.now();
    const response = await fetch(`${base}/api/v1${paths(n)}`, { headers });
    await response.arrayBuffer();
    spentMs[n % kinds.length]! += performance.now() - sent;
    if (!response.ok) failed++;
    const count = ++done;
    if (count % sampleEvery === 0) {
      const mib = await residentMiB(pid);
      samples.push({ done: count, mib });
      say(`${count.toLocaleString('en')} requests, ${mib.toFixed(0)} MiB`);
    }
  }
}
await Promise.all(Array.from({ length: inFlight }, worker));
const seconds = (performance.now() - started) / 1000;
server.kill('SIGTERM');
await new Promise((resolve) => server.once('exit', resolve));
await rm(dir, { recursive: true, force: true });

const reference = samples.find((sample) => sample.done >= warmUp) ?? samples[0]!;
const last = samples.at(-1)!;
const peak = Math.max(...samples.map((sample) => sample.mib));
const growth = ((last.mib - reference.mib) / reference.mib) * 100;
console.log(
  `\nServer memory over ${requests.toLocaleString('en')} API requests (${inFlight} in flight)`,
);
console.log(
  `machine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB; ` +
    `node ${process.version}; embedded database (demo company)`,
);
console.log(
  `requests: ${done.toLocaleString('en')} in ${seconds.toFixed(1)} s (${(done / seconds).toFixed(0)}/s), ${failed} not OK`,
);
console.log(
  `mean time per request, ${inFlight} in flight: ` +
    kinds
      .map((kind, index) => `${kind} ${(spentMs[index]! / (done / kinds.length)).toFixed(0)} ms`)
      .join(', '),
);
console.log('resident memory (MiB) at the start and every 5,000 requests:');
console.log(`  ${samples.map((sample) => sample.mib.toFixed(0)).join(' ')}`);
console.log(
  `after ${reference.done.toLocaleString('en')} requests (reference): ${reference.mib.toFixed(0)} MiB; ` +
    `at the end: ${last.mib.toFixed(0)} MiB; peak ${peak.toFixed(0)} MiB`,
);
console.log(
  `growth after warm-up: ${growth.toFixed(1)} % (target: flat, at most ${flatTargetPercent} %) ` +
    `${growth <= flatTargetPercent ? 'met' : 'MISSED'}`,
);
if (failed > 0) process.exitCode = 1;
