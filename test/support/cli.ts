import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { inject, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { buildFreshness } from '../../bin/build-freshness.js';
import { clockShiftDays } from '../../src/core/clock.js';

const run = promisify(execFile);
const settle = fileURLToPath(new URL('../../bin/settle.js', import.meta.url));

/**
 * SETTLE_FROM_SOURCE for a `settle` the tests start: the compiled build when it was built from the
 * source on disk (CI builds it at `npm ci`, and starting it costs a fraction of compiling the
 * TypeScript), the source itself when a file under src/ changed since, quietly.
 */
export const settleFromSource = buildFreshness(fileURLToPath(new URL('../..', import.meta.url)))
  .fresh
  ? ''
  : '1';

/**
 * Runs the real `settle` command in a child process on the embedded database in `dir`/data (even
 * when the tests run on PostgreSQL), and returns its exit code and output.
 */
export async function runSettle(dir: string, ...args: string[]) {
  // The command runs on this test's day: the run's shift, or the one the test file pinned.
  const env = {
    ...process.env,
    DATABASE_URL: '',
    SETTLE_FROM_SOURCE: settleFromSource,
    SETTLE_CLOCK_SHIFT_DAYS: String(clockShiftDays()),
  };
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      [settle, '--data', join(dir, 'data'), ...args],
      {
        cwd: dir,
        env,
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/**
 * Makes `dataDir` a migrated embedded database without an organization, as the first `settle`
 * command would, by extracting the run's template (see global-setup.ts): creating and migrating
 * a new one took about 5 s a directory. The tests of a new directory's creation leave this out.
 */
export async function seedDataDirectory(dataDir: string): Promise<void> {
  await mkdir(dataDir, { recursive: true });
  await run('tar', ['-xf', inject('settleEmbeddedTemplate'), '-C', dataDir]);
}

/** A new temporary directory for `settle` commands, its data directory (`dir`/data) seeded. */
export async function newCliDirectory(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  await seedDataDirectory(join(dir, 'data'));
  return dir;
}

/**
 * A new temporary directory whose embedded database holds the given CSV files, imported with the
 * real `settle import` in the order given (one process owns the data dir at a time).
 */
export async function importedCliBook(
  prefix: string,
  files: readonly (readonly ['customers' | 'invoices' | 'credit-notes' | 'payments', string])[],
) {
  const dir = await newCliDirectory(prefix);
  for (const [kind, csv] of files) {
    await writeFile(join(dir, `${kind}.csv`), csv);
    const result = await runSettle(dir, 'import', kind, `${kind}.csv`);
    if (result.code !== 0) throw new Error(`settle import ${kind} failed: ${result.stderr}`);
  }
  return dir;
}

/** A small book for the CLI tests: ACME owes INV-1 (due 31 January) and INV-2 (due 3 March), Globex INV-3 (due 31 March). */
export const smallBookCsv = {
  customers:
    'ref,name,email,currency,terms\nACME,Acme Ltd,ap@acme.test,EUR,NET30\nGLOBEX,Globex,ap@globex.test,EUR,NET30\n',
  invoices:
    'number,customer_ref,issue_date,due_date,currency,total\n' +
    'INV-1,ACME,2026-01-01,2026-01-31,EUR,100.00\n' +
    'INV-2,ACME,2026-02-01,2026-03-03,EUR,250.00\n' +
    'INV-3,GLOBEX,2026-03-01,2026-03-31,EUR,40.00\n',
} as const;

/**
 * Runs the `settle` command in this process (faster than a child, and the test's clock applies)
 * on its own embedded database, even when the tests run on PostgreSQL, and collects what it
 * prints: stdout as bytes (a PDF may be written there), stderr as text.
 */
export async function runSettleInProcess(...args: string[]) {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const capture =
    (into: Buffer[]) => (chunk: string | Uint8Array, encoding?: unknown, callback?: unknown) => {
      into.push(Buffer.from(chunk));
      const done = typeof encoding === 'function' ? encoding : callback;
      if (typeof done === 'function') done();
      return true;
    };
  const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(capture(out) as never);
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(capture(err) as never);
  vi.stubEnv('DATABASE_URL', '');
  try {
    // As bin/settle.js passes process.argv: the node binary and the script come first.
    const code = await main([process.execPath, 'settle', ...args]);
    return { code, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString() };
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
    vi.unstubAllEnvs();
  }
}
