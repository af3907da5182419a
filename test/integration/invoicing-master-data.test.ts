// The master data an invoice document and an e-invoice need: what the organization says about
// itself as a seller (checked, normalized, audit-logged), its logo, and the buyer's fields on a
// customer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAuditEvents } from '../../src/platform/audit/audit.sql.js';
import type { Database } from '../../src/platform/db/database.js';
import type { App } from '../../src/platform/http/app.js';
import { buildServer } from '../../src/server/build-server.js';
import { apiClient, type ApiClient } from '../support/api.js';
import { openTestDatabase } from '../support/test-database.js';

let database: Database;
let app: App;
let owner: ApiClient;

// A 1×1 PNG, and the first bytes of a JPEG: the logo is told by its bytes.
const png = Buffer.from(
  '89504e470d0a1a0a0000000d4948445200000001000000010806000000' +
    '1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082',
  'hex',
);
const jpeg = Buffer.concat([Buffer.from('ffd8ffe000104a464946', 'hex'), Buffer.alloc(64)]);

beforeAll(async () => {
  database = await openTestDatabase();
  app = await buildServer({ database });
  owner = await apiClient(app, database, { currency: 'EUR' });
});
afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe("the organization's seller details", () => {
  it('are empty at first, then stored normalized, and the change is in the audit log', async () => {
    const empty = (await owner.request('GET', '/organization/invoicing')).json();
    expect(empty).toEqual({
      legal_name: null,
      address: null,
      vat_id: null,
      registration_id: null,
      electronic_address: null,
      payment_accounts: [],
      invoice_footer: null,
      has_logo: false,
    });
    const changed = await owner.request('PATCH', '/organization/invoicing', {
      legal_name: ' Łódź Trading Sp. z o.o. ',
      address: {
        line1: 'ul. Piotrkowska 1',
        city: 'Łódź',
        postal_code: '90-001',
        country: 'Poland',
      },
      vat_id: 'pl 526 000 12 46',
      registration_id: 'KRS 0000012345',
      electronic_address: { scheme: '9945', id: 'PL5260001246' },
      payment_accounts: [{ iban: 'pl61 1090 1014 0000 0712 1981 2874', bic: 'wbkppl pp' }],
      invoice_footer: 'Registered in Łódź, KRS 0000012345',
    });
    expect(changed.statusCode, changed.body).toBe(200);
    const expected = {
      legal_name: 'Łódź Trading Sp. z o.o.',
      address: {
        line1: 'ul. Piotrkowska 1',
        line2: null,
        city: 'Łódź',
        postal_code: '90-001',
        region: null,
        country: 'PL',
      },
      vat_id: 'PL5260001246',
      registration_id: 'KRS 0000012345',
      electronic_address: { scheme: '9945', id: 'PL5260001246' },
      payment_accounts: [
        {
          iban: 'PL61109010140000071219812874',
          bic: 'WBKPPLPP',
          account_number: null,
          routing_number: null,
          bank_name: null,
          account_name: null,
        },
      ],
      invoice_footer: 'Registered in Łódź, KRS 0000012345',
      has_logo: false,
    };
    expect(changed.json()).toEqual(expected);
    expect((await owner.request('GET', '/organization/invoicing')).json()).toEqual(expected);

    // A field left out stays; null clears.
    const cleared = await owner.request('PATCH', '/organization/invoicing', {
      invoice_footer: null,
    });
    expect(cleared.json()).toEqual({ ...expected, invoice_footer: null });

    const events = await listAuditEvents(database.db, owner.orgId, owner.orgId, 20);
    const updates = events.filter(
      (event) => event.action === 'organization.seller_details_updated',
    );
    expect(updates).toHaveLength(2);
    expect(
      updates.map((event) => (event.after as { invoiceFooter: unknown }).invoiceFooter),
    ).toEqual([null, 'Registered in Łódź, KRS 0000012345']);
  });

  it('refuses what an invoice could not carry, naming the field, and keeps what was stored', async () => {
    const before = (await owner.request('GET', '/organization/invoicing')).json();
    const cases: [Record<string, unknown>, string, string][] = [
      [
        { payment_accounts: [{ iban: 'DE89370400440532013001' }] },
        'iban_invalid',
        'payment_accounts[0].iban',
      ],
      [
        { payment_accounts: [{ bic: 'DEUTDEFF' }] },
        'payment_account_incomplete',
        'payment_accounts[0].iban',
      ],
      [
        { payment_accounts: [{ iban: 'DE89370400440532013000', bic: 'NOT A BIC' }] },
        'bic_invalid',
        'payment_accounts[0].bic',
      ],
      [
        { electronic_address: { scheme: '1234', id: 'x' } },
        'electronic_address_scheme_invalid',
        'electronic_address.scheme',
      ],
      [
        { electronic_address: { scheme: '0088', id: 'with space' } },
        'electronic_address_id_invalid',
        'electronic_address.id',
      ],
      [{ address: { country: 'Atlantis' } }, 'country_invalid', 'address.country'],
      [{ vat_id: '!' }, 'tax_id_invalid', 'vat_id'],
    ];
    for (const [body, code, field] of cases) {
      const response = await owner.request('PATCH', '/organization/invoicing', body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(response.json().error, JSON.stringify(body)).toMatchObject({ code, field });
    }
    expect((await owner.request('GET', '/organization/invoicing')).json()).toEqual(before);
  });

  it('takes a PNG or JPEG logo of at most 1 MB, gives it back, and removes it', async () => {
    expect((await owner.request('GET', '/organization/logo')).statusCode).toBe(404);
    const put = await owner.request('PUT', '/organization/logo', png, {
      'content-type': 'image/png',
    });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json()).toEqual({ has_logo: true });
    const got = await owner.request('GET', '/organization/logo');
    expect(got.headers['content-type']).toBe('image/png');
    expect(Buffer.from(got.rawPayload).equals(png)).toBe(true);

    // The bytes decide: a JPEG sent as image/png is stored as the JPEG it is.
    await owner.request('PUT', '/organization/logo', jpeg, { 'content-type': 'image/png' });
    expect((await owner.request('GET', '/organization/logo')).headers['content-type']).toBe(
      'image/jpeg',
    );

    const text = await owner.request('PUT', '/organization/logo', Buffer.from('<svg/>'), {
      'content-type': 'image/png',
    });
    expect(text.json().error).toMatchObject({ code: 'logo_not_an_image', field: 'logo' });
    const big = Buffer.concat([png, Buffer.alloc(1024 * 1024)]);
    const tooBig = await owner.request('PUT', '/organization/logo', big, {
      'content-type': 'image/png',
    });
    expect(tooBig.json().error).toMatchObject({ code: 'logo_too_large', field: 'logo' });
    expect((await owner.request('GET', '/organization/invoicing')).json().has_logo).toBe(true);

    expect((await owner.request('DELETE', '/organization/logo')).json()).toEqual({
      has_logo: false,
    });
    expect((await owner.request('GET', '/organization/logo')).statusCode).toBe(404);
  });
});

describe("a customer's buyer details", () => {
  it('are stored with the customer, the country as its code, and changed like any field', async () => {
    const created = await owner.request('POST', '/customers', {
      ref: 'SIAULIU',
      name: 'Šiaulių prekyba',
      legal_name: 'UAB Šiaulių prekyba',
      tax_id: 'LT100001919017',
      currency: 'EUR',
      billing_address: {
        line1: 'Tilžės g. 1',
        city: 'Šiauliai',
        postal_code: 'LT-76001',
        country: 'lt',
      },
      registration_id: '145678901',
      electronic_address: { scheme: '9937', id: 'LT100001919017' },
      buyer_reference: 'PO-DEPT-7',
      send_ubl: true,
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({
      billing_address: { country: 'LT' },
      registration_id: '145678901',
      electronic_address: { scheme: '9937', id: 'LT100001919017' },
      buyer_reference: 'PO-DEPT-7',
      send_ubl: true,
    });
    const id = created.json().id;
    const changed = await owner.request('PATCH', `/customers/${id}`, {
      electronic_address: null,
      send_ubl: false,
    });
    expect(changed.json()).toMatchObject({
      electronic_address: null,
      send_ubl: false,
      buyer_reference: 'PO-DEPT-7',
    });
    const bad = await owner.request('PATCH', `/customers/${id}`, {
      electronic_address: { scheme: 'XX', id: 'a' },
    });
    expect(bad.json().error).toMatchObject({
      code: 'electronic_address_scheme_invalid',
      field: 'electronic_address.scheme',
    });
    const country = await owner.request('PATCH', `/customers/${id}`, {
      billing_address: { country: 'QQ' },
    });
    expect(country.json().error).toMatchObject({
      code: 'country_invalid',
      field: 'billing_address.country',
    });
  });
});
