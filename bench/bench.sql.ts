import { sql } from 'kysely';
import pg from 'pg';
import type { Db } from '../src/platform/db/database.js';

/** The benchmark's own queries: server administration, sizes and row counts. */

/** Runs `work` on a plain connection to the server `url` points at. */
export async function withServer<T>(
  url: string,
  work: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function quoteName(name: string): string {
  if (!/^[a-z][a-z0-9_]{0,62}$/.test(name)) throw new Error(`Unexpected name: ${name}`);
  return `"${name}"`;
}

export async function createRoleAndDatabase(
  client: pg.Client,
  role: string,
  password: string,
  database: string,
): Promise<void> {
  await client.query(
    `CREATE ROLE ${quoteName(role)} LOGIN CREATEDB PASSWORD '${password.replace(/'/g, "''")}'`,
  );
  await client.query(`CREATE DATABASE ${quoteName(database)} OWNER ${quoteName(role)}`);
}

export async function createDatabase(client: pg.Client, name: string): Promise<void> {
  await client.query(`CREATE DATABASE ${quoteName(name)}`);
}

export async function dropDatabase(client: pg.Client, name: string): Promise<void> {
  await client.query(`DROP DATABASE IF EXISTS ${quoteName(name)} WITH (FORCE)`);
}

export async function serverVersion(db: Db): Promise<string> {
  const row = await sql<{
    version: string;
  }>`SELECT current_setting('server_version') AS version`.execute(db);
  return row.rows[0]!.version;
}

export async function serverSettings(
  db: Db,
  names: readonly string[],
): Promise<Record<string, string>> {
  const rows = await sql<{ name: string; setting: string }>`
    SELECT name, current_setting(name) AS setting FROM pg_settings WHERE name = any(${sql.val(names)}::text[]) ORDER BY name
  `.execute(db);
  return Object.fromEntries(rows.rows.map((row) => [row.name, row.setting]));
}

export async function databaseSizeBytes(db: Db): Promise<number> {
  const row = await sql<{
    bytes: bigint;
  }>`SELECT pg_database_size(current_database())::int8 AS bytes`.execute(db);
  return Number(row.rows[0]!.bytes);
}

const countedTables = [
  'customers',
  'contacts',
  'invoices',
  'invoice_lines',
  'credit_notes',
  'credit_note_lines',
  'payments',
  'payment_reversals',
  'write_offs',
  'applications',
  'journal_entries',
  'journal_lines',
  'audit_events',
] as const;

/** Rows per table of one organization. */
export async function rowCounts(db: Db, orgId: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of countedTables) {
    const row = await db
      .selectFrom(table)
      .select(sql<bigint>`count(*)::int8`.as('n'))
      .where('org_id', '=', orgId)
      .executeTakeFirstOrThrow();
    counts[table] = Number(row.n);
  }
  return counts;
}

/** Customers of an organization with something open: an oldest-first payment has work to do. */
export async function customersOwing(db: Db, orgId: string): Promise<string[]> {
  const rows = await sql<{ customer_id: string }>`
    SELECT DISTINCT customer_id FROM invoices
    WHERE org_id = ${orgId} AND open_minor > 0 AND status IN ('open', 'partially_paid')
    ORDER BY customer_id
  `.execute(db);
  return rows.rows.map((row) => row.customer_id);
}

/**
 * Invoices whose cached open balance disagrees with their total less their applications, or that
 * took more than their total: zero after a run that never over-applied.
 */
export async function overAppliedInvoices(db: Db, orgId: string): Promise<number> {
  const row = await sql<{ n: bigint }>`
    SELECT count(*)::int8 AS n FROM invoices i
    LEFT JOIN (SELECT invoice_id, sum(amount_minor) AS applied FROM applications
               WHERE org_id = ${orgId} GROUP BY invoice_id) a ON a.invoice_id = i.id
    WHERE i.org_id = ${orgId} AND i.status NOT IN ('draft', 'void')
      AND (i.open_minor < 0 OR i.open_minor <> i.total_minor - coalesce(a.applied, 0))
  `.execute(db);
  return Number(row.rows[0]!.n);
}

/** Payments whose applications add up to more than the payment. */
export async function overSpentPayments(db: Db, orgId: string): Promise<number> {
  const row = await sql<{ n: bigint }>`
    SELECT count(*)::int8 AS n FROM payments p
    JOIN (SELECT source_id, sum(amount_minor) AS applied FROM applications
          WHERE org_id = ${orgId} AND source_type = 'payment' GROUP BY source_id) a ON a.source_id = p.id
    WHERE p.org_id = ${orgId} AND a.applied > p.amount_minor
  `.execute(db);
  return Number(row.rows[0]!.n);
}

/** Has the server time every PL/pgSQL function called in database `name` (pg_stat_user_functions). */
export async function trackFunctionTimes(client: pg.Client, name: string): Promise<void> {
  await client.query(`ALTER DATABASE ${quoteName(name)} SET track_functions = 'pl'`);
}

export async function resetFunctionTimes(db: Db): Promise<void> {
  await sql`SELECT pg_stat_reset()`.execute(db);
}

/** Calls and milliseconds (with and without the functions each one called) per function. */
export async function functionTimes(
  db: Db,
): Promise<{ name: string; calls: number; totalMs: number; selfMs: number }[]> {
  const result = await sql<{ name: string; calls: string; total_ms: number; self_ms: number }>`
    SELECT funcname AS name, calls, total_time AS total_ms, self_time AS self_ms
    FROM pg_stat_user_functions ORDER BY total_time DESC`.execute(db);
  return result.rows.map((row) => ({
    name: row.name,
    calls: Number(row.calls),
    totalMs: Number(row.total_ms),
    selfMs: Number(row.self_ms),
  }));
}
