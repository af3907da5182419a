import { sql } from 'kysely';
import type { Tx } from './database.js';
import type { TableName } from './schema.js';

/**
 * A bulk load into a table that it at least doubles is cheaper with the table's secondary indexes
 * built once at the end than kept row by row: in PGlite's wasm, a COPY of 100,000 invoices into
 * the invoices table with its dozen indexes took 13 s, against 1.8 s with only the primary key
 * and 2.3 s to build the rest afterwards.
 *
 * Only on PGlite: dropping an index takes an exclusive lock on its table until the transaction
 * ends, which on a PostgreSQL server would stop every other session (every other organization)
 * from reading the table for the whole load. PGlite has one session, the load's own.
 *
 * Indexes behind constraints (primary keys, unique constraints, which foreign keys may point at)
 * stay. The indexes are dropped and made again inside the caller's transaction, so a load that
 * fails rolls back to the indexes as they were; a unique index that no longer holds fails the
 * load at the end.
 */
export async function withIndexesRebuilt<T>(
  tx: Tx,
  tables: readonly TableName[],
  rowsToLoad: number,
  work: () => Promise<T>,
): Promise<T> {
  if (tx.engine !== 'pglite' || rowsToLoad === 0) return work();
  const chosen: TableName[] = [];
  for (const table of tables) {
    // Counted up to the load's size only: a table already larger keeps its indexes, and finding
    // that out costs no more than the load's own rows.
    const { rows } = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM (SELECT 1 FROM ${sql.table(table)} LIMIT ${rowsToLoad + 1}) AS t`.execute(
      tx.db,
    );
    if (rows[0]!.n <= rowsToLoad) chosen.push(table);
  }
  if (chosen.length === 0) return work();
  const { rows: indexes } = await sql<{ name: string; definition: string }>`
    SELECT ic.relname AS name, pg_get_indexdef(i.indexrelid) AS definition
    FROM pg_index i
    JOIN pg_class ic ON ic.oid = i.indexrelid
    JOIN pg_class tc ON tc.oid = i.indrelid
    JOIN pg_namespace n ON n.oid = tc.relnamespace
    WHERE n.nspname = current_schema() AND tc.relname = ANY(${sql.val(chosen)}::text[])
      AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
    ORDER BY ic.relname`.execute(tx.db);
  for (const index of indexes) await sql`DROP INDEX ${sql.id(index.name)}`.execute(tx.db);
  const result = await work();
  for (const index of indexes) await sql.raw(index.definition).execute(tx.db);
  return result;
}
