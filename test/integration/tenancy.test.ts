// Proves that one organization can never read or change another's data: for every route of the
// API (the list is checked against the OpenAPI document, so a new route without a case here
// fails this test), a caller from organization B aimed at organization A's records gets a 404 or
// an empty list, and A's records are unchanged afterwards.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/platform/db/database.js';
import type { App } from '../../src/platform/http/app.js';
import { buildServer } from '../../src/platform/http/server.js';
import { apiClient, createdCustomer, issuedInvoice, type ApiClient } from '../support/api.js';
import { openTestDatabase } from '../support/test-database.js';

let database: Database;
let app: App;
let owner: ApiClient;
let intruder: ApiClient;
const a: Record<string, string> = {};

beforeAll(async () => {
  database = await openTestDatabase();
  app = await buildServer({ database });
  owner = await apiClient(app, database);
  intruder = await apiClient(app, database);
  const customer = await createdCustomer(owner, { contacts: [{ name: 'AP', email: 'ap@a.test', receives_reminders: true }] });
  a.customer = customer.id;
  a.contact = ((await owner.request('GET', `/customers/${customer.id}`)).json().contacts[0]).id;
  a.draft = (await owner.request('POST', '/invoices', { customer_id: customer.id, lines: [{ description: 'D', quantity: '1', unit_price: '5.00' }] })).json().id;
  a.invoice = (await issuedInvoice(owner, customer.id, '100.00')).id;
  a.other = (await issuedInvoice(owner, customer.id, '100.00')).id;
  a.creditNote = (await owner.request('POST', '/credit-notes', { customer_id: customer.id, issued_on: '2026-01-11', lines: [{ description: 'C', quantity: '1', unit_price: '5.00' }] })).json().id;
  a.payment = (await owner.request('POST', '/payments', { customer_id: customer.id, amount: '50.00', received_on: '2026-01-12' })).json().id;
  a.token = (await owner.request('POST', '/api-tokens', { name: 'a token' })).json().id;
  a.goal = (await owner.request('POST', '/goals', { metric: 'dso', target: '40', deadline: '2027-06-30', owner_id: owner.ownerId })).json().id;
  // The intruder has a customer and invoice of its own, to aim A's ids at from B's documents.
  const own = await createdCustomer(intruder);
  a.intruderCustomer = own.id;
  a.intruderInvoice = (await issuedInvoice(intruder, own.id, '10.00')).id;
});
afterAll(async () => {
  await app?.close();
  await database?.close();
});

type Case = { method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'; path: string; url: () => string; body?: () => unknown; list?: boolean };

const cases: Case[] = [
  { method: 'GET', path: '/customers', url: () => '/customers', list: true },
  { method: 'POST', path: '/customers', url: () => '/customers', body: () => ({ ref: 'B-1', name: 'B', currency: 'EUR' }), list: true },
  { method: 'GET', path: '/customers/{id}', url: () => `/customers/${a.customer}` },
  { method: 'PATCH', path: '/customers/{id}', url: () => `/customers/${a.customer}`, body: () => ({ name: 'Stolen' }) },
  { method: 'POST', path: '/customers/{id}/contacts', url: () => `/customers/${a.customer}/contacts`, body: () => ({ name: 'X' }) },
  { method: 'PATCH', path: '/customers/{id}/contacts/{contactId}', url: () => `/customers/${a.customer}/contacts/${a.contact}`, body: () => ({ name: 'X' }) },
  { method: 'DELETE', path: '/customers/{id}/contacts/{contactId}', url: () => `/customers/${a.customer}/contacts/${a.contact}` },
  { method: 'GET', path: '/customers/{id}/statement', url: () => `/customers/${a.customer}/statement?from=2026-01-01&to=2026-01-31` },
  { method: 'GET', path: '/customers/{id}/statement.pdf', url: () => `/customers/${a.customer}/statement.pdf?from=2026-01-01&to=2026-01-31` },
  { method: 'GET', path: '/invoices', url: () => '/invoices', list: true },
  { method: 'POST', path: '/invoices', url: () => '/invoices', body: () => ({ customer_id: a.customer, lines: [{ description: 'X', quantity: '1', unit_price: '1.00' }] }) },
  { method: 'GET', path: '/invoices/{id}', url: () => `/invoices/${a.invoice}` },
  { method: 'PATCH', path: '/invoices/{id}', url: () => `/invoices/${a.draft}`, body: () => ({ memo: 'x' }) },
  { method: 'DELETE', path: '/invoices/{id}', url: () => `/invoices/${a.draft}` },
  { method: 'POST', path: '/invoices/{id}/issue', url: () => `/invoices/${a.draft}/issue`, body: () => ({}) },
  { method: 'POST', path: '/invoices/{id}/void', url: () => `/invoices/${a.invoice}/void`, body: () => ({ reason: 'x' }) },
  { method: 'POST', path: '/invoices/{id}/write-off', url: () => `/invoices/${a.invoice}/write-off`, body: () => ({ reason: 'bad_debt' }) },
  { method: 'GET', path: '/credit-notes', url: () => '/credit-notes', list: true },
  { method: 'POST', path: '/credit-notes', url: () => '/credit-notes', body: () => ({ customer_id: a.customer, invoice_id: a.invoice, lines: [{ description: 'X', quantity: '1', unit_price: '1.00' }] }) },
  { method: 'GET', path: '/credit-notes/{id}', url: () => `/credit-notes/${a.creditNote}` },
  { method: 'POST', path: '/credit-notes/{id}/apply', url: () => `/credit-notes/${a.creditNote}/apply`, body: () => ({ apply: 'oldest_first' }) },
  { method: 'POST', path: '/credit-notes/{id}/refund', url: () => `/credit-notes/${a.creditNote}/refund`, body: () => ({}) },
  { method: 'GET', path: '/payments', url: () => '/payments', list: true },
  { method: 'POST', path: '/payments', url: () => '/payments', body: () => ({ customer_id: a.customer, amount: '1.00' }) },
  { method: 'GET', path: '/payments/{id}', url: () => `/payments/${a.payment}` },
  { method: 'POST', path: '/payments/{id}/apply', url: () => `/payments/${a.payment}/apply`, body: () => ({ applications: [{ invoice_id: a.invoice, amount: '1.00' }] }) },
  { method: 'POST', path: '/payments/{id}/refund', url: () => `/payments/${a.payment}/refund`, body: () => ({}) },
  { method: 'POST', path: '/payments/{id}/reverse', url: () => `/payments/${a.payment}/reverse`, body: () => ({ reason: 'x' }) },
  { method: 'GET', path: '/reports/trial-balance', url: () => '/reports/trial-balance', list: true },
  { method: 'GET', path: '/reports/aging', url: () => `/reports/aging?customer_id=${a.customer}` },
  { method: 'GET', path: '/reports/aging.csv', url: () => `/reports/aging.csv?customer_id=${a.customer}` },
  { method: 'GET', path: '/reports/aging.pdf', url: () => `/reports/aging.pdf?customer_id=${a.customer}` },
  { method: 'GET', path: '/reports/kpis', url: () => `/reports/kpis?customer_id=${a.customer}` },
  { method: 'GET', path: '/goals', url: () => '/goals?include_archived=true', list: true },
  { method: 'POST', path: '/goals', url: () => '/goals', body: () => ({ metric: 'dso', target: '40', deadline: '2027-06-30', owner_id: owner.ownerId }) },
  { method: 'GET', path: '/goals/{id}', url: () => `/goals/${a.goal}` },
  { method: 'PATCH', path: '/goals/{id}', url: () => `/goals/${a.goal}`, body: () => ({ target: '1' }) },
  { method: 'DELETE', path: '/goals/{id}', url: () => `/goals/${a.goal}` },
  { method: 'GET', path: '/settings/aging-buckets', url: () => '/settings/aging-buckets', list: true },
  { method: 'PUT', path: '/settings/aging-buckets', url: () => '/settings/aging-buckets', body: () => ({ due: [0, 10] }), list: true },
  { method: 'GET', path: '/audit-events', url: () => `/audit-events?entity_id=${a.invoice}`, list: true },
  { method: 'GET', path: '/users', url: () => '/users', list: true },
  { method: 'POST', path: '/users', url: () => '/users', body: () => ({ email: 'new@b.test', name: 'N', role: 'viewer', password: 'long enough password' }), list: true },
  { method: 'GET', path: '/api-tokens', url: () => '/api-tokens', list: true },
  { method: 'POST', path: '/api-tokens', url: () => '/api-tokens', body: () => ({ name: 'x', user_id: owner.ownerId }) },
  { method: 'DELETE', path: '/api-tokens/{id}', url: () => `/api-tokens/${a.token}` },
  { method: 'GET', path: '/me', url: () => '/me', list: true },
  { method: 'POST', path: '/auth/login', url: () => '/auth/login', body: () => ({ email: 'x@y.z', password: 'x' }), list: true },
  { method: 'POST', path: '/auth/logout', url: () => '/auth/logout', list: true },
];

/** A's records as A sees them, to compare before and after the intrusions. */
async function snapshot() {
  const parts = await Promise.all([
    owner.request('GET', `/customers/${a.customer}`),
    owner.request('GET', `/invoices/${a.invoice}`),
    owner.request('GET', `/invoices/${a.draft}`),
    owner.request('GET', `/credit-notes/${a.creditNote}`),
    owner.request('GET', `/payments/${a.payment}`),
    owner.request('GET', '/api-tokens'),
    owner.request('GET', '/reports/trial-balance'),
    owner.request('GET', '/reports/aging?as_of=2026-12-31&detail=true'),
    owner.request('GET', '/settings/aging-buckets'),
    owner.request('GET', `/goals/${a.goal}`),
  ]);
  return parts.map((part) => part.body);
}

describe('tenancy', () => {
  it('has a case for every route in the OpenAPI document', async () => {
    const document = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const routes = Object.entries(document.paths as Record<string, Record<string, unknown>>).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path.replace('/api/v1', '')}`),
    );
    expect(cases.map((c) => `${c.method} ${c.path}`).sort()).toEqual(routes.sort());
  });

  it('never lets organization B read or change organization A', async () => {
    const before = await snapshot();
    for (const c of cases) {
      const response = await intruder.request(c.method, c.url(), c.body?.());
      const label = `${c.method} ${c.url()}`;
      if (c.list) {
        expect(response.body, label).not.toContain(a.customer);
        expect(response.body, label).not.toContain(a.invoice);
        expect(response.body, label).not.toContain(owner.orgId);
        expect(response.body, label).not.toContain(a.goal);
      } else {
        expect(response.statusCode, `${label}: ${response.body}`).toBe(404);
      }
    }
    expect(await snapshot()).toEqual(before);
  });

  it('refuses to apply another organization\'s money to its own invoices', async () => {
    const response = await intruder.request('POST', `/payments/${a.payment}/apply`, { applications: [{ invoice_id: a.intruderInvoice, amount: '1.00' }] });
    expect(response.statusCode).toBe(404);
    const invoice = await intruder.request('GET', `/invoices/${a.intruderInvoice}`);
    expect(invoice.json().open).toBe('10.00');
  });
});
