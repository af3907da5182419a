import { request } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { AppError } from '../core/errors.js';
import {
  channelFileName,
  type ChannelFile,
  type RunFrame,
  type RunRequest,
} from './server-channel.js';
import { terminal, writeOut } from './terminal.js';

/**
 * Thrown where a command finds its data directory held by a running `settle serve` that runs
 * commands for the CLI: the entry point then sends the whole command there.
 */
export class HeldByServer extends Error {
  constructor(readonly channel: ChannelFile) {
    super(`The data directory is held by the Settle server at ${channel.url}.`);
  }
}

/** The channel a running server left in the data directory, or null if there is none to read. */
export async function readChannelFile(dataDir: string): Promise<ChannelFile | null> {
  try {
    const value = JSON.parse(
      await readFile(join(dataDir, channelFileName), 'utf8'),
    ) as Partial<ChannelFile>;
    if (
      typeof value.pid !== 'number' ||
      typeof value.port !== 'number' ||
      typeof value.token !== 'string' ||
      typeof value.url !== 'string'
    ) {
      return null;
    }
    return value as ChannelFile;
  } catch {
    return null;
  }
}

function writeErr(content: Uint8Array): Promise<void> {
  return new Promise<void>((done, fail) =>
    terminal().stderr.write(content, (error) => (error ? fail(error) : done())),
  );
}

/** Runs the command on the server and answers its exit code; its output is written here. */
export function runOnServer(channel: ChannelFile, argv: readonly string[]): Promise<number> {
  const here = terminal();
  const body: RunRequest = {
    argv,
    cwd: here.cwd,
    user: here.user,
    stdoutIsTTY: here.stdoutIsTTY,
  };
  return new Promise<number>((resolve, reject) => {
    const unreachable = (error: Error) =>
      reject(
        new AppError(
          'unavailable',
          'server_unreachable',
          `The data directory is held by the Settle server at ${channel.url} (process ${channel.pid}), ` +
            `which did not answer the command (${error.message}). Stop the server, or try again.`,
        ),
      );
    const outgoing = request(
      {
        host: '127.0.0.1',
        port: channel.port,
        method: 'POST',
        path: '/run',
        headers: {
          authorization: `Bearer ${channel.token}`,
          'content-type': 'application/json',
          connection: 'close',
        },
      },
      (response) => {
        if (response.statusCode !== 200) {
          let text = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => (text += chunk));
          response.on('end', () =>
            unreachable(new Error(`HTTP ${response.statusCode}: ${text.trim()}`)),
          );
          return;
        }
        let exit: number | undefined;
        // Frames are written in order and each waits for the terminal to take it.
        const lines = createInterface({ input: response, crlfDelay: Infinity });
        void (async () => {
          for await (const line of lines) {
            if (line === '') continue;
            const frame = JSON.parse(line) as RunFrame;
            if ('stdout' in frame) await writeOut(Buffer.from(frame.stdout, 'base64'));
            else if ('stderr' in frame) await writeErr(Buffer.from(frame.stderr, 'base64'));
            else exit = frame.exit;
          }
          if (exit === undefined) unreachable(new Error('the answer ended before the exit code'));
          else resolve(exit);
        })().catch(reject);
      },
    );
    outgoing.on('error', unreachable);
    outgoing.end(JSON.stringify(body));
  });
}
