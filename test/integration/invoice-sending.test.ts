// Issuing an invoice sends it: the e-mail is queued in the issuing transaction, and delivery
// renders the PDF (and the e-invoice where the customer wants it) and sends it through a real SMTP
// server, once, even when it is retried; a person can send it again, and it shows on the
// customer's timeline.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverOutbox } from '../../src/messaging/deliver-outbox.service.js';
import { updateMailSettings } from '../../src/messaging/mail-settings.service.js';
import type { Database } from '../../src/platform/db/database.js';
import type { App } from '../../src/platform/http/app.js';
import { sha256Of } from '../../src/rendering/get-document-pdf.service.js';
import { buildServer } from '../../src/server/build-server.js';
import { apiClient, type ApiClient } from '../support/api.js';
import { pdfPagesText } from '../support/pdf.js';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp.js';
import { openTestDatabase } from '../support/test-database.js';

let database: Database;
let app: App;
let owner: ApiClient;
let smtp: TestSmtpServer;
const env = {};

async function customer(body: Record<string, unknown>) {
  const response = await owner.request('POST', '/customers', {
    currency: 'EUR',
    billing_address: { line1: 'Tilžės g. 1', city: 'Šiauliai', country: 'LT' },
    tax_id: 'LT100001919017',
    electronic_address: { scheme: '9937', id: 'LT100001919017' },
    buyer_reference: 'PO-7',
    ...body,
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().id as string;
}

async function issue(customerId: string, extra: Record<string, unknown> = {}) {
  const response = await owner.request('POST', '/invoices', {
    customer_id: customerId,
    issue: true,
    issued_on: '2026-03-02',
    lines: [{ description: 'Consulting', quantity: '2', unit_price: '100.00', tax_rate: '21' }],
    ...extra,
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string; number: string; notices?: string[] };
}

const deliver = () => deliverOutbox(database, { orgId: owner.orgId, env });

beforeAll(async () => {
  database = await openTestDatabase();
  app = await buildServer({ database });
  owner = await apiClient(app, database, { currency: 'EUR' });
  smtp = await startSmtpServer();
  await updateMailSettings(
    database,
    owner.actor,
    { smtpUrl: smtp.url, mailFrom: '"Łódź AR" <ar@lodz.test>' },
    env,
  );
  await owner.request('PATCH', '/organization/invoicing', {
    legal_name: 'Łódź Trading Sp. z o.o.',
    address: { line1: 'ul. Piotrkowska 1', city: 'Łódź', postal_code: '90-001', country: 'PL' },
    vat_id: 'PL5260001246',
    electronic_address: { scheme: '9945', id: 'PL5260001246' },
    payment_accounts: [{ iban: 'PL61109010140000071219812874', bic: 'WBKPPLPP' }],
  });
});
afterAll(async () => {
  await smtp?.close();
  await app?.close();
  await database?.close();
});

describe('issuing an invoice', () => {
  it('e-mails it to the billing contacts with its PDF and, when wanted, its e-invoice', async () => {
    const id = await customer({
      ref: 'SENDS',
      name: 'UAB Šiaulių prekyba',
      send_ubl: true,
      contacts: [
        { name: 'Billing', email: 'billing@siauliu.test', role: 'billing' },
        { name: 'Boss', email: 'boss@siauliu.test', role: 'primary' },
      ],
    });
    const invoice = await issue(id);
    expect(invoice.notices).toEqual([
      `Invoice ${invoice.number} will be e-mailed to billing@siauliu.test with its PDF and its e-invoice.`,
    ]);
    const before = smtp.received.length;
    expect(await deliver()).toMatchObject({ sent: 1, failed: 0 });
    const mail = smtp.received.slice(before);
    expect(mail).toHaveLength(1);
    expect(mail[0]!.envelopeTo).toEqual(['billing@siauliu.test']);
    expect(mail[0]!.subject).toContain(`Invoice ${invoice.number}`);
    expect(mail[0]!.attachments.map((item) => [item.fileName, item.contentType])).toEqual([
      [`${invoice.number}.pdf`, 'application/pdf'],
      [`${invoice.number}.xml`, 'application/xml'],
    ]);
    // The PDF sent is the stored document, byte for byte.
    const pdf = mail[0]!.attachments[0]!.content;
    const stored = await owner.request('GET', `/invoices/${invoice.id}/pdf`);
    expect(sha256Of(new Uint8Array(pdf))).toBe(stored.headers['x-content-sha256']);
    expect((await pdfPagesText(new Uint8Array(pdf))).join(' ')).toContain(invoice.number);
    expect(mail[0]!.attachments[1]!.content.toString('utf8')).toContain(
      `<cbc:ID>${invoice.number}</cbc:ID>`,
    );

    // Delivered once: another pass sends nothing again.
    expect(await deliver()).toMatchObject({ sent: 0 });

    // On the customer's timeline, sent, with the relay's Message-ID.
    const outbox = await owner.request('GET', `/outbox?customer_id=${id}`);
    const message = outbox.json().items.find((item: { kind: string }) => item.kind === 'invoice');
    expect(message).toMatchObject({ status: 'sent', invoice_ids: [invoice.id] });
    expect(message.smtp_message_id).toMatch(/^<.+@lodz\.test>$/);
    expect(mail[0]!.headers.get('message-id')).toBe(message.smtp_message_id);
    const timeline = await owner.request('GET', `/customers/${id}/timeline`);
    const sent = timeline
      .json()
      .items.find(
        (item: { type: string; refs: Record<string, unknown> }) =>
          item.type === 'message' && item.refs.message_id === message.id,
      );
    expect(sent.refs.relay_message_id).toBe(message.smtp_message_id);
    expect(sent.summary).toContain(`Message-ID ${message.smtp_message_id}`);
  });

  it('does not e-mail it when asked not to, nor when there is no one to send it to', async () => {
    const id = await customer({
      ref: 'QUIET',
      name: 'Quiet UAB',
      contacts: [{ name: 'AP', email: 'ap@quiet.test', role: 'accounts_payable' }],
    });
    const quiet = await issue(id, { send: false });
    expect(quiet.notices).toBeUndefined();
    const nobody = await issue(await customer({ ref: 'NOBODY', name: 'Nobody UAB' }));
    expect(nobody.notices).toEqual([
      `Invoice ${nobody.number} was not e-mailed: the customer has no contact with an e-mail address.`,
    ]);
    const before = smtp.received.length;
    await deliver();
    expect(smtp.received.length).toBe(before);

    // Sent on demand, once per Idempotency-Key.
    const headers = { 'idempotency-key': 'resend-quiet-1' };
    const first = await owner.request('POST', `/invoices/${quiet.id}/send`, undefined, headers);
    expect(first.statusCode, first.body).toBe(202);
    const again = await owner.request('POST', `/invoices/${quiet.id}/send`, undefined, headers);
    expect(again.json().message_id).toBe(first.json().message_id);
    expect(await deliver()).toMatchObject({ sent: 1 });
    expect(smtp.received.at(-1)!.envelopeTo).toEqual(['ap@quiet.test']);
    expect(smtp.received.at(-1)!.attachments).toHaveLength(1);

    const refused = await owner.request('POST', `/invoices/${nobody.id}/send`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('invoice_has_no_recipient');
  });

  it('sends the PDF without the e-invoice, and says why, when EN 16931 cannot express it', async () => {
    const id = await customer({
      ref: 'NOPEPPOL',
      name: 'No Peppol UAB',
      electronic_address: null,
      send_ubl: true,
      contacts: [{ name: 'Billing', email: 'billing@nopeppol.test', role: 'billing' }],
    });
    const invoice = await issue(id);
    expect(invoice.notices![0]).toContain('with its PDF.');
    expect(invoice.notices![1]).toMatch(
      /^The e-invoice \(UBL\) is not attached: .*electronic address/i,
    );
    await deliver();
    expect(smtp.received.at(-1)!.attachments.map((item) => item.contentType)).toEqual([
      'application/pdf',
    ]);
  });
});
