// Proves POST /imports/{kind}: the CSV file as the request body runs the same importers as
// `settle import`, all or nothing: a good file is imported and counted, a file with bad rows is
// refused whole listing each bad row with its line and field, and writes nothing; bytes that are
// not UTF-8 are named by line; the kind, the content type and the role are checked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/auth/manage-users.service.js';
import type { Database } from '../../src/platform/db/database.js';
import type { App } from '../../src/platform/http/app.js';
import { buildServer } from '../../src/server/build-server.js';
import { apiClient, tokenOf, type ApiClient } from '../support/api.js';
import { todayNoEarlierThan } from '../support/clock.js';
import { openTestDatabase } from '../support/test-database.js';

todayNoEarlierThan('2026-12-05');

let database: Database;
let app: App;
let owner: ApiClient;

beforeAll(async () => {
  database = await openTestDatabase();
  app = await buildServer({ database });
  owner = await apiClient(app, database);
});
afterAll(async () => {
  await app?.close();
  await database?.close();
});

const csv = (kind: string, body: string | Buffer, contentType = 'text/csv; charset=utf-8') =>
  owner.request('POST', `/imports/${kind}?file_name=book.csv`, body, {
    'content-type': contentType,
  });

describe('POST /imports/{kind}', () => {
  it('imports a good file and says what it wrote', async () => {
    const response = await csv(
      'customers',
      'ref,name,email,currency,terms\nH-1,Hill Ltd,ap@hill.test,EUR,NET30\nH-2,Dale plc,,EUR,\n',
    );
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({
      kind: 'customers',
      file_name: 'book.csv',
      customers: 2,
      contacts: 1,
      invoices: 0,
      credit_notes: 0,
      payments: 0,
      applications: 0,
      summary: 'Imported 2 customers (1 contact).',
    });
    const found = (await owner.request('GET', '/customers?q=H-')).json().items;
    expect(found.map((customer: { ref: string }) => customer.ref).sort()).toEqual(['H-1', 'H-2']);
  });

  it('refuses a file with bad rows whole, listing each with its line and field', async () => {
    const response = await csv(
      'invoices',
      [
        'number,customer_ref,issue_date,due_date,currency,total',
        'H-INV-1,H-1,2026-03-01,2026-03-31,EUR,100.00',
        'H-INV-2,NOBODY,2026-03-01,2026-03-31,EUR,50.00',
        'H-INV-3,H-2,2026-03-01,2026-03-31,EUR,12.345',
        '',
      ].join('\n'),
    );
    expect(response.statusCode, response.body).toBe(400);
    const error = response.json().error;
    expect(error.code).toBe('import_rejected');
    expect(error.message).toBe('2 rows are wrong; nothing was imported.');
    expect(
      error.details.map((detail: { line: number; field: string }) => [detail.line, detail.field]),
    ).toEqual([
      [3, 'customer_ref'],
      [4, 'total'],
    ]);
    expect((await owner.request('GET', '/invoices')).json().items).toEqual([]);
  });

  it('names the line of bytes that are not UTF-8', async () => {
    const bytes = Buffer.concat([
      Buffer.from('ref,name,email,currency,terms\nH-3,Caf'),
      Buffer.from([0xe9]),
      Buffer.from(' Ltd,,EUR,\n'),
    ]);
    const response = await csv('customers', bytes);
    expect(response.statusCode).toBe(400);
    const error = response.json().error;
    expect(error.code).toBe('import_rejected');
    expect(error.details).toHaveLength(1);
    expect(error.details[0].line).toBe(2);
    expect(error.details[0].message).toContain('Line 2 is not UTF-8 text');
  });

  it('checks the kind and the content type', async () => {
    expect((await csv('suppliers', 'a\n')).statusCode).toBe(400);
    const json = await owner.request('POST', '/imports/customers', { ref: 'X' });
    expect([json.statusCode, json.json().error.code]).toEqual([400, 'csv_expected']);
  });

  it('is for roles that may run imports', async () => {
    const user = await createUser(database, owner.actor, {
      email: 'sam@example.test',
      name: 'Sam Sales',
      role: 'sales',
      password: 'correct horse battery staple',
    });
    const token = await tokenOf(database, owner.orgId, user);
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/imports/customers',
      headers: { authorization: `Bearer ${token.token}`, 'content-type': 'text/csv' },
      payload: 'ref,name,email,currency,terms\nS-1,Sneaky,,EUR,\n',
    });
    expect(response.statusCode).toBe(403);
    expect((await owner.request('GET', '/customers?q=S-1')).json().items).toEqual([]);
  });
});
