// Proves that a client cannot hold the server with connections that stall: a request whose body
// never comes is answered 408 and closed once its time is up, one address cannot open more than
// its share of connections, and a flood of stalled connections from one address leaves the
// server answering everyone else.
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/platform/db/database.js';
import type { App } from '../../src/platform/http/app.js';
import { buildServer } from '../../src/server/build-server.js';
import { openTestDatabase } from '../support/test-database.js';

let database: Database;
let app: App;
let port: number;

const perAddressMax = 20;

beforeAll(async () => {
  database = await openTestDatabase();
  app = await buildServer({
    database,
    connections: {
      headersTimeoutMs: 800,
      requestTimeoutMs: 1_000,
      checkIntervalMs: 100,
      perAddressMax,
    },
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  port = (app.server.address() as { port: number }).port;
});
afterAll(async () => {
  await app?.close();
  await database?.close();
});

interface Stalled {
  readonly socket: Socket;
  /** What the server sent and how long after connecting it closed the connection. */
  readonly closed: Promise<{ received: string; afterMs: number }>;
}

/** Opens a connection that sends complete headers announcing a body, and never the body. */
function stalled(localAddress = '127.0.0.1'): Stalled {
  const socket = connect({ host: '127.0.0.1', port, localAddress });
  const started = performance.now();
  let received = '';
  socket.on('data', (chunk) => (received += chunk.toString('latin1')));
  socket.on('error', () => undefined);
  socket.on('connect', () => {
    socket.write(
      'POST /api/v1/customers HTTP/1.1\r\nHost: settle.test\r\nContent-Type: application/json\r\nContent-Length: 64\r\n\r\n',
    );
  });
  const closed = new Promise<{ received: string; afterMs: number }>((resolve) =>
    socket.on('close', () => resolve({ received, afterMs: performance.now() - started })),
  );
  return { socket, closed };
}

async function health(localAddress = '127.0.0.1'): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, localAddress }, () =>
      socket.write('GET /health HTTP/1.1\r\nHost: settle.test\r\nConnection: close\r\n\r\n'),
    );
    let received = '';
    socket.on('data', (chunk) => (received += chunk.toString('latin1')));
    socket.on('close', () => resolve(received.split('\r\n', 1)[0]!));
    socket.on('error', reject);
  });
}

describe('connections that stall', () => {
  it('answers a request whose body never comes with 408 and closes it', async () => {
    const { closed } = stalled();
    const { received, afterMs } = await closed;
    expect(received.split('\r\n', 1)[0]).toBe('HTTP/1.1 408 Request Timeout');
    expect(afterMs).toBeGreaterThanOrEqual(900);
    expect(await health()).toBe('HTTP/1.1 200 OK');
  });

  it('closes connections past the per-address limit at once, and keeps answering other addresses', async () => {
    const flood = Array.from({ length: 300 }, () => stalled('127.0.0.1'));
    await new Promise((resolve) => setTimeout(resolve, 300));
    // While the flood is held, another address is served.
    expect(await health('127.0.0.2')).toBe('HTTP/1.1 200 OK');
    const outcomes = await Promise.all(flood.map((item) => item.closed));
    // Past the limit: closed at once, without an answer. Within it: held until the request
    // timeout, then answered 408 like any stalled request.
    const dropped = outcomes.filter((outcome) => outcome.received === '');
    const timedOut = outcomes.filter((outcome) => outcome.received.startsWith('HTTP/1.1 408'));
    expect([dropped.length, timedOut.length]).toEqual([300 - perAddressMax, perAddressMax]);
    // "At once": every dropped connection closed before the first held one timed out. Compared
    // with each other rather than with a number of milliseconds, so that a loaded machine, which
    // delays both, cannot fail it.
    expect(Math.max(...dropped.map((outcome) => outcome.afterMs))).toBeLessThan(
      Math.min(...timedOut.map((outcome) => outcome.afterMs)),
    );
    // Then the address is served again.
    expect(await health('127.0.0.1')).toBe('HTTP/1.1 200 OK');
  });
});
