// The settings routes the web app's Settings pages added: the organization read and changed
// (checked, audit-logged, the base currency untouched) and the mail test, which says when there
// is nothing to send through and what the SMTP server answered.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAuditEvents } from '../../src/platform/audit/audit.sql.js';
import type { Database } from '../../src/platform/db/database.js';
import type { App } from '../../src/platform/http/app.js';
import { buildServer } from '../../src/server/build-server.js';
import { apiClient, type ApiClient } from '../support/api.js';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp.js';
import { openTestDatabase } from '../support/test-database.js';

let database: Database;
let app: App;
let owner: ApiClient;
let smtp: TestSmtpServer;

beforeAll(async () => {
  database = await openTestDatabase();
  app = await buildServer({ database });
  owner = await apiClient(app, database, { currency: 'GBP' });
  smtp = await startSmtpServer();
});
afterAll(async () => {
  await smtp?.close();
  await app?.close();
  await database?.close();
});

describe('the organization', () => {
  it('is read and changed by its owner, and the change is in the audit log', async () => {
    const before = (await owner.request('GET', '/organization')).json();
    expect(before).toMatchObject({ id: owner.orgId, base_currency: 'GBP', time_zone: 'UTC' });

    const changed = await owner.request('PATCH', '/organization', {
      name: '  Northwind Ltd ',
      time_zone: 'europe/london',
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({
      name: 'Northwind Ltd',
      time_zone: 'Europe/London',
      base_currency: 'GBP',
    });
    const events = await listAuditEvents(database.db, owner.orgId, owner.orgId, 10);
    const event = events.find((row) => row.action === 'organization.updated');
    expect(event?.before).toEqual({ name: before.name, time_zone: 'UTC' });
    expect(event?.after).toEqual({ name: 'Northwind Ltd', time_zone: 'Europe/London' });
  });

  it('refuses a zone that does not exist, a blank name and a new base currency, naming the field', async () => {
    const zone = await owner.request('PATCH', '/organization', { time_zone: 'Mars/Olympus' });
    expect(zone.statusCode).toBe(400);
    expect(zone.json().error).toMatchObject({ code: 'time_zone_invalid', field: 'time_zone' });
    const name = await owner.request('PATCH', '/organization', { name: '  ' });
    expect(name.json().error).toMatchObject({ code: 'organization_name_required', field: 'name' });
    const currency = await owner.request('PATCH', '/organization', { base_currency: 'USD' });
    expect(currency.statusCode).toBe(400);
    expect((await owner.request('GET', '/organization')).json().base_currency).toBe('GBP');
  });
});

describe('the mail test', () => {
  it('says there is no SMTP server before one is set', async () => {
    const response = await owner.request('POST', '/settings/mail/test', { to: 'a@b.test' });
    expect(response.statusCode).toBe(409);
    expect(response.json().error).toMatchObject({ code: 'smtp_not_configured', field: 'smtp_url' });
    expect(smtp.received).toHaveLength(0);
  });

  it('sends through the saved server and gives its answer, or its refusal', async () => {
    await owner.request('PUT', '/settings/mail', { smtp_url: smtp.url, mail_from: 'ar@nw.test' });
    const sent = await owner.request('POST', '/settings/mail/test', { to: 'it@nw.test' });
    expect(sent.statusCode).toBe(200);
    expect(sent.json()).toMatchObject({
      to: 'it@nw.test',
      from: 'ar@nw.test',
      smtp_source: 'organization',
    });
    expect(sent.json().response).toMatch(/^250/);
    expect(smtp.received.map((message) => message.envelopeTo)).toEqual([['it@nw.test']]);

    smtp.reject(1, 550);
    const refused = await owner.request('POST', '/settings/mail/test', { to: 'it@nw.test' });
    expect(refused.statusCode).toBe(503);
    expect(refused.json().error).toMatchObject({ code: 'smtp_test_failed', field: 'smtp_url' });
    expect(refused.json().error.message).toContain('550');

    const bad = await owner.request('POST', '/settings/mail/test', { to: 'not an address' });
    expect(bad.json().error).toMatchObject({ code: 'email_invalid', field: 'to' });
    expect(smtp.received).toHaveLength(1);
  });
});
