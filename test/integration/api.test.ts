// Proves the HTTP API end to end through Fastify's injector on a real database: each route's
// happy path, validation errors that name the field, authentication, roles, sessions with CSRF,
// idempotent retries, pagination, and the OpenAPI document.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/auth/manage-users.service.js';
import type { Database } from '../../src/platform/db/database.js';
import type { App } from '../../src/platform/http/app.js';
import { buildServer } from '../../src/server/build-server.js';
import { apiClient, createdCustomer, issuedInvoice, type ApiClient } from '../support/api.js';
import { openTestDatabase } from '../support/test-database.js';
import { randomBytes } from 'node:crypto';
import { todayNoEarlierThan } from '../support/clock.js';

// The book below lies on fixed dates up to late 2026, and events about it are recorded "today".
todayNoEarlierThan('2026-12-05');

let database: Database;
let app: App;
let client: ApiClient;

beforeAll(async () => {
  database = await openTestDatabase();
  app = await buildServer({ database });
  client = await apiClient(app, database);
});
afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe('customers', () => {
  it('creates, reads, changes and lists customers with their contacts', async () => {
    const created = await client.request('POST', '/customers', {
      ref: 'ACME-1',
      name: 'Acme',
      currency: 'eur',
      terms: 'net 45',
      credit_limit: '5000.00',
      tags: ['Key'],
      billing_address: { line1: '1 Main St', postal_code: '75001', country: 'FR' },
      contacts: [
        {
          name: 'Payables',
          email: 'AP@acme.test',
          role: 'accounts_payable',
          receives_reminders: true,
        },
      ],
    });
    expect(created.statusCode).toBe(201);
    const customer = created.json();
    expect(customer).toMatchObject({
      ref: 'ACME-1',
      currency: 'EUR',
      terms: 'NET45',
      credit_limit: '5000.00',
      tags: ['key'],
      billing_address: { line1: '1 Main St', postal_code: '75001', country: 'FR' },
      contacts: [{ email: 'ap@acme.test', receives_reminders: true }],
    });
    const changed = await client.request('PATCH', `/customers/${customer.id}`, {
      credit_hold: true,
      name: 'Acme SA',
    });
    expect(changed.json()).toMatchObject({ credit_hold: true, name: 'Acme SA', terms: 'NET45' });
    const contact = await client.request('POST', `/customers/${customer.id}/contacts`, {
      name: 'Billing',
      email: 'billing@acme.test',
    });
    expect(contact.statusCode).toBe(201);
    const removed = await client.request(
      'DELETE',
      `/customers/${customer.id}/contacts/${contact.json().id}`,
    );
    expect(removed.statusCode).toBe(204);
    const list = await client.request('GET', '/customers?q=acme&tag=key');
    expect(list.json().items.map((c: { ref: string }) => c.ref)).toEqual(['ACME-1']);
    const duplicate = await client.request('POST', '/customers', {
      ref: 'ACME-1',
      name: 'Other',
      currency: 'EUR',
    });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json().error).toMatchObject({ code: 'customer_ref_taken', field: 'ref' });
  });

  it('answers bad input with a 400 that names the field', async () => {
    const cases: [unknown, string, string][] = [
      [{ ref: 'X', name: 'A', currency: 'XXX' }, 'currency_unknown', 'currency'],
      [{ ref: 'X', name: 'A', currency: 'EUR', terms: 'sometime' }, 'terms_invalid', 'terms'],
      [
        { ref: 'X', name: 'A', currency: 'EUR', credit_limit: '10.001' },
        'amount_too_precise',
        'credit_limit',
      ],
      [{ ref: 'X', name: 'A' }, 'validation_failed', 'currency'],
      [
        { ref: 'X', name: 'A', currency: 'EUR', contacts: [{ name: 'P', email: 'nope' }] },
        'email_invalid',
        'contacts[0].email',
      ],
      [{ ref: 'X', name: 'A', currency: 'EUR', color: 'red' }, 'validation_failed', 'body'],
    ];
    for (const [body, code, field] of cases) {
      const response = await client.request('POST', '/customers', body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(response.json().error, JSON.stringify(body)).toMatchObject({ code, field });
    }
  });

  it('pages through a list with a cursor, in the asked order', async () => {
    const other = await apiClient(app, database);
    for (const ref of ['P-03', 'P-01', 'P-05', 'P-02', 'P-04'])
      await createdCustomer(other, { ref });
    const refs: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { ref: string }[]; next_cursor: string | null } = (
        await other.request(
          'GET',
          `/customers?sort=-ref&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        )
      ).json();
      refs.push(...page.items.map((item) => item.ref));
      cursor = page.next_cursor;
    } while (cursor);
    expect(refs).toEqual(['P-05', 'P-04', 'P-03', 'P-02', 'P-01']);
    expect((await other.request('GET', '/customers?limit=501')).statusCode).toBe(400);
    expect((await other.request('GET', '/customers?cursor=garbage')).json().error.code).toBe(
      'cursor_invalid',
    );
  });
});

describe('invoices, credit notes and payments', () => {
  it('runs a draft through issue, payment with discount, credit note, write-off and void', async () => {
    const customer = await createdCustomer(client, { terms: '2/10_NET30' });
    const draft = await client.request('POST', '/invoices', {
      customer_id: customer.id,
      po_number: 'PO-1',
      lines: [{ description: 'Consulting', quantity: '10', unit_price: '100.00', tax_rate: '20' }],
    });
    expect(draft.json()).toMatchObject({ status: 'draft', number: null, total: '1200.00' });
    const edited = await client.request('PATCH', `/invoices/${draft.json().id}`, {
      memo: 'Thanks',
    });
    expect(edited.json().memo).toBe('Thanks');
    const issued = await client.request('POST', `/invoices/${draft.json().id}/issue`, {
      issued_on: '2026-03-02',
    });
    expect(issued.json()).toMatchObject({
      status: 'open',
      due_on: '2026-04-01',
      discount_on: '2026-03-12',
      discount: '24.00',
    });
    expect(issued.json().number).toMatch(/^INV-\d{6}$/);

    const payment = await client.request('POST', '/payments', {
      customer_id: customer.id,
      amount: '1176.00',
      received_on: '2026-03-10',
      reference: 'WIRE-7',
      applications: [{ invoice_id: draft.json().id, amount: '1176.00' }],
    });
    expect(payment.statusCode).toBe(201);
    expect(payment.json()).toMatchObject({
      applied: '1176.00',
      unapplied: '0.00',
      status: 'posted',
    });
    const paid = await client.request('GET', `/invoices/${draft.json().id}`);
    expect(paid.json()).toMatchObject({ status: 'paid', open: '0.00' });
    expect(
      paid
        .json()
        .applications.map((a: { source_type: string }) => a.source_type)
        .sort(),
    ).toEqual(['discount', 'payment']);

    const second = await issuedInvoice(client, customer.id, '300.00', '2026-03-05');
    const note = await client.request('POST', '/credit-notes', {
      customer_id: customer.id,
      invoice_id: second.id,
      issued_on: '2026-03-06',
      reason: 'damaged',
      lines: [{ description: 'Damaged', quantity: '1', unit_price: '100.00' }],
    });
    expect(note.statusCode).toBe(201);
    expect(note.json()).toMatchObject({ total: '100.00', applied: '100.00', unapplied: '0.00' });
    const writeOff = await client.request('POST', `/invoices/${second.id}/write-off`, {
      reason: 'small_balance',
      amount: '200.00',
      written_off_on: '2026-09-30',
    });
    expect(writeOff.json()).toMatchObject({ status: 'written_off', open: '0.00' });

    const third = await issuedInvoice(client, customer.id, '50.00');
    const voided = await client.request('POST', `/invoices/${third.id}/void`, {
      reason: 'Duplicate',
    });
    expect(voided.json()).toMatchObject({ status: 'void', void_reason: 'Duplicate' });
    const listed = await client.request(
      'GET',
      `/invoices?customer_id=${customer.id}&status=paid,written_off&sort=issued_on`,
    );
    expect(listed.json().items.map((i: { status: string }) => i.status)).toEqual([
      'paid',
      'written_off',
    ]);
  });

  it('keeps overpayments as credit, applies it later, refunds the rest and reverses a bounced payment', async () => {
    const customer = await createdCustomer(client);
    const invoice = await issuedInvoice(client, customer.id, '100.00');
    const later = await issuedInvoice(client, customer.id, '40.00', '2026-01-20');
    const payment = (
      await client.request('POST', '/payments', {
        customer_id: customer.id,
        amount: '250.00',
        received_on: '2026-01-15',
        apply: 'oldest_first',
      })
    ).json();
    expect(payment).toMatchObject({ applied: '100.00', unapplied: '150.00' });
    const applied = await client.request('POST', `/payments/${payment.id}/apply`, {
      applications: [{ invoice_id: later.id, amount: '40.00' }],
      applied_on: '2026-01-21',
    });
    expect(applied.json()).toMatchObject({ applied: '40.00', unapplied: '110.00' });
    const refund = await client.request('POST', `/payments/${payment.id}/refund`, {
      amount: '10.00',
      refunded_on: '2026-01-22',
    });
    expect(refund.statusCode).toBe(201);
    const tooMuch = await client.request('POST', `/payments/${payment.id}/refund`, {
      amount: '100.01',
    });
    expect(tooMuch.json().error).toMatchObject({
      code: 'refund_exceeds_unapplied',
      field: 'amount',
    });

    const cheque = (
      await client.request('POST', '/payments', {
        customer_id: customer.id,
        amount: '20.00',
        method: 'cheque',
        received_on: '2026-01-25',
      })
    ).json();
    const reversed = await client.request('POST', `/payments/${cheque.id}/reverse`, {
      reason: 'Cheque bounced',
      reversed_on: '2026-02-01',
    });
    expect(reversed.json()).toMatchObject({
      status: 'reversed',
      unapplied: '0.00',
      reversed_on: '2026-02-01',
    });
    const again = await client.request('POST', `/payments/${cheque.id}/reverse`, {
      reason: 'again',
    });
    expect(again.statusCode).toBe(409);
    expect(invoice.status).toBe('open');
  });

  it('refuses over-application with 409 and writes nothing', async () => {
    const customer = await createdCustomer(client);
    const invoice = await issuedInvoice(client, customer.id, '100.00');
    const response = await client.request('POST', '/payments', {
      customer_id: customer.id,
      amount: '150.00',
      received_on: '2026-02-01',
      applications: [{ invoice_id: invoice.id, amount: '100.01' }],
    });
    expect(response.statusCode).toBe(409);
    expect(response.json().error).toMatchObject({
      code: 'application_exceeds_open_balance',
      field: 'applications[0].amount',
    });
    const payments = await client.request('GET', `/payments?customer_id=${customer.id}`);
    expect(payments.json().items).toEqual([]);
  });

  it('replays a retried request with the same Idempotency-Key and refuses the key with other input', async () => {
    const customer = await createdCustomer(client);
    const body = { customer_id: customer.id, amount: '10.00', received_on: '2026-02-01' };
    const first = await client.request('POST', '/payments', body, { 'idempotency-key': 'retry-1' });
    const second = await client.request('POST', '/payments', body, {
      'idempotency-key': 'retry-1',
    });
    expect(second.statusCode).toBe(201);
    expect(second.json().id).toBe(first.json().id);
    const other = await client.request(
      'POST',
      '/payments',
      { ...body, amount: '11.00' },
      { 'idempotency-key': 'retry-1' },
    );
    expect(other.statusCode).toBe(409);
    expect(other.json().error.code).toBe('idempotency_key_reused');
    expect(
      (await client.request('GET', `/payments?customer_id=${customer.id}`)).json().items,
    ).toHaveLength(1);
  });

  it('ties out in the trial balance', async () => {
    const response = await client.request('GET', '/reports/trial-balance');
    for (const currency of response.json().currencies) {
      expect(currency.difference).toBe('0.00');
      expect(currency.debit).toBe(currency.credit);
    }
    const past = await client.request('GET', '/reports/trial-balance?as_of=2026-02-30');
    expect(past.json().error).toMatchObject({ code: 'date_invalid', field: 'as_of' });
  });
});

describe('authentication and roles', () => {
  it('refuses requests without a valid token', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/v1/customers' })).statusCode).toBe(401);
    const bad = await app.inject({
      method: 'GET',
      url: '/api/v1/customers',
      headers: { authorization: 'Bearer stl_nope' },
    });
    expect(bad.json().error.code).toBe('token_invalid');
  });

  it('lets a viewer service user read but not write, and revokes tokens', async () => {
    const viewer = await createUser(database, client.actor, {
      email: `viewer-${randomBytes(4).toString('hex')}@example.test`,
      name: 'Dashboard',
      role: 'viewer',
      kind: 'service',
    });
    const token = await client.request('POST', '/api-tokens', {
      name: 'viewer token',
      user_id: viewer.id,
    });
    expect(token.statusCode).toBe(201);
    const headers = { authorization: `Bearer ${token.json().token}` };
    expect(
      (await app.inject({ method: 'GET', url: '/api/v1/customers', headers })).statusCode,
    ).toBe(200);
    const write = await app.inject({
      method: 'POST',
      url: '/api/v1/customers',
      headers,
      payload: { ref: 'V', name: 'V', currency: 'EUR' },
    });
    expect(write.statusCode).toBe(403);
    expect((await client.request('DELETE', `/api-tokens/${token.json().id}`)).statusCode).toBe(204);
    expect(
      (await app.inject({ method: 'GET', url: '/api/v1/customers', headers })).statusCode,
    ).toBe(401);
  });

  it('logs in with a session cookie, demands the CSRF token on writes, and logs out', async () => {
    const email = `user-${randomBytes(4).toString('hex')}@example.test`;
    await createUser(database, client.actor, {
      email,
      name: 'Clerk',
      role: 'accountant',
      password: 'a long enough password',
    });
    const wrong = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email, password: 'wrong password!' },
    });
    expect(wrong.statusCode).toBe(401);
    const login = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email, password: 'a long enough password' },
    });
    expect(login.statusCode).toBe(200);
    const cookie = login.cookies.find((c) => c.name === 'settle_session')!;
    expect(cookie.httpOnly).toBe(true);
    const cookies = { settle_session: cookie.value };
    expect((await app.inject({ method: 'GET', url: '/api/v1/me', cookies })).json()).toMatchObject({
      role: 'accountant',
      via: 'user',
    });
    const body = {
      ref: `S-${randomBytes(4).toString('hex')}`,
      name: 'Session Co',
      currency: 'EUR',
    };
    const noCsrf = await app.inject({
      method: 'POST',
      url: '/api/v1/customers',
      cookies,
      payload: body,
    });
    expect(noCsrf.json().error.code).toBe('csrf_token_invalid');
    const withCsrf = await app.inject({
      method: 'POST',
      url: '/api/v1/customers',
      cookies,
      payload: body,
      headers: { 'x-csrf-token': login.json().csrf_token },
    });
    expect(withCsrf.statusCode).toBe(201);
    // Another site cannot sign the user out: logging out needs the CSRF token too.
    const forged = await app.inject({ method: 'POST', url: '/api/v1/auth/logout', cookies });
    expect([forged.statusCode, forged.json().error.code]).toEqual([403, 'csrf_token_invalid']);
    expect((await app.inject({ method: 'GET', url: '/api/v1/me', cookies })).statusCode).toBe(200);
    const out = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      cookies,
      headers: { 'x-csrf-token': login.json().csrf_token },
    });
    expect(out.statusCode).toBe(204);
    expect((await app.inject({ method: 'GET', url: '/api/v1/me', cookies })).statusCode).toBe(401);
  });

  it('rate-limits login attempts', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      statuses.push(
        (
          await app.inject({
            method: 'POST',
            url: '/api/v1/auth/login',
            payload: { email: 'nobody@example.test', password: 'x' },
            remoteAddress: '10.9.9.9',
          })
        ).statusCode,
      );
    }
    expect(statuses.slice(0, 10).every((status) => status === 401)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
  });
});

describe('OpenAPI', () => {
  it('serves an OpenAPI 3.1 document with named components and a reference page', async () => {
    const document = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.components.schemas)).toEqual(
      expect.arrayContaining(['Invoice', 'Payment', 'Customer', 'CreditNote', 'Error']),
    );
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/payments',
        '/api/v1/invoices/{id}/write-off',
        '/api/v1/payments/{id}/reverse',
      ]),
    );
    const page = await app.inject({ method: 'GET', url: '/api/docs/' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('swagger');
  });
});
