import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRoleAndDatabase, withServer } from './bench.sql.js';

/**
 * A throwaway PostgreSQL 15 server for the benchmark, from Debian's binaries, in a temp dir on a
 * free port: started when no server URL is given and stopped (and deleted) at the end. As root,
 * the server runs as the `postgres` user, as .ci/run does it.
 */
export const postgresBin = '/usr/lib/postgresql/15/bin';

/** The settings the benchmark's server runs with, reported beside the results. */
export const benchServerSettings = [
  'shared_buffers=1GB',
  'max_wal_size=8GB',
  'checkpoint_timeout=30min',
  'max_connections=100',
] as const;

export interface PostgresServer {
  readonly url: string;
  readonly port: number;
  stop(): void;
}

export function postgresAvailable(): boolean {
  return existsSync(join(postgresBin, 'postgres')) && existsSync(join(postgresBin, 'initdb'));
}

function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function freePort(from: number): Promise<number> {
  for (let port = from; port < from + 50; port++) {
    if (!(await portInUse(port))) return port;
  }
  throw new Error(`No free port from ${from} to ${from + 49} for the benchmark's PostgreSQL.`);
}

function postgresUid(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith('postgres:'));
  if (!line)
    throw new Error('Running as root, but there is no postgres user to run PostgreSQL as.');
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

function run(asPostgres: boolean, command: string, args: readonly string[]): void {
  const [file, argv] = asPostgres
    ? ['runuser', ['-u', 'postgres', '--', command, ...args]]
    : [command, [...args]];
  execFileSync(file, argv, { stdio: ['ignore', 'ignore', 'pipe'] });
}

export async function startPostgres(firstPort = 54350): Promise<PostgresServer> {
  const owner = postgresUid();
  const dir = mkdtempSync(join(tmpdir(), 'settle-bench-pg-'));
  if (owner) chownSync(dir, owner.uid, owner.gid);
  const dataDir = join(dir, 'data');
  const asPostgres = owner !== null;
  let started = false;
  const stop = () => {
    if (started) {
      try {
        run(asPostgres, join(postgresBin, 'pg_ctl'), ['-D', dataDir, '-m', 'fast', '-w', 'stop']);
      } catch {
        // Stopping is best effort: the directory goes either way.
      }
      started = false;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    run(asPostgres, join(postgresBin, 'initdb'), [
      `--pgdata=${dataDir}`,
      '--username=postgres',
      '--auth=trust',
      '--encoding=UTF8',
      '--no-locale',
    ]);
    const port = await freePort(firstPort);
    const options = [
      `-c listen_addresses=127.0.0.1 -p ${port} -c unix_socket_directories=${dir}`,
      ...benchServerSettings.map((s) => `-c ${s}`),
    ].join(' ');
    run(asPostgres, join(postgresBin, 'pg_ctl'), [
      '-D',
      dataDir,
      '-l',
      join(dir, 'server.log'),
      '-w',
      '-t',
      '60',
      '-o',
      options,
      'start',
    ]);
    started = true;
    const admin = `postgres://postgres@127.0.0.1:${port}/postgres`;
    await withServer(admin, (client) =>
      createRoleAndDatabase(client, 'settle', 'settle', 'settle'),
    );
    return { url: `postgres://settle:settle@127.0.0.1:${port}/settle`, port, stop };
  } catch (error) {
    stop();
    throw error;
  }
}
