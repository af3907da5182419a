// Proves that the customer list gives each customer's open balance today exactly as the aging
// computes it (open invoices less unapplied credit, per currency, none for a settled customer),
// in one query per page rather than one per customer, and that the header's search finds
// customers by the start of their name or reference and issued invoices by the start of their
// number, in any case, never another organization's, and refuses an empty search naming `q`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createdCustomer,
  issuedInvoice,
  startApiServer,
  stopApiServer,
  apiClient,
  type ApiClient,
  type ApiServer,
} from '../support/api.js';

let server: ApiServer;
let client: ApiClient;
let other: ApiClient;
const ids: Record<string, string> = {};
const numbers: Record<string, string> = {};

beforeAll(async () => {
  server = await startApiServer();
  client = server.client;
  other = await apiClient(server.app, server.database);
  const owing = await createdCustomer(client, { ref: 'BAL-OWING', name: 'Owing Ltd' });
  const credit = await createdCustomer(client, { ref: 'BAL-CREDIT', name: 'Credit Corp' });
  const settled = await createdCustomer(client, { ref: 'BAL-SETTLED', name: 'Settled SA' });
  ids.owing = owing.id;
  ids.credit = credit.id;
  ids.settled = settled.id;
  const first = await issuedInvoice(client, owing.id, '1000.10');
  const second = await issuedInvoice(client, owing.id, '250.25');
  numbers.first = first.number;
  ids.first = first.id;
  numbers.second = second.number;
  const pay = await client.request('POST', '/payments', {
    customer_id: owing.id,
    amount: '200.05',
    received_on: '2026-02-01',
    applications: [{ invoice_id: first.id, amount: '200.05' }],
  });
  expect(pay.statusCode, pay.body).toBe(201);
  const unapplied = await client.request('POST', '/payments', {
    customer_id: credit.id,
    amount: '75.00',
    received_on: '2026-02-01',
    apply: 'none',
  });
  expect(unapplied.statusCode, unapplied.body).toBe(201);
  const paidUp = await issuedInvoice(client, settled.id, '10.00');
  const full = await client.request('POST', '/payments', {
    customer_id: settled.id,
    amount: '10.00',
    received_on: '2026-02-01',
    applications: [{ invoice_id: paidUp.id, amount: '10.00' }],
  });
  expect(full.statusCode, full.body).toBe(201);
  // The other organization has a customer and invoice with look-alike names and numbers.
  const theirs = await createdCustomer(other, { ref: 'BAL-THEIRS', name: 'Owing Elsewhere' });
  await issuedInvoice(other, theirs.id, '5.00');
});
afterAll(() => stopApiServer(server));

type ListedCustomer = {
  id: string;
  open_balances: { currency: string; balance: string }[];
};

describe('the customer list', () => {
  it("gives each customer's open balance today, as the aging does", async () => {
    const response = await client.request('GET', '/customers?q=BAL-&limit=10');
    expect(response.statusCode, response.body).toBe(200);
    const byId = new Map(
      (response.json().items as ListedCustomer[]).map((item) => [item.id, item.open_balances]),
    );
    // 1000.10 - 200.05 + 250.25
    expect(byId.get(ids.owing!)).toEqual([{ currency: 'EUR', balance: '1050.30' }]);
    expect(byId.get(ids.credit!)).toEqual([{ currency: 'EUR', balance: '-75.00' }]);
    expect(byId.get(ids.settled!)).toEqual([]);
    for (const id of [ids.owing!, ids.credit!]) {
      const aging = (await client.request('GET', `/reports/aging?customer_id=${id}`)).json();
      expect(byId.get(id)).toEqual([
        { currency: 'EUR', balance: aging.currencies[0].customers[0].balance },
      ]);
    }
  });

  it('keeps the balance on every page of a paged list', async () => {
    const first = await client.request('GET', '/customers?q=BAL-&limit=1&sort=name');
    const next = first.json().next_cursor as string;
    const second = await client.request(
      'GET',
      `/customers?q=BAL-&limit=1&sort=name&cursor=${encodeURIComponent(next)}`,
    );
    expect(first.json().items[0].id).toBe(ids.credit);
    expect(first.json().items[0].open_balances).toEqual([{ currency: 'EUR', balance: '-75.00' }]);
    expect(second.json().items[0].id).toBe(ids.owing);
    expect(second.json().items[0].open_balances).toEqual([{ currency: 'EUR', balance: '1050.30' }]);
  });
});

describe('the search', () => {
  it('finds customers by the start of their name or reference, in any case', async () => {
    const byName = (await client.request('GET', '/search?q=owI')).json();
    expect(byName.customers.map((c: { id: string }) => c.id)).toEqual([ids.owing]);
    const byRef = (await client.request('GET', '/search?q=bal-c')).json();
    expect(byRef.customers.map((c: { ref: string }) => c.ref)).toEqual(['BAL-CREDIT']);
    // The start, not the middle: "redit" is inside "Credit Corp" but starts nothing.
    expect((await client.request('GET', '/search?q=redit')).json().customers).toEqual([]);
  });

  it('finds issued invoices by the start of their number, with their customer and open amount', async () => {
    const found = (await client.request('GET', `/search?q=${numbers.first!.toLowerCase()}`)).json();
    expect(found.invoices).toEqual([
      {
        id: ids.first,
        number: numbers.first,
        customer_id: ids.owing,
        customer_name: 'Owing Ltd',
        currency: 'EUR',
        status: 'partially_paid',
        open: '800.05',
      },
    ]);
    const prefix = numbers.first!.slice(0, 4);
    const all = (await client.request('GET', `/search?q=${prefix}&limit=2`)).json();
    expect(all.invoices).toHaveLength(2);
  });

  it("never finds another organization's customers or invoices", async () => {
    const theirs = (await other.request('GET', '/search?q=owing')).json();
    expect(theirs.customers.map((c: { name: string }) => c.name)).toEqual(['Owing Elsewhere']);
    const invoices = (await other.request('GET', `/search?q=${numbers.second}`)).json();
    expect(invoices.invoices.map((i: { id: string }) => i.id)).not.toContain(ids.first);
    expect(JSON.stringify(invoices)).not.toContain(ids.owing);
  });

  it('takes LIKE wildcards literally and refuses an empty search naming q', async () => {
    expect((await client.request('GET', '/search?q=%25')).json()).toEqual({
      customers: [],
      invoices: [],
    });
    expect((await client.request('GET', '/search?q=_')).json().customers).toEqual([]);
    const blank = await client.request('GET', '/search?q=%20%20');
    expect(blank.statusCode).toBe(400);
    expect(blank.json().error).toMatchObject({ code: 'search_empty', field: 'q' });
  });
});
