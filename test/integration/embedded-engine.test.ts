// The embedded engine's start: PGlite's WebAssembly compiled ahead of the open, and a buffer pool
// sized for the command, for this open only.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandWords } from '../../src/cli/command-index.js';
import {
  embeddedBufferPoolMb,
  embeddedEngineOptimizes,
} from '../../src/cli/embedded-engine-choices.js';
import { openDatabase, type Database } from '../../src/platform/db/database.js';
import { embeddedDataBytes } from '../../src/platform/db/embedded-data-size.js';
import { prepareEmbeddedEngine } from '../../src/platform/db/pglite-artifacts.js';

async function sharedBuffers(database: Database): Promise<string> {
  const { rows } = await sql<{ shared_buffers: string }>`SHOW shared_buffers`.execute(database.db);
  return rows[0]!.shared_buffers;
}

describe('the embedded engine', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'settle-embedded-'));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it("compiles PGlite's WebAssembly ahead, once per process", async () => {
    // Undefined would mean PGlite moved its file: every start would lose the overlap unnoticed.
    const compiled = await prepareEmbeddedEngine();
    expect(compiled).toBeInstanceOf(WebAssembly.Module);
    expect(await prepareEmbeddedEngine()).toBe(compiled);
  });

  it('opens with the buffer pool asked for, without writing it into the data directory', async () => {
    const created = await openDatabase({ dataDir, command: 'test' });
    await sql`CREATE TABLE kept (value int)`.execute(created.db);
    await created.close();
    const configuration = await readFile(join(dataDir, 'postgresql.conf'), 'utf8');

    const small = await openDatabase({ dataDir, command: 'test', sharedBuffersMb: 32 });
    try {
      expect(await sharedBuffers(small)).toBe('32MB');
      await sql`INSERT INTO kept VALUES (1)`.execute(small.db);
    } finally {
      await small.close();
    }
    expect(await readFile(join(dataDir, 'postgresql.conf'), 'utf8')).toBe(configuration);

    const usual = await openDatabase({ dataDir, command: 'test' });
    try {
      expect(await sharedBuffers(usual)).toBe('128MB');
      const { rows } = await sql<{ value: number }>`SELECT value FROM kept`.execute(usual.db);
      expect(rows).toEqual([{ value: 1 }]);
    } finally {
      await usual.close();
    }
  });

  it('gives short commands the small pool, the server one the size of its data, and whole-book commands the usual one', () => {
    const mib = 2 ** 20;
    const unused = () => {
      throw new Error('only the server sizes its pool by the data');
    };
    for (const command of ['aging', 'kpi', 'statement', 'task done', 'invoice pdf', 'bank']) {
      expect(embeddedBufferPoolMb(command, unused), command).toBe(16);
    }
    for (const command of [
      'demo',
      'migrate',
      'import invoices',
      'export payments',
      'collections run',
      'bank import',
      'bank rematch',
    ]) {
      expect(embeddedBufferPoolMb(command, unused), command).toBeUndefined();
    }
    const serve = (bytes: number) => embeddedBufferPoolMb('serve', () => bytes);
    expect(serve(0)).toBe(32);
    expect(serve(32 * mib + 1)).toBe(48);
    expect(serve(48 * mib)).toBe(48);
    expect(serve(50 * mib)).toBe(64);
    expect(serve(127 * mib)).toBe(128);
    expect(serve(4 * 1024 * mib)).toBe(128);
  });

  it('names the command from its words, and optimizes the engine only for long work', () => {
    expect(commandWords(['--data', 'd', 'import', 'invoices', 'f.csv'])).toBe('import invoices');
    expect(commandWords(['--data=d', '--org', 'o', 'bank', 'import', 's.sta'])).toBe('bank import');
    expect(commandWords(['aging', '--as-of', '2026-01-31'])).toBe('aging');
    expect(commandWords(['--data', 'd'])).toBeUndefined();
    for (const command of ['serve', 'demo', 'import invoices', 'export payments', 'bank rematch'])
      expect(embeddedEngineOptimizes(command), command).toBe(true);
    for (const command of ['aging', 'statement ACME', 'kpi', 'task done', 'bank list'])
      expect(embeddedEngineOptimizes(command), command).toBe(false);
  });

  it("measures the data directory's table and index files", async () => {
    expect(embeddedDataBytes(join(dataDir, 'none'))).toBe(0);
    await (await openDatabase({ dataDir, command: 'test' })).close();
    const before = embeddedDataBytes(dataDir);
    expect(before).toBeGreaterThan(1 * 2 ** 20);
    const database = await openDatabase({ dataDir, command: 'test' });
    try {
      await sql`CREATE TABLE filler AS SELECT repeat('x', 1000) AS text FROM generate_series(1, 8000)`.execute(
        database.db,
      );
      await sql`CHECKPOINT`.execute(database.db);
    } finally {
      await database.close();
    }
    // 8,000 rows of 1 kB: at least 8 MB more on disk.
    expect(embeddedDataBytes(dataDir) - before).toBeGreaterThan(8_000_000);
  });
});
