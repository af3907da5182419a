// Goal: in a real browser, against the real server and database, the downloads of an issued
// invoice's documents tell what happened. An e-invoice the API refuses (the customer has no
// electronic address; an amount in a currency with three decimals) shows the API's error naming
// the field, next to the links, and saves no file; the PDF of the same invoice still downloads.
// A good invoice's PDF and e-invoice arrive under their own names, and the clerk is told so.
// While a file is on its way its link says so and takes no second click.
import { readFile } from 'node:fs/promises';
import type { Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../src/auth/manage-users.service.js';
import { screenshot, seriousAccessibilityViolations } from './support/browser.js';
import { startWebApp, type WebApp } from './support/web-app.js';

let web: WebApp;
let page: Page;
let token: string;
const invoices: Record<string, { id: string; number: string }> = {};

const main = (page: Page) => page.getByRole('main');
const notice = (page: Page) => page.locator('.notice');
const documents = (page: Page) => main(page).getByRole('region', { name: 'Documents' });
// The machine running the browser may be busy: wait for the page longer than expect's 1 s.
const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 15_000 });

async function api(method: 'POST' | 'PATCH', url: string, payload: object) {
  const response = await web.app.inject({
    method,
    url: `/api/v1${url}`,
    headers: { authorization: `Bearer ${token}` },
    payload,
  });
  expect(response.statusCode, response.body).toBeLessThan(300);
  return response.json();
}

/** An issued invoice, not e-mailed, for a new customer with these details. */
async function issuedInvoiceFor(customer: object) {
  const { id } = await api('POST', '/customers', customer);
  const invoice = await api('POST', '/invoices', {
    customer_id: id,
    issue: true,
    send: false,
    lines: [{ description: 'Advice', quantity: '1', unit_price: '50.00', tax_rate: '21' }],
  });
  return { id: invoice.id as string, number: invoice.number as string };
}

/** Clicks a link and answers the download it started. */
async function downloadOf(page: Page, link: string): Promise<Download> {
  const download = page.waitForEvent('download');
  await documents(page).getByRole('link', { name: link }).click();
  return download;
}

/**
 * Clicks a link that must start no download, and answers whether one started within 3 s: a
 * refusal saved as a file would start at once, as the error's answer arrives.
 */
async function downloadStartedBy(page: Page, link: string): Promise<boolean> {
  const download = page.waitForEvent('download', { timeout: 3_000 }).then(
    () => true,
    () => false,
  );
  await documents(page).getByRole('link', { name: link }).click();
  return download;
}

async function openInvoice(invoice: { id: string; number: string }) {
  await page.goto(`/invoices/${invoice.id}`);
  await page.getByRole('heading', { name: `Invoice ${invoice.number}`, level: 1 }).waitFor();
}

beforeAll(async () => {
  web = await startWebApp();
  token = (await createApiToken(web.database, web.actor, { name: 'test setup' })).token;
  await api('PATCH', '/organization/invoicing', {
    legal_name: 'Łódź Trading Sp. z o.o.',
    address: { line1: 'ul. Piotrkowska 1', city: 'Łódź', postal_code: '90-001', country: 'PL' },
    vat_id: 'PL5260001246',
    electronic_address: { scheme: '9945', id: 'PL5260001246' },
    payment_accounts: [{ iban: 'PL61109010140000071219812874', bic: 'WBKPPLPP' }],
  });
  invoices.good = await issuedInvoiceFor({
    ref: 'C-GOOD',
    name: 'UAB Šiaulių prekyba',
    currency: 'EUR',
    billing_address: { line1: 'Tilžės g. 1', city: 'Šiauliai', country: 'LT' },
    tax_id: 'LT100001919017',
    electronic_address: { scheme: '9937', id: 'LT100001919017' },
    buyer_reference: 'PO-7',
  });
  invoices.noAddress = await issuedInvoiceFor({
    ref: 'C-PAPER',
    name: 'Paper Only UAB',
    currency: 'EUR',
    billing_address: { line1: 'Gedimino pr. 1', city: 'Vilnius', country: 'LT' },
    tax_id: 'LT100001919017',
  });
  invoices.kwd = await issuedInvoiceFor({
    ref: 'C-KWD',
    name: 'Gulf Trading WLL',
    currency: 'KWD',
    billing_address: { line1: 'Gulf Road 1', city: 'Kuwait City', country: 'KW' },
    electronic_address: { scheme: '0088', id: '5790000435975' },
  });
  const clerk = await web.addUser('accountant', 'Alex Accountant');
  page = await web.signedInPage(clerk, '/invoices');
});

afterAll(async () => {
  await web?.close();
});

describe('an e-invoice the API refuses', () => {
  it("shows the API's error naming the field, and saves no file", async () => {
    const invoice = invoices.noAddress!;
    await openInvoice(invoice);
    const started = downloadStartedBy(
      page,
      `Download e-invoice (UBL) of invoice ${invoice.number}`,
    );
    const alert = documents(page).getByRole('alert');
    await poll(() => alert.textContent()).toContain(
      "Customer's electronic address (customer.electronic_address): An e-invoice is delivered to an electronic address, and the customer (the buyer) has none",
    );
    expect(await alert.textContent()).toContain('[buyer_electronic_address_required]');
    expect(await started).toBe(false);
    expect(await notice(page).count()).toBe(0);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'document-download-refused');
  });

  it('still downloads the PDF of that invoice, and the error goes', async () => {
    const invoice = invoices.noAddress!;
    const download = await downloadOf(page, `Download PDF of invoice ${invoice.number}`);
    expect(download.suggestedFilename()).toBe(`${invoice.number}.pdf`);
    await poll(() => documents(page).getByRole('alert').count()).toBe(0);
    await poll(() => notice(page).textContent()).toContain(
      `Downloaded PDF of invoice ${invoice.number} as ${invoice.number}.pdf.`,
    );
  });

  it('names the currency when the amounts have three decimals', async () => {
    const invoice = invoices.kwd!;
    await openInvoice(invoice);
    const started = downloadStartedBy(
      page,
      `Download e-invoice (UBL) of invoice ${invoice.number}`,
    );
    await poll(() => documents(page).getByRole('alert').textContent()).toContain(
      'Currency (currency): EN 16931 allows at most two decimals in amounts (BR-DEC rules); KWD has 3 decimals',
    );
    expect(await started).toBe(false);
  });
});

describe("a good invoice's documents", () => {
  it('download as its PDF and its e-invoice, under its number, and say so', async () => {
    const invoice = invoices.good!;
    await openInvoice(invoice);

    const pdf = await downloadOf(page, `Download PDF of invoice ${invoice.number}`);
    expect(pdf.suggestedFilename()).toBe(`${invoice.number}.pdf`);
    const bytes = await readFile((await pdf.path())!);
    expect(bytes.subarray(0, 4).toString('latin1')).toBe('%PDF');
    await poll(() => notice(page).textContent()).toContain(
      `Downloaded PDF of invoice ${invoice.number} as ${invoice.number}.pdf.`,
    );

    const ubl = await downloadOf(page, `Download e-invoice (UBL) of invoice ${invoice.number}`);
    expect(ubl.suggestedFilename()).toBe(`${invoice.number}.xml`);
    const xml = await readFile((await ubl.path())!, 'utf8');
    expect(xml).toMatch(/^<\?xml/);
    expect(xml).toContain(`<cbc:ID>${invoice.number}</cbc:ID>`);
    await poll(() => notice(page).textContent()).toContain(
      `Downloaded e-invoice (UBL) of invoice ${invoice.number} as ${invoice.number}.xml.`,
    );
    expect(await documents(page).getByRole('alert').count()).toBe(0);
  });

  it('say a file is on its way and fetch it once however often it is clicked', async () => {
    const invoice = invoices.good!;
    await openInvoice(invoice);
    let requests = 0;
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    await page.route(`**/api/v1/invoices/${invoice.id}/pdf`, async (route) => {
      requests += 1;
      await released;
      await route.continue();
    });
    const download = page.waitForEvent('download');
    const link = documents(page).getByRole('link', {
      name: `Download PDF of invoice ${invoice.number}`,
    });
    await link.click();
    const busy = documents(page).getByRole('link', {
      name: `Downloading PDF of invoice ${invoice.number}…`,
    });
    await busy.waitFor();
    expect(await busy.textContent()).toBe('Downloading PDF…');
    expect(await busy.getAttribute('aria-disabled')).toBe('true');
    // Forced: Playwright waits for a link marked aria-disabled to be enabled before clicking it.
    await busy.click({ force: true });
    await busy.click({ force: true });
    release();
    expect((await download).suggestedFilename()).toBe(`${invoice.number}.pdf`);
    await link.waitFor();
    expect(await link.getAttribute('aria-disabled')).toBeNull();
    expect(requests).toBe(1);
    await page.unroute(`**/api/v1/invoices/${invoice.id}/pdf`);
  });
});
