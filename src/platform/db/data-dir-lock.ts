import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { AppError } from '../../core/errors.js';
import { now } from '../../core/clock.js';

/**
 * PGlite has one connection per process and no server: two processes that open the same data
 * directory each think they own it and silently overwrite each other's writes. This lock file
 * makes the second one stop with an error that names the holder. A lock left by a process that
 * died (same host, pid gone) is taken over.
 */
export interface DataDirLock {
  release(): void;
}

interface Holder {
  pid: number;
  host: string;
  command: string;
  startedAt: string;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(path: string): Holder | null {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Holder;
  } catch {
    return null;
  }
}

export function lockDataDir(dataDir: string, command: string): DataDirLock {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, 'settle.lock');
  const holder: Holder = {
    pid: process.pid,
    host: hostname(),
    command,
    startedAt: now().toISOString(),
  };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      // Written whole to a private file first and then linked into place: link() fails if the
      // lock exists, and a reader never sees a half-written lock.
      const candidate = `${path}.${process.pid}`;
      writeFileSync(candidate, JSON.stringify(holder));
      try {
        linkSync(candidate, path);
      } finally {
        rmSync(candidate, { force: true });
      }
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        const current = readHolder(path);
        if (current?.pid === process.pid) rmSync(path, { force: true });
      };
      process.once('exit', release);
      return { release };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const existing = readHolder(path);
      const stale = existing !== null && existing.host === holder.host && !isAlive(existing.pid);
      if (existing === null || stale) {
        rmSync(path, { force: true });
        continue;
      }
      throw new AppError(
        'unavailable',
        'data_dir_locked',
        `The data directory ${dataDir} is in use by process ${existing.pid} on ${existing.host} ` +
          `("${existing.command}", since ${existing.startedAt}). Stop it first, or point this ` +
          `command at a PostgreSQL server with DATABASE_URL.`,
      );
    }
  }
  throw new AppError(
    'unavailable',
    'data_dir_locked',
    `Could not lock the data directory ${dataDir}.`,
  );
}
