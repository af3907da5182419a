// Proves, through the HTTP routes of mail.routes.ts (on a small app that registers them the way
// buildServer does), that an organization can override Settle's templates and go back to them,
// that a bad template is refused naming the part at fault, that the preview renders a customer's
// real open invoices and credit with every value escaped in HTML, that mail settings never show
// the SMTP password (and keep it when the masked URL is sent back), that the outbox lists, shows
// and re-queues messages, and that another organization sees none of it. Changes are audited.
import cookie from '@fastify/cookie';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { TSchema } from '@sinclair/typebox';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/auth/manage-users.service.js';
import { mailRoutes, mailSchemas } from '../../src/messaging/mail.routes.js';
import { builtInTemplates } from '../../src/messaging/message-template.js';
import { insertOutboxMessages, type NewOutboxMessage } from '../../src/messaging/outbox.sql.js';
import { addDays } from '../../src/core/calendar-date.js';
import { newId } from '../../src/core/ids.js';
import { createCreditNote } from '../../src/invoicing/create-credit-note.service.js';
import { createCustomer } from '../../src/customers/create-customer.service.js';
import type { Database } from '../../src/platform/db/database.js';
import type { App } from '../../src/platform/http/app.js';
import { errorHandler } from '../../src/platform/http/error-handler.js';
import { sharedSchemas } from '../../src/platform/http/schemas.js';
import { type ApiClient, apiClient, tokenOf } from '../support/api.js';
import { issuedInvoiceDue } from '../support/organization.js';
import { openTestDatabase } from '../support/test-database.js';
import { today as todayUtc } from '../support/clock.js';
import { nowMs } from '../../src/core/clock.js';
import { ajvOptions } from '../../src/platform/http/validation.js';

let database: Database;
let app: App;
let client: ApiClient;
let intruder: ApiClient;

/** The mail routes under /api/v1 with the shared schemas and error handler, until buildServer registers them. */
async function mailApp(): Promise<App> {
  const built = Fastify({
    ajv: ajvOptions,
  }).withTypeProvider<TypeBoxTypeProvider>() as unknown as App;
  built.decorateRequest('actor', null);
  built.setErrorHandler(errorHandler);
  await built.register(cookie);
  for (const schema of [...sharedSchemas, ...mailSchemas] as TSchema[]) built.addSchema(schema);
  await built.register(async (api) => mailRoutes({ app: api as unknown as App, database }), {
    prefix: '/api/v1',
  });
  return built;
}

beforeAll(async () => {
  // Delivery and the settings' smtp_source read SMTP_URL: this file's process runs without one.
  delete process.env.SMTP_URL;
  database = await openTestDatabase();
  app = await mailApp();
  client = await apiClient(app, database);
  intruder = await apiClient(app, database);
});
afterAll(async () => {
  await app?.close();
  await database?.close();
});

async function auditActions(orgId: string, action: string) {
  return database.db
    .selectFrom('audit_events')
    .select(['before', 'after'])
    .where('org_id', '=', orgId)
    .where('action', '=', action)
    .orderBy('id')
    .execute();
}

describe('message templates', () => {
  const overdueKey = 'reminder_overdue';
  const custom = {
    subject: 'Still open: {{total_overdue}}',
    body_text: 'Dear {{contact.name}},\n{{invoices_table}}',
    body_html: '<p>Dear {{contact.name}}</p>{{invoices_table}}',
  };

  it("lists Settle's templates with the variables, overrides one and goes back to the built-in text", async () => {
    const list = (await client.request('GET', '/message-templates')).json();
    expect(list.items.map((item: { key: string }) => item.key)).toEqual(
      expect.arrayContaining(Object.keys(builtInTemplates)),
    );
    expect(list.items.find((item: { key: string }) => item.key === overdueKey)).toMatchObject({
      customized: false,
      built_in: true,
      subject: builtInTemplates[overdueKey]!.subject,
    });
    expect(list.variables).toContainEqual(expect.objectContaining({ name: 'invoices_table' }));

    const saved = await client.request('PUT', `/message-templates/${overdueKey}`, custom);
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({
      key: overdueKey,
      ...custom,
      customized: true,
      built_in: true,
    });
    expect((await client.request('GET', `/message-templates/${overdueKey}`)).json()).toMatchObject({
      subject: custom.subject,
      customized: true,
    });
    expect(
      (await intruder.request('GET', `/message-templates/${overdueKey}`)).json(),
    ).toMatchObject({ customized: false });

    expect((await client.request('DELETE', `/message-templates/${overdueKey}`)).statusCode).toBe(
      204,
    );
    expect((await client.request('GET', `/message-templates/${overdueKey}`)).json()).toMatchObject({
      subject: builtInTemplates[overdueKey]!.subject,
      customized: false,
      updated_at: null,
    });

    expect(await auditActions(client.orgId, 'message_template.updated')).toEqual([
      {
        before: null,
        after: expect.objectContaining({ key: overdueKey, subject: custom.subject }),
      },
    ]);
    expect(await auditActions(client.orgId, 'message_template.reset')).toEqual([
      {
        before: expect.objectContaining({ subject: custom.subject }),
        after: expect.objectContaining({ subject: builtInTemplates[overdueKey]!.subject }),
      },
    ]);
  });

  it('refuses a bad template naming the part at fault, and keeps the text in effect', async () => {
    const unknown = await client.request('PUT', `/message-templates/${overdueKey}`, {
      ...custom,
      body_html: '<p>{{customer.nickname}}</p>',
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error).toMatchObject({
      code: 'template_variable_unknown',
      field: 'body_html',
    });
    const unbalanced = await client.request('PUT', `/message-templates/${overdueKey}`, {
      ...custom,
      subject: 'Hi {{customer.name',
    });
    expect(unbalanced.json().error).toMatchObject({
      code: 'template_syntax_invalid',
      field: 'subject',
    });
    const badKey = await client.request('PUT', '/message-templates/Not-A-Key', custom);
    expect(badKey.json().error).toMatchObject({ code: 'template_key_invalid', field: 'key' });
    expect((await client.request('GET', `/message-templates/${overdueKey}`)).json()).toMatchObject({
      customized: false,
    });
  });

  it('keeps templates of its own under new keys, and deletes them', async () => {
    const saved = await client.request('PUT', '/message-templates/thank_you', custom);
    expect(saved.json()).toMatchObject({ key: 'thank_you', customized: true, built_in: false });
    expect(
      (await client.request('GET', '/message-templates'))
        .json()
        .items.map((item: { key: string }) => item.key),
    ).toContain('thank_you');
    expect((await intruder.request('GET', '/message-templates/thank_you')).statusCode).toBe(404);
    expect((await client.request('DELETE', '/message-templates/thank_you')).statusCode).toBe(204);
    const gone = await client.request('GET', '/message-templates/thank_you');
    expect(gone.statusCode).toBe(404);
    expect(gone.json().error).toMatchObject({ code: 'message_template_not_found', field: 'key' });
  });

  it('lets only those who manage collections change templates', async () => {
    const collector = await createUser(database, client.actor, {
      email: `col-${client.orgId.slice(-6)}@example.test`,
      name: 'Col',
      role: 'collector',
      password: 'correct horse battery staple',
    });
    const token = await tokenOf(database, client.orgId, collector);
    const response = await app.inject({
      method: 'PUT',
      url: `/api/v1/message-templates/${overdueKey}`,
      headers: { authorization: `Bearer ${token.token}` },
      payload: custom,
    });
    expect(response.statusCode).toBe(403);
  });
});

describe('previewing a template for a customer', () => {
  const today = todayUtc();
  let customerId: string;
  let overdueNumber: string;

  beforeAll(async () => {
    const collector = await createUser(database, client.actor, {
      email: `ana-${client.orgId.slice(-6)}@example.test`,
      name: 'Ana',
      role: 'collector',
      password: 'correct horse battery staple',
    });
    const customer = await createCustomer(database, client.actor, {
      ref: 'EVIL',
      name: '<script>alert(1)</script> & Co',
      currency: 'EUR',
      collectorId: collector.id,
      contacts: [
        { name: 'Pat', email: 'pat@evil.test', role: 'accounts_payable', receivesReminders: true },
      ],
    });
    customerId = customer.id;
    overdueNumber = (
      await issuedInvoiceDue(
        database,
        client.actor,
        customerId,
        { issuedOn: addDays(today, -40), dueOn: addDays(today, -10) },
        '1234.50',
      )
    ).number!;
    await issuedInvoiceDue(
      database,
      client.actor,
      customerId,
      { issuedOn: addDays(today, -5), dueOn: addDays(today, 25) },
      '50.00',
    );
    await createCreditNote(database, client.actor, {
      customerId,
      issuedOn: addDays(today, -3),
      lines: [{ description: 'Goodwill', quantity: '1', unitPrice: '20.00', taxRate: '0' }],
    });
  });

  it("renders the customer's open invoices, credit and totals, escaped in HTML", async () => {
    const response = await client.request('POST', '/message-templates/reminder_overdue/preview', {
      customer_id: customerId,
    });
    expect(response.statusCode, response.body).toBe(200);
    const preview = response.json();
    expect(preview.subject).toBe('Overdue invoices: EUR 1,234.50 (10 days past due)');
    expect(preview.to).toEqual(['pat@evil.test']);
    expect(preview.reply_to).toBe(`ana-${client.orgId.slice(-6)}@example.test`);
    expect(preview.text).toContain('Dear Pat,');
    expect(preview.text).toContain(`${overdueNumber}`);
    expect(preview.text).toContain('10 days overdue');
    expect(preview.text).toContain('due in 25 days');
    expect(preview.text).toContain('Total open: EUR 1,284.50');
    expect(preview.text).toContain('Net amount due: EUR 1,264.50');
    expect(preview.text).toMatch(/Kind regards,\nAna\nTest Org/);
    expect(preview.html).toContain('<table');
  });

  it('escapes the customer in HTML and renders a draft without saving it', async () => {
    const draft = {
      customer_id: customerId,
      subject: 'For {{customer.name}}',
      body_text: '{{customer.name}}',
      body_html: '<p>{{customer.name}}</p>',
    };
    const preview = (
      await client.request('POST', '/message-templates/anything_new/preview', draft)
    ).json();
    expect(preview).toMatchObject({
      subject: 'For <script>alert(1)</script> & Co',
      text: '<script>alert(1)</script> & Co',
      html: '<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co</p>',
    });
    expect((await client.request('GET', '/message-templates/anything_new')).statusCode).toBe(404);
    const bad = await client.request('POST', '/message-templates/anything_new/preview', {
      ...draft,
      body_text: '{{nope}}',
    });
    expect(bad.json().error).toMatchObject({
      code: 'template_variable_unknown',
      field: 'body_text',
    });
  });

  it('finds no customer of another organization', async () => {
    const response = await intruder.request('POST', '/message-templates/reminder_overdue/preview', {
      customer_id: customerId,
    });
    expect(response.statusCode).toBe(404);
    expect(response.json().error).toMatchObject({
      code: 'customer_not_found',
      field: 'customer_id',
    });
  });
});

describe('mail settings', () => {
  const smtpUrl = 'smtp://ar%40demo.test:s3cret@mail.demo.test:587';

  async function storedSmtpUrl(orgId: string) {
    return (
      await database.db
        .selectFrom('organizations')
        .select('smtp_url')
        .where('id', '=', orgId)
        .executeTakeFirstOrThrow()
    ).smtp_url;
  }

  it('never shows the SMTP password, and keeps it when the masked URL comes back', async () => {
    const initial = (await client.request('GET', '/settings/mail')).json();
    expect(initial).toMatchObject({
      smtp_url: null,
      smtp_source: 'none',
      mail_from: null,
      portal_url: null,
    });

    const saved = await client.request('PUT', '/settings/mail', {
      smtp_url: smtpUrl,
      mail_from: '"Demo AR" <ar@demo.test>',
      company_details: { name: 'Demo GmbH', bank_details: 'IBAN DE00' },
      portal_url: 'https://pay.demo.test',
    });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({
      smtp_url: 'smtp://ar%40demo.test:****@mail.demo.test:587',
      smtp_source: 'organization',
      mail_from: '"Demo AR" <ar@demo.test>',
      portal_url: 'https://pay.demo.test',
    });
    expect(saved.body).not.toContain('s3cret');

    const masked = saved.json().smtp_url;
    const again = await client.request('PUT', '/settings/mail', {
      smtp_url: masked,
      company_details: { phone: '+49 30 1' },
    });
    expect(again.json().company_details).toEqual({
      name: 'Demo GmbH',
      email: null,
      phone: '+49 30 1',
      address: null,
      bank_details: 'IBAN DE00',
    });
    expect(await storedSmtpUrl(client.orgId)).toBe(smtpUrl);

    // The masked password is kept only for exactly the stored connection: another host, port or
    // parameter needs it again, so it cannot be redirected by someone who cannot see it.
    for (const changed of [
      'smtp://ar%40demo.test:****@other.test:587',
      'smtp://ar%40demo.test:****@mail.demo.test:2525',
      'smtps://ar%40demo.test:****@mail.demo.test:587',
      'smtp://ar%40demo.test:****@mail.demo.test:587?secure=false',
    ]) {
      const elsewhere = await client.request('PUT', '/settings/mail', { smtp_url: changed });
      expect(elsewhere.json().error, changed).toMatchObject({
        code: 'smtp_password_required',
        field: 'smtp_url',
      });
    }
    // A proxy is not taken from the settings at all, password or not.
    const proxied = await client.request('PUT', '/settings/mail', {
      smtp_url: `${masked}?proxy=http://attacker.test:3128`,
    });
    expect(proxied.json().error).toMatchObject({ code: 'smtp_url_invalid', field: 'smtp_url' });
    expect(proxied.json().error.message).toContain('"proxy"');
    expect(await storedSmtpUrl(client.orgId)).toBe(smtpUrl);

    const audit = await auditActions(client.orgId, 'mail_settings.updated');
    expect(audit).toHaveLength(2);
    expect(JSON.stringify(audit)).not.toContain('s3cret');
    expect((await intruder.request('GET', '/settings/mail')).json()).toMatchObject({
      smtp_url: null,
      company_details: { name: null },
    });
  });

  it('refuses settings that are not what they claim, naming the field', async () => {
    const cases: [Record<string, unknown>, string, string][] = [
      [{ smtp_url: 'http://mail.demo.test' }, 'smtp_url_invalid', 'smtp_url'],
      [{ smtp_url: 'not a url' }, 'smtp_url_invalid', 'smtp_url'],
      [{ mail_from: 'Demo AR' }, 'mail_from_invalid', 'mail_from'],
      [{ company_details: { email: 'nope' } }, 'email_invalid', 'company_details.email'],
      [{ portal_url: 'javascript:alert(1)' }, 'portal_url_invalid', 'portal_url'],
    ];
    for (const [body, code, field] of cases) {
      const response = await intruder.request('PUT', '/settings/mail', body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(response.json().error).toMatchObject({ code, field });
    }
    const cleared = await client.request('PUT', '/settings/mail', {
      smtp_url: null,
      company_details: null,
    });
    expect(cleared.json()).toMatchObject({
      smtp_url: null,
      company_details: { name: null, bank_details: null },
    });
    expect(await storedSmtpUrl(client.orgId)).toBeNull();
  });
});

describe('the outbox', () => {
  function message(orgId: string, overrides: Partial<NewOutboxMessage> = {}): NewOutboxMessage {
    return {
      id: newId(),
      orgId,
      customerId: null,
      runId: null,
      kind: 'reminder',
      templateKey: 'reminder_due',
      toAddresses: ['ap@x.test'],
      replyTo: null,
      subject: 'Payment due',
      bodyText: 'Text body',
      bodyHtml: '<p>HTML body</p>',
      attachments: [],
      invoiceIds: [],
      ...overrides,
    };
  }

  it('lists newest first with filters and pages, shows one with its bodies, re-queues and delivers', async () => {
    const owner = await apiClient(app, database);
    // Ids are UUIDv7: a millisecond apart, they sort in the order the messages were made.
    const at = nowMs();
    const first = message(owner.orgId, { id: newId(at) });
    const second = message(owner.orgId, { id: newId(at + 1), toAddresses: [] });
    const third = message(owner.orgId, { id: newId(at + 2) });
    await database.transaction(({ db }) => insertOutboxMessages(db, [first, second, third]));

    const page = (await owner.request('GET', '/outbox?limit=2')).json();
    expect(page.items.map((item: { id: string }) => item.id)).toEqual([third.id, second.id]);
    expect(page.items[0]).not.toHaveProperty('body_text');
    const rest = (await owner.request('GET', `/outbox?limit=2&cursor=${page.next_cursor}`)).json();
    expect(rest).toEqual({
      items: [expect.objectContaining({ id: first.id, status: 'pending' })],
      next_cursor: null,
    });
    const held = (await owner.request('GET', '/outbox?status=held')).json();
    expect(held.items).toEqual([
      expect.objectContaining({
        id: second.id,
        status: 'held',
        status_reason: 'no_recipient',
        to: [],
      }),
    ]);
    expect((await owner.request('GET', '/outbox?status=lost')).json().error).toMatchObject({
      code: 'outbox_status_invalid',
      field: 'status',
    });

    const detail = (await owner.request('GET', `/outbox/${first.id}`)).json();
    expect(detail).toMatchObject({
      id: first.id,
      subject: 'Payment due',
      body_text: 'Text body',
      body_html: '<p>HTML body</p>',
      attempts: 0,
    });

    const pending = await owner.request('POST', `/outbox/${first.id}/retry`);
    expect(pending.statusCode).toBe(409);
    expect(pending.json().error).toMatchObject({
      code: 'outbox_message_not_retryable',
      field: 'id',
    });

    // Without SMTP settings a pass holds what is due: shown, not sent.
    expect((await owner.request('POST', '/outbox/deliver')).json()).toEqual({
      sent: 0,
      retried: 0,
      failed: 0,
      held: 2,
    });
    expect((await owner.request('GET', `/outbox/${first.id}`)).json()).toMatchObject({
      status: 'held',
      status_reason: 'no_smtp_settings',
    });
    const retried = await owner.request('POST', `/outbox/${first.id}/retry`);
    expect(retried.statusCode, retried.body).toBe(200);
    expect(retried.json()).toMatchObject({
      status: 'pending',
      status_reason: null,
      attempts: 0,
      body_text: 'Text body',
    });
    expect(await auditActions(owner.orgId, 'outbox_message.retried')).toHaveLength(1);

    expect((await intruder.request('GET', `/outbox/${first.id}`)).statusCode).toBe(404);
    expect((await intruder.request('POST', `/outbox/${second.id}/retry`)).statusCode).toBe(404);
    expect((await intruder.request('GET', '/outbox')).json().items).toEqual([]);
  });
});
