// Goal: a book written part by part (loadBookInParts, as the demo loader writes a large one) is
// the same ledger as the book written whole: documents, balances, the journal's totals and the
// balance steps the aging reads, whether each part refreshes its own steps or a large load into
// an empty organization refreshes them once at the end; one summary event records the whole.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/core/actor.js';
import { calendarDate } from '../../src/core/calendar-date.js';
import { writeDemo } from '../../src/demo/create-demo.service.js';
import { copyCustomers } from '../../src/demo/demo.sql.js';
import {
  generateBook,
  periodStartFor,
  planBook,
  wholePlanOf,
  type GenerateBookOptions,
} from '../../src/demo/generator/generate-book.js';
import { loadBookInParts, type LoadedBook } from '../../src/ledger/load-book.service.js';
import { getTrialBalance } from '../../src/ledger/trial-balance.service.js';
import type { Database } from '../../src/platform/db/database.js';
import { newOrganization } from '../support/organization.js';
import { openTestDatabase } from '../support/test-database.js';

const today = calendarDate('2026-06-30');
const options: GenerateBookOptions = {
  seed: 7,
  customers: 30,
  invoices: 900,
  startOn: periodStartFor(today, 10),
  months: 10,
  currency: 'EUR',
  today,
};

let database: Database;
let whole: Actor;

beforeAll(async () => {
  database = await openTestDatabase();
  ({ actor: whole } = await newOrganization(database));
  await writeDemo(database, whole, wholePlanOf(generateBook(options)), 'whole');
});

afterAll(async () => {
  await database?.close();
});

/** Writes the book in parts of 100 invoices, as if it were a load of `items` documents. */
async function writeInParts(items: number) {
  const { actor } = await newOrganization(database);
  const plan = planBook(options);
  const progress: LoadedBook[] = [];
  const loaded = await database.transaction(async (tx) => {
    await copyCustomers(tx, actor.orgId, plan.customers);
    return loadBookInParts(tx, actor, plan.parts(100), items, 'in parts', (sofar) =>
      progress.push(sofar),
    );
  });
  return { actor, loaded, progress };
}

/** What the organization's ledger holds, without its id. */
async function ledgerOf(orgId: string) {
  const steps = await sql<Record<string, unknown>>`
    SELECT item_id, item_type, customer_id, currency, document_on, due_on, valid_from, valid_to,
      span_class, balance_minor::text AS balance
    FROM balance_periods WHERE org_id = ${orgId} ORDER BY item_id, valid_from`.execute(database.db);
  const invoices = await sql<Record<string, unknown>>`
    SELECT id, number, status, open_minor::text AS open FROM invoices
    WHERE org_id = ${orgId} ORDER BY id`.execute(database.db);
  const counts = await sql<Record<string, unknown>>`
    SELECT (SELECT count(*) FROM payments WHERE org_id = ${orgId})::int AS payments,
      (SELECT count(*) FROM credit_notes WHERE org_id = ${orgId})::int AS credit_notes,
      (SELECT count(*) FROM applications WHERE org_id = ${orgId})::int AS applications,
      (SELECT count(*) FROM journal_lines WHERE org_id = ${orgId})::int AS journal_lines`.execute(
    database.db,
  );
  return { steps: steps.rows, invoices: invoices.rows, counts: counts.rows[0] };
}

async function trialBalanceOf(orgId: string, asOf: string) {
  const balance = await getTrialBalance(database, { ...whole, orgId }, calendarDate(asOf));
  return balance.currencies;
}

describe('a book loaded in parts', () => {
  it.each([
    ['each part refreshing its own balance steps', 10],
    ['a large load refreshing the balance steps once at the end', 1_000_000],
  ])('is the ledger of the book written whole: %s', async (_, items) => {
    const { actor, loaded, progress } = await writeInParts(items);
    expect(loaded.invoices).toBe(900);
    expect(progress.length).toBeGreaterThan(3);
    expect(progress.at(-1)).toEqual(loaded);
    expect(progress.map((sofar) => sofar.invoices)).toEqual(
      [...progress.map((sofar) => sofar.invoices)].sort((a, b) => a - b),
    );
    const expected = await ledgerOf(whole.orgId);
    expect(expected.steps.length).toBeGreaterThan(900);
    expect(await ledgerOf(actor.orgId)).toEqual(expected);
    for (const asOf of ['2025-12-31', '2026-06-30']) {
      const balance = await trialBalanceOf(actor.orgId, asOf);
      expect(balance).toEqual(await trialBalanceOf(whole.orgId, asOf));
      expect(balance.every((currency) => currency.differenceMinor === 0n)).toBe(true);
    }
    const events = await sql<{ after: { label: string; invoices: number } }>`
      SELECT after FROM audit_events WHERE org_id = ${actor.orgId} AND action = 'book.generated'`.execute(
      database.db,
    );
    expect(events.rows.map((row) => row.after)).toEqual([{ label: 'in parts', ...loaded }]);
  });
});
