// The documents a customer receives: an issued invoice's and a credit note's PDF (rendered once,
// stored with its hash, the parties frozen at issue) and their UBL e-invoices, checked against the
// UBL 2.1 schema on the way out and here against the official EN 16931 rules.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeRfReference, printRfReference } from '../../src/core/rf-reference.js';
import { sha256Of, renderDocument } from '../../src/rendering/get-document-pdf.service.js';
import { renderQueuedDocuments } from '../../src/rendering/render-queued-documents.service.js';
import { renderingAttemptsMax } from '../../src/rendering/rendering.sql.js';
import { findIssuedDocument } from '../../src/invoicing/find-invoice.service.js';
import type { Database } from '../../src/platform/db/database.js';
import type { App } from '../../src/platform/http/app.js';
import { buildServer } from '../../src/server/build-server.js';
import { apiClient, type ApiClient } from '../support/api.js';
import { en16931Fatal, en16931TestTimeoutMs } from '../support/en16931.js';
import { pdfPagesText } from '../support/pdf.js';
import { openTestDatabase } from '../support/test-database.js';

let database: Database;
let app: App;
let owner: ApiClient;
let customerId: string;
let invoice: { id: string; number: string };

beforeAll(async () => {
  database = await openTestDatabase();
  app = await buildServer({ database });
  owner = await apiClient(app, database, { currency: 'EUR' });
  const seller = await owner.request('PATCH', '/organization/invoicing', {
    legal_name: 'Łódź Trading Sp. z o.o.',
    address: { line1: 'ul. Piotrkowska 1', city: 'Łódź', postal_code: '90-001', country: 'PL' },
    vat_id: 'PL5260001246',
    registration_id: '0000012345',
    electronic_address: { scheme: '9945', id: 'PL5260001246' },
    payment_accounts: [{ iban: 'PL61109010140000071219812874', bic: 'WBKPPLPP' }],
    invoice_footer: 'Registered in Łódź',
  });
  expect(seller.statusCode, seller.body).toBe(200);
  const customer = await owner.request('POST', '/customers', {
    ref: 'SIAULIU',
    name: 'Šiaulių prekyba',
    legal_name: 'UAB Šiaulių prekyba',
    tax_id: 'LT100001919017',
    currency: 'EUR',
    terms: '2/10_NET30',
    billing_address: {
      line1: 'Tilžės g. 1',
      city: 'Šiauliai',
      postal_code: 'LT-76001',
      country: 'LT',
    },
    electronic_address: { scheme: '9937', id: 'LT100001919017' },
    buyer_reference: 'PO-DEPT-7',
  });
  expect(customer.statusCode, customer.body).toBe(201);
  customerId = customer.json().id;
  const created = await owner.request('POST', '/invoices', {
    customer_id: customerId,
    issue: true,
    issued_on: '2026-03-02',
    lines: [
      {
        description: 'Consulting',
        quantity: '12.5',
        unit_price: '80.00',
        tax_rate: '21',
        unit_code: 'HUR',
      },
      { description: 'Αθήνα workshop', quantity: '1', unit_price: '500.00', tax_rate: '21' },
      {
        description: 'Training (exempt)',
        quantity: '2',
        unit_price: '150.00',
        vat_category: 'E',
        exemption_reason: 'Exempt under Art. 132(1)(i) of Directive 2006/112/EC',
        unit_code: 'DAY',
      },
    ],
  });
  expect(created.statusCode, created.body).toBe(201);
  invoice = created.json();
});
afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe("an issued invoice's PDF", () => {
  it('prints both parties, the lines, the VAT breakdown, the terms and how to pay', async () => {
    const response = await owner.request('GET', `/invoices/${invoice.id}/pdf`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    const bytes = new Uint8Array(response.rawPayload);
    expect(response.headers['x-content-sha256']).toBe(sha256Of(bytes));
    const text = (await pdfPagesText(bytes)).join('\n');
    for (const expected of [
      'Łódź Trading Sp. z o.o.',
      'UAB Šiaulių prekyba',
      'Tilžės g. 1',
      invoice.number,
      'PL5260001246',
      'LT100001919017',
      'Αθήνα workshop',
      'Exempt under Art. 132(1)(i) of Directive 2006/112/EC',
      // 12.5 h × 80 + 500 = 1,500.00 at 21 % (315.00 VAT); 300.00 exempt; total 2,115.00.
      '1,500.00',
      '315.00 EUR',
      '2,115.00 EUR',
      '2026-04-01',
      '2 % discount if paid within 10 days, otherwise net 30 days',
      '2026-03-12',
      // 2 % of the total: 42.30.
      '42.30 EUR',
      `Reference: ${printRfReference(makeRfReference(invoice.number))}`,
      'PL61 1090 1014 0000 0712 1981 2874',
      'Registered in Łódź',
    ]) {
      expect(text, expected).toContain(expected);
    }
  });

  it('is rendered once and kept: later changes to the parties leave it as issued', async () => {
    const first = await owner.request('GET', `/invoices/${invoice.id}/pdf`);
    await owner.request('PATCH', '/organization/invoicing', {
      address: { line1: 'ul. Nowa 5', city: 'Warszawa', country: 'PL' },
    });
    await owner.request('PATCH', `/customers/${customerId}`, { legal_name: 'Renamed UAB' });
    const again = await owner.request('GET', `/invoices/${invoice.id}/pdf`);
    expect(Buffer.from(again.rawPayload).equals(Buffer.from(first.rawPayload))).toBe(true);
    // Rendered afresh from the frozen parties, it is the same document, byte for byte.
    const doc = await database.transaction(({ db }) =>
      findIssuedDocument(db, owner.orgId, 'invoice', invoice.id),
    );
    expect(doc.seller.address.city).toBe('Łódź');
    expect(doc.buyer.name).toBe('UAB Šiaulių prekyba');
    expect(sha256Of(await renderDocument(database, owner.orgId, doc))).toBe(
      first.headers['x-content-sha256'],
    );
  });

  it('refuses a draft, which has no document yet', async () => {
    const draft = await owner.request('POST', '/invoices', {
      customer_id: customerId,
      lines: [{ description: 'Later', quantity: '1', unit_price: '1.00' }],
    });
    const pdf = await owner.request('GET', `/invoices/${draft.json().id}/pdf`);
    expect(pdf.statusCode).toBe(409);
    expect(pdf.json().error.code).toBe('invoice_is_draft');
  });
});

describe('the e-invoice', () => {
  it(
    'is a UBL 2.1 invoice both the schema and the EN 16931 rules accept, carrying the RF reference',
    async () => {
      const response = await owner.request('GET', `/invoices/${invoice.id}/ubl`);
      expect(response.statusCode, response.body).toBe(200);
      const xml = response.body;
      expect(xml).toContain(`<cbc:ID>${invoice.number}</cbc:ID>`);
      expect(xml).toContain('<cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>');
      expect(xml).toContain('<cbc:EndpointID schemeID="9937">LT100001919017</cbc:EndpointID>');
      expect(xml).toContain('<cbc:BuyerReference>PO-DEPT-7</cbc:BuyerReference>');
      expect(xml).toMatch(/<cbc:PaymentID>RF\d\d[A-Z0-9]+<\/cbc:PaymentID>/);
      expect(xml).toContain('unitCode="HUR"');
      expect(await en16931Fatal(xml)).toEqual([]);
    },
    en16931TestTimeoutMs,
  );

  it(
    'of a credit note is type 381 and names the invoice it credits',
    async () => {
      const note = await owner.request('POST', '/credit-notes', {
        customer_id: customerId,
        invoice_id: invoice.id,
        issued_on: '2026-03-05',
        reason: 'Two hours billed twice',
        lines: [
          {
            description: 'Consulting',
            quantity: '2',
            unit_price: '80.00',
            tax_rate: '21',
            unit_code: 'HUR',
          },
        ],
      });
      expect(note.statusCode, note.body).toBe(201);
      const ubl = await owner.request('GET', `/credit-notes/${note.json().id}/ubl`);
      expect(ubl.statusCode, ubl.body).toBe(200);
      expect(ubl.body).toContain('<cbc:CreditNoteTypeCode>381</cbc:CreditNoteTypeCode>');
      expect(ubl.body).toContain(`<cbc:ID>${invoice.number}</cbc:ID>`);
      expect(await en16931Fatal(ubl.body)).toEqual([]);
      const pdf = await owner.request('GET', `/credit-notes/${note.json().id}/pdf`);
      const text = (await pdfPagesText(new Uint8Array(pdf.rawPayload))).join('\n');
      expect(text).toContain(invoice.number);
      expect(text).toContain('Two hours billed twice');
    },
    en16931TestTimeoutMs,
  );

  it('is refused, naming the field, when the buyer has no electronic address', async () => {
    const other = await owner.request('POST', '/customers', {
      ref: 'NOADDR',
      name: 'No Address GmbH',
      tax_id: 'DE136695976',
      currency: 'EUR',
      buyer_reference: 'X',
      billing_address: { city: 'Berlin', country: 'DE' },
    });
    const created = await owner.request('POST', '/invoices', {
      customer_id: other.json().id,
      issue: true,
      issued_on: '2026-03-02',
      lines: [{ description: 'Goods', quantity: '1', unit_price: '10.00', tax_rate: '19' }],
    });
    const ubl = await owner.request('GET', `/invoices/${created.json().id}/ubl`);
    expect(ubl.statusCode).toBe(400);
    expect(ubl.json().error.field).toMatch(/electronic_address/);
    expect(ubl.json().error.message).toMatch(/electronic address/i);
  });
});

describe('a line discount', () => {
  it(
    'is kept through the draft, priced, printed and sent as an EN 16931 line allowance',
    async () => {
      const created = await owner.request('POST', '/invoices', {
        customer_id: customerId,
        issued_on: '2026-03-10',
        lines: [
          {
            description: 'Licences',
            quantity: '3',
            unit_price: '33.33',
            tax_rate: '21',
            discount_percent: '10',
            discount_reason: 'Volume discount',
          },
          {
            description: 'Setup',
            quantity: '1',
            unit_price: '200.00',
            tax_rate: '21',
            discount_amount: '50.00',
          },
        ],
      });
      expect(created.statusCode, created.body).toBe(201);
      const draft = created.json();
      // 3 × 33.33 = 99.99, 10 % of it 10.00 (9.999 rounded): 89.99; 200.00 − 50.00 = 150.00.
      expect(draft.lines[0]).toMatchObject({
        discount_amount: '10.00',
        discount_percent: '10',
        discount_reason: 'Volume discount',
        net: '89.99',
      });
      expect(draft.lines[1]).toMatchObject({
        discount_amount: '50.00',
        discount_percent: null,
        discount_reason: 'Discount',
        net: '150.00',
      });
      // 239.99 at 21 % is 50.40 of VAT.
      expect(draft).toMatchObject({ subtotal: '239.99', tax: '50.40', total: '290.39' });

      // Changed without its lines, the draft keeps each discount as it was given.
      const changed = await owner.request('PATCH', `/invoices/${draft.id}`, { memo: 'Thanks' });
      expect(changed.statusCode, changed.body).toBe(200);
      expect(changed.json().lines).toEqual(draft.lines);

      const issued = await owner.request('POST', `/invoices/${draft.id}/issue`, { send: false });
      expect(issued.statusCode, issued.body).toBe(200);
      const ubl = await owner.request('GET', `/invoices/${draft.id}/ubl`);
      expect(ubl.statusCode, ubl.body).toBe(200);
      expect(ubl.body).toContain('<cbc:MultiplierFactorNumeric>10</cbc:MultiplierFactorNumeric>');
      expect(ubl.body).toContain('<cbc:BaseAmount currencyID="EUR">99.99</cbc:BaseAmount>');
      expect(ubl.body).toContain('<cbc:Amount currencyID="EUR">50.00</cbc:Amount>');
      expect(ubl.body.match(/<cbc:AllowanceChargeReasonCode>95</g)).toHaveLength(2);
      expect(await en16931Fatal(ubl.body)).toEqual([]);

      const pdf = await owner.request('GET', `/invoices/${draft.id}/pdf`);
      const text = (await pdfPagesText(new Uint8Array(pdf.rawPayload))).join('\n');
      for (const expected of ['Volume discount, 10 %', '-10.00', '-50.00', '290.39 EUR'])
        expect(text, expected).toContain(expected);

      const note = await owner.request('POST', '/credit-notes', {
        customer_id: customerId,
        invoice_id: draft.id,
        issued_on: '2026-03-12',
        reason: 'Setup discount raised',
        lines: [
          {
            description: 'Setup',
            quantity: '1',
            unit_price: '200.00',
            tax_rate: '21',
            discount_amount: '180.00',
            discount_reason: 'Agreed after delivery',
          },
        ],
      });
      expect(note.statusCode, note.body).toBe(201);
      expect(note.json()).toMatchObject({ subtotal: '20.00', total: '24.20' });
      const noteUbl = await owner.request('GET', `/credit-notes/${note.json().id}/ubl`);
      expect(noteUbl.body).toContain('Agreed after delivery');
      expect(await en16931Fatal(noteUbl.body)).toEqual([]);
    },
    en16931TestTimeoutMs,
  );

  it('is refused, naming the line and field, when it is more than the line', async () => {
    const response = await owner.request('POST', '/invoices', {
      customer_id: customerId,
      lines: [
        { description: 'A', quantity: '1', unit_price: '10.00' },
        { description: 'B', quantity: '2', unit_price: '10.00', discount_amount: '20.01' },
      ],
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({
      code: 'discount_exceeds_line',
      field: 'lines[1].discount_amount',
    });
  });
});

describe('the rendering job', () => {
  const queued = () =>
    database.db
      .selectFrom('rendering_queue')
      .select(['source_type', 'source_id', 'attempts', 'last_error'])
      .where('org_id', '=', owner.orgId)
      .orderBy('queued_at')
      .execute();
  const rendering = (id: string) =>
    database.db
      .selectFrom('document_renderings')
      .select('sha256')
      .where('org_id', '=', owner.orgId)
      .where('source_id', '=', id)
      .executeTakeFirst();
  const line = { description: 'Support', quantity: '1', unit_price: '100.00', tax_rate: '21' };
  const issueWithoutSending = async () => {
    const issued = await owner.request('POST', '/invoices', {
      customer_id: customerId,
      issue: true,
      send: false,
      lines: [line],
    });
    expect(issued.statusCode, issued.body).toBe(201);
    return issued;
  };

  it('renders what was issued and not sent after the issuing transaction, keeping its hash', async () => {
    await renderQueuedDocuments(database);
    const issued = await issueWithoutSending();
    const credit = await owner.request('POST', '/credit-notes', {
      customer_id: customerId,
      invoice_id: issued.json().id,
      reason: 'Goodwill',
      lines: [{ ...line, unit_price: '10.00' }],
    });
    expect(credit.statusCode, credit.body).toBe(201);
    // Issuing only queued them: nothing was rendered in the issuing transaction.
    expect(await queued()).toEqual([
      { source_type: 'invoice', source_id: issued.json().id, attempts: 0, last_error: null },
      { source_type: 'credit_note', source_id: credit.json().id, attempts: 0, last_error: null },
    ]);
    expect(await rendering(issued.json().id)).toBeUndefined();

    expect(await renderQueuedDocuments(database)).toEqual({ rendered: 2, failed: 0 });
    expect(await queued()).toEqual([]);
    for (const [path, id] of [
      ['invoices', issued.json().id],
      ['credit-notes', credit.json().id],
    ]) {
      const stored = await rendering(id);
      const pdf = await owner.request('GET', `/${path}/${id}/pdf`);
      expect(stored?.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(pdf.headers['x-content-sha256']).toBe(stored?.sha256);
      expect(sha256Of(new Uint8Array(pdf.rawPayload))).toBe(stored?.sha256);
    }
  });

  it('keeps a document it cannot render on the queue with the error, and stops trying', async () => {
    // The first bytes of a JPEG pass for a logo, but no image can be read from them.
    const notAnImage = Buffer.concat([
      Buffer.from('ffd8ffe000104a464946', 'hex'),
      Buffer.alloc(64),
    ]);
    const put = await owner.request('PUT', '/organization/logo', notAnImage, {
      'content-type': 'image/jpeg',
    });
    expect(put.statusCode, put.body).toBe(200);
    try {
      const issued = await issueWithoutSending();
      for (let attempt = 1; attempt <= renderingAttemptsMax; attempt += 1) {
        expect(await renderQueuedDocuments(database)).toEqual({ rendered: 0, failed: 1 });
      }
      expect(await queued()).toEqual([
        {
          source_type: 'invoice',
          source_id: issued.json().id,
          attempts: renderingAttemptsMax,
          last_error: expect.stringContaining('logo'),
        },
      ]);
      // Then it waits for a person: the job leaves it, and the download says why.
      expect(await renderQueuedDocuments(database)).toEqual({ rendered: 0, failed: 0 });
      const pdf = await owner.request('GET', `/invoices/${issued.json().id}/pdf`);
      expect(pdf.json().error).toMatchObject({ code: 'logo_unreadable', field: 'logo' });
    } finally {
      await owner.request('DELETE', '/organization/logo');
    }
  });
});
