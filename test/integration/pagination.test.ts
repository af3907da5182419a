// Goal: paging through a list sorted by a timestamp returns every row exactly once, in order,
// when rows are microseconds apart (the database keeps microseconds; a JavaScript Date does not).
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/platform/db/database.js';
import type { App } from '../../src/platform/http/app.js';
import { buildServer } from '../../src/server/build-server.js';
import { apiClient, createdCustomer, type ApiClient } from '../support/api.js';
import { openTestDatabase } from '../support/test-database.js';

let database: Database;
let app: App;
let client: ApiClient;
const refsByAge: string[] = [];

beforeAll(async () => {
  database = await openTestDatabase();
  app = await buildServer({ database });
  client = await apiClient(app, database);
  // Five customers created within one millisecond, 100 µs apart, in an order unlike their ids'.
  const micros = [500, 100, 400, 200, 300];
  const created = [];
  for (const [index, micro] of micros.entries()) {
    const customer = await createdCustomer(client, { ref: `P-${index}` });
    await sql`UPDATE customers SET created_at = ${`2026-02-03T04:05:06.000${micro}Z`}::timestamptz
      WHERE org_id = ${client.orgId} AND id = ${customer.id}`.execute(database.db);
    created.push({ ref: customer.ref, micro });
  }
  refsByAge.push(...created.sort((a, b) => a.micro - b.micro).map((c) => c.ref));
});

afterAll(async () => {
  await app?.close();
  await database?.close();
});

async function allPages(sort: string): Promise<string[]> {
  const refs: string[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 10; page++) {
    const query: string = `/customers?sort=${sort}&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
    const response = await client.request('GET', query);
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json() as { items: { ref: string }[]; next_cursor: string | null };
    refs.push(...body.items.map((item) => item.ref));
    cursor = body.next_cursor;
    if (!cursor) return refs;
  }
  throw new Error('the pages never ended');
}

describe('cursor pagination on a timestamp', () => {
  it('returns each row once, oldest first', async () => {
    expect(await allPages('created_at')).toEqual(refsByAge);
  });

  it('returns each row once, newest first', async () => {
    expect(await allPages('-created_at')).toEqual([...refsByAge].reverse());
  });
});
