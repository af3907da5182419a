// Proves that one organization can never read or change another's data: for every route of the
// API (the list is checked against the OpenAPI document, so a new route without a case here
// fails this test), a caller from organization B aimed at organization A's records gets a 404 or
// an empty list, and A's records are unchanged afterwards.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertOutboxMessages } from '../../src/messaging/outbox.sql.js';
import { insertTasks } from '../../src/worklist/task.sql.js';
import { newId } from '../../src/core/ids.js';
import type { Database } from '../../src/platform/db/database.js';
import { insertStoredFile } from '../../src/platform/files/stored-files.sql.js';
import type { App } from '../../src/platform/http/app.js';
import { buildServer } from '../../src/server/build-server.js';
import { apiClient, createdCustomer, issuedInvoice, type ApiClient } from '../support/api.js';
import { camt } from '../support/camt.js';
import { openTestDatabase } from '../support/test-database.js';
import { daysFromToday, todayNoEarlierThan } from '../support/clock.js';

// The book below lies on fixed dates up to late 2026, and events about it are recorded "today".
todayNoEarlierThan('2026-12-05');

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
  const customer = await createdCustomer(owner, {
    contacts: [{ name: 'AP', email: 'ap@a.test', receives_reminders: true }],
  });
  a.customer = customer.id;
  a.contact = (await owner.request('GET', `/customers/${customer.id}`)).json().contacts[0].id;
  a.draft = (
    await owner.request('POST', '/invoices', {
      customer_id: customer.id,
      lines: [{ description: 'D', quantity: '1', unit_price: '5.00' }],
    })
  ).json().id;
  a.invoice = (await issuedInvoice(owner, customer.id, '100.00')).id;
  a.other = (await issuedInvoice(owner, customer.id, '100.00')).id;
  a.customerRef = customer.ref;
  a.invoiceNumber = (await owner.request('GET', `/invoices/${a.invoice}`)).json().number;
  a.otherNumber = (await owner.request('GET', `/invoices/${a.other}`)).json().number;
  a.creditNote = (
    await owner.request('POST', '/credit-notes', {
      customer_id: customer.id,
      issued_on: '2026-01-11',
      lines: [{ description: 'C', quantity: '1', unit_price: '5.00' }],
    })
  ).json().id;
  a.payment = (
    await owner.request('POST', '/payments', {
      customer_id: customer.id,
      amount: '50.00',
      received_on: '2026-01-12',
    })
  ).json().id;
  a.token = (await owner.request('POST', '/api-tokens', { name: 'a token' })).json().id;
  a.goal = (
    await owner.request('POST', '/goals', {
      metric: 'dso',
      target: '40',
      deadline: daysFromToday(200),
      owner_id: owner.ownerId,
    })
  ).json().id;
  a.policy = (await owner.request('GET', '/collection-policies'))
    .json()
    .items.find((policy: { is_default: boolean }) => !policy.is_default).id;
  a.promise = (
    await owner.request('POST', '/promises', {
      customer_id: customer.id,
      invoice_ids: [a.invoice],
      amount: '10.00',
      promised_on: '2099-12-31',
    })
  ).json().id;
  a.dispute = (
    await owner.request('POST', '/disputes', {
      invoice_id: a.other,
      reason: 'pricing',
      amount: '5.00',
    })
  ).json().id;
  a.document = (
    await owner.request('POST', `/disputes/${a.dispute}/documents`, {
      file_name: 'e.txt',
      content_type: 'text/plain',
      content_base64: 'aGVsbG8=',
    })
  ).json().id;
  a.plan = (
    await owner.request('POST', '/payment-plans', {
      customer_id: customer.id,
      invoice_ids: [a.other],
      installment_count: 2,
      first_due_on: '2099-01-31',
    })
  ).json().id;
  a.placement = (
    await owner.request('POST', '/agency-placements', {
      customer_id: customer.id,
      agency: 'A',
      commission_percent: '25',
      invoice_ids: [a.other],
    })
  ).json().id;
  a.task = (
    await owner.request('POST', '/tasks', {
      customer_id: customer.id,
      kind: 'call',
      due_on: '2026-02-01',
    })
  ).json().id;
  a.template = 'a_custom';
  await owner.request('PUT', '/message-templates/a_custom', {
    subject: 'A only',
    body_text: 'A only',
    body_html: '',
  });
  a.outboxMessage = newId();
  await database.transaction(({ db }) =>
    insertOutboxMessages(db, [
      {
        id: a.outboxMessage!,
        orgId: owner.orgId,
        customerId: a.customer!,
        runId: null,
        kind: 'reminder',
        templateKey: null,
        toAddresses: [],
        replyTo: null,
        subject: 'A',
        bodyText: 'A',
        bodyHtml: null,
        attachments: [],
        invoiceIds: [],
      },
    ]),
  );
  // A's bank statement: one line quoting A's invoice (applied), one nobody can place (review).
  const open = (await owner.request('GET', `/invoices/${a.invoice}`)).json().open as string;
  const imported = (
    await owner.request(
      'POST',
      '/bank/statements?auto_apply=true',
      camt('053', 'A-STMT', [
        { ref: 'A-LINE-1', amount: open, text: `Invoice ${a.invoiceNumber}` },
        { ref: 'A-LINE-2', amount: '7.00', text: 'no idea', payer: 'Someone Else' },
      ]),
      { 'content-type': 'application/xml' },
    )
  ).json();
  a.bankLineApplied = imported.lines[0].id;
  a.bankLineReview = imported.lines[1].id;
  expect(imported.lines.map((line: { outcome: string }) => line.outcome)).toEqual([
    'applied',
    'review',
  ]);
  a.bankAccount = (await owner.request('GET', '/bank/accounts')).json().items[0].id;
  // A's invoicing master data and logo, which B's settings routes must leave alone.
  expect(
    (
      await owner.request('PATCH', '/organization/invoicing', {
        legal_name: 'A Ltd',
        vat_id: 'DE136695976',
      })
    ).statusCode,
  ).toBe(200);
  expect(
    (
      await owner.request('PUT', '/organization/logo', onePixelPng, {
        'content-type': 'image/png',
      })
    ).statusCode,
  ).toBe(200);
  // The intruder has a customer and invoice of its own, to aim A's ids at from B's documents.
  const own = await createdCustomer(intruder);
  a.intruderCustomer = own.id;
  a.intruderInvoice = (await issuedInvoice(intruder, own.id, '10.00')).id;
  // A letter task as a collections run leaves it: the PDF in documents, the task naming it.
  a.letterDocument = newId();
  a.letterTask = newId();
  await database.transaction(async (tx) => {
    await insertStoredFile(tx.db, owner.orgId, {
      id: a.letterDocument!,
      customerId: a.customer!,
      kind: 'letter',
      fileName: 'letter-A.pdf',
      contentType: 'application/pdf',
      content: new TextEncoder().encode('%PDF-1.4 A only'),
      createdBy: null,
    });
    await insertTasks(tx, owner.orgId, [
      {
        id: a.letterTask!,
        customerId: a.customer!,
        kind: 'letter',
        title: 'Post the letter',
        assigneeId: null,
        dueOn: '2026-02-01' as never,
        notes: null,
        invoiceIds: [],
        source: 'policy',
        createdBy: null,
        documentId: a.letterDocument!,
        runId: null,
      },
    ]);
  });
});
afterAll(async () => {
  await app?.close();
  await database?.close();
});

// A 1×1 transparent PNG.
const onePixelPng = Buffer.from(
  '89504e470d0a1a0a0000000d4948445200000001000000010806000000' +
    '1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082',
  'hex',
);

type Case = {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  url: () => string;
  body?: () => unknown;
  headers?: Record<string, string>;
  list?: boolean;
};

const cases: Case[] = [
  { method: 'GET', path: '/customers', url: () => '/customers', list: true },
  // B's own customer is also "Acme": B finds it, and never A's.
  { method: 'GET', path: '/search', url: () => '/search?q=acme', list: true },
  {
    method: 'POST',
    path: '/customers',
    url: () => '/customers',
    body: () => ({ ref: 'B-1', name: 'B', currency: 'EUR' }),
    list: true,
  },
  { method: 'GET', path: '/customers/{id}', url: () => `/customers/${a.customer}` },
  {
    method: 'PATCH',
    path: '/customers/{id}',
    url: () => `/customers/${a.customer}`,
    body: () => ({ name: 'Stolen' }),
  },
  {
    method: 'POST',
    path: '/customers/{id}/contacts',
    url: () => `/customers/${a.customer}/contacts`,
    body: () => ({ name: 'X' }),
  },
  {
    method: 'PATCH',
    path: '/customers/{id}/contacts/{contactId}',
    url: () => `/customers/${a.customer}/contacts/${a.contact}`,
    body: () => ({ name: 'X' }),
  },
  {
    method: 'DELETE',
    path: '/customers/{id}/contacts/{contactId}',
    url: () => `/customers/${a.customer}/contacts/${a.contact}`,
  },
  {
    method: 'GET',
    path: '/customers/{id}/statement',
    url: () => `/customers/${a.customer}/statement?from=2026-01-01&to=2026-01-31`,
  },
  {
    method: 'GET',
    path: '/customers/{id}/statement.pdf',
    url: () => `/customers/${a.customer}/statement.pdf?from=2026-01-01&to=2026-01-31`,
  },
  { method: 'GET', path: '/invoices', url: () => '/invoices', list: true },
  {
    method: 'POST',
    path: '/invoices',
    url: () => '/invoices',
    body: () => ({
      customer_id: a.customer,
      lines: [{ description: 'X', quantity: '1', unit_price: '1.00' }],
    }),
  },
  { method: 'GET', path: '/invoices/{id}', url: () => `/invoices/${a.invoice}` },
  { method: 'GET', path: '/invoices/{id}/pdf', url: () => `/invoices/${a.invoice}/pdf` },
  { method: 'GET', path: '/invoices/{id}/ubl', url: () => `/invoices/${a.invoice}/ubl` },
  { method: 'POST', path: '/invoices/{id}/send', url: () => `/invoices/${a.invoice}/send` },
  {
    method: 'PATCH',
    path: '/invoices/{id}',
    url: () => `/invoices/${a.draft}`,
    body: () => ({ memo: 'x' }),
  },
  { method: 'DELETE', path: '/invoices/{id}', url: () => `/invoices/${a.draft}` },
  {
    method: 'POST',
    path: '/invoices/{id}/issue',
    url: () => `/invoices/${a.draft}/issue`,
    body: () => ({}),
  },
  {
    method: 'POST',
    path: '/invoices/{id}/void',
    url: () => `/invoices/${a.invoice}/void`,
    body: () => ({ reason: 'x' }),
  },
  {
    method: 'POST',
    path: '/invoices/{id}/write-off',
    url: () => `/invoices/${a.invoice}/write-off`,
    body: () => ({ reason: 'bad_debt' }),
  },
  { method: 'GET', path: '/credit-notes', url: () => '/credit-notes', list: true },
  {
    method: 'POST',
    path: '/credit-notes',
    url: () => '/credit-notes',
    body: () => ({
      customer_id: a.customer,
      invoice_id: a.invoice,
      lines: [{ description: 'X', quantity: '1', unit_price: '1.00' }],
    }),
  },
  { method: 'GET', path: '/credit-notes/{id}', url: () => `/credit-notes/${a.creditNote}` },
  { method: 'GET', path: '/credit-notes/{id}/pdf', url: () => `/credit-notes/${a.creditNote}/pdf` },
  { method: 'GET', path: '/credit-notes/{id}/ubl', url: () => `/credit-notes/${a.creditNote}/ubl` },
  {
    method: 'POST',
    path: '/credit-notes/{id}/apply',
    url: () => `/credit-notes/${a.creditNote}/apply`,
    body: () => ({ apply: 'oldest_first' }),
  },
  {
    method: 'POST',
    path: '/credit-notes/{id}/refund',
    url: () => `/credit-notes/${a.creditNote}/refund`,
    body: () => ({}),
  },
  { method: 'GET', path: '/payments', url: () => '/payments', list: true },
  {
    method: 'POST',
    path: '/payments',
    url: () => '/payments',
    body: () => ({ customer_id: a.customer, amount: '1.00' }),
  },
  { method: 'GET', path: '/payments/{id}', url: () => `/payments/${a.payment}` },
  {
    method: 'POST',
    path: '/payments/{id}/apply',
    url: () => `/payments/${a.payment}/apply`,
    body: () => ({ applications: [{ invoice_id: a.invoice, amount: '1.00' }] }),
  },
  {
    method: 'POST',
    path: '/payments/{id}/refund',
    url: () => `/payments/${a.payment}/refund`,
    body: () => ({}),
  },
  {
    method: 'POST',
    path: '/payments/{id}/reverse',
    url: () => `/payments/${a.payment}/reverse`,
    body: () => ({ reason: 'x' }),
  },
  {
    method: 'GET',
    path: '/reports/trial-balance',
    url: () => '/reports/trial-balance',
    list: true,
  },
  { method: 'GET', path: '/reports/aging', url: () => `/reports/aging?customer_id=${a.customer}` },
  {
    method: 'GET',
    path: '/reports/aging.csv',
    url: () => `/reports/aging.csv?customer_id=${a.customer}`,
  },
  {
    method: 'GET',
    path: '/reports/aging.pdf',
    url: () => `/reports/aging.pdf?customer_id=${a.customer}`,
  },
  { method: 'GET', path: '/reports/kpis', url: () => `/reports/kpis?customer_id=${a.customer}` },
  { method: 'GET', path: '/goals', url: () => '/goals?include_archived=true', list: true },
  {
    method: 'POST',
    path: '/goals',
    url: () => '/goals',
    body: () => ({
      metric: 'dso',
      target: '40',
      deadline: daysFromToday(200),
      owner_id: owner.ownerId,
    }),
  },
  { method: 'GET', path: '/goals/{id}', url: () => `/goals/${a.goal}` },
  {
    method: 'PATCH',
    path: '/goals/{id}',
    url: () => `/goals/${a.goal}`,
    body: () => ({ target: '1' }),
  },
  { method: 'DELETE', path: '/goals/{id}', url: () => `/goals/${a.goal}` },
  {
    method: 'GET',
    path: '/settings/aging-buckets',
    url: () => '/settings/aging-buckets',
    list: true,
  },
  {
    method: 'PUT',
    path: '/settings/aging-buckets',
    url: () => '/settings/aging-buckets',
    body: () => ({ due: [0, 10] }),
    list: true,
  },
  { method: 'GET', path: '/collection-policies', url: () => '/collection-policies', list: true },
  {
    method: 'POST',
    path: '/collection-policies',
    url: () => '/collection-policies',
    list: true,
    body: () => ({
      name: 'B policy',
      steps: [{ key: 'due', offset_days: 0, action: { type: 'email', template: 'reminder_due' } }],
    }),
  },
  {
    method: 'GET',
    path: '/collection-policies/{id}',
    url: () => `/collection-policies/${a.policy}`,
  },
  {
    method: 'PATCH',
    path: '/collection-policies/{id}',
    url: () => `/collection-policies/${a.policy}`,
    body: () => ({ name: 'Stolen' }),
  },
  {
    method: 'GET',
    path: '/collection-policies/{id}/customers',
    url: () => `/collection-policies/${a.policy}/customers`,
  },
  {
    method: 'POST',
    path: '/collection-policies/{id}/archive',
    url: () => `/collection-policies/${a.policy}/archive`,
  },
  {
    method: 'GET',
    path: '/customers/{id}/collections',
    url: () => `/customers/${a.customer}/collections`,
  },
  {
    method: 'PUT',
    path: '/customers/{id}/collections',
    url: () => `/customers/${a.customer}/collections`,
    body: () => ({ paused: true }),
  },
  {
    method: 'GET',
    path: '/collections/preview',
    url: () => '/collections/preview?date=2026-12-31',
    list: true,
  },
  {
    method: 'POST',
    path: '/collections/runs',
    url: () => '/collections/runs',
    body: () => ({ date: '2026-12-31' }),
    list: true,
  },
  { method: 'GET', path: '/promises', url: () => '/promises', list: true },
  {
    method: 'POST',
    path: '/promises',
    url: () => '/promises',
    body: () => ({ customer_id: a.customer, amount: '1.00', promised_on: '2099-12-31' }),
  },
  { method: 'GET', path: '/promises/{id}', url: () => `/promises/${a.promise}` },
  { method: 'POST', path: '/promises/{id}/cancel', url: () => `/promises/${a.promise}/cancel` },
  { method: 'GET', path: '/disputes', url: () => '/disputes', list: true },
  {
    method: 'POST',
    path: '/disputes',
    url: () => '/disputes',
    body: () => ({ invoice_id: a.invoice, reason: 'other' }),
  },
  { method: 'GET', path: '/disputes/{id}', url: () => `/disputes/${a.dispute}` },
  {
    method: 'POST',
    path: '/disputes/{id}/resolve',
    url: () => `/disputes/${a.dispute}/resolve`,
    body: () => ({ credit_note: true }),
  },
  {
    method: 'POST',
    path: '/disputes/{id}/reject',
    url: () => `/disputes/${a.dispute}/reject`,
    body: () => ({}),
  },
  {
    method: 'POST',
    path: '/disputes/{id}/documents',
    url: () => `/disputes/${a.dispute}/documents`,
    body: () => ({ file_name: 'x.txt', content_type: 'text/plain', content_base64: 'eA==' }),
  },
  {
    method: 'GET',
    path: '/disputes/{id}/documents/{documentId}',
    url: () => `/disputes/${a.dispute}/documents/${a.document}`,
  },
  { method: 'GET', path: '/payment-plans', url: () => '/payment-plans', list: true },
  {
    method: 'POST',
    path: '/payment-plans',
    url: () => '/payment-plans',
    body: () => ({
      customer_id: a.customer,
      invoice_ids: [a.other],
      installment_count: 2,
      first_due_on: '2099-01-31',
    }),
  },
  { method: 'GET', path: '/payment-plans/{id}', url: () => `/payment-plans/${a.plan}` },
  {
    method: 'POST',
    path: '/payment-plans/{id}/cancel',
    url: () => `/payment-plans/${a.plan}/cancel`,
  },
  { method: 'GET', path: '/reports/disputes', url: () => '/reports/disputes', list: true },
  { method: 'GET', path: '/reports/dashboard', url: () => '/reports/dashboard', list: true },
  { method: 'GET', path: '/message-templates', url: () => '/message-templates', list: true },
  {
    method: 'GET',
    path: '/message-templates/{key}',
    url: () => `/message-templates/${a.template}`,
  },
  {
    method: 'PUT',
    path: '/message-templates/{key}',
    url: () => '/message-templates/reminder_due',
    body: () => ({ subject: 'x', body_text: 'x', body_html: '' }),
    list: true,
  },
  {
    method: 'DELETE',
    path: '/message-templates/{key}',
    url: () => `/message-templates/${a.template}`,
  },
  {
    method: 'POST',
    path: '/message-templates/{key}/preview',
    url: () => '/message-templates/reminder_due/preview',
    body: () => ({ customer_id: a.customer }),
  },
  { method: 'GET', path: '/settings/mail', url: () => '/settings/mail', list: true },
  {
    method: 'PUT',
    path: '/settings/mail',
    url: () => '/settings/mail',
    body: () => ({ portal_url: 'https://b.test' }),
    list: true,
  },
  { method: 'GET', path: '/outbox', url: () => '/outbox', list: true },
  { method: 'GET', path: '/outbox/{id}', url: () => `/outbox/${a.outboxMessage}` },
  { method: 'POST', path: '/outbox/{id}/retry', url: () => `/outbox/${a.outboxMessage}/retry` },
  { method: 'POST', path: '/outbox/deliver', url: () => '/outbox/deliver', list: true },
  { method: 'GET', path: '/agency-placements', url: () => '/agency-placements', list: true },
  {
    method: 'POST',
    path: '/agency-placements',
    url: () => '/agency-placements',
    body: () => ({
      customer_id: a.customer,
      agency: 'B',
      commission_percent: '10',
      invoice_ids: [a.invoice],
    }),
  },
  {
    method: 'GET',
    path: '/agency-placements/{id}',
    url: () => `/agency-placements/${a.placement}`,
  },
  {
    method: 'POST',
    path: '/agency-placements/{id}/recoveries',
    url: () => `/agency-placements/${a.placement}/recoveries`,
    body: () => ({ amount: '1.00' }),
  },
  {
    method: 'POST',
    path: '/agency-placements/{id}/close',
    url: () => `/agency-placements/${a.placement}/close`,
    body: () => ({}),
  },
  {
    method: 'POST',
    path: '/agency-placements/{id}/recall',
    url: () => `/agency-placements/${a.placement}/recall`,
    body: () => ({}),
  },
  {
    method: 'GET',
    path: '/agency-placements/{id}/file.csv',
    url: () => `/agency-placements/${a.placement}/file.csv`,
  },
  {
    method: 'GET',
    path: '/settings/credit-control',
    url: () => '/settings/credit-control',
    list: true,
  },
  {
    method: 'PUT',
    path: '/settings/credit-control',
    url: () => '/settings/credit-control',
    body: () => ({ mode: 'warn' }),
    list: true,
  },
  { method: 'GET', path: '/work-queue', url: () => '/work-queue?as_of=2026-12-31', list: true },
  { method: 'GET', path: '/tasks', url: () => '/tasks', list: true },
  {
    method: 'POST',
    path: '/tasks',
    url: () => '/tasks',
    body: () => ({ customer_id: a.customer, kind: 'call', due_on: '2026-02-01' }),
  },
  { method: 'GET', path: '/tasks/{id}', url: () => `/tasks/${a.task}` },
  {
    method: 'PATCH',
    path: '/tasks/{id}',
    url: () => `/tasks/${a.task}`,
    body: () => ({ title: 'Stolen' }),
  },
  {
    method: 'POST',
    path: '/tasks/{id}/complete',
    url: () => `/tasks/${a.task}/complete`,
    body: () => ({ outcome: 'reached' }),
  },
  {
    method: 'POST',
    path: '/tasks/{id}/cancel',
    url: () => `/tasks/${a.task}/cancel`,
    body: () => ({}),
  },
  { method: 'GET', path: '/customers/{id}/notes', url: () => `/customers/${a.customer}/notes` },
  {
    method: 'POST',
    path: '/customers/{id}/notes',
    url: () => `/customers/${a.customer}/notes`,
    body: () => ({ body: 'x' }),
  },
  {
    method: 'POST',
    path: '/customers/{id}/calls',
    url: () => `/customers/${a.customer}/calls`,
    body: () => ({ outcome: 'reached', notes: 'x' }),
  },
  {
    method: 'GET',
    path: '/customers/{id}/timeline',
    url: () => `/customers/${a.customer}/timeline`,
  },
  {
    method: 'POST',
    path: '/invoices/{id}/nonpayment-reasons',
    url: () => `/invoices/${a.invoice}/nonpayment-reasons`,
    body: () => ({ reason: 'cash_flow' }),
  },
  {
    method: 'GET',
    path: '/invoices/{id}/nonpayment-reasons',
    url: () => `/invoices/${a.invoice}/nonpayment-reasons`,
  },
  {
    method: 'GET',
    path: '/reports/nonpayment-reasons',
    url: () => '/reports/nonpayment-reasons',
    list: true,
  },
  {
    method: 'GET',
    path: '/audit-events',
    url: () => `/audit-events?entity_id=${a.invoice}`,
    list: true,
  },
  { method: 'GET', path: '/users', url: () => '/users', list: true },
  { method: 'GET', path: '/people', url: () => '/people', list: true },
  {
    method: 'POST',
    path: '/users',
    url: () => '/users',
    body: () => ({
      email: 'new@b.test',
      name: 'N',
      role: 'viewer',
      password: 'long enough password',
    }),
    list: true,
  },
  {
    method: 'PATCH',
    path: '/users/{id}',
    url: () => `/users/${owner.ownerId}`,
    body: () => ({ role: 'viewer' }),
  },
  { method: 'POST', path: '/users/{id}/disable', url: () => `/users/${owner.ownerId}/disable` },
  { method: 'POST', path: '/users/{id}/enable', url: () => `/users/${owner.ownerId}/enable` },
  {
    method: 'POST',
    path: '/users/{id}/reset-password',
    url: () => `/users/${owner.ownerId}/reset-password`,
  },
  {
    method: 'POST',
    path: '/me/password',
    url: () => '/me/password',
    body: () => ({ current_password: 'wrong', new_password: 'long enough password' }),
    list: true,
  },
  { method: 'GET', path: '/api-tokens', url: () => '/api-tokens', list: true },
  {
    method: 'POST',
    path: '/api-tokens',
    url: () => '/api-tokens',
    body: () => ({ name: 'x', user_id: owner.ownerId }),
  },
  { method: 'DELETE', path: '/api-tokens/{id}', url: () => `/api-tokens/${a.token}` },
  { method: 'GET', path: '/me', url: () => '/me', list: true },
  {
    method: 'POST',
    path: '/auth/login',
    url: () => '/auth/login',
    body: () => ({ email: 'x@y.z', password: 'x' }),
    list: true,
  },
  { method: 'POST', path: '/auth/logout', url: () => '/auth/logout', list: true },
  // Collections in the web app: a letter's PDF, a one-off e-mail.
  {
    method: 'GET',
    path: '/tasks/{id}/letter.pdf',
    url: () => `/tasks/${a.letterTask}/letter.pdf`,
  },
  {
    method: 'POST',
    path: '/customers/{id}/messages',
    url: () => `/customers/${a.customer}/messages`,
    body: () => ({ template_key: 'reminder_due' }),
  },
  // Settings: the organization and the mail test act on the caller's own organization only.
  { method: 'GET', path: '/organization', url: () => '/organization', list: true },
  {
    method: 'PATCH',
    path: '/organization',
    url: () => '/organization',
    body: () => ({ name: 'B renamed', time_zone: 'Europe/Paris' }),
    list: true,
  },
  // Invoicing master data and the logo are the caller's own organization's too.
  {
    method: 'GET',
    path: '/organization/invoicing',
    url: () => '/organization/invoicing',
    list: true,
  },
  {
    method: 'PATCH',
    path: '/organization/invoicing',
    url: () => '/organization/invoicing',
    body: () => ({ vat_id: 'FR40303265045', address: { city: 'Lyon', country: 'FR' } }),
    list: true,
  },
  { method: 'GET', path: '/organization/logo', url: () => '/organization/logo', list: true },
  {
    method: 'PUT',
    path: '/organization/logo',
    url: () => '/organization/logo',
    headers: { 'content-type': 'image/png' },
    body: () => onePixelPng,
    list: true,
  },
  { method: 'DELETE', path: '/organization/logo', url: () => '/organization/logo', list: true },
  {
    method: 'POST',
    path: '/settings/mail/test',
    url: () => '/settings/mail/test',
    body: () => ({ to: 'someone@b.test' }),
    list: true,
  },
  // B's file naming A's customer and invoice finds neither: B's import sees only B's book.
  {
    method: 'POST',
    path: '/imports/{kind}',
    url: () => '/imports/payments',
    headers: { 'content-type': 'text/csv' },
    body: () =>
      `ref,customer_ref,received_date,currency,amount,invoice_number\nB-PAY,${a.customerRef},2026-01-15,EUR,1.00,${a.invoiceNumber}\n`,
    list: true,
  },
  // Cash application: B's statement quoting the number of an invoice only A has finds nothing
  // of A's; A's accounts and lines are not B's to see or decide.
  { method: 'GET', path: '/bank/accounts', url: () => '/bank/accounts', list: true },
  {
    method: 'POST',
    path: '/bank/accounts',
    url: () => '/bank/accounts',
    body: () => ({ name: 'B main', iban: 'DE89370400440532013000' }),
    list: true,
  },
  {
    method: 'PATCH',
    path: '/bank/accounts/{id}',
    url: () => `/bank/accounts/${a.bankAccount}`,
    body: () => ({ name: 'taken over' }),
  },
  {
    method: 'POST',
    path: '/bank/statements',
    url: () => '/bank/statements?auto_apply=true',
    headers: { 'content-type': 'application/xml' },
    body: () =>
      camt('053', 'B-STMT', [
        { ref: 'B-LINE-1', amount: '100.00', text: `Invoice ${a.otherNumber} ${a.customerRef}` },
      ]),
    list: true,
  },
  { method: 'GET', path: '/bank/lines', url: () => '/bank/lines', list: true },
  { method: 'GET', path: '/bank/lines/{id}', url: () => `/bank/lines/${a.bankLineReview}` },
  {
    method: 'POST',
    path: '/bank/lines/{id}/apply',
    url: () => `/bank/lines/${a.bankLineReview}/apply`,
    body: () => ({
      customer_id: a.intruderCustomer,
      allocations: [{ invoice_id: a.intruderInvoice, amount: '7.00' }],
    }),
  },
  {
    method: 'POST',
    path: '/bank/lines/{id}/undo',
    url: () => `/bank/lines/${a.bankLineApplied}/undo`,
    body: () => ({ reason: 'not ours' }),
  },
  {
    method: 'POST',
    path: '/bank/lines/{id}/reverse-payment',
    url: () => `/bank/lines/${a.bankLineReview}/reverse-payment`,
    body: () => ({}),
  },
  {
    method: 'POST',
    path: '/bank/lines/{id}/set-aside',
    url: () => `/bank/lines/${a.bankLineReview}/set-aside`,
    body: () => ({ reason: 'not ours' }),
  },
  {
    method: 'POST',
    path: '/bank/lines/{id}/return',
    url: () => `/bank/lines/${a.bankLineReview}/return`,
  },
  {
    method: 'POST',
    path: '/bank/rematch',
    url: () => '/bank/rematch',
    body: () => ({ auto_apply: true }),
    list: true,
  },
];

/** A's records as A sees them, to compare before and after the intrusions. */
async function snapshot() {
  const parts = await Promise.all([
    owner.request('GET', `/customers/${a.customer}`),
    owner.request('GET', `/invoices/${a.invoice}`),
    owner.request('GET', `/invoices/${a.draft}`),
    owner.request('GET', `/credit-notes/${a.creditNote}`),
    owner.request('GET', `/invoices/${a.invoice}/pdf`),
    owner.request('GET', `/credit-notes/${a.creditNote}/pdf`),
    owner.request('GET', `/payments/${a.payment}`),
    owner.request('GET', '/api-tokens'),
    owner.request('GET', '/reports/trial-balance'),
    owner.request('GET', '/reports/aging?as_of=2026-12-31&detail=true'),
    owner.request('GET', '/settings/aging-buckets'),
    owner.request('GET', `/goals/${a.goal}`),
    owner.request('GET', '/collection-policies'),
    owner.request('GET', `/customers/${a.customer}/collections`),
    owner.request('GET', `/promises/${a.promise}`),
    owner.request('GET', `/disputes/${a.dispute}`),
    owner.request('GET', `/payment-plans/${a.plan}`),
    owner.request('GET', `/outbox/${a.outboxMessage}`),
    owner.request('GET', '/message-templates/a_custom'),
    owner.request('GET', '/settings/mail'),
    owner.request('GET', `/agency-placements/${a.placement}`),
    owner.request('GET', '/settings/credit-control'),
    owner.request('GET', `/tasks/${a.task}`),
    owner.request('GET', `/customers/${a.customer}/timeline`),
    owner.request('GET', `/tasks/${a.letterTask}/letter.pdf`),
    owner.request('GET', '/organization'),
    owner.request('GET', '/organization/invoicing'),
    owner.request('GET', '/organization/logo'),
    owner.request('GET', '/bank/accounts'),
    owner.request('GET', '/bank/lines'),
    owner.request('GET', `/bank/lines/${a.bankLineApplied}`),
  ]);
  return parts.map((part) => part.body);
}

describe('tenancy', () => {
  it('has a case for every route in the OpenAPI document', async () => {
    const document = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const routes = Object.entries(
      document.paths as Record<string, Record<string, unknown>>,
    ).flatMap(([path, methods]) =>
      Object.keys(methods).map(
        (method) => `${method.toUpperCase()} ${path.replace('/api/v1', '')}`,
      ),
    );
    expect(cases.map((c) => `${c.method} ${c.path}`).sort()).toEqual(routes.sort());
  });

  it('never lets organization B read or change organization A', async () => {
    const before = await snapshot();
    for (const c of cases) {
      const response = await intruder.request(c.method, c.url(), c.body?.(), c.headers);
      const label = `${c.method} ${c.url()}`;
      if (c.list) {
        expect(response.body, label).not.toContain(a.customer);
        expect(response.body, label).not.toContain(a.invoice);
        expect(response.body, label).not.toContain(owner.orgId);
        expect(response.body, label).not.toContain(a.goal);
        expect(response.body, label).not.toContain(owner.ownerId);
      } else {
        expect(response.statusCode, `${label}: ${response.body}`).toBe(404);
      }
    }
    expect(await snapshot()).toEqual(before);
  });

  it("refuses to apply another organization's money to its own invoices", async () => {
    const response = await intruder.request('POST', `/payments/${a.payment}/apply`, {
      applications: [{ invoice_id: a.intruderInvoice, amount: '1.00' }],
    });
    expect(response.statusCode).toBe(404);
    const invoice = await intruder.request('GET', `/invoices/${a.intruderInvoice}`);
    expect(invoice.json().open).toBe('10.00');
  });
});
