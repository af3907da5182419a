// Proves credit control on new invoices: in warn mode an invoice over the limit is issued and the
// response carries the warning; in block mode issuing is refused with the code on customer_id and
// nothing is written (the draft stays a draft); a hold blocks like the limit; off checks nothing;
// a draft is only ever warned about; and exposure counts unapplied credit, not reversed or refunded
// money. Everything runs through the shared server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken, createUser } from '../../src/auth/manage-users.service.js';
import { setCreditControl } from '../../src/customers/manage-credit-limits.service.js';
import { customerExposureMinor } from '../../src/customers/credit-limit.sql.js';
import { createCreditNote } from '../../src/invoicing/create-credit-note.service.js';
import { createInvoice, updateDraftInvoice } from '../../src/invoicing/create-invoice.service.js';
import { issueInvoice } from '../../src/invoicing/issue-invoice.service.js';
import { recordPayment } from '../../src/payments/record-payment.service.js';
import { refundUnapplied } from '../../src/payments/refund-unapplied.service.js';
import { reversePayment } from '../../src/payments/reverse-payment.service.js';
import type { Database } from '../../src/platform/db/database.js';
import type { App } from '../../src/platform/http/app.js';
import { buildServer } from '../../src/server/build-server.js';
import { apiClient, createdCustomer, issuedInvoice, type ApiClient } from '../support/api.js';
import { openTestDatabase } from '../support/test-database.js';
import { randomBytes } from 'node:crypto';
import { todayNoEarlierThan } from '../support/clock.js';

// The book below lies on fixed dates up to late 2026, and money is posted about it "today".
todayNoEarlierThan('2026-12-05');

let database: Database;
let app: App;

beforeAll(async () => {
  database = await openTestDatabase();
  app = await buildServer({ database });
});
afterAll(async () => {
  await app?.close();
  await database?.close();
});

const line = (unitPrice: string) => [
  { description: 'Work', quantity: '1', unit_price: unitPrice, tax_rate: '0' },
];

/** A customer with a limit of 1,000.00 who already owes 800.00. */
async function customerOwing800(client: ApiClient, extra: Record<string, unknown> = {}) {
  const customer = await createdCustomer(client, { credit_limit: '1000.00', ...extra });
  await issuedInvoice(client, customer.id, '800.00');
  return customer;
}

async function invoiceCount(client: ApiClient) {
  const rows = await database.db
    .selectFrom('invoices')
    .select(({ fn }) => fn.countAll<string>().as('count'))
    .where('org_id', '=', client.orgId)
    .executeTakeFirstOrThrow();
  return Number(rows.count);
}

describe('credit control on invoices', () => {
  it('warn (the default) issues the invoice and says why in warnings', async () => {
    const client = await apiClient(app, database);
    const customer = await customerOwing800(client);
    const response = await client.request('POST', '/invoices', {
      customer_id: customer.id,
      issue: true,
      issued_on: '2026-01-12',
      lines: line('300.00'),
    });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject({ status: 'open', total: '300.00' });
    expect(response.json().warnings).toEqual([
      {
        code: 'credit_limit_exceeded',
        message:
          "The customer's credit limit is 1000.00 EUR; it owes 800.00 EUR and this invoice of 300.00 EUR would take it to 1100.00 EUR.",
      },
    ]);
    const within = await client.request('POST', '/invoices', {
      customer_id: customer.id,
      issue: true,
      issued_on: '2026-01-12',
      lines: line('0.00'),
    });
    expect(within.json().warnings).toHaveLength(1);
    expect(
      (await client.request('GET', `/invoices/${response.json().id}`)).json().warnings,
    ).toBeUndefined();
  });

  it('block refuses to issue with the code on customer_id and writes nothing; the draft stays a draft', async () => {
    const client = await apiClient(app, database);
    await setCreditControl(database, client.actor, { mode: 'block' });
    const customer = await customerOwing800(client);
    const draft = await client.request('POST', '/invoices', {
      customer_id: customer.id,
      issued_on: '2026-01-12',
      lines: line('300.00'),
    });
    expect(draft.statusCode, draft.body).toBe(201);
    expect(draft.json()).toMatchObject({
      status: 'draft',
      warnings: [{ code: 'credit_limit_exceeded' }],
    });
    const countBefore = await invoiceCount(client);

    const issue = await client.request('POST', `/invoices/${draft.json().id}/issue`, {});
    expect(issue.statusCode).toBe(409);
    expect(issue.json().error).toMatchObject({
      code: 'credit_limit_exceeded',
      field: 'customer_id',
    });
    expect(issue.json().error.message).toContain('1000.00 EUR');
    expect((await client.request('GET', `/invoices/${draft.json().id}`)).json()).toMatchObject({
      status: 'draft',
      number: null,
    });
    const entries = await database.db
      .selectFrom('journal_entries')
      .select('id')
      .where('org_id', '=', client.orgId)
      .where('source_id', '=', draft.json().id)
      .execute();
    expect(entries).toEqual([]);

    const direct = await client.request('POST', '/invoices', {
      customer_id: customer.id,
      issue: true,
      lines: line('300.00'),
    });
    expect(direct.statusCode).toBe(409);
    const viaPatch = await client.request('PATCH', `/invoices/${draft.json().id}`, { issue: true });
    expect(viaPatch.json().error).toMatchObject({
      code: 'credit_limit_exceeded',
      field: 'customer_id',
    });
    expect(await invoiceCount(client)).toBe(countBefore);

    // Within the limit, block lets the invoice through without a word.
    const small = await client.request('POST', '/invoices', {
      customer_id: customer.id,
      issue: true,
      lines: line('200.00'),
    });
    expect(small.statusCode).toBe(201);
    expect(small.json().warnings).toBeUndefined();
  });

  it('a customer on credit hold is blocked whatever it owes, and warned about in warn mode', async () => {
    const client = await apiClient(app, database);
    const customer = await createdCustomer(client, { credit_hold: true });
    const warned = await client.request('POST', '/invoices', {
      customer_id: customer.id,
      issue: true,
      lines: line('1.00'),
    });
    expect(warned.json().warnings).toEqual([
      { code: 'customer_on_credit_hold', message: 'The customer is on credit hold.' },
    ]);
    await setCreditControl(database, client.actor, { mode: 'block' });
    const blocked = await client.request('POST', '/invoices', {
      customer_id: customer.id,
      issue: true,
      lines: line('1.00'),
    });
    expect(blocked.statusCode).toBe(409);
    expect(blocked.json().error).toMatchObject({
      code: 'customer_on_credit_hold',
      field: 'customer_id',
    });
    const draft = await createInvoice(database, client.actor, {
      customerId: customer.id,
      lines: [{ description: 'D', quantity: '1', unitPrice: '1.00' }],
    });
    expect(draft.warnings.map((warning) => warning.code)).toEqual(['customer_on_credit_hold']);
    await expect(issueInvoice(database, client.actor, draft.id)).rejects.toMatchObject({
      code: 'customer_on_credit_hold',
      kind: 'conflict',
    });
    await expect(
      updateDraftInvoice(database, client.actor, draft.id, { issue: true }),
    ).rejects.toMatchObject({ code: 'customer_on_credit_hold' });
  });

  it('off checks nothing', async () => {
    const client = await apiClient(app, database);
    await setCreditControl(database, client.actor, { mode: 'off' });
    const customer = await customerOwing800(client, { credit_hold: true });
    const draft = await client.request('POST', '/invoices', {
      customer_id: customer.id,
      lines: line('5000.00'),
    });
    expect(draft.json().warnings).toBeUndefined();
    const issued = await client.request('POST', `/invoices/${draft.json().id}/issue`, {});
    expect(issued.statusCode).toBe(200);
    expect(issued.json()).toMatchObject({ status: 'open' });
    expect(issued.json().warnings).toBeUndefined();
  });

  it('exposure counts unapplied payments and credit notes, and not reversed or refunded money', async () => {
    const client = await apiClient(app, database);
    const { actor } = client;
    await setCreditControl(database, actor, { mode: 'block' });
    const customer = await customerOwing800(client);
    const exposure = () => customerExposureMinor(database.db, actor.orgId, customer.id, 'EUR');
    expect(await exposure()).toBe(80_000n);
    const payment = await recordPayment(database, actor, {
      customerId: customer.id,
      amount: '300.00',
      receivedOn: '2026-01-15',
      apply: 'none',
    });
    await createCreditNote(database, actor, {
      customerId: customer.id,
      issuedOn: '2026-01-15',
      lines: [{ description: 'Goodwill', quantity: '1', unitPrice: '50.00', taxRate: '0' }],
    });
    expect(await exposure()).toBe(45_000n);
    // 450 + 550 = 1,000: at the limit is within it.
    const fits = await client.request('POST', '/invoices', {
      customer_id: customer.id,
      issue: true,
      issued_on: '2026-01-16',
      lines: line('550.00'),
    });
    expect(fits.statusCode, fits.body).toBe(201);
    expect(
      (
        await client.request('POST', '/invoices', {
          customer_id: customer.id,
          issue: true,
          lines: line('0.01'),
        })
      ).statusCode,
    ).toBe(409);
    await refundUnapplied(database, actor, {
      sourceType: 'payment',
      sourceId: payment.id,
      amount: '100.00',
      refundedOn: '2026-01-17',
    });
    expect(await exposure()).toBe(110_000n);
    const other = await recordPayment(database, actor, {
      customerId: customer.id,
      amount: '40.00',
      receivedOn: '2026-01-15',
      apply: 'none',
    });
    expect(await exposure()).toBe(106_000n);
    await reversePayment(database, actor, other.id, {
      reason: 'Cheque bounced',
      reversedOn: '2026-01-18',
    });
    expect(await exposure()).toBe(110_000n);
  });
});

describe('GET and PUT /settings/credit-control', () => {
  it('reads the default, changes it with settings.manage, and refuses another mode or role', async () => {
    const client = await apiClient(app, database);
    expect((await client.request('GET', '/settings/credit-control')).json()).toEqual({
      mode: 'warn',
    });
    const changed = await client.request('PUT', '/settings/credit-control', { mode: 'block' });
    expect(changed.json()).toEqual({ mode: 'block' });
    expect((await client.request('GET', '/settings/credit-control')).json()).toEqual({
      mode: 'block',
    });
    const bad = await client.request('PUT', '/settings/credit-control', { mode: 'strict' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: 'credit_control_mode_invalid', field: 'mode' });
    const audit = await database.db
      .selectFrom('audit_events')
      .select('action')
      .where('org_id', '=', client.orgId)
      .where('action', '=', 'organization.credit_control_changed')
      .execute();
    expect(audit).toHaveLength(1);

    const collector = await createUser(database, client.actor, {
      email: `c-${randomBytes(4).toString('hex')}@example.test`,
      name: 'C',
      role: 'collector',
      password: 'long enough password',
    });
    const token = await createApiToken(
      database,
      { ...client.actor, id: collector.id, role: 'collector' },
      { name: 'collector' },
    );
    const refused = await app.inject({
      method: 'PUT',
      url: '/api/v1/settings/credit-control',
      headers: { authorization: `Bearer ${token.token}` },
      payload: { mode: 'off' },
    });
    expect(refused.statusCode).toBe(403);
    expect((await client.request('GET', '/settings/credit-control')).json()).toEqual({
      mode: 'block',
    });
  });
});
