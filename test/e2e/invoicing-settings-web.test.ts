// Goal: in a real browser, against the real server and database, an owner enters the master data
// invoices need: the seller's legal name, address, VAT id, electronic address, bank accounts,
// footer and logo, which the API then gives back as entered; a bad IBAN is refused on its field.
// A viewer reads the details but sees no control that would change them. Every page passes the
// accessibility check.
import { crc32, deflateSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCustomer } from '../../src/customers/create-customer.service.js';
import { screenshot, seriousAccessibilityViolations, tableRows } from './support/browser.js';
import { startWebApp, type WebApp } from './support/web-app.js';

let web: WebApp;
let owner: Page;
let kadeId = '';

beforeAll(async () => {
  web = await startWebApp();
  owner = await web.signedInPage(web.owner, '/settings');
});
afterAll(async () => {
  await web?.close();
});

/** A PNG of `width`×`height` in one colour: big enough to be seen in the screenshots. */
function solidPng(width: number, height: number, rgb: [number, number, number]): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8 bits, RGB, no interlace
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(width * 3)]);
  for (let x = 0; x < width; x++) row.set(rgb, 1 + x * 3);
  const pixels = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([
    Buffer.from('89504e470d0a1a0a', 'hex'),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(pixels)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** What the API says about the seller, asked with the page's own session. */
async function sellerDetails(page: Page) {
  const response = await page.request.get('/api/v1/organization/invoicing');
  expect(response.ok()).toBe(true);
  return (await response.json()) as Record<string, unknown>;
}

function mainButtons(page: Page) {
  return page.locator('main').getByRole('button');
}

describe('the invoicing master data in the browser', () => {
  it('lists Invoicing among the settings and opens it', async () => {
    await owner
      .getByRole('list', { name: 'Settings pages' })
      .getByRole('link', { name: 'Invoicing' })
      .click();
    await owner.getByRole('heading', { level: 1, name: 'Invoicing' }).waitFor();
    await owner.getByRole('form', { name: 'Invoicing details' }).waitFor();
    expect(await seriousAccessibilityViolations(owner)).toEqual([]);
  });

  it('saves the seller details the owner types', async () => {
    const form = owner.getByRole('form', { name: 'Invoicing details' });
    await form.getByLabel(/^Legal name/).fill('Acme Trading GmbH');
    await form.getByLabel('VAT id').fill('DE123456789');
    await form.getByLabel('Company registration number').fill('HRB 12345');
    await form.getByLabel('Street and number').fill('Hauptstraße 1');
    await form.getByLabel('Postal code').fill('10115');
    await form.getByLabel('City').fill('Berlin');
    await form.getByLabel('Country').selectOption('DE');
    await form.getByLabel('Scheme').selectOption('9930');
    await form.getByLabel('Identifier').fill('DE123456789');
    await form.getByRole('button', { name: 'Add a bank account' }).click();
    const first = form.getByRole('group', { name: 'Bank account 1' });
    await first.getByLabel('IBAN').fill('DE89 3704 0044 0532 0130 00');
    await first.getByLabel('BIC').fill('COBADEFFXXX');
    await first.getByLabel('Bank name').fill('Commerzbank');
    await form.getByRole('button', { name: 'Add a bank account' }).click();
    const second = form.getByRole('group', { name: 'Bank account 2' });
    await second.getByLabel('Account number').fill('12345678');
    await second.getByLabel('Routing number or sort code').fill('021000021');
    await form.getByLabel(/^Footer/).fill('Acme Trading GmbH · Managing director: A. Acme');
    await form.getByRole('button', { name: 'Save invoicing details' }).click();
    await owner
      .getByRole('status')
      .getByText(/Invoicing details saved/)
      .waitFor();

    const saved = await sellerDetails(owner);
    expect(saved).toMatchObject({
      legal_name: 'Acme Trading GmbH',
      vat_id: 'DE123456789',
      registration_id: 'HRB 12345',
      address: {
        line1: 'Hauptstraße 1',
        line2: null,
        postal_code: '10115',
        city: 'Berlin',
        country: 'DE',
      },
      electronic_address: { scheme: '9930', id: 'DE123456789' },
      invoice_footer: 'Acme Trading GmbH · Managing director: A. Acme',
    });
    expect(saved.payment_accounts).toEqual([
      expect.objectContaining({ iban: 'DE89370400440532013000', bic: 'COBADEFFXXX' }),
      expect.objectContaining({
        iban: null,
        account_number: '12345678',
        routing_number: '021000021',
      }),
    ]);
  });

  it('removes a bank account', async () => {
    const form = owner.getByRole('form', { name: 'Invoicing details' });
    await form.getByRole('button', { name: 'Remove bank account 2' }).click();
    await form.getByRole('button', { name: 'Save invoicing details' }).click();
    await owner
      .getByRole('status')
      .getByText(/1 bank account\b/)
      .waitFor();
    const saved = await sellerDetails(owner);
    expect(saved.payment_accounts).toEqual([
      expect.objectContaining({ iban: 'DE89370400440532013000' }),
    ]);
  });

  it("shows the API's error on the IBAN it refuses, and saves nothing", async () => {
    const form = owner.getByRole('form', { name: 'Invoicing details' });
    await form.getByRole('button', { name: 'Add a bank account' }).click();
    const second = form.getByRole('group', { name: 'Bank account 2' });
    await second.getByLabel('IBAN').fill('DE00 1234 5678 9012 3456 78');
    await form.getByRole('button', { name: 'Save invoicing details' }).click();
    const alert = form.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('Bank account 2: IBAN (payment_accounts[1].iban)');
    expect(await alert.textContent()).toContain('iban_invalid');
    expect(await second.getByLabel('IBAN').getAttribute('aria-invalid')).toBe('true');
    expect(
      await form
        .getByRole('group', { name: 'Bank account 1' })
        .getByLabel('IBAN')
        .getAttribute('aria-invalid'),
    ).toBeNull();
    expect(await seriousAccessibilityViolations(owner)).toEqual([]);
    await screenshot(owner, 'invoicing-settings-bad-iban');
    expect((await sellerDetails(owner)).payment_accounts).toHaveLength(1);
    await form.getByRole('button', { name: 'Remove bank account 2' }).click();
    expect(await form.getByRole('alert').count()).toBe(0);
  });

  it('uploads a logo, shows it, and removes it', async () => {
    const logo = solidPng(240, 80, [20, 90, 160]);
    await owner.getByLabel(/^Upload a logo/).setInputFiles({
      name: 'acme.png',
      mimeType: 'image/png',
      buffer: logo,
    });
    await owner.getByRole('status').getByText('Logo set from acme.png').waitFor();
    const image = owner.getByRole('img', { name: "The organization's logo, as invoices print it" });
    await image.waitFor();
    // The image shown is the one stored: it loaded, at the size it was drawn.
    await expect
      .poll(() => image.evaluate((element: HTMLImageElement) => element.naturalWidth))
      .toBe(240);
    expect(await sellerDetails(owner)).toMatchObject({ has_logo: true });
    const stored = await owner.request.get('/api/v1/organization/logo');
    expect(Buffer.from(await stored.body()).equals(logo)).toBe(true);
    expect(await seriousAccessibilityViolations(owner)).toEqual([]);
    await screenshot(owner, 'invoicing-settings-owner');

    await owner.getByRole('button', { name: 'Remove logo' }).click();
    await owner.getByRole('status').getByText('Logo removed').waitFor();
    expect(await sellerDetails(owner)).toMatchObject({ has_logo: false });

    await owner.getByLabel(/^Upload a logo/).setInputFiles({
      name: 'acme.png',
      mimeType: 'image/png',
      buffer: logo,
    });
    await image.waitFor();
    expect(await sellerDetails(owner)).toMatchObject({ has_logo: true });
  });

  it('refuses a file that is not an image, on the logo input', async () => {
    await owner.getByLabel(/^Replace the logo/).setInputFiles({
      name: 'notes.png',
      mimeType: 'image/png',
      buffer: Buffer.from('not an image at all'),
    });
    const alert = owner.getByRole('region', { name: 'Logo' }).getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('logo_not_an_image');
    expect(await owner.getByLabel(/^Replace the logo/).getAttribute('aria-invalid')).toBe('true');
  });

  it('shows a viewer the details and the logo, with no control to change them', async () => {
    const viewer = await web.signedInPage(
      await web.addUser('viewer', 'Vera Viewer'),
      '/settings/invoicing',
    );
    await viewer.getByRole('heading', { level: 1, name: 'Invoicing' }).waitFor();
    const form = viewer.getByRole('form', { name: 'Invoicing details' });
    await form.waitFor();
    expect(await form.getByLabel(/^Legal name/).inputValue()).toBe('Acme Trading GmbH');
    expect(await form.getByLabel(/^Legal name/).isDisabled()).toBe(true);
    await viewer
      .getByRole('img', { name: "The organization's logo, as invoices print it" })
      .waitFor();
    expect(await mainButtons(viewer).count()).toBe(0);
    expect(await viewer.locator('main input[type=file]').count()).toBe(0);
    expect(await seriousAccessibilityViolations(viewer)).toEqual([]);
    await screenshot(viewer, 'invoicing-settings-viewer');
  });

  it("saves a customer's buyer details and billing country from the customer editor", async () => {
    const customer = await createCustomer(web.database, web.actor, {
      ref: 'NL-1',
      name: 'Kade Handel BV',
      currency: 'EUR',
    });
    kadeId = customer.id;
    const page = await web.signedInPage(web.owner, `/customers/${customer.id}`);
    await page.getByRole('button', { name: 'Edit customer' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit Kade Handel BV' });
    await dialog.getByLabel('Tax id').fill('NL123456789B01');
    await dialog.getByLabel('Company registration number').fill('KVK 12345678');
    await dialog.getByLabel(/^Buyer reference/).fill('PO-2026-77');
    await dialog.getByLabel('Electronic address scheme').selectOption('0106');
    await dialog.getByLabel('Electronic address identifier').fill('12345678');
    await dialog.getByLabel('Send the e-invoice (UBL) with invoice e-mails').check();
    await dialog.getByLabel('Street and number').fill('Kade 1');
    await dialog.getByLabel('City').fill('Amsterdam');
    await dialog.getByLabel('Country').selectOption('NL');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'invoicing-customer-editor');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await page
      .getByRole('status')
      .getByText(/Customer NL-1 saved/)
      .waitFor();

    const response = await page.request.get(`/api/v1/customers/${customer.id}`);
    expect(await response.json()).toMatchObject({
      registration_id: 'KVK 12345678',
      buyer_reference: 'PO-2026-77',
      electronic_address: { scheme: '0106', id: '12345678' },
      send_ubl: true,
      billing_address: { line1: 'Kade 1', city: 'Amsterdam', country: 'NL' },
    });

    // The customer's page shows what its e-invoices will say about it.
    const details = page.locator('.customer-details');
    await details.getByText('0106: 12345678').waitFor();
    expect(await details.textContent()).toContain('Carry the e-invoice (UBL)');
    expect(await details.textContent()).toContain('PO-2026-77');

    // An identifier the API refuses is marked on the field the dialog shows.
    await page.getByRole('button', { name: 'Edit customer' }).click();
    await dialog.getByLabel('Electronic address identifier').fill('has spaces in it');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.getByRole('alert').waitFor();
    expect(await dialog.getByRole('alert').textContent()).toContain('electronic_address.id');
    expect(
      await dialog.getByLabel('Electronic address identifier').getAttribute('aria-invalid'),
    ).toBe('true');
  });

  it('marks the address line the API refuses, in the customer editor and the seller form', async () => {
    const page = await web.signedInPage(web.owner, `/customers/${kadeId}`);
    await page.getByRole('button', { name: 'Edit customer' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit Kade Handel BV' });
    const billing = dialog.getByRole('group', { name: 'Billing address' });
    await billing.getByLabel('Postal code').fill('1'.repeat(21));
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.getByRole('alert').waitFor();
    expect(await dialog.getByRole('alert').textContent()).toContain(
      'Postal code (billing_address.postal_code)',
    );
    expect(await billing.getByLabel('Postal code').getAttribute('aria-invalid')).toBe('true');
    expect(await billing.getByLabel('City').getAttribute('aria-invalid')).toBeNull();
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    const settings = await web.signedInPage(web.owner, '/settings/invoicing');
    const form = settings.getByRole('form', { name: 'Invoicing details' });
    const address = form.getByRole('group', { name: 'Address', exact: true });
    await address.getByLabel('City').fill('B'.repeat(201));
    await form.getByRole('button', { name: 'Save invoicing details' }).click();
    await form.getByRole('alert').waitFor();
    expect(await form.getByRole('alert').textContent()).toContain('City (address.city)');
    expect(await address.getByLabel('City').getAttribute('aria-invalid')).toBe('true');
    expect(await seriousAccessibilityViolations(settings)).toEqual([]);
  });

  it('issues an invoice for hours at 0 % reverse charge, and a credit note on it that keeps the category', async () => {
    const page = await web.signedInPage(web.owner, `/invoices/new?customer_id=${kadeId}`);
    await page.getByRole('heading', { level: 1, name: 'New invoice' }).waitFor();
    const line = (field: string) =>
      page.getByRole('textbox', { name: `Line 1 ${field}`, exact: true });
    await line('description').fill('Consulting, November');
    await line('quantity').fill('7.5');
    await line('unit price').fill('80.00');
    await line('tax rate (%)').fill('0');
    await page.getByRole('combobox', { name: 'Line 1 unit' }).selectOption('HUR');
    const category = page.getByRole('combobox', { name: 'Line 1 VAT category' });
    // The reason asked only of a category charged nothing for a reason.
    expect(await line('reason for no VAT').count()).toBe(0);
    await category.selectOption('AE');
    await page.getByRole('button', { name: 'Save draft' }).click();
    const alert = page.locator('main').getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('lines[0].exemption_reason');
    expect(await line('reason for no VAT').getAttribute('aria-invalid')).toBe('true');
    await line('reason for no VAT').fill(
      'Reverse charge: VAT to be accounted for by the recipient',
    );
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'invoicing-invoice-line-codes');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByRole('button', { name: 'Issue invoice' }).click();
    await page.getByRole('heading', { level: 1, name: /^Invoice INV-/ }).waitFor();
    const invoiceId = /\/invoices\/([^/?]+)/.exec(page.url())![1]!;
    const invoice = (await (await page.request.get(`/api/v1/invoices/${invoiceId}`)).json()) as {
      status: string;
      total: string;
      lines: Record<string, unknown>[];
    };
    expect(invoice.status).toBe('open');
    expect(invoice.total).toBe('600.00');
    expect(invoice.lines).toEqual([
      expect.objectContaining({
        unit_code: 'HUR',
        vat_category: 'AE',
        tax_rate: '0',
        exemption_reason: 'Reverse charge: VAT to be accounted for by the recipient',
      }),
    ]);
    const rows = await tableRows(page, 'Lines in EUR');
    expect(rows[1]).toEqual([
      'Consulting, November',
      '7.5',
      'hour',
      '80.00',
      '0 %',
      'Reverse charge (AE)Reverse charge: VAT to be accounted for by the recipient',
      '600.00',
      '0.00',
    ]);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'invoicing-invoice-issued');

    await page.getByRole('button', { name: 'Issue credit note' }).click();
    const dialog = page.getByRole('dialog', { name: /^Credit note on invoice/ });
    expect(await dialog.getByLabel('VAT category').inputValue()).toBe('AE');
    expect(await dialog.getByLabel(/^Reason for no VAT/).inputValue()).toBe(
      'Reverse charge: VAT to be accounted for by the recipient',
    );
    await dialog.getByRole('textbox', { name: 'Amount before tax (EUR)' }).fill('80.00');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Issue credit note' }).click();
    await page
      .getByRole('status')
      .getByText(/Credit note CN-\d+ issued/)
      .waitFor();
    const notes = (await (
      await page.request.get(`/api/v1/credit-notes?invoice_id=${invoiceId}`)
    ).json()) as { items: { id: string }[] };
    expect(notes.items).toHaveLength(1);
    const note = (await (
      await page.request.get(`/api/v1/credit-notes/${notes.items[0]!.id}`)
    ).json()) as { lines: Record<string, unknown>[] };
    expect(note.lines).toEqual([
      expect.objectContaining({ vat_category: 'AE', unit_code: 'C62', tax_rate: '0' }),
    ]);
  });

  it('shows a viewer the customer with no button to edit it', async () => {
    const viewer = await web.signedInPage(
      await web.addUser('viewer', 'Vic Viewer'),
      `/customers/${kadeId}`,
    );
    await viewer.getByRole('heading', { level: 1, name: /Kade Handel BV/ }).waitFor();
    expect(await viewer.getByRole('button', { name: 'Edit customer' }).count()).toBe(0);
  });
});
