// `npm run build` (scripts/build-server.js) bundles src/ into dist/, and bin/settle.js runs that
// build while it is current and the TypeScript source once the source is newer. The build runs
// in a copy of the project so that it never replaces the dist/ of the working tree under a run.
import { execFile, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, statSync, symlinkSync, utimesSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));
const copy = mkdtempSync(join(tmpdir(), 'settle-build-'));
const env = { ...process.env, DATABASE_URL: '', SETTLE_FROM_SOURCE: '' };

const settle = (...args: string[]) =>
  run(process.execPath, [join(copy, 'bin', 'settle.js'), ...args], { cwd: copy, env });

beforeAll(async () => {
  for (const path of ['bin', 'scripts', 'src', 'package.json', 'tsconfig.json'])
    cpSync(join(root, path), join(copy, path), { recursive: true });
  symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'));
  await run(process.execPath, [join(copy, 'scripts', 'build-server.js')], { cwd: copy, env });
});

// The copy holds a build and a data directory; node_modules in it is only a link.
afterAll(() => rmSync(copy, { recursive: true, force: true }));

describe('the built settle command', () => {
  it('runs from dist/: the help lists the commands, and a command finds its migrations', async () => {
    const help = await settle('--help');
    expect(help.stderr).toBe('');
    expect(help.stdout).toContain('aging [options]');
    expect(help.stdout).toContain('serve [options]');
    const data = join(copy, 'data');
    const aging = await settle('--data', data, 'aging', '--as-of', '2026-01-31');
    expect(aging.stdout).toContain('Nothing was owed or in credit on this date.');
    expect(aging.stderr).not.toContain('npm run build');
  });

  it('serves from dist/: /health answers and an API route validates and serializes', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const address = probe.address();
        probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
      });
    });
    const server = spawn(
      process.execPath,
      [
        join(copy, 'bin', 'settle.js'),
        '--data',
        join(copy, 'data'),
        'serve',
        '--port',
        String(port),
      ],
      {
        cwd: copy,
        env: { ...env, SETTLE_COLLECTIONS: 'off' },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    server.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise((resolve) => server.on('close', resolve));
    try {
      const get = (path: string) => fetch(`http://127.0.0.1:${port}${path}`).catch(() => undefined);
      let health = await get('/health');
      while (health?.status !== 200 && server.exitCode === null) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        health = await get('/health');
      }
      expect(await health?.json(), stderr).toEqual({ status: 'ok' });
      // Validators compile on a route's first request: the permission check still comes first,
      // and a body of the wrong type is refused by the login route's validator.
      const refused = await get('/api/v1/customers?limit=lots');
      expect(refused?.status).toBe(401);
      const login = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 7 }),
      });
      expect(login.status).toBe(400);
      expect(stderr).not.toContain('npm run build');
    } finally {
      server.kill('SIGTERM');
      await exited;
    }
  });

  it('runs the source, and says so once, when a source file is newer than the build', async () => {
    // A minute after the build, by the file system's times (what the freshness check compares).
    const later = new Date(statSync(join(copy, 'dist', '.build-stamp')).mtimeMs + 60_000);
    utimesSync(join(copy, 'src', 'cli', 'main.ts'), later, later);
    const help = await settle('--help');
    expect(help.stderr).toBe(
      'settle: the build is older than src/cli/main.ts: running the TypeScript source (slower to start); `npm run build` rebuilds.\n',
    );
    expect(help.stdout).toContain('aging [options]');
  });
});
