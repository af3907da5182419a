// Proves that input no field can hold is refused at the boundary with a 400 naming the field,
// never a 500 from deep in a query: a NUL byte or a lone UTF-16 surrogate in a body, a query or a
// path, an impossible date in a list filter, an empty body on an action.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/platform/db/database.js';
import type { App } from '../../src/platform/http/app.js';
import { createdCustomer, startApiServer, stopApiServer, type ApiClient } from '../support/api.js';
import { daysFromToday, todayNoEarlierThan } from '../support/clock.js';
import { limits } from '../../src/core/limits.js';

// The book below lies on fixed dates up to late 2026, and money is posted about it "today".
todayNoEarlierThan('2026-12-05');

let database: Database;
let app: App;
let client: ApiClient;

beforeAll(async () => ({ database, app, client } = await startApiServer()));
afterAll(() => stopApiServer({ app, database }));

describe('input at the boundary', () => {
  it('refuses a NUL byte or a lone surrogate in any body field, naming it', async () => {
    for (const [body, field] of [
      [{ ref: 'N1', name: 'Nul\u0000Co', currency: 'EUR' }, 'name'],
      [{ ref: 'N2', name: 'Lone \ud800 surrogate', currency: 'EUR' }, 'name'],
      [
        {
          ref: 'N3',
          name: 'Ok',
          currency: 'EUR',
          contacts: [{ name: 'x\udc00', email: 'a@b.test' }],
        },
        'contacts[0].name',
      ],
    ] as const) {
      const response = await client.request('POST', '/customers', body);
      expect(response.statusCode, response.body).toBe(400);
      expect(response.json().error).toMatchObject({ code: 'text_invalid', field });
    }
  });

  it('refuses them in a query and a path too', async () => {
    const query = await client.request('GET', `/customers?q=${encodeURIComponent('a\u0000b')}`);
    expect([query.statusCode, query.json().error.code, query.json().error.field]).toEqual([
      400,
      'text_invalid',
      'q',
    ]);
    const surrogate = await client.request('GET', '/customers?q=%ED%A0%80');
    expect(surrogate.statusCode).toBeLessThan(500);
    const path = await client.request('GET', '/invoices/%00');
    expect(path.statusCode).toBe(400);
  });

  it('refuses an impossible date in a list filter, naming it', async () => {
    for (const bad of ['2025-02-30', '0000-00-00', '2025-13-01', '1899-12-31']) {
      const response = await client.request('GET', `/invoices?issued_from=${bad}`);
      expect(response.statusCode, `${bad}: ${response.body}`).toBe(400);
      expect(response.json().error).toMatchObject({ code: 'date_invalid', field: 'issued_from' });
    }
    expect((await client.request('GET', '/invoices?issued_from=2024-02-29')).statusCode).toBe(200);
  });

  it('takes an action without a body, with or without a JSON content type', async () => {
    const customer = await createdCustomer(client);
    for (const headers of [{}, { 'content-type': 'application/json' }]) {
      const draft = await client.request('POST', '/invoices', {
        customer_id: customer.id,
        issued_on: '2026-01-10',
        lines: [{ description: 'Work', quantity: '1', unit_price: '10.00' }],
      });
      expect(draft.statusCode, draft.body).toBe(201);
      const issued = await app.inject({
        method: 'POST',
        url: `/api/v1/invoices/${draft.json().id}/issue`,
        headers: { authorization: `Bearer ${client.token}`, ...headers },
      });
      expect(issued.statusCode, issued.body).toBe(200);
      expect(issued.json().status).toBe('open');
    }
  });
});

describe('money in JSON', () => {
  it('refuses an amount sent as a JSON number, naming the field, and takes the decimal string', async () => {
    const customer = await createdCustomer(client);
    const asNumber = await client.request('POST', '/payments', {
      customer_id: customer.id,
      amount: 10.5,
      received_on: '2026-01-05',
      apply: 'none',
    });
    expect(asNumber.statusCode, asNumber.body).toBe(400);
    expect(asNumber.json().error).toMatchObject({ code: 'validation_failed', field: 'amount' });
    const price = await client.request('POST', '/invoices', {
      customer_id: customer.id,
      lines: [{ description: 'Work', quantity: '1', unit_price: 99 }],
    });
    expect(price.json().error).toMatchObject({
      code: 'validation_failed',
      field: 'lines[0].unit_price',
    });
    const asString = await client.request('POST', '/payments', {
      customer_id: customer.id,
      amount: '10.50',
      received_on: '2026-01-05',
      apply: 'none',
    });
    expect(asString.statusCode, asString.body).toBe(201);
    // Query strings are text: their numbers still read as numbers.
    expect((await client.request('GET', '/payments?limit=1')).statusCode).toBe(200);
  });
});

describe('dates ahead', () => {
  it('takes a payment dated up to the horizon ahead and refuses one further, naming the date', async () => {
    const customer = await createdCustomer(client);
    const pay = (receivedOn: string) =>
      client.request('POST', '/payments', {
        customer_id: customer.id,
        amount: '1.00',
        received_on: receivedOn,
        apply: 'none',
      });
    expect((await pay(daysFromToday(limits.paymentDaysAheadMax))).statusCode).toBe(201);
    const far = await pay(daysFromToday(limits.paymentDaysAheadMax + 1));
    expect([far.statusCode, far.json().error.code, far.json().error.field]).toEqual([
      400,
      'date_too_far_ahead',
      'received_on',
    ]);
    const years = await pay(daysFromToday(3 * 365));
    expect(years.json().error.code).toBe('date_too_far_ahead');
  });
});
