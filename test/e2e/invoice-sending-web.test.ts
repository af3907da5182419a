// Goal: in a real browser, against the real server, database and a real SMTP server, a clerk
// issues an invoice with "E-mail it to the customer" ticked and is told where it goes; delivery
// then sends it with its PDF (the number in its text) and its e-invoice; the clerk downloads the
// e-invoice from the invoice's page and sends the invoice again, once however often Send is
// clicked. Saved and issued from the form with the box unticked, nothing is sent. A viewer gets
// the documents but no Send again; a credit note's page offers its documents too.
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../src/auth/manage-users.service.js';
import { deliverOutbox } from '../../src/messaging/deliver-outbox.service.js';
import { updateMailSettings } from '../../src/messaging/mail-settings.service.js';
import { pdfPagesText } from '../support/pdf.js';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp.js';
import { screenshot, seriousAccessibilityViolations } from './support/browser.js';
import { startWebApp, type WebApp } from './support/web-app.js';

let web: WebApp;
let smtp: TestSmtpServer;
let clerkPage: Page;
let token: string;
const ids: Record<string, string> = {};
const env = {};

const main = (page: Page) => page.getByRole('main');
const notice = (page: Page) => page.locator('.notice');
// The machine running the browser may be busy: wait for the page longer than expect's 1 s.
const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 15_000 });
const deliver = () => deliverOutbox(web.database, { orgId: web.actor.orgId, env });

/** The API as an integration would call it, with the owner's token. */
async function api(method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) {
  const response = await web.app.inject({
    method,
    url: `/api/v1${url}`,
    headers: { authorization: `Bearer ${token}` },
    ...(payload ? { payload } : {}),
  });
  expect(response.statusCode, response.body).toBeLessThan(300);
  return response.json();
}

beforeAll(async () => {
  web = await startWebApp();
  smtp = await startSmtpServer();
  token = (await createApiToken(web.database, web.actor, { name: 'test setup' })).token;
  await updateMailSettings(
    web.database,
    web.actor,
    { smtpUrl: smtp.url, mailFrom: '"Łódź AR" <ar@lodz.test>' },
    env,
  );
  await api('PATCH', '/organization/invoicing', {
    legal_name: 'Łódź Trading Sp. z o.o.',
    address: { line1: 'ul. Piotrkowska 1', city: 'Łódź', postal_code: '90-001', country: 'PL' },
    vat_id: 'PL5260001246',
    electronic_address: { scheme: '9945', id: 'PL5260001246' },
    payment_accounts: [{ iban: 'PL61109010140000071219812874', bic: 'WBKPPLPP' }],
  });
  const customer = await api('POST', '/customers', {
    ref: 'C-SIA',
    name: 'UAB Šiaulių prekyba',
    currency: 'EUR',
    billing_address: { line1: 'Tilžės g. 1', city: 'Šiauliai', country: 'LT' },
    tax_id: 'LT100001919017',
    electronic_address: { scheme: '9937', id: 'LT100001919017' },
    buyer_reference: 'PO-7',
    send_ubl: true,
    contacts: [
      { name: 'Billing', email: 'billing@siauliu.test', role: 'billing' },
      { name: 'Boss', email: 'boss@siauliu.test', role: 'primary' },
    ],
  });
  ids.customer = customer.id;
  const clerk = await web.addUser('accountant', 'Alex Accountant');
  clerkPage = await web.signedInPage(clerk, '/invoices');
});

afterAll(async () => {
  await smtp?.close();
  await web?.close();
});

/** Fills in a new invoice for the customer in the browser, as the clerk does. */
async function fillInvoice(page: Page, description: string) {
  await page.goto(`/invoices/new?customer_id=${ids.customer}`);
  await page.getByRole('heading', { name: 'New invoice', level: 1 }).waitFor();
  const line = (field: string) =>
    page.getByRole('textbox', { name: `Line 1 ${field}`, exact: true });
  await line('description').fill(description);
  await line('quantity').fill('2');
  await line('unit price').fill('100.00');
  await line('tax rate (%)').fill('21');
}

const idOf = (page: Page) => new URL(page.url()).pathname.split('/')[2]!;

describe('a clerk', () => {
  it('issues an invoice e-mailed to the customer, and is told where it goes', async () => {
    const page = clerkPage;
    await fillInvoice(page, 'Consulting');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByRole('heading', { name: 'Draft invoice', level: 1, exact: true }).waitFor();
    ids.sent = idOf(page);
    const send = page.getByRole('checkbox', { name: 'E-mail it to the customer' });
    expect(await send.isChecked()).toBe(true);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'invoice-issue-send');
    await page.getByRole('button', { name: 'Issue invoice' }).click();
    await page.getByRole('heading', { name: 'Invoice INV-000001', level: 1 }).waitFor();
    await poll(() => notice(page).textContent()).toContain(
      'Invoice INV-000001 will be e-mailed to billing@siauliu.test with its PDF and its e-invoice.',
    );
    expect(await main(page).getByRole('alert').count()).toBe(0);
  });

  it('sends it through the outbox with its PDF and e-invoice attached', async () => {
    expect(smtp.received).toHaveLength(0);
    expect(await deliver()).toMatchObject({ sent: 1, failed: 0 });
    expect(smtp.received).toHaveLength(1);
    const mail = smtp.received[0]!;
    expect(mail.envelopeTo).toEqual(['billing@siauliu.test']);
    expect(mail.attachments.map((item) => [item.fileName, item.contentType])).toEqual([
      ['INV-000001.pdf', 'application/pdf'],
      ['INV-000001.xml', 'application/xml'],
    ]);
    const text = await pdfPagesText(new Uint8Array(mail.attachments[0]!.content));
    expect(text.join(' ')).toContain('INV-000001');
  });

  it("downloads the invoice's e-invoice and PDF from its page", async () => {
    const page = clerkPage;
    const documents = main(page).getByRole('region', { name: 'Documents' });
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'invoice-documents');

    const [ubl] = await Promise.all([
      page.waitForEvent('download'),
      documents
        .getByRole('link', { name: 'Download e-invoice (UBL) of invoice INV-000001' })
        .click(),
    ]);
    const xml = await readFile((await ubl.path())!, 'utf8');
    expect(xml).toContain('<cbc:ID>INV-000001</cbc:ID>');
    expect(xml).toContain('<cbc:BuyerReference>PO-7</cbc:BuyerReference>');

    const [pdf] = await Promise.all([
      page.waitForEvent('download'),
      documents.getByRole('link', { name: 'Download PDF of invoice INV-000001' }).click(),
    ]);
    const bytes = new Uint8Array(await readFile((await pdf.path())!));
    expect((await pdfPagesText(bytes)).join(' ')).toContain('INV-000001');
  });

  it('sends it again, once however fast Send is clicked twice', async () => {
    const page = clerkPage;
    await page.getByRole('button', { name: 'Send again' }).click();
    const dialog = page.getByRole('dialog', { name: 'Send invoice INV-000001 again' });
    await dialog.waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'invoice-send-again');
    await dialog.getByRole('button', { name: 'Send' }).dblclick();
    await poll(() => notice(page).textContent()).toContain(
      'Sending invoice INV-000001 again. Invoice INV-000001 will be e-mailed to billing@siauliu.test with its PDF and its e-invoice.',
    );
    await poll(() => dialog.count()).toBe(0);
    expect(await deliver()).toMatchObject({ sent: 1, failed: 0 });
    expect(await deliver()).toMatchObject({ sent: 0 });
    expect(smtp.received).toHaveLength(2);
    expect(smtp.received[1]!.envelopeTo).toEqual(['billing@siauliu.test']);
    expect(smtp.received[1]!.attachments.map((item) => item.fileName)).toEqual([
      'INV-000001.pdf',
      'INV-000001.xml',
    ]);
    const outbox = await api('GET', `/outbox?customer_id=${ids.customer}`);
    expect(outbox.items.filter((item: { kind: string }) => item.kind === 'invoice')).toHaveLength(
      2,
    );
  });

  it('saves and issues from the form without e-mailing it when the box is unticked', async () => {
    const page = clerkPage;
    await fillInvoice(page, 'Quiet work');
    const send = page.getByRole('checkbox', { name: 'E-mail it to the customer' });
    expect(await send.isChecked()).toBe(true);
    await send.uncheck();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'invoice-form-issue');
    await page.getByRole('button', { name: 'Save and issue' }).dblclick();
    await page.getByRole('heading', { name: 'Invoice INV-000002', level: 1 }).waitFor();
    await poll(() => notice(page).textContent()).toContain(
      'Invoice INV-000002 issued: €242.00 for UAB Šiaulių prekyba',
    );
    expect(await notice(page).textContent()).not.toContain('e-mailed');
    expect(await deliver()).toMatchObject({ sent: 0 });
    expect(smtp.received).toHaveLength(2);
    // Issued once however fast the button was clicked: the next number is still free.
    const list = await api('GET', `/invoices?customer_id=${ids.customer}`);
    expect(list.items.map((item: { number: string }) => item.number).sort()).toEqual([
      'INV-000001',
      'INV-000002',
    ]);
  });

  it("shows the API's error when the customer has no one to send it to", async () => {
    const nobody = await api('POST', '/customers', {
      ref: 'C-NOBODY',
      name: 'Nobody UAB',
      currency: 'EUR',
      billing_address: { line1: 'Gedimino pr. 1', city: 'Vilnius', country: 'LT' },
    });
    const invoice = await api('POST', '/invoices', {
      customer_id: nobody.id,
      issue: true,
      send: false,
      lines: [{ description: 'Advice', quantity: '1', unit_price: '50.00', tax_rate: '21' }],
    });
    const page = clerkPage;
    await page.goto(`/invoices/${invoice.id}`);
    await page.getByRole('button', { name: 'Send again' }).click();
    const dialog = page.getByRole('dialog', { name: `Send invoice ${invoice.number} again` });
    await dialog.getByRole('button', { name: 'Send' }).click();
    await poll(() => dialog.getByRole('alert').textContent()).toContain(
      'the customer has no contact with an e-mail address',
    );
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'invoice-send-again-error');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(await deliver()).toMatchObject({ sent: 0 });
    expect(smtp.received).toHaveLength(2);
  });
});

describe('a viewer', () => {
  it("gets the invoice's documents but cannot send it", async () => {
    const viewer = await web.addUser('viewer', 'Vic Viewer');
    const page = await web.signedInPage(viewer, `/invoices/${ids.sent}`);
    await page.getByRole('heading', { name: 'Invoice INV-000001', level: 1 }).waitFor();
    const documents = main(page).getByRole('region', { name: 'Documents' });
    await documents.getByRole('link', { name: 'Download PDF of invoice INV-000001' }).waitFor();
    expect(
      await documents
        .getByRole('link', { name: 'Download e-invoice (UBL) of invoice INV-000001' })
        .getAttribute('href'),
    ).toBe(`/api/v1/invoices/${ids.sent}/ubl`);
    expect(await main(page).getByRole('button').count()).toBe(0);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'invoice-documents-viewer');
  });
});

describe("a credit note's page", () => {
  it('offers its PDF and e-invoice', async () => {
    const note = await api('POST', '/credit-notes', {
      customer_id: ids.customer,
      invoice_id: ids.sent,
      lines: [{ description: 'Goodwill', quantity: '1', unit_price: '10.00', tax_rate: '21' }],
    });
    const page = clerkPage;
    await page.goto(`/credit-notes/${note.id}`);
    await page.getByRole('heading', { name: `Credit note ${note.number}`, level: 1 }).waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      main(page)
        .getByRole('link', { name: `Download e-invoice (UBL) of credit note ${note.number}` })
        .click(),
    ]);
    const xml = await readFile((await download.path())!, 'utf8');
    expect(xml).toContain(`<cbc:ID>${note.number}</cbc:ID>`);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
  });
});
