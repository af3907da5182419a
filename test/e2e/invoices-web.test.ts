// Goal: in a real browser, against the real server and database, a clerk does an invoice's whole
// life on the web app: drafts it with two lines and tax (the API's error for a bad price marks
// that line's field), issues it once however often Issue is clicked, credits part of it, writes
// off the rest, and voids another invoice; the test checks each effect through the services (the
// total worked out by hand, the open balance, the audit log), not only the page. A sales user
// drafts, changes and deletes a draft but sees no Issue button; a viewer sees no button at all.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCustomer } from '../../src/customers/create-customer.service.js';
import { createInvoice } from '../../src/invoicing/create-invoice.service.js';
import { getInvoice } from '../../src/invoicing/get-invoice.service.js';
import { listAuditEvents } from '../../src/ledger/list-audit-events.service.js';
import { recordPayment } from '../../src/payments/record-payment.service.js';
import { screenshot, seriousAccessibilityViolations, tableRows } from './support/browser.js';
import { startWebApp, type WebApp } from './support/web-app.js';

let web: WebApp;
let clerkPage: Page;
const ids: Record<string, string> = {};

const address = (page: Page) => new URL(page.url()).pathname;
const main = (page: Page) => page.getByRole('main');
const notice = (page: Page) => page.locator('.notice');
const invoiceRow = (id: string) => getInvoice(web.database, web.actor, id);
// The machine running the browser may be busy: wait for the page longer than expect's 1 s.
const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 15_000 });

beforeAll(async () => {
  web = await startWebApp();
  const northwind = await createCustomer(web.database, web.actor, {
    ref: 'C-NW',
    name: 'Northwind Traders',
    currency: 'EUR',
    terms: 'NET30',
  });
  const contoso = await createCustomer(web.database, web.actor, {
    ref: 'C-CON',
    name: 'Contoso Ltd',
    currency: 'EUR',
    terms: 'NET30',
  });
  ids.northwind = northwind.id;
  ids.contoso = contoso.id;
  const clerk = await web.addUser('accountant', 'Alex Accountant');
  clerkPage = await web.signedInPage(clerk, '/invoices');
});

afterAll(async () => {
  await web?.close();
});

/** Types in a line's field the way a user does, found by its accessible name. */
async function fillLine(page: Page, line: number, values: Record<string, string>) {
  for (const [field, value] of Object.entries(values))
    await page.getByRole('textbox', { name: `Line ${line} ${field}`, exact: true }).fill(value);
}

async function chooseCustomer(page: Page, typed: string, option: string, shot?: string) {
  await page.getByRole('combobox', { name: 'Customer' }).fill(typed);
  const choice = page.getByRole('option', { name: option });
  await choice.waitFor();
  if (shot) await screenshot(page, shot);
  await choice.click();
}

describe('a clerk', () => {
  it('drafts an invoice with two lines and tax, fixing the price the API refuses', async () => {
    const page = clerkPage;
    await main(page).getByRole('link', { name: 'New invoice' }).click();
    await page.getByRole('heading', { name: 'New invoice', level: 1 }).waitFor();
    await chooseCustomer(
      page,
      'north',
      'Northwind Traders (C-NW) · EUR',
      'invoice-customer-picker',
    );
    await fillLine(page, 1, {
      description: 'Consulting',
      quantity: '3',
      'unit price': '120.00',
      'tax rate (%)': '20',
    });
    await page.getByRole('button', { name: 'Add line' }).click();
    await fillLine(page, 2, {
      description: 'Travel',
      quantity: '2.5',
      'unit price': '19,99',
      'tax rate (%)': '7',
    });
    expect(await page.getByTestId('live-total').textContent()).toBe('—');
    // Said while typing, with the API's words; the API says it again when the draft is saved.
    expect(await page.locator('.form-hint').textContent()).toBe(
      'Line 2 unit price: "19,99" is not a decimal amount such as 1234.50.',
    );
    await page.getByRole('button', { name: 'Save draft' }).click();
    const alert = main(page).getByRole('alert');
    await poll(() => alert.textContent()).toContain('Line 2 unit price (lines[1].unit_price)');
    const price = page.getByRole('textbox', { name: 'Line 2 unit price', exact: true });
    expect(await price.getAttribute('aria-invalid')).toBe('true');
    expect(
      await page
        .getByRole('textbox', { name: 'Line 1 unit price', exact: true })
        .getAttribute('aria-invalid'),
    ).toBeNull();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'invoice-new-error');

    // 3 × 120.00 = 360.00 at 20 % → 72.00; 2.5 × 19.99 = 49.975 → 49.98 at 7 % → 3.4986 → 3.50.
    await price.fill('19.99');
    await poll(() => page.getByTestId('live-total').textContent()).toBe('485.48');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByRole('heading', { name: 'Draft invoice', level: 1, exact: true }).waitFor();
    ids.first = address(page).split('/')[2]!;
    expect(await notice(page).textContent()).toContain('Draft invoice saved: €485.48');

    const { invoice, lines } = await invoiceRow(ids.first);
    expect(invoice.status).toBe('draft');
    expect([invoice.subtotal_minor, invoice.tax_minor, invoice.total_minor]).toEqual([
      40998n,
      7550n,
      48548n,
    ]);
    expect(lines.map((line) => [line.net_minor, line.tax_minor])).toEqual([
      [36000n, 7200n],
      [4998n, 350n],
    ]);
    expect(await tableRows(page, 'Lines in EUR')).toEqual([
      ['Description', 'Quantity', 'Unit', 'Unit price', 'Tax rate', 'VAT category', 'Net', 'Tax'],
      ['Consulting', '3', 'unit (piece)', '120.00', '20 %', 'Standard rate (S)', '360.00', '72.00'],
      ['Travel', '2.5', 'unit (piece)', '19.99', '7 %', 'Standard rate (S)', '49.98', '3.50'],
      ['Subtotal', '409.98', '75.50'],
      ['Total', '485.48'],
    ]);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
  });

  it('issues it once, however fast Issue is clicked twice', async () => {
    const page = clerkPage;
    await page.getByRole('button', { name: 'Issue invoice' }).dblclick();
    await page.getByRole('heading', { name: 'Invoice INV-000001', level: 1 }).waitFor();
    expect(await notice(page).textContent()).toContain('Invoice INV-000001 issued: €485.48');
    expect(await main(page).getByRole('alert').count()).toBe(0);
    const { invoice } = await invoiceRow(ids.first!);
    expect(invoice.status).toBe('open');
    expect(invoice.open_minor).toBe(48548n);
    const events = await listAuditEvents(web.database, web.actor, { entityId: ids.first });
    expect(events.items.filter((event) => event.action === 'invoice.issued')).toHaveLength(1);
    expect(await page.getByRole('button', { name: 'Issue invoice' }).count()).toBe(0);
  });

  it('credits part of it with a credit note applied to it', async () => {
    const page = clerkPage;
    await page.getByRole('button', { name: 'Issue credit note' }).click();
    const dialog = page.getByRole('dialog', { name: 'Credit note on invoice INV-000001' });
    await dialog.getByRole('textbox', { name: 'Amount before tax (EUR)' }).fill('100.00');
    await dialog.getByRole('textbox', { name: 'Tax rate (%)' }).fill('20');
    await dialog.getByRole('textbox', { name: 'Reason' }).fill('Two hours not worked');
    await poll(() => dialog.locator('.live-total').textContent()).toContain('€120.00');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'invoice-credit-note-dialog');
    await dialog.getByRole('button', { name: 'Issue credit note' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await notice(page).textContent()).toContain(
      'Credit note CN-000001 issued: €120.00 applied to invoice INV-000001',
    );
    // 485.48 − 120.00 credited.
    const { invoice, applications } = await invoiceRow(ids.first!);
    expect(invoice.status).toBe('partially_paid');
    expect(invoice.open_minor).toBe(36548n);
    expect(applications.map((a) => [a.source_type, a.amount_minor])).toEqual([
      ['credit_note', 12000n],
    ]);
    await poll(() => tableRows(page, 'Balance in EUR')).toEqual([
      ['Total', '485.48'],
      ['Paid', '0.00'],
      ['Credited', '120.00'],
      ['Written off', '0.00'],
      ['Open', '365.48'],
    ]);
  });

  it('writes off the rest, leaving nothing open', async () => {
    const page = clerkPage;
    await page.getByRole('button', { name: 'Write off' }).click();
    const dialog = page.getByRole('dialog', { name: 'Write off invoice INV-000001' });
    const amount = dialog.getByRole('textbox', { name: 'Amount (EUR)' });
    expect(await amount.inputValue()).toBe('365.48');
    await dialog.getByRole('combobox', { name: 'Reason' }).selectOption({ label: 'Bad debt' });
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Write off' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await notice(page).textContent()).toContain('€365.48 of invoice INV-000001 written off');
    const { invoice, applications } = await invoiceRow(ids.first!);
    expect(invoice.open_minor).toBe(0n);
    expect(invoice.status).toBe('written_off');
    expect(applications.map((a) => [a.source_type, a.amount_minor])).toEqual([
      ['credit_note', 12000n],
      ['write_off', 36548n],
    ]);
    await poll(() => tableRows(page, 'Balance in EUR').then((rows) => rows.at(-1))).toEqual([
      'Open',
      '0.00',
    ]);
    // Nothing is left to credit, write off or void.
    expect(await page.getByRole('group', { name: 'Invoice actions' }).count()).toBe(0);
    // The audit log is the owners' and admins' to read.
    expect(await page.getByRole('heading', { name: 'History' }).count()).toBe(0);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'invoice-written-off');
  });

  it("shows an owner the invoice's history from the audit log", async () => {
    const page = await web.signedInPage(web.owner, `/invoices/${ids.first}`);
    const history = 'History of the invoice, newest first';
    await page.getByRole('table', { name: history }).waitFor();
    const rows = (await tableRows(page, history)).slice(1);
    expect(rows.map((cells) => [cells[1], cells[2]])).toEqual([
      ['Alex Accountant', 'Written off'],
      ['Alex Accountant', 'Issued'],
      ['Alex Accountant', 'Draft created'],
    ]);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
  });

  it('opens the credit note from the invoice', async () => {
    const page = clerkPage;
    await main(page).getByRole('link', { name: 'CN-000001' }).click();
    await page.getByRole('heading', { name: 'Credit note CN-000001', level: 1 }).waitFor();
    expect(await tableRows(page, 'Use of the credit in EUR')).toEqual([
      ['Applied to invoices', '120.00'],
      ['Refunded', '0.00'],
      ['Unapplied', '0.00'],
    ]);
    await main(page).getByRole('link', { name: 'INV-000001' }).waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'credit-note');
  });

  it('voids another invoice, after saying why', async () => {
    const page = clerkPage;
    const other = await createInvoice(web.database, web.actor, {
      customerId: ids.contoso!,
      issue: true,
      lines: [{ description: 'Wrong order', quantity: '1', unitPrice: '50.00', taxRate: '0' }],
    });
    await page.goto('/invoices?sort=number');
    await main(page).getByRole('link', { name: other.number! }).click();
    await page.getByRole('heading', { name: `Invoice ${other.number}`, level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Void invoice' }).click();
    const dialog = page.getByRole('dialog', { name: `Void invoice ${other.number}` });
    await dialog.getByRole('button', { name: 'Void invoice' }).click();
    const reason = dialog.getByRole('textbox', { name: 'Reason (required)' });
    await poll(() => reason.getAttribute('aria-invalid')).toBe('true');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'invoice-void-dialog');
    expect((await invoiceRow(other.id)).invoice.status).toBe('open');
    await reason.fill('Ordered by mistake');
    await dialog.getByRole('button', { name: 'Void invoice' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await notice(page).textContent()).toContain(`Invoice ${other.number} voided`);
    const { invoice } = await invoiceRow(other.id);
    expect(invoice.status).toBe('void');
    expect(invoice.void_reason).toBe('Ordered by mistake');
  });
});

describe('a sales user', () => {
  it('drafts, changes and deletes a draft, and is never offered Issue', async () => {
    const sales = await web.addUser('sales', 'Sam Sales');
    const page = await web.signedInPage(sales, `/invoices/new?customer_id=${ids.contoso}`);
    await page.getByRole('heading', { name: 'New invoice', level: 1 }).waitFor();
    const picker = page.getByRole('combobox', { name: 'Customer' });
    await poll(() => picker.inputValue()).toBe('Contoso Ltd (C-CON)');
    await fillLine(page, 1, { description: 'Sample box', quantity: '2', 'unit price': '15.00' });
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByRole('heading', { name: 'Draft invoice', level: 1, exact: true }).waitFor();
    const id = address(page).split('/')[2]!;
    expect((await invoiceRow(id)).invoice.total_minor).toBe(3000n);
    expect(await page.getByRole('button', { name: 'Issue invoice' }).count()).toBe(0);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    await page.getByRole('link', { name: 'Edit draft' }).click();
    await page.getByRole('heading', { name: 'Edit draft invoice', level: 1 }).waitFor();
    await fillLine(page, 1, { quantity: '3' });
    await poll(() => page.getByTestId('live-total').textContent()).toBe('45.00');
    // A discount of more than the line is named while typing; 10 % of 45.00 takes 4.50 off.
    await fillLine(page, 1, { 'discount (amount or %)': '45.01' });
    await poll(() => page.locator('.form-hint').textContent()).toBe(
      "Line 1 discount (amount or %): The discount of 45.01 is more than the line's 45.00 EUR.",
    );
    await fillLine(page, 1, { 'discount (amount or %)': '10 %' });
    await fillLine(page, 1, { 'discount reason': 'First order' });
    await poll(() => page.getByTestId('live-total').textContent()).toBe('40.50');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'invoice-edit');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByRole('heading', { name: 'Draft invoice', level: 1, exact: true }).waitFor();
    const saved = await invoiceRow(id);
    expect(saved.invoice.total_minor).toBe(4050n);
    expect(saved.lines.map((line) => [line.discount_minor, line.discount_reason])).toEqual([
      [450n, 'First order'],
    ]);
    expect(await tableRows(page, 'Lines in EUR')).toEqual([
      [
        'Description',
        'Quantity',
        'Unit',
        'Unit price',
        'Discount',
        'Tax rate',
        'VAT category',
        'Net',
        'Tax',
      ],
      [
        'Sample box',
        '3',
        'unit (piece)',
        '15.00',
        '−4.50First order, 10 %',
        '0 %',
        'Zero rated (Z)',
        '40.50',
        '0.00',
      ],
      ['Subtotal', '40.50', '0.00'],
      ['Total', '40.50'],
    ]);
    await screenshot(page, 'invoice-discounted');

    await page.getByRole('button', { name: 'Delete draft' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete draft' });
    await dialog.getByRole('button', { name: 'Delete draft' }).click();
    await page.getByRole('heading', { name: 'Invoices', level: 1 }).waitFor();
    await expect(invoiceRow(id)).rejects.toThrow();
  });
});

describe('a viewer', () => {
  it('reads invoices and sees no button that would fail', async () => {
    const viewer = await web.addUser('viewer', 'Vic Viewer');
    const page = await web.signedInPage(viewer, '/invoices');
    await page.getByRole('heading', { name: 'Invoices', level: 1 }).waitFor();
    await main(page).getByRole('link', { name: 'INV-000001' }).waitFor();
    expect(await main(page).getByRole('link', { name: 'New invoice' }).count()).toBe(0);
    // An invoice partly paid, on which the clerk is offered a credit note and a write-off, and
    // no void, since money is applied to it.
    const open = await createInvoice(web.database, web.actor, {
      customerId: ids.northwind!,
      issue: true,
      lines: [{ description: 'Support', quantity: '1', unitPrice: '80.00', taxRate: '20' }],
    });
    await recordPayment(web.database, web.actor, {
      customerId: ids.northwind!,
      amount: '40.00',
      receivedOn: open.issued_on!,
      reference: 'BANK-42',
      applications: [{ invoiceId: open.id, amount: '40.00' }],
    });
    await page.goto(`/invoices/${open.id}`);
    await page.getByRole('heading', { name: `Invoice ${open.number}`, level: 1 }).waitFor();
    // 80.00 + 20 % tax, 40.00 paid.
    expect(await tableRows(page, 'Balance in EUR')).toEqual([
      ['Total', '96.00'],
      ['Paid', '40.00'],
      ['Credited', '0.00'],
      ['Written off', '0.00'],
      ['Open', '56.00'],
    ]);
    await main(page).getByRole('link', { name: 'Payment BANK-42' }).waitFor();
    expect(await main(page).getByRole('button').count()).toBe(0);
    expect(await main(page).locator('.button-link').count()).toBe(0);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'invoice-viewer');
    await clerkPage.goto(`/invoices/${open.id}`);
    await clerkPage.getByRole('heading', { name: `Invoice ${open.number}`, level: 1 }).waitFor();
    const clerkActions = clerkPage.getByRole('group', { name: 'Invoice actions' });
    await poll(() => clerkActions.getByRole('button').allTextContents()).toEqual([
      'Issue credit note',
      'Write off',
    ]);
    await page.goto('/invoices/new');
    await page.getByText('Your role does not draft invoices.').waitFor();
  });
});
