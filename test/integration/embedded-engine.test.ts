// The embedded engine's start: PGlite's WebAssembly compiled ahead of the open, and a buffer pool
// sized for the command, for this open only.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embeddedBufferPoolMb } from '../../src/cli/context.js';
import { openDatabase, type Database } from '../../src/platform/db/database.js';
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

  it('gives short commands the small pool, and the server and whole-book commands the usual one', () => {
    for (const command of ['aging', 'kpi', 'statement', 'task done', 'invoice pdf', 'bank']) {
      expect(embeddedBufferPoolMb(command), command).toBe(32);
    }
    for (const command of [
      'serve',
      'demo',
      'migrate',
      'import invoices',
      'export payments',
      'collections run',
      'bank import',
      'bank rematch',
    ]) {
      expect(embeddedBufferPoolMb(command), command).toBeUndefined();
    }
  });
});
