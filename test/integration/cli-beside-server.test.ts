import { spawn, type ChildProcess } from 'node:child_process';
import { readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clockShiftDays } from '../../src/core/clock.js';
import { channelFileName, type ChannelFile } from '../../src/cli/server-channel.js';
import { newCliDirectory, runSettle, settleFromSource, smallBookCsv } from '../support/cli.js';

// `settle serve` holds the embedded data directory; the CLI's commands on it are run by the
// server and give what they give without it.

const settle = fileURLToPath(new URL('../../bin/settle.js', import.meta.url));

interface RunningServer {
  readonly child: ChildProcess;
  readonly output: () => string;
  stop(): Promise<void>;
}

async function startServer(dir: string): Promise<RunningServer> {
  const child = spawn(
    process.execPath,
    [settle, '--data', join(dir, 'data'), 'serve', '--port', '0'],
    {
      cwd: dir,
      env: {
        ...process.env,
        DATABASE_URL: '',
        SETTLE_COLLECTIONS: 'off',
        // The source under test, as runSettle runs it, not a build that may be older.
        SETTLE_FROM_SOURCE: settleFromSource,
        SETTLE_CLOCK_SHIFT_DAYS: String(clockShiftDays()),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const poll = setInterval(() => {
      if (output.includes('runs through this server')) {
        clearInterval(poll);
        resolve();
      }
    }, 50);
    void exited.then(() => {
      clearInterval(poll);
      reject(new Error(`settle serve stopped: ${output}`));
    });
  });
  return {
    child,
    output: () => output,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

let dir: string;
let server: RunningServer;

beforeAll(async () => {
  dir = await newCliDirectory('settle-beside-');
  await writeFile(join(dir, 'customers.csv'), smallBookCsv.customers);
  await writeFile(join(dir, 'invoices.csv'), smallBookCsv.invoices);
  server = await startServer(dir);
}, 120_000);

afterAll(async () => {
  await server?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('the CLI beside a running server', () => {
  let agingThroughServer: string;

  it('imports and reports through the server holding the data directory', async () => {
    const customers = await runSettle(dir, 'import', 'customers', 'customers.csv');
    expect(customers.stderr).toBe('');
    expect(customers.stdout).toMatch(/^Imported 2 customers .* from customers\.csv/);
    expect(customers.code).toBe(0);
    // A relative file name is read from the CLI's working directory, not the server's.
    expect(await runSettle(dir, 'import', 'invoices', 'invoices.csv')).toMatchObject({ code: 0 });
    const aging = await runSettle(dir, 'aging', '--as-of', '2026-04-15', '--format', 'csv');
    expect(aging.code).toBe(0);
    expect(aging.stdout).toContain('ACME,Acme Ltd,');
    agingThroughServer = aging.stdout;
    // Written to a file named relative to the CLI, whole.
    expect(await runSettle(dir, 'export', 'invoices', 'invoices-out.csv')).toMatchObject({
      code: 0,
    });
    expect(await readFile(join(dir, 'invoices-out.csv'), 'utf8')).toContain('INV-2,ACME,');
  }, 120_000);

  it('passes on refusals, naming the field, with their exit code', async () => {
    const unknown = await runSettle(dir, 'statement', '--customer', 'NOBODY');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/NOBODY.*\[customer_not_found\]/);
    const badDate = await runSettle(dir, 'aging', '--as-of', 'yesterday');
    expect(badDate.code).toBe(1);
    expect(badDate.stderr).toContain('(field: as-of) [date_invalid]');
  }, 120_000);

  it('keeps the channel private: only the owner can read the token, and a wrong token runs nothing', async () => {
    const file = join(dir, 'data', channelFileName);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const channel = JSON.parse(await readFile(file, 'utf8')) as ChannelFile;
    const refused = await fetch(`http://127.0.0.1:${channel.port}/run`, {
      method: 'POST',
      headers: { authorization: 'Bearer not-the-token', 'content-type': 'application/json' },
      body: JSON.stringify({ argv: ['user', 'list'], cwd: dir, user: 'x', stdoutIsTTY: false }),
    });
    expect(refused.status).toBe(401);
  });

  it('refuses a second server on the same data directory', async () => {
    const second = await runSettle(dir, 'serve', '--port', '0');
    expect(second.code).toBe(1);
    expect(second.stderr).toContain('[data_dir_locked]');
  }, 120_000);

  it('gives the same report once the server has stopped, and the channel is gone', async () => {
    await server.stop();
    await expect(stat(join(dir, 'data', channelFileName))).rejects.toThrow();
    const aging = await runSettle(dir, 'aging', '--as-of', '2026-04-15', '--format', 'csv');
    expect(aging.code).toBe(0);
    expect(aging.stdout).toBe(agingThroughServer);
  }, 120_000);
});
