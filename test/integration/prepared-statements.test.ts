// Frequent statements are prepared once per connection (platform/db/prepared-statements.ts), and a
// prepared statement that a change of table made stale is dropped and the work done again.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/platform/db/database.js';
import { engine, openTestDatabase } from '../support/test-database.js';

describe(`prepared statements on ${engine}`, () => {
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase();
    await database.transaction(async ({ db }) => {
      await sql`CREATE TABLE probe (id int PRIMARY KEY)`.execute(db);
      await sql`INSERT INTO probe SELECT generate_series(1, 5)`.execute(db);
    });
  });
  afterAll(async () => {
    await database.close();
  });

  it('prepares a statement sent again and again, once on its connection', async () => {
    await database.transaction(async ({ db }) => {
      for (let id = 1; id <= 4; id++) {
        const { rows } = await sql<{ id: number }>`SELECT id FROM probe WHERE id = ${id}`.execute(
          db,
        );
        expect(rows).toEqual([{ id }]);
      }
      const prepared = await sql<{ name: string }>`
        SELECT name FROM pg_prepared_statements WHERE statement LIKE 'SELECT id FROM probe%'`.execute(
        db,
      );
      expect(prepared.rows).toHaveLength(1);
      expect(prepared.rows[0]!.name).toMatch(/^settle_\d+$/);
    });
  });

  it('never prepares a text without parameters, which may hold several statements', async () => {
    await database.transaction(async ({ db }) => {
      for (let run = 0; run < 4; run++) {
        await sql`SELECT 1 FROM probe LIMIT 1; SELECT 2 FROM probe LIMIT 1`.execute(db);
      }
      const prepared = await sql<{ n: number }>`
        SELECT count(*)::int AS n FROM pg_prepared_statements
        WHERE statement LIKE 'SELECT 1 FROM probe%'`.execute(db);
      expect(prepared.rows).toEqual([{ n: 0 }]);
    });
  });

  it('reads through a prepared SELECT * again after a change of its table', async () => {
    const read = (db: Database['db']) =>
      sql<Record<string, unknown>>`SELECT * FROM probe WHERE id = ${2}`.execute(db);
    // Prepared on the connections that transactions and plain reads use (the pool hands back the
    // connection released last, so one after the other they share it).
    await database.transaction(async ({ db }) => {
      for (let run = 0; run < 4; run++) await read(db);
    });
    for (let run = 0; run < 4; run++) await read(database.db);

    await database.transaction(({ db }) => sql`ALTER TABLE probe ADD COLUMN note text`.execute(db));

    const inTransaction = await database.transaction(async ({ db }) => (await read(db)).rows);
    expect(inTransaction).toEqual([{ id: 2, note: null }]);
    expect((await read(database.db)).rows).toEqual([{ id: 2, note: null }]);
  });
});
