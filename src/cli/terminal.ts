import { AsyncLocalStorage } from 'node:async_hooks';
import { userInfo } from 'node:os';
import { resolve } from 'node:path';
import type { Writable } from 'node:stream';
import type { Database } from '../platform/db/database.js';

/**
 * The terminal a command runs for. Normally this process's own; when a running server runs a
 * command for a CLI on the same machine (the CLI beside the server), the client's: its output is
 * sent back to it, its relative file names are read from its working directory, and the command
 * uses the server's open database.
 */
export interface Terminal {
  readonly stdout: Writable;
  readonly stderr: Writable;
  readonly stdoutIsTTY: boolean;
  readonly stderrIsTTY: boolean;
  /** The working directory relative file names are read from and written to. */
  readonly cwd: string;
  /** The operating-system user at the terminal: audit events name them. */
  readonly user: string;
  /** The server's open database, when the server runs the command. */
  readonly database?: Database;
}

const current = new AsyncLocalStorage<Terminal>();

function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    // No passwd entry (some containers).
    return '';
  }
}

function processTerminal(): Terminal {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdoutIsTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
    cwd: process.cwd(),
    user: osUser(),
  };
}

/** The terminal of the command running now. */
export function terminal(): Terminal {
  return current.getStore() ?? processTerminal();
}

/** Runs `work` with everything it calls seeing `terminal` as theirs. */
export function runOnTerminal<T>(terminal: Terminal, work: () => Promise<T>): Promise<T> {
  return current.run(terminal, work);
}

/** A file name as the person at the terminal meant it: relative to their working directory. */
export function terminalPath(file: string): string {
  return resolve(terminal().cwd, file);
}

/** Writes to the terminal's standard output and waits until the stream has taken it. */
export function writeOut(content: string | Uint8Array): Promise<void> {
  return new Promise<void>((done, fail) =>
    terminal().stdout.write(content, (error) => (error ? fail(error) : done())),
  );
}

/** One line for the person at the terminal, on standard error. */
export function sayToTerminal(line: string): void {
  terminal().stderr.write(`${line}\n`);
}
