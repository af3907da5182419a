// Proves that a customer's collector is a live user of the customer's own organization: the API
// assigns, changes and clears it on create and update, lists customers by it, refuses an unknown
// id, another organization's user and a disabled user with a code that names collector_id, the
// database refuses a cross-organization collector by itself, and the audit log records the change.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/platform/db/database.js';
import type { App } from '../../src/platform/http/app.js';
import { buildServer } from '../../src/server/build-server.js';
import { apiClient, createdCustomer, type ApiClient } from '../support/api.js';
import { openTestDatabase } from '../support/test-database.js';
import { now } from '../../src/core/clock.js';

let database: Database;
let app: App;
let client: ApiClient;
let other: ApiClient;

beforeAll(async () => {
  database = await openTestDatabase();
  app = await buildServer({ database });
  client = await apiClient(app, database);
  other = await apiClient(app, database);
});
afterAll(async () => {
  await app?.close();
  await database?.close();
});

let userCount = 0;

async function newUser(owner: ApiClient, role = 'collector'): Promise<string> {
  userCount += 1;
  const response = await owner.request('POST', '/users', {
    email: `collector-${userCount}-${owner.orgId.slice(-6)}@example.test`,
    name: `Collector ${userCount}`,
    role,
    password: 'correct horse battery staple',
  });
  if (response.statusCode !== 201) throw new Error(`user not created: ${response.body}`);
  return response.json().id as string;
}

async function refsOfCollector(collectorId: string): Promise<string[]> {
  const response = await client.request('GET', `/customers?collector_id=${collectorId}&sort=ref`);
  expect(response.statusCode).toBe(200);
  return response.json().items.map((customer: { ref: string }) => customer.ref);
}

describe('customer collector', () => {
  it('assigns a collector on create and update, returns it, and lists customers by it', async () => {
    const alice = await newUser(client);
    const bob = await newUser(client);
    const first = await createdCustomer(client, { ref: 'COL-1', collector_id: alice });
    expect(first).toMatchObject({ ref: 'COL-1', collector_id: alice });
    await createdCustomer(client, { ref: 'COL-2', collector_id: bob });
    const third = await createdCustomer(client, { ref: 'COL-3' });
    expect(third).toMatchObject({ collector_id: null });

    const assigned = await client.request('PATCH', `/customers/${third.id}`, {
      collector_id: alice,
    });
    expect(assigned.statusCode).toBe(200);
    expect(assigned.json()).toMatchObject({ ref: 'COL-3', collector_id: alice });
    expect((await client.request('GET', `/customers/${third.id}`)).json()).toMatchObject({
      collector_id: alice,
    });

    expect(await refsOfCollector(alice)).toEqual(['COL-1', 'COL-3']);
    expect(await refsOfCollector(bob)).toEqual(['COL-2']);
    // Another organization filtering by this organization's user sees none of its customers.
    const foreign = await other.request('GET', `/customers?collector_id=${alice}`);
    expect(foreign.json().items).toEqual([]);
  });

  it('keeps the collector when other fields change and clears it with null', async () => {
    const carol = await newUser(client);
    const customer = await createdCustomer(client, { ref: 'COL-KEEP', collector_id: carol });
    const renamed = await client.request('PATCH', `/customers/${customer.id}`, { name: 'Renamed' });
    expect(renamed.json()).toMatchObject({ name: 'Renamed', collector_id: carol });

    const cleared = await client.request('PATCH', `/customers/${customer.id}`, {
      collector_id: null,
    });
    expect(cleared.statusCode).toBe(200);
    expect(cleared.json()).toMatchObject({ name: 'Renamed', collector_id: null });
    expect(await refsOfCollector(carol)).toEqual([]);
  });

  it('refuses an unknown id and a user of another organization with collector_not_found', async () => {
    const outsider = await newUser(other);
    const unknown = '01900000-0000-7000-8000-000000000000';
    const customer = await createdCustomer(client, { ref: 'COL-REFUSED' });
    for (const collectorId of [unknown, outsider]) {
      const created = await client.request('POST', '/customers', {
        ref: 'COL-NEW',
        name: 'New',
        currency: 'EUR',
        collector_id: collectorId,
      });
      expect(created.statusCode).toBe(404);
      expect(created.json().error).toMatchObject({
        code: 'collector_not_found',
        field: 'collector_id',
      });
      const changed = await client.request('PATCH', `/customers/${customer.id}`, {
        collector_id: collectorId,
      });
      expect(changed.statusCode).toBe(404);
      expect(changed.json().error).toMatchObject({
        code: 'collector_not_found',
        field: 'collector_id',
      });
    }
    // Nothing was written: no customer COL-NEW, and the customer still has no collector.
    expect((await client.request('GET', '/customers?q=COL-NEW')).json().items).toEqual([]);
    expect((await client.request('GET', `/customers/${customer.id}`)).json()).toMatchObject({
      collector_id: null,
    });
  });

  it('refuses an id that is not a uuid with a 400 naming collector_id', async () => {
    const created = await client.request('POST', '/customers', {
      ref: 'COL-BAD',
      name: 'Bad',
      currency: 'EUR',
      collector_id: 'alice',
    });
    expect(created.statusCode).toBe(400);
    expect(created.json().error).toMatchObject({
      code: 'validation_failed',
      field: 'collector_id',
    });
    const listed = await client.request('GET', '/customers?collector_id=alice');
    expect(listed.statusCode).toBe(400);
    expect(listed.json().error).toMatchObject({ code: 'validation_failed', field: 'collector_id' });
  });

  it('refuses to assign a disabled user but keeps one disabled after the assignment', async () => {
    const dave = await newUser(client);
    const customer = await createdCustomer(client, { ref: 'COL-DISABLED', collector_id: dave });
    // The API has no route to disable a user yet; the column is what the services read.
    await database.db
      .updateTable('users')
      .set({ disabled_at: now() })
      .where('org_id', '=', client.orgId)
      .where('id', '=', dave)
      .execute();

    const created = await client.request('POST', '/customers', {
      ref: 'COL-DISABLED-2',
      name: 'New',
      currency: 'EUR',
      collector_id: dave,
    });
    expect(created.statusCode).toBe(400);
    expect(created.json().error).toMatchObject({
      code: 'collector_disabled',
      field: 'collector_id',
    });
    const unassigned = await createdCustomer(client, { ref: 'COL-DISABLED-3' });
    const assigned = await client.request('PATCH', `/customers/${unassigned.id}`, {
      collector_id: dave,
    });
    expect(assigned.statusCode).toBe(400);
    expect(assigned.json().error).toMatchObject({
      code: 'collector_disabled',
      field: 'collector_id',
    });

    // The existing assignment is not a new one: the customer's other fields still change.
    const renamed = await client.request('PATCH', `/customers/${customer.id}`, {
      name: 'Still Dave',
      collector_id: dave,
    });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json()).toMatchObject({ name: 'Still Dave', collector_id: dave });
  });

  it('records the collector in the audit log before and after', async () => {
    const erin = await newUser(client);
    const frank = await newUser(client);
    const customer = await createdCustomer(client, { ref: 'COL-AUDIT', collector_id: erin });
    await client.request('PATCH', `/customers/${customer.id}`, { collector_id: frank });
    const events = (await client.request('GET', `/audit-events?entity_id=${customer.id}`)).json()
      .items as {
      action: string;
      before: Record<string, unknown> | null;
      after: Record<string, unknown> | null;
    }[];
    const created = events.find((event) => event.action === 'customer.created');
    const updated = events.find((event) => event.action === 'customer.updated');
    expect(created?.after).toMatchObject({ collectorId: erin });
    expect(updated?.before).toMatchObject({ collector_id: erin });
    expect(updated?.after).toMatchObject({ collector_id: frank });
  });

  it('has the database refuse a collector of another organization by itself', async () => {
    const outsider = await newUser(other);
    const customer = await createdCustomer(client, { ref: 'COL-DB' });
    await expect(
      database.db
        .updateTable('customers')
        .set({ collector_id: outsider })
        .where('org_id', '=', client.orgId)
        .where('id', '=', customer.id)
        .execute(),
    ).rejects.toMatchObject({ code: '23503' });
  });
});
