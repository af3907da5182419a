import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { rename, rm, writeFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import type { Database } from '../platform/db/database.js';
import { finished } from 'node:stream/promises';
import { Writable } from 'node:stream';
import { runOnTerminal } from './terminal.js';

/**
 * The CLI beside the server. The embedded database has one owner, the process that opened it, so
 * while `settle serve` holds a data directory a second process cannot open it. The server
 * therefore runs the CLI's commands for it: it listens on a loopback port of its own and writes
 * the port and a random token to a file in the data directory that only the owner can read. A
 * CLI that finds the directory held sends its arguments there; the server runs the very same
 * command on its open database and streams the output and the exit code back.
 *
 * Reading the token needs the same rights as reading the database files themselves, so the
 * channel gives nobody more than they already have.
 */
export const channelFileName = 'settle-server.json';

export interface ChannelFile {
  readonly pid: number;
  readonly port: number;
  readonly token: string;
  /** The address of the server's API and web app, for messages. */
  readonly url: string;
}

/** What the CLI sends: its arguments (without node and the script) and its terminal. */
export interface RunRequest {
  readonly argv: readonly string[];
  readonly cwd: string;
  readonly user: string;
  readonly stdoutIsTTY: boolean;
}

/** One line of the answer, as newline-delimited JSON: output in base64, then the exit code. */
export type RunFrame =
  { readonly stdout: string } | { readonly stderr: string } | { readonly exit: number };

const requestBytesMax = 1024 * 1024;

export interface ServerChannel {
  close(): Promise<void>;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > requestBytesMax) {
        reject(new Error('The request is larger than 1 MB.'));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function parseRunRequest(text: string): RunRequest | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return 'The request is not JSON.';
  }
  const body = value as Partial<Record<keyof RunRequest, unknown>>;
  if (!Array.isArray(body.argv) || !body.argv.every((item) => typeof item === 'string')) {
    return 'argv must be a list of strings.';
  }
  if (typeof body.cwd !== 'string' || !isAbsolute(body.cwd)) {
    return 'cwd must be an absolute directory.';
  }
  if (typeof body.user !== 'string') return 'user must be a string.';
  if (typeof body.stdoutIsTTY !== 'boolean') return 'stdoutIsTTY must be true or false.';
  return {
    argv: body.argv as string[],
    cwd: body.cwd,
    user: body.user,
    stdoutIsTTY: body.stdoutIsTTY,
  };
}

function refuse(response: ServerResponse, status: number, message: string): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify({ error: message }));
}

function sameToken(given: string | undefined, token: string): boolean {
  const expected = Buffer.from(`Bearer ${token}`);
  const actual = Buffer.from(given ?? '');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** A stream whose every chunk goes to the client as a frame, in order, at the client's pace. */
function frameStream(response: ServerResponse, name: 'stdout' | 'stderr'): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, callback) {
      const data = chunk.toString('base64');
      const frame: RunFrame = name === 'stdout' ? { stdout: data } : { stderr: data };
      response.write(`${JSON.stringify(frame)}\n`, callback);
    },
  });
}

/**
 * Opens the channel for the data directory the server holds. `run` is the CLI's entry point: it
 * takes the arguments as `process.argv` has them and answers the exit code.
 */
export async function openServerChannel(options: {
  readonly dataDir: string;
  readonly database: Database;
  readonly url: string;
  readonly run: (argv: readonly string[]) => Promise<number>;
}): Promise<ServerChannel> {
  const token = randomBytes(32).toString('hex');
  const running = new Set<Promise<unknown>>();
  const server = createServer((request, response) => {
    if (request.method !== 'POST' || request.url !== '/run') {
      refuse(response, 404, 'Only POST /run is served here.');
      return;
    }
    if (!sameToken(request.headers.authorization, token)) {
      refuse(response, 401, 'The token is missing or wrong.');
      return;
    }
    const work = readBody(request).then(
      async (text) => {
        const parsed = parseRunRequest(text);
        if (typeof parsed === 'string') {
          refuse(response, 400, parsed);
          return;
        }
        response.writeHead(200, { 'content-type': 'application/x-ndjson' });
        const stdout = frameStream(response, 'stdout');
        const stderr = frameStream(response, 'stderr');
        let exit: number;
        try {
          exit = await runOnTerminal(
            {
              stdout,
              stderr,
              stdoutIsTTY: parsed.stdoutIsTTY,
              // Progress bars redraw a line in place: not through a stream of frames.
              stderrIsTTY: false,
              cwd: parsed.cwd,
              user: parsed.user,
              database: options.database,
            },
            () => options.run(['node', 'settle', ...parsed.argv]),
          );
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          stderr.write(`error: ${message} [unexpected]\n`);
          exit = 70;
        }
        // Every frame of output is on its way before the exit code that ends the answer.
        stdout.end();
        stderr.end();
        await Promise.allSettled([finished(stdout), finished(stderr)]);
        response.end(`${JSON.stringify({ exit } satisfies RunFrame)}\n`);
      },
      (error: unknown) =>
        refuse(response, 400, error instanceof Error ? error.message : String(error)),
    );
    running.add(work);
    void work.finally(() => running.delete(work));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: 0, host: '127.0.0.1' }, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const file = join(options.dataDir, channelFileName);
  const temporary = `${file}.${process.pid}.tmp`;
  const content: ChannelFile = { pid: process.pid, port, token, url: options.url };
  // Created private (0600) before the token is in it, then moved into place whole.
  await writeFile(temporary, JSON.stringify(content), { mode: 0o600 });
  await rename(temporary, file);
  return {
    async close() {
      await rm(file, { force: true });
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Commands already running finish and answer; no new one is taken.
      await Promise.allSettled([...running]);
      server.closeAllConnections();
      await closed;
    },
  };
}
