import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { clockShiftMs } from '../../core/clock.js';
import { limits } from '../../core/limits.js';
import { encodeCopyRow, type CopyValue } from './copy-text.js';
import { lockDataDir, type DataDirLock } from './data-dir-lock.js';
import { prepareEmbeddedEngine } from './pglite-artifacts.js';
import {
  forgetPreparedStatements,
  isStalePreparedStatement,
  withStatementName,
} from './prepared-statements.js';
import type { Schema, TableName } from './schema.js';
import { settleTypes } from './type-parsers.js';

export type Engine = 'pglite' | 'postgres';
export type Db = Kysely<Schema>;

/** A transaction: a Kysely bound to its connection, and COPY into the same transaction. */
export interface Tx {
  readonly db: Db;
  readonly engine: Engine;
  /**
   * Bulk-inserts rows with COPY inside this transaction: on PostgreSQL one COPY, streamed as the
   * rows are read; on PGlite in chunks of limits.bulkChunkRows. Returns the rows written. The
   * rows may be made as they are read, but must not query this transaction meanwhile.
   */
  copy(
    table: TableName,
    columns: readonly string[],
    rows: Iterable<readonly CopyValue[]>,
  ): Promise<number>;
}

export interface Database {
  readonly engine: Engine;
  /** For reads outside a transaction. */
  readonly db: Db;
  /** Runs `work` in one transaction; retried on deadlock or serialization failure. */
  transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T>;
  /** Runs `work` holding one connection outside any transaction (VACUUM, CREATE DATABASE). */
  withConnection<T>(work: (query: (sql: string) => Promise<unknown>) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** An embedded database, which can also be saved whole: tests load a migrated template from it. */
export interface PgliteDatabase extends Database {
  /**
   * The data directory as a tarball, for `openPglite(…, { loadDataDir })`: gzipped unless
   * `compression` is 'none' (a template read back many times, where unzipping it each time costs
   * more than its bytes).
   */
  dumpDataDir(compression?: 'gzip' | 'none'): Promise<Blob>;
}

export interface DatabaseConfig {
  /** postgres://… for a PostgreSQL server; otherwise the embedded PGlite in `dataDir`. */
  readonly databaseUrl?: string | undefined;
  readonly dataDir: string;
  /** Written into the data-dir lock so that a second process can name the holder. */
  readonly command: string;
  readonly poolSize?: number;
  /** Skip the lock: for test databases that live in memory or in a private temp dir. */
  readonly unlocked?: boolean;
  /**
   * PGlite's buffer pool in MB, for this open only (default PostgreSQL's 128). PGlite zeroes the
   * whole pool as it starts, about 3 ms per MB on a 2-core machine: a short command that reads a
   * small part of the book starts faster with a small pool and still finds the rest in the
   * operating system's file cache.
   */
  readonly sharedBuffersMb?: number;
}

const retryableCodes = new Set(['40001', '40P01']);
const transactionAttemptsMax = 5;

type PoolClient = pg.PoolClient;

/**
 * A Kysely that runs every query on `client`. Kysely releases a connection after each query, so
 * the pool it sees hands out the one client with a release that does nothing; the real release
 * happens when the transaction ends.
 */
function kyselyOn(client: PoolClient): Db {
  // A connection runs one query at a time. Services read in parallel inside a transaction
  // (Promise.all over a few queries), and pg deprecates queueing a query behind a running one
  // (pg@9 refuses it), so the transaction's queries are queued here, in the order they were sent.
  // A cursor (Kysely's stream) is handed over as it is: pg reads it through its own queue.
  let last: Promise<unknown> = Promise.resolve();
  const run = client.query.bind(client) as (...args: unknown[]) => unknown;
  const query = (...args: unknown[]) => {
    const [first] = args;
    if (typeof first === 'object' && first !== null && 'submit' in first) return run(...args);
    const next = last.then(() => run(...withStatementName(args)));
    last = next.catch(() => undefined);
    return next;
  };
  const borrowed = { query, release: () => undefined };
  const single = { connect: async () => borrowed, end: async () => undefined };
  return new Kysely<Schema>({
    dialect: new PostgresDialect({ pool: single as unknown as pg.Pool }),
  });
}

function* chunked<T>(rows: Iterable<T>, size: number): Generator<T[]> {
  let chunk: T[] = [];
  for (const row of rows) {
    chunk.push(row);
    if (chunk.length >= size) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length > 0) yield chunk;
}

function copySql(table: TableName, columns: readonly string[], source: string): string {
  return `COPY ${table} (${columns.join(', ')}) FROM ${source}`;
}

/**
 * Characters of COPY text per piece sent to PostgreSQL: the server parses and stores one piece
 * while the next is encoded (and, for rows made as they are read, such as a collections run's
 * rendered messages, made), so the two processes work side by side instead of in turn.
 */
const copyPieceChars = 64 * 1024;

/** The COPY text of `rows` in pieces, counting the rows into `counted` as they are encoded. */
function* copyPieces(
  rows: Iterable<readonly CopyValue[]>,
  counted: { rows: number },
): Generator<string> {
  let text = '';
  for (const row of rows) {
    text += encodeCopyRow(row);
    counted.rows += 1;
    if (text.length >= copyPieceChars) {
      yield text;
      text = '';
    }
  }
  if (text.length > 0) yield text;
}

/**
 * Runs `use` on a connection checked out of `pool`. While checked out, a connection the server
 * cuts emits 'error' on the client itself (the pool only listens while it is idle), and an
 * unheard 'error' event ends the process: the failed query already carries the error to the
 * caller, so the event is only noted. Such a connection, or one `use` calls `discard` on, is
 * closed on release rather than handed to the next caller.
 */
async function borrow<T>(
  pool: pg.Pool,
  use: (client: PoolClient, discard: (error: Error) => void) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  const discard = (error: Error) => {
    broken ??= error;
  };
  client.on('error', discard);
  try {
    return await use(client, discard);
  } finally {
    client.off('error', discard);
    client.release(broken);
  }
}

/** The client Kysely sees for a pool connection: the same, with its frequent statements named. */
const namingClients = new WeakMap<PoolClient, PoolClient>();

/**
 * A pool connection whose queries are named when frequent (prepared-statements.ts). Outside a
 * transaction, a query that fails on a prepared statement a migration made stale is sent again
 * once the connection's statements are dropped: it changed nothing, since it failed.
 */
function namingStatements(client: PoolClient): PoolClient {
  let naming = namingClients.get(client);
  if (naming) return naming;
  const run = client.query.bind(client) as (...args: unknown[]) => unknown;
  const query = (...args: unknown[]) => {
    const named = withStatementName(args);
    // A cursor or a stream is handed back as pg returns it, not as a promise.
    if (named[0] === args[0]) return run(...args);
    return (run(...named) as Promise<unknown>).catch(async (error: unknown) => {
      if (!isStalePreparedStatement(error)) throw error;
      await forgetPreparedStatements(client);
      return run(...args);
    });
  };
  naming = new Proxy(client, {
    get: (target, property, receiver) =>
      property === 'query' ? query : Reflect.get(target, property, receiver),
  });
  namingClients.set(client, naming);
  return naming;
}

/** The clock shift each connection's session was last given, so it is sent only on a change. */
const sessionShift = new WeakMap<PoolClient, number>();

/**
 * Moves the database's clock with the application's (settle_now(), migrations 0016 and 0019) for
 * the connection's session, when it differs from what the session has. Sent between transactions,
 * never inside one, so that a transaction's first statement stays its own (a report's SET
 * TRANSACTION ISOLATION LEVEL must come first). Nothing is sent while the clock is not moved,
 * which is always in production, so the usual transaction costs no extra statement.
 */
async function followClockShift(client: PoolClient): Promise<void> {
  const shiftMs = clockShiftMs();
  if ((sessionShift.get(client) ?? 0) === shiftMs) return;
  // Recorded before it is sent: the client runs its queries in order, so whatever comes next on
  // this connection runs after it, and a second caller meanwhile does not send it again.
  sessionShift.set(client, shiftMs);
  await client.query(`SELECT set_config('settle.clock_shift_ms', $1, false)`, [String(shiftMs)]);
}

function createDatabase(
  engine: Engine,
  pool: pg.Pool,
  copyRows: (
    client: PoolClient,
    sql: (source: string) => string,
    rows: Iterable<readonly CopyValue[]>,
  ) => Promise<number>,
  onClose: () => Promise<void>,
): Database {
  // Kysely's own queries (outside a transaction) take their connection through here, so that it
  // carries the clock's current shift as a transaction's does, and names its frequent statements.
  const following = {
    connect: async () => {
      const client = await pool.connect();
      try {
        await followClockShift(client);
      } catch (error) {
        client.release(error as Error);
        throw error;
      }
      return namingStatements(client);
    },
    end: () => pool.end(),
  };
  const db = new Kysely<Schema>({
    dialect: new PostgresDialect({ pool: following as unknown as pg.Pool }),
  });
  let closing = false;
  // An idle connection can be cut by the server (a restart, pg_terminate_backend, or DROP
  // DATABASE … WITH (FORCE) racing the goodbye of a closing pool). The pool then drops it and
  // emits 'error'; with no listener that event would crash the process. The next query simply
  // opens a new connection, so a warning is all it is worth, and nothing at all once closing.
  pool.on('error', (error) => {
    if (closing) return;
    process.emitWarning(
      `An idle ${engine} connection was closed: ${error.message}`,
      'SettleDatabaseWarning',
    );
  });
  async function runOnce<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return borrow(pool, async (client, discard) => {
      await followClockShift(client);
      await client.query('BEGIN');
      try {
        const tx: Tx = {
          db: kyselyOn(client),
          engine,
          copy: (table, columns, rows) =>
            copyRows(client, (source) => copySql(table, columns, source), rows),
        };
        const result = await work(tx);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        // A connection that cannot even roll back is in no state to serve the next caller.
        await client.query('ROLLBACK').catch(discard);
        if (isStalePreparedStatement(error)) await forgetPreparedStatements(client).catch(discard);
        throw error;
      }
    });
  }
  return {
    engine,
    db,
    async transaction(work) {
      for (let attempt = 1; ; attempt++) {
        try {
          return await runOnce(work);
        } catch (error) {
          const code = (error as { code?: string }).code;
          const retryable = (code && retryableCodes.has(code)) || isStalePreparedStatement(error);
          if (!retryable || attempt >= transactionAttemptsMax) throw error;
        }
      }
    },
    async withConnection(work) {
      return borrow(pool, (client) => work((sql) => client.query(sql)));
    },
    async close() {
      closing = true;
      await db.destroy();
      // Kysely ends the pool only if it ever used it, and transactions borrow from the pool
      // directly: without this, a database used only through transaction() keeps its
      // connections open until they idle out (and a PostgreSQL template cannot be copied).
      if (!pool.ending && !pool.ended) await pool.end();
      await onClose();
    },
  };
}

/**
 * The caller's transaction seen as a Database: a service that opens its own transaction (a
 * credit note, a payment) runs inside the caller's instead, so that both commit together or not at
 * all. A second transaction would also wait forever on PGlite's single connection.
 */
export function transactionAsDatabase(database: Database, tx: Tx): Database {
  return { ...database, engine: tx.engine, db: tx.db, transaction: (work) => work(tx) };
}

export async function openPostgres(databaseUrl: string, poolSize = 10): Promise<Database> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: poolSize, types: settleTypes });
  return createDatabase(
    'postgres',
    pool,
    async (client, sql, rows) => {
      // One COPY, streamed: the pipeline pulls the next piece only as the socket drains, so the
      // rows never sit in memory whole.
      const counted = { rows: 0 };
      const pieces = copyPieces(rows, counted);
      // No rows, no statement: as on PGlite, and as before the copy was streamed.
      const first = pieces.next();
      if (first.done === true) return 0;
      const all = (function* () {
        yield first.value;
        yield* pieces;
      })();
      await pipeline(
        Readable.from(all, { objectMode: false }),
        client.query(copyFrom(sql('STDIN'))),
      );
      return counted.rows;
    },
    async () => undefined,
  );
}

/** Opens an embedded PGlite; `dataDir` may be `memory://` for tests. */
export async function openPglite(
  dataDir: string,
  options: {
    loadDataDir?: Blob | undefined;
    lock?: DataDirLock | undefined;
    sharedBuffersMb?: number | undefined;
  } = {},
): Promise<PgliteDatabase> {
  const pgliteWasmModule = await prepareEmbeddedEngine();
  const pglite = await PGlite.create(dataDir, {
    ...(pgliteWasmModule ? { pgliteWasmModule } : {}),
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    ...(options.sharedBuffersMb
      ? {
          startParams: [
            ...PGlite.defaultStartParams,
            '-c',
            `shared_buffers=${options.sharedBuffersMb}MB`,
          ],
        }
      : {}),
  });
  const pool = new pg.Pool({
    ...(createPgConfig(pglite) as object),
    types: settleTypes,
  } as pg.PoolConfig);
  const database = createDatabase(
    'pglite',
    pool,
    async (_client, sql, rows) => {
      // PGlite's node-postgres adapter cannot stream COPY FROM STDIN, but PGlite reads COPY input
      // from a blob; it runs on the one session PGlite has, so inside the open transaction. The
      // rows go in chunks, so that one blob never holds a whole large load.
      //
      // Foreign-key triggers are skipped for the COPY (as pg_restore --disable-triggers does):
      // in wasm, their per-row lookups were a quarter of the time of a 100,000-invoice import.
      // Every COPY comes from a book whose references were checked against the ledger in the
      // same transaction (load-book.service.ts), PGlite has no other session to race it, and the
      // same loads run with the keys enforced on PostgreSQL in every test run. The triggers
      // that keep the derived tables (balance steps, day totals) are ENABLE ALWAYS, so they
      // still fire.
      let count = 0;
      for (const chunk of chunked(rows, limits.bulkChunkRows)) {
        const counted = { rows: 0 };
        const blob = new Blob([...copyPieces(chunk, counted)]);
        await pglite.exec('SET LOCAL session_replication_role = replica');
        try {
          await pglite.query(sql(`'/dev/blob'`), [], { blob });
        } finally {
          await pglite.exec('SET LOCAL session_replication_role = origin').catch(() => undefined);
        }
        count += counted.rows;
      }
      return count;
    },
    async () => {
      // close() has ended the pool already.
      await pglite.close();
      options.lock?.release();
    },
  );
  return { ...database, dumpDataDir: (compression = 'gzip') => pglite.dumpDataDir(compression) };
}

export async function openDatabase(config: DatabaseConfig): Promise<Database> {
  if (config.databaseUrl) return openPostgres(config.databaseUrl, config.poolSize);
  const lock = config.unlocked ? undefined : lockDataDir(config.dataDir, config.command);
  try {
    return await openPglite(config.dataDir, { lock, sharedBuffersMb: config.sharedBuffersMb });
  } catch (error) {
    lock?.release();
    throw error;
  }
}
