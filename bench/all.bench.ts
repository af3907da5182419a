// `npm run bench`: every benchmark of issue #16's figures, one after the other, each printing its
// figures beside the reference it measured in the same run (Node's own start, a plain COPY,
// pgbench, a plain scan of the ledger, the memory after warm-up) and the ratio. BENCH_ONLY names
// some of them (comma-separated: startup, import, payments, ledger, collections, server-memory);
// the sizes are each benchmark's own variables (README, "Benchmarks").
import { spawn } from 'node:child_process';

const benchmarks = [
  ['startup', 'start-up: settle --help, a report, npm start until /health'],
  ['import', 'bulk load: 1,000,000 invoices and the other kinds from CSV, beside COPY'],
  ['payments', 'payments through the service and the API, beside pgbench'],
  ['ledger', 'the 1M-invoice book: reports, trial balance, peak memory'],
  ['collections', 'the collections run on 100,000 open invoices, and a second run'],
  ['server-memory', "the server's memory over 100,000 API requests"],
] as const;

const only = (process.env.BENCH_ONLY ?? '')
  .split(',')
  .map((name) => name.trim())
  .filter(Boolean);
const unknown = only.filter((name) => !benchmarks.some(([known]) => known === name));
if (unknown.length > 0) {
  process.stderr.write(
    `BENCH_ONLY: unknown ${unknown.join(', ')}; known: ${benchmarks.map(([name]) => name).join(', ')}\n`,
  );
  process.exit(2);
}
const chosen = benchmarks.filter(([name]) => only.length === 0 || only.includes(name));

function runScript(name: string): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '--silent', `bench:${name}`], { stdio: 'inherit' });
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

const outcomes: { name: string; code: number; minutes: number }[] = [];
for (const [name, what] of chosen) {
  console.log(`\n==================== npm run bench:${name}: ${what} ====================\n`);
  const started = performance.now();
  const code = await runScript(name);
  outcomes.push({ name, code, minutes: (performance.now() - started) / 60_000 });
}
console.log('\n==================== all benchmarks ====================\n');
for (const outcome of outcomes) {
  console.log(
    `bench:${outcome.name.padEnd(14)} ${outcome.minutes.toFixed(1).padStart(5)} min  ${outcome.code === 0 ? 'ran' : `FAILED (exit ${outcome.code})`}`,
  );
}
if (outcomes.some((outcome) => outcome.code !== 0)) process.exitCode = 1;
