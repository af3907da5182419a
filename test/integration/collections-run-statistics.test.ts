// A first collections run fills collection_steps, which the next run's read looks up per invoice:
// it takes the table's statistics again once it has written more steps than the planner believed
// there were, so that read is not planned for an empty table (run-collections.service.ts).
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { addDays } from '../../src/core/calendar-date.js';
import { runCollections } from '../../src/dunning/run-collections.service.js';
import { importCustomers } from '../../src/imports/import-customers.service.js';
import { importInvoices } from '../../src/imports/import-invoices.service.js';
import { organizationToday } from '../../src/organizations/find-organization.service.js';
import type { Database } from '../../src/platform/db/database.js';
import { newOrganization } from '../support/organization.js';
import { openTestDatabase } from '../support/test-database.js';

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

const customers = 50;
const invoices = 1_500;

async function collectionStepsAnalyzed(): Promise<boolean> {
  const { rows } = await sql<{ analyzed: boolean }>`
    SELECT last_analyze IS NOT NULL AS analyzed FROM pg_stat_user_tables
    WHERE schemaname = current_schema() AND relname = 'collection_steps'`.execute(database.db);
  return rows[0]?.analyzed ?? false;
}

it('takes the statistics of collection_steps again when a first run fills it', async () => {
  const { actor } = await newOrganization(database);
  const today = await organizationToday(database.db, actor.orgId);
  const customerRows = ['ref,name,email,currency'];
  for (let i = 0; i < customers; i++)
    customerRows.push(`S${i},Customer ${i},s${i}@example.test,EUR`);
  await importCustomers(database, actor, { csv: customerRows.join('\n') });
  // Every invoice is 20 days overdue, so the standard policy gives each of them a step.
  const invoiceRows = ['number,customer_ref,issue_date,due_date,currency,total'];
  for (let i = 0; i < invoices; i++)
    invoiceRows.push(
      `ST-${i + 1},S${i % customers},${addDays(today, -50)},${addDays(today, -20)},EUR,100.00`,
    );
  await importInvoices(database, actor, { csv: invoiceRows.join('\n') });
  expect(await collectionStepsAnalyzed()).toBe(false);

  const run = await runCollections(database, actor, { triggeredBy: 'cli' });
  expect(run.summary.invoices).toBe(invoices);
  const { rows } = await sql<{ steps: number }>`
    SELECT count(*)::int AS steps FROM collection_steps WHERE org_id = ${actor.orgId}`.execute(
    database.db,
  );
  expect(rows[0]!.steps).toBe(invoices);
  await expect.poll(collectionStepsAnalyzed).toBe(true);
}, 300_000);
