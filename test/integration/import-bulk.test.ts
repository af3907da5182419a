// Proves the bulk path of the invoice import (issue #16) on a real database: a file of tens of
// thousands of invoices with bad lines in its middle writes nothing and names every bad line and
// field, duplicates within the file and against the book among them; a good one imports whole,
// ties out, and leaves the tables with the indexes they had (PGlite builds them again at the end
// of a load that doubles a table); and the CLI draws its progress bar, as `settle demo` does,
// only on a terminal.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/core/actor.js';
import { calendarDate } from '../../src/core/calendar-date.js';
import { AppError } from '../../src/core/errors.js';
import { importCustomers } from '../../src/imports/import-customers.service.js';
import { importInvoices } from '../../src/imports/import-invoices.service.js';
import { getTrialBalance } from '../../src/ledger/trial-balance.service.js';
import type { Database } from '../../src/platform/db/database.js';
import { runSettleInProcess, seedDataDirectory } from '../support/cli.js';
import { newOrganization } from '../support/organization.js';
import { openTestDatabase } from '../support/test-database.js';
import { todayNoEarlierThan } from '../support/clock.js';

todayNoEarlierThan('2026-12-05');

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

const invoiceCount = 30_000;
const customerCount = 300;

const lines = (rows: readonly string[]) => `${rows.join('\n')}\n`;

function customersCsv(): string {
  const rows = ['ref,name,email,currency,terms'];
  for (let i = 0; i < customerCount; i++)
    rows.push(`C${i},Customer ${i},c${i}@example.test,EUR,${i % 2 ? 'NET30' : '2/10_NET30'}`);
  return lines(rows);
}

/** The invoice rows of a good file, in file order: the header is line 1, row i is line i + 2. */
function invoiceRows(prefix: string): { rows: string[]; totalMinor: bigint } {
  const rows = ['number,customer_ref,issue_date,due_date,currency,total,description'];
  let totalMinor = 0n;
  for (let i = 0; i < invoiceCount; i++) {
    const minor = 1_000n + BigInt((i * 7919) % 500_000);
    totalMinor += minor;
    const total = `${minor / 100n}.${String(minor % 100n).padStart(2, '0')}`;
    rows.push(
      `${prefix}-${String(i + 1).padStart(6, '0')},C${i % customerCount},2026-0${1 + (i % 9)}-${String(1 + (i % 28)).padStart(2, '0')},,EUR,${total},"Services, ${i}"`,
    );
  }
  return { rows, totalMinor };
}

async function organizationWithCustomers(): Promise<Actor> {
  const { actor } = await newOrganization(database);
  await importCustomers(database, actor, { csv: customersCsv() });
  return actor;
}

async function counts(actor: Actor) {
  const result: Record<string, number> = {};
  for (const table of ['invoices', 'invoice_lines', 'journal_entries', 'audit_events'] as const) {
    const row = await database.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<string>().as('count'))
      .where('org_id', '=', actor.orgId)
      .executeTakeFirstOrThrow();
    result[table] = Number(row.count);
  }
  return result;
}

/** Every index of the tables a book load writes, by name with its definition. */
async function bookIndexes(): Promise<string[]> {
  const { rows } = await sql<{ definition: string }>`
    SELECT indexdef AS definition FROM pg_indexes
    WHERE schemaname = current_schema()
      AND tablename IN ('invoices', 'invoice_lines', 'credit_notes', 'credit_note_lines',
        'payments', 'journal_entries', 'journal_lines', 'audit_events')
    ORDER BY indexname`.execute(database.db);
  return rows.map((row) => row.definition);
}

describe('importing a large file of invoices', () => {
  it('writes nothing when lines in the middle are bad, naming every bad line and field', async () => {
    const actor = await organizationWithCustomers();
    // One invoice already in the book, which the file then repeats.
    await importInvoices(database, actor, {
      csv: lines([
        'number,customer_ref,issue_date,due_date,currency,total',
        'BULK-010000,C1,2026-01-05,,EUR,10.00',
      ]),
    });
    const before = await counts(actor);
    const indexes = await bookIndexes();
    const { rows } = invoiceRows('BULK');
    rows[5_000] = rows[5_000]!.replace(/,C\d+,/, ',NOBODY,'); // line 5,001: unknown customer
    rows[12_345] = rows[12_345]!.replace(/2026-0\d-\d\d/, '2026-02-30'); // line 12,346
    rows[20_000] = rows[19_999]!; // line 20,001 repeats line 20,000's number
    rows[25_000] = rows[25_000]!.replace(/,EUR,[\d.]+,/, ',EUR,12.345,'); // line 25,001
    const error = await importInvoices(database, actor, { csv: lines(rows) }).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('import_rejected');
    const details = (error as AppError).details as { line: number; field: string; code: string }[];
    expect(details.map((d) => [d.line, d.field, d.code])).toEqual([
      [5_001, 'customer_ref', 'customer_not_found'],
      [10_001, 'number', 'invoice_number_taken'],
      [12_346, 'issue_date', 'date_invalid'],
      [20_001, 'number', 'number_repeated'],
      [25_001, 'total', 'amount_too_precise'],
    ]);
    expect(await counts(actor)).toEqual(before);
    expect(await bookIndexes()).toEqual(indexes);
  }, 300_000);

  it('imports a good file whole, ties out, and keeps the indexes the tables had', async () => {
    const actor = await organizationWithCustomers();
    const indexes = await bookIndexes();
    const { rows, totalMinor } = invoiceRows('GOOD');
    const result = await importInvoices(database, actor, { csv: lines(rows) });
    expect(result.invoices).toBe(invoiceCount);
    expect(await counts(actor)).toMatchObject({
      invoices: invoiceCount,
      invoice_lines: invoiceCount,
      journal_entries: invoiceCount,
    });
    const balance = await getTrialBalance(database, actor, calendarDate('2026-12-31'));
    const eur = balance.currencies.find((c) => c.currency === 'EUR')!;
    expect(eur.differenceMinor).toBe(0n);
    expect(eur.openInvoicesMinor).toBe(totalMinor);
    expect(await bookIndexes()).toEqual(indexes);
    // A large import takes the statistics of what it wrote itself, on PostgreSQL as on PGlite,
    // rather than leaving them to autovacuum (whose runs pg_stat_user_tables records apart).
    await expect
      .poll(async () => {
        const { rows: analyzed } = await sql<{ table: string }>`
          SELECT relname AS table FROM pg_stat_user_tables
          WHERE schemaname = current_schema() AND relname IN ('invoices', 'journal_entries')
            AND last_analyze IS NOT NULL
          ORDER BY relname`.execute(database.db);
        return analyzed.map((row) => row.table);
      })
      .toEqual(['invoices', 'journal_entries']);
    // The indexes were built again over the imported rows: a search by number uses and finds them.
    const found = await database.db
      .selectFrom('invoices')
      .select('number')
      .where('org_id', '=', actor.orgId)
      .where(sql`lower(number)`, 'like', 'good-02999%')
      .execute();
    expect(found.map((row) => row.number).sort()).toEqual(
      Array.from({ length: 10 }, (_, i) => `GOOD-02999${i}`),
    );
  }, 300_000);
});

describe('the progress bars of settle import and settle demo', () => {
  const tty = Object.getOwnPropertyDescriptor(process.stderr, 'isTTY');
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'settle-progress-'));
    await seedDataDirectory(join(dir, 'piped'));
    await seedDataDirectory(join(dir, 'terminal'));
    await seedDataDirectory(join(dir, 'demo-piped'));
    await seedDataDirectory(join(dir, 'demo-terminal'));
    await writeFile(join(dir, 'customers.csv'), customersCsv());
  });
  afterAll(async () => {
    if (tty) Object.defineProperty(process.stderr, 'isTTY', tty);
    else delete (process.stderr as { isTTY?: boolean }).isTTY;
    await rm(dir, { recursive: true, force: true });
  });

  /** Runs `settle --data DIR/name ...args` with standard error a terminal or not. */
  function settleOn(terminal: boolean, name: string, ...args: string[]) {
    Object.defineProperty(process.stderr, 'isTTY', { value: terminal, configurable: true });
    return runSettleInProcess('--data', join(dir, name), ...args);
  }

  const importOn = (terminal: boolean, name: string) =>
    settleOn(terminal, name, 'import', 'customers', join(dir, 'customers.csv'));

  it('is drawn on a terminal and left out of a pipe or a log', async () => {
    const piped = await importOn(false, 'piped');
    expect(piped.code).toBe(0);
    expect(piped.stderr).not.toMatch(/rows/);
    const terminal = await importOn(true, 'terminal');
    expect(terminal.code).toBe(0);
    expect(terminal.stderr).toMatch(/300\/300 rows/);
  }, 120_000);

  it('is drawn by settle demo on a terminal, counting the invoices written', async () => {
    const demoOn = (terminal: boolean, name: string) =>
      settleOn(terminal, name, 'demo', '--customers', '6', '--invoices', '70', '--months', '3');
    const piped = await demoOn(false, 'demo-piped');
    expect(piped.code).toBe(0);
    expect(piped.stderr).not.toMatch(/\/70 invoices/);
    const terminal = await demoOn(true, 'demo-terminal');
    expect(terminal.code).toBe(0);
    expect(terminal.stderr).toMatch(/70\/70 invoices/);
    expect(terminal.stdout.toString()).toMatch(/invoices\s+70/);
  }, 120_000);
});
