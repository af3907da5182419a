// Goal: in a real browser, against the real server and database, a clerk brings a book in from
// CSV files on the Import page, reached from the help an empty book shows: customers, invoices,
// then payments. A payments file with two bad rows is refused whole, each bad row listed with its
// line number and column, and nothing of it is in the book afterwards (checked through the API);
// the corrected file is imported and its payments are applied as it said. A viewer gets no form.
import type { APIRequestContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayNoEarlierThan } from '../support/clock.js';
import { screenshot, seriousAccessibilityViolations, tableRows } from './support/browser.js';
import { startWebApp, type WebApp } from './support/web-app.js';

// The invoices are dated in 2026 and paid after they were issued.
todayNoEarlierThan('2026-12-05');

let web: WebApp;
let page: Page;

const customersCsv = [
  'ref,name,email,currency,terms',
  'IMP-1,Importer GmbH,ap@importer.test,EUR,NET30',
  'IMP-2,Second Sourcing SA,,EUR,',
  '',
].join('\n');

const invoicesCsv = [
  'number,customer_ref,issue_date,due_date,currency,total',
  'OLD-101,IMP-1,2026-09-01,2026-10-01,EUR,500.00',
  'OLD-102,IMP-2,2026-09-15,2026-10-15,EUR,250.00',
  '',
].join('\n');

// Line 3 names a customer that does not exist; line 5 pays more than the invoice's 250.00.
const badPaymentsCsv = [
  'ref,customer_ref,received_date,currency,amount,invoice_number',
  'BANK-1,IMP-1,2026-10-05,EUR,200.00,OLD-101',
  'BANK-2,NOBODY,2026-10-06,EUR,10.00,',
  'BANK-3,IMP-1,2026-10-07,EUR,50.00,',
  'BANK-4,IMP-2,2026-10-08,EUR,300.00,OLD-102',
  '',
].join('\n');

const goodPaymentsCsv = [
  'ref,customer_ref,received_date,currency,amount,invoice_number',
  'BANK-1,IMP-1,2026-10-05,EUR,200.00,OLD-101',
  'BANK-3,IMP-1,2026-10-07,EUR,50.00,',
  'BANK-4,IMP-2,2026-10-08,EUR,250.00,OLD-102',
  '',
].join('\n');

async function api<T>(request: APIRequestContext, path: string): Promise<T> {
  const response = await request.get(`/api/v1${path}`);
  expect(response.status(), path).toBe(200);
  return (await response.json()) as T;
}

async function upload(kind: string, name: string, csv: string) {
  const form = page.getByRole('form', { name: 'Import a CSV file' });
  await form.getByRole('radio', { name: kind }).check();
  await form.getByLabel('CSV file').setInputFiles({
    name,
    mimeType: 'text/csv',
    buffer: Buffer.from(csv),
  });
  await form.getByRole('button', { name: 'Import' }).click();
  // The upload's progress bar says when the server has answered.
  const progress = page.getByRole('progressbar', { name: `Uploading ${name}` });
  await expect.poll(() => progress.getAttribute('aria-valuetext')).toBe('Done');
  expect(await progress.getAttribute('aria-valuenow')).toBe('100');
}

beforeAll(async () => {
  web = await startWebApp();
  const clerk = await web.addUser('accountant', 'Ines Importer');
  page = await web.signedInPage(clerk, '/aging');
});

afterAll(async () => {
  await web?.close();
});

describe('importing a book', () => {
  it('is where the help of an empty book leads', async () => {
    const help = page.getByRole('region', { name: 'Your book is empty' });
    await help.getByRole('link', { name: 'Import page' }).click();
    await page.getByRole('heading', { level: 1, name: 'Import a CSV file' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/imports');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
  });

  it('imports customers, then invoices, and says what it wrote', async () => {
    await upload('Customers', 'customers.csv', customersCsv);
    await page.getByRole('heading', { name: 'Imported' }).waitFor();
    expect(await page.locator('.notice').textContent()).toContain(
      'Imported 2 customers (1 contact). From customers.csv.',
    );
    const customers = await api<{ items: { ref: string }[] }>(page.request, '/customers?sort=ref');
    expect(customers.items.map((customer) => customer.ref)).toEqual(['IMP-1', 'IMP-2']);

    await upload('Invoices', 'invoices.csv', invoicesCsv);
    await expect
      .poll(() => page.locator('.import-result p').first().textContent())
      .toBe('Imported 2 invoices. From invoices.csv.');
    const invoices = await api<{ items: { number: string; open: string }[] }>(
      page.request,
      '/invoices?sort=number',
    );
    expect(invoices.items.map((invoice) => [invoice.number, invoice.open])).toEqual([
      ['OLD-101', '500.00'],
      ['OLD-102', '250.00'],
    ]);
  });

  it('refuses a payments file with two bad rows whole, listing each by its line', async () => {
    await upload('Payments', 'payments.csv', badPaymentsCsv);
    await expect
      .poll(() => page.getByRole('alert').first().textContent())
      .toContain('2 rows are wrong; nothing was imported.');
    const rows = await tableRows(page, 'Rows to fix');
    expect(rows.map((cells) => cells.slice(0, 2))).toEqual([
      ['Line', 'Column'],
      ['3', 'customer_ref'],
      ['5', 'amount'],
    ]);
    expect(rows[1]![2]).toContain('NOBODY');
    await screenshot(page, 'import-rejected');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    // Not even the good rows of the file were written.
    expect((await api<{ items: unknown[] }>(page.request, '/payments')).items).toEqual([]);
    const invoices = await api<{ items: { open: string }[] }>(
      page.request,
      '/invoices?sort=number',
    );
    expect(invoices.items.map((invoice) => invoice.open)).toEqual(['500.00', '250.00']);
  });

  it('imports the corrected file, applying each payment as the file says', async () => {
    await upload('Payments', 'payments-fixed.csv', goodPaymentsCsv);
    await expect
      .poll(() => page.locator('.import-result p').first().textContent())
      .toBe('Imported 3 payments (2 applications to invoices). From payments-fixed.csv.');
    expect(await page.getByRole('table', { name: 'Rows to fix' }).count()).toBe(0);
    await screenshot(page, 'import-done');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    const payments = await api<{
      items: { reference: string; applied: string; unapplied: string }[];
    }>(page.request, '/payments?sort=received_on');
    expect(payments.items.map((p) => [p.reference, p.applied, p.unapplied])).toEqual([
      ['BANK-1', '200.00', '0.00'],
      ['BANK-3', '0.00', '50.00'],
      ['BANK-4', '250.00', '0.00'],
    ]);
    const invoices = await api<{ items: { open: string; status: string }[] }>(
      page.request,
      '/invoices?sort=number',
    );
    expect(invoices.items.map((invoice) => [invoice.open, invoice.status])).toEqual([
      ['300.00', 'partially_paid'],
      ['0.00', 'paid'],
    ]);
  });

  it('gives a viewer the page without the form', async () => {
    const viewer = await web.addUser('viewer', 'Vera Viewer');
    const viewerPage = await web.signedInPage(viewer, '/imports');
    await viewerPage.getByRole('heading', { level: 1, name: 'Import a CSV file' }).waitFor();
    await viewerPage.getByText('Your role may not import files.').waitFor();
    expect(await viewerPage.getByRole('form', { name: 'Import a CSV file' }).count()).toBe(0);
    expect(await viewerPage.getByRole('button').filter({ hasText: 'Import' }).count()).toBe(0);
    expect(await seriousAccessibilityViolations(viewerPage)).toEqual([]);
  });
});
