// Goal: in a real browser, against the real server and database, the web app signs a user in
// and shows the aging of a small book exactly as an accountant works it out by hand as of a past
// date (the date is both the cut-off and the day ages are counted to), on either basis, filtered,
// from an address that reloads the same report, with a CSV download of the same report, the
// customer's statement, the KPIs and goals the API computes, and the API's errors naming the field.
import { readFile } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/auth/manage-users.service.js';
import type { Actor } from '../../src/core/actor.js';
import { createCustomer } from '../../src/customers/create-customer.service.js';
import { recordPayment } from '../../src/payments/record-payment.service.js';
import type { Database } from '../../src/platform/db/database.js';
import type { App } from '../../src/platform/http/app.js';
import { buildServer } from '../../src/server/build-server.js';
import { createGoal } from '../../src/reports/manage-goals.service.js';
import { issuedInvoiceDue, newOrganization } from '../support/organization.js';
import { openTestDatabase } from '../support/test-database.js';
import {
  launchBrowser,
  screenshot,
  seriousAccessibilityViolations,
  tableCaptions,
  tableRows,
} from './support/browser.js';
import { daysFromToday, todayNoEarlierThan } from '../support/clock.js';

// The book below lies on fixed dates up to late 2026, and money is posted about it "today".
todayNoEarlierThan('2026-12-05');

const asOf = '2025-06-30';
const password = 'correct horse battery staple';

let database: Database;
let app: App;
let baseUrl: string;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let ownerEmail: string;
const ids: Record<string, string> = {};
const numbers: Record<string, string> = {};

/**
 * The book, with each invoice's place in the aging as of 30 June 2025 worked out by hand:
 *
 * Alpha GmbH (EUR, tag "key")
 *   A1 issued 01-06, due 30-06, 100.00: due on the as-of date, so Current (0 days); 29 days since issue
 *   A2 issued 01-05, due 31-05, 250.00: 30 days past due, 1-30; 60 days since issue; 100.00 paid on 05-07, after the date
 *   A3 issued 01-04, due 01-05, 400.00, 150.00 paid on 10-06: 250.00 open, 60 days past due, 31-60; 90 since issue
 *   A4 issued 01-07, after the as-of date: not counted at all
 *   80.00 received on 20-06 and not applied: -80.00 unapplied
 * Beta SARL (EUR, collector Cora)
 *   B1 issued 15-01, due 14-02, 300.00: 136 days past due, 91+; 166 since issue
 *   B2 issued 15-03, due 14-04, 75.50: 77 days past due, 61-90; 107 since issue
 * Gamma Inc (USD)
 *   G1 issued 15-06, due 15-07, 1200.00: not yet due, Current; 15 since issue
 */
// The goal starts today, so its deadline is some days after today, whatever day the run is on.
const goalDeadline = daysFromToday(200);

async function buildBook(actor: Actor) {
  const cora = await createUser(database, actor, {
    email: 'cora@example.test',
    name: 'Cora Collector',
    role: 'collector',
    password: 'cora is collecting',
  });
  ids.cora = cora.id;
  const alpha = await createCustomer(database, actor, {
    ref: 'C-ALPHA',
    name: 'Alpha GmbH',
    currency: 'EUR',
    tags: ['key'],
  });
  const beta = await createCustomer(database, actor, {
    ref: 'C-BETA',
    name: 'Beta SARL',
    currency: 'EUR',
    collectorId: cora.id,
  });
  const gamma = await createCustomer(database, actor, {
    ref: 'C-GAMMA',
    name: 'Gamma Inc',
    currency: 'USD',
  });
  ids.alpha = alpha.id;
  const invoice = async (
    name: string,
    customerId: string,
    issuedOn: string,
    dueOn: string,
    amount: string,
  ) => {
    const created = await issuedInvoiceDue(
      database,
      actor,
      customerId,
      { issuedOn, dueOn },
      amount,
    );
    ids[name] = created.id;
    numbers[name] = created.number!;
  };
  await invoice('a1', alpha.id, '2025-06-01', '2025-06-30', '100.00');
  await invoice('a2', alpha.id, '2025-05-01', '2025-05-31', '250.00');
  await invoice('a3', alpha.id, '2025-04-01', '2025-05-01', '400.00');
  await invoice('a4', alpha.id, '2025-07-01', '2025-07-31', '999.00');
  await invoice('b1', beta.id, '2025-01-15', '2025-02-14', '300.00');
  await invoice('b2', beta.id, '2025-03-15', '2025-04-14', '75.50');
  await invoice('g1', gamma.id, '2025-06-15', '2025-07-15', '1200.00');
  await recordPayment(database, actor, {
    customerId: alpha.id,
    amount: '150.00',
    receivedOn: '2025-06-10',
    reference: 'P-0610',
    applications: [{ invoiceId: ids.a3!, amount: '150.00' }],
  });
  await recordPayment(database, actor, {
    customerId: alpha.id,
    amount: '80.00',
    receivedOn: '2025-06-20',
    reference: 'P-0620',
    apply: 'none',
  });
  await recordPayment(database, actor, {
    customerId: alpha.id,
    amount: '100.00',
    receivedOn: '2025-07-05',
    reference: 'P-0705',
    applications: [{ invoiceId: ids.a2!, amount: '100.00' }],
  });
  await createGoal(database, actor, {
    metric: 'dso',
    target: '40',
    ownerId: actor.id!,
    deadline: goalDeadline,
  });
}

beforeAll(async () => {
  database = await openTestDatabase();
  app = await buildServer({ database });
  const organization = await newOrganization(database);
  ownerEmail = organization.ownerEmail;
  await buildBook(organization.actor);
  baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchBrowser();
  // Amounts are shown in the reader's locale (web/src/format/money.ts): this one, for the test.
  context = await browser.newContext({ baseURL: baseUrl, acceptDownloads: true, locale: 'en-US' });
  page = await context.newPage();
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await app?.close();
  await database?.close();
});

const agingHeader = (buckets: string[]) => [
  'Customer ref',
  'Customer',
  ...buckets,
  'unapplied',
  'balance',
];
const dueBuckets = ['current', '1-30', '31-60', '61-90', '91+'];
const issueBuckets = ['0-30', '31-60', '61-90', '91+'];

/** The address the page shows, without the origin. */
const address = () => page.url().slice(baseUrl.length);

async function submitAgingForm(fields: {
  as_of?: string;
  basis?: string;
  tag?: string;
  collector?: string;
  detail?: boolean;
}) {
  const form = page.getByRole('form', { name: 'Aging report' });
  if (fields.as_of !== undefined) await form.locator('input[name=as_of]').fill(fields.as_of);
  if (fields.basis !== undefined)
    await form.locator('select[name=basis]').selectOption(fields.basis);
  if (fields.tag !== undefined) await form.locator('input[name=tag]').fill(fields.tag);
  if (fields.collector !== undefined)
    await form.locator('select[name=collector_id]').selectOption({ label: fields.collector });
  if (fields.detail !== undefined)
    await form.locator('input[name=detail]').setChecked(fields.detail);
  await form.getByRole('button', { name: 'Show' }).click();
}

describe('signing in', () => {
  it('asks for credentials at the address asked for, refuses a wrong password, then shows that report', async () => {
    await page.goto(`/aging?as_of=${asOf}`);
    const form = page.getByRole('form', { name: 'Sign in' });
    await form.waitFor();
    await screenshot(page, 'sign-in');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await form.locator('input[name=email]').fill(ownerEmail);
    await form.locator('input[name=password]').fill('not the password');
    await form.getByRole('button', { name: 'Sign in' }).click();
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toBe('The e-mail or password is wrong. [login_failed]');

    await form.locator('input[name=password]').fill(password);
    await form.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Aging' }).waitFor();
    expect(address()).toBe(`/aging?as_of=${asOf}`);
    expect(await page.locator('.who').textContent()).toBe('Owner (owner)');
    // The CSRF token the login returned is kept for the requests that change something.
    expect(await page.evaluate(() => sessionStorage.getItem('settle.csrf_token'))).toMatch(
      /\S{16,}/,
    );
  });
});

describe('the aging', () => {
  it('shows the figures worked out by hand as of a past date, by days past due', async () => {
    await page.goto(`/aging?as_of=${asOf}`);
    expect(await tableRows(page, 'Aging in EUR')).toEqual([
      agingHeader(dueBuckets),
      ['C-ALPHA', 'Alpha GmbH', '100.00', '250.00', '250.00', '0.00', '0.00', '-80.00', '520.00'],
      ['C-BETA', 'Beta SARL', '0.00', '0.00', '0.00', '75.50', '300.00', '0.00', '375.50'],
      ['TOTAL', '', '100.00', '250.00', '250.00', '75.50', '300.00', '-80.00', '895.50'],
    ]);
    expect(await tableRows(page, 'Aging in USD')).toEqual([
      agingHeader(dueBuckets),
      ['C-GAMMA', 'Gamma Inc', '1,200.00', '0.00', '0.00', '0.00', '0.00', '0.00', '1,200.00'],
      ['TOTAL', '', '1,200.00', '0.00', '0.00', '0.00', '0.00', '0.00', '1,200.00'],
    ]);
    expect(await page.getByTestId('aging-as-of').textContent()).toBe(
      `As of ${asOf}, by days past due`,
    );
    // Figures are right-aligned so that the decimals line up.
    const alignment = await page
      .getByRole('table', { name: 'Aging in EUR' })
      .locator('tfoot td')
      .last()
      .evaluate((cell) => getComputedStyle(cell).textAlign);
    expect(alignment).toBe('right');
    // The table scrolls sideways in its region with the customer's column kept in view.
    const region = page.getByRole('region', { name: 'Aging in EUR' });
    expect(await region.evaluate((element) => getComputedStyle(element).overflowX)).toBe('auto');
    const firstColumn = await region
      .getByRole('cell', { name: 'C-ALPHA' })
      .evaluate((cell) => getComputedStyle(cell).position);
    expect(firstColumn).toBe('sticky');
    await screenshot(page, 'aging');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
  });

  it('defaults to the date the API defaults to, today, and says which date that is', async () => {
    await page.goto('/aging');
    await tableRows(page, 'Aging in EUR');
    const today = (
      (await (await context.request.get('/api/v1/reports/aging')).json()) as { as_of: string }
    ).as_of;
    expect(await page.getByTestId('aging-as-of').textContent()).toBe(
      `As of ${today} (today), by days past due`,
    );
    expect(await page.locator('input[name=as_of]').inputValue()).toBe('');
    // The downloads name the date, so that they are the report that was shown.
    expect(await page.getByRole('link', { name: 'Download CSV' }).getAttribute('href')).toBe(
      `/api/v1/reports/aging.csv?as_of=${today}`,
    );
  });

  it('leaves out what was issued after the date and puts what falls due on it in Current', async () => {
    await page.goto(`/aging?as_of=${asOf}`);
    await tableRows(page, 'Aging in EUR');
    await submitAgingForm({ detail: true });
    await expect.poll(address).toBe(`/aging?as_of=${asOf}&detail=true`);
    const items = await tableRows(page, 'Open items in EUR');
    const row = (number: string) => items.find((cells) => cells[2] === number);
    expect(row(numbers.a1!)).toEqual([
      'C-ALPHA',
      'Invoice',
      numbers.a1,
      '2025-06-01',
      '2025-06-30',
      '0',
      'current',
      '100.00',
      '100.00',
    ]);
    expect(row(numbers.a2!)).toEqual([
      'C-ALPHA',
      'Invoice',
      numbers.a2,
      '2025-05-01',
      '2025-05-31',
      '30',
      '1-30',
      '250.00',
      '250.00',
    ]);
    expect(row(numbers.a3!)).toEqual([
      'C-ALPHA',
      'Invoice',
      numbers.a3,
      '2025-04-01',
      '2025-05-01',
      '60',
      '31-60',
      '400.00',
      '250.00',
    ]);
    expect(row(numbers.a4!)).toBeUndefined();
    expect(
      items
        .filter((cells) => cells[1] === 'Payment')
        .map((cells) => [cells[6], cells[7], cells[8]]),
    ).toEqual([['unapplied', '80.00', '-80.00']]);

    // A month later everything has moved on: A4 has been issued and falls due that day (Current),
    // A1 is 31 days past due, A2 61 less the 100.00 paid on 5 July, A3 91.
    await submitAgingForm({ as_of: '2025-07-31', detail: false });
    await expect.poll(address).toBe('/aging?as_of=2025-07-31');
    expect((await tableRows(page, 'Aging in EUR'))[1]).toEqual([
      'C-ALPHA',
      'Alpha GmbH',
      '999.00',
      '0.00',
      '100.00',
      '150.00',
      '250.00',
      '-80.00',
      '1,419.00',
    ]);
  });

  it('ages by days since issue with the issue-date buckets', async () => {
    await page.goto(`/aging?as_of=${asOf}`);
    await submitAgingForm({ basis: 'issue' });
    await expect.poll(address).toBe(`/aging?as_of=${asOf}&basis=issue`);
    expect(await tableRows(page, 'Aging in EUR')).toEqual([
      agingHeader(issueBuckets),
      ['C-ALPHA', 'Alpha GmbH', '100.00', '250.00', '250.00', '0.00', '-80.00', '520.00'],
      ['C-BETA', 'Beta SARL', '0.00', '0.00', '0.00', '375.50', '0.00', '375.50'],
      ['TOTAL', '', '100.00', '250.00', '250.00', '375.50', '-80.00', '895.50'],
    ]);
    expect(await page.getByTestId('aging-as-of').textContent()).toBe(
      `As of ${asOf}, by days since issue`,
    );
  });

  it('filters by tag, and a reload of the address shows the same report', async () => {
    await page.goto(`/aging?as_of=${asOf}&basis=issue`);
    await tableRows(page, 'Aging in EUR');
    await submitAgingForm({ tag: 'key' });
    await expect.poll(address).toBe(`/aging?as_of=${asOf}&basis=issue&tag=key`);
    const alphaOnly = [
      agingHeader(issueBuckets),
      ['C-ALPHA', 'Alpha GmbH', '100.00', '250.00', '250.00', '0.00', '-80.00', '520.00'],
      ['TOTAL', '', '100.00', '250.00', '250.00', '0.00', '-80.00', '520.00'],
    ];
    expect(await tableRows(page, 'Aging in EUR')).toEqual(alphaOnly);
    expect(await tableCaptions(page)).toEqual(['Aging in EUR']);

    await page.reload();
    expect(await tableRows(page, 'Aging in EUR')).toEqual(alphaOnly);
    expect(await tableCaptions(page)).toEqual(['Aging in EUR']);
    const form = page.getByRole('form', { name: 'Aging report' });
    expect(await form.locator('input[name=as_of]').inputValue()).toBe(asOf);
    expect(await form.locator('select[name=basis]').inputValue()).toBe('issue');
    expect(await form.locator('input[name=tag]').inputValue()).toBe('key');
  });

  it('filters by collector, chosen by name', async () => {
    await page.goto(`/aging?as_of=${asOf}`);
    await submitAgingForm({ collector: 'Cora Collector' });
    await expect.poll(address).toBe(`/aging?as_of=${asOf}&collector_id=${ids.cora}`);
    expect(await tableRows(page, 'Aging in EUR')).toEqual([
      agingHeader(dueBuckets),
      ['C-BETA', 'Beta SARL', '0.00', '0.00', '0.00', '75.50', '300.00', '0.00', '375.50'],
      ['TOTAL', '', '0.00', '0.00', '0.00', '75.50', '300.00', '0.00', '375.50'],
    ]);
  });

  it('lets a collector, who may not list users, choose the collector by name too', async () => {
    const coraContext = await browser.newContext({ baseURL: baseUrl, locale: 'en-US' });
    try {
      const coraPage = await coraContext.newPage();
      await coraPage.goto(`/aging?as_of=${asOf}`);
      const signIn = coraPage.getByRole('form', { name: 'Sign in' });
      await signIn.locator('input[name=email]').fill('cora@example.test');
      await signIn.locator('input[name=password]').fill('cora is collecting');
      await signIn.getByRole('button', { name: 'Sign in' }).click();
      const form = coraPage.getByRole('form', { name: 'Aging report' });
      const collector = form.getByRole('combobox', { name: 'Collector' });
      await collector.selectOption({ label: 'Cora Collector' });
      await form.getByRole('button', { name: 'Show' }).click();
      await expect
        .poll(() => coraPage.url().slice(baseUrl.length))
        .toBe(`/aging?as_of=${asOf}&collector_id=${ids.cora}`);
      expect((await tableRows(coraPage, 'Aging in EUR')).map((cells) => cells[0])).toEqual([
        'Customer ref',
        'C-BETA',
        'TOTAL',
      ]);
    } finally {
      await coraContext.close();
    }
  });

  it('downloads the CSV and the PDF of the report on the page', async () => {
    await page.goto(`/aging?as_of=${asOf}&basis=issue&tag=key`);
    await tableRows(page, 'Aging in EUR');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`aging-${asOf}.csv`);
    const csv = await readFile(await download.path(), 'utf8');
    expect(csv).toBe(
      'customer_ref,customer_name,currency,0-30,31-60,61-90,91+,unapplied,balance\n' +
        'C-ALPHA,Alpha GmbH,EUR,100.00,250.00,250.00,0.00,-80.00,520.00\n' +
        'TOTAL,,EUR,100.00,250.00,250.00,0.00,-80.00,520.00\n',
    );

    const pdfLink = await page.getByRole('link', { name: 'Download PDF' }).getAttribute('href');
    expect(pdfLink).toBe(`/api/v1/reports/aging.pdf?as_of=${asOf}&basis=issue&tag=key`);
    // Fetched with the browser's session cookie, as the link is.
    const pdf = await context.request.get(pdfLink!);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it("shows the API's error for a date that does not exist, naming the field", async () => {
    await page.goto(`/aging?as_of=${asOf}`);
    await tableRows(page, 'Aging in EUR');
    await submitAgingForm({ as_of: '2025-02-30' });
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toBe(
      'As of (as_of): "2025-02-30" is not a real calendar date. [date_invalid]',
    );
    expect(await page.locator('input[name=as_of]').getAttribute('aria-invalid')).toBe('true');
    expect(await tableCaptions(page)).toEqual([]);
  });
});

describe('the customers', () => {
  it('lists, searches and sorts the customers on the server, with the state in the address', async () => {
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Customers' })
      .click();
    await page.getByRole('heading', { name: 'Customers', level: 1 }).waitFor();
    const names = async () =>
      (await tableRows(page, 'Customers')).slice(1).map((cells) => cells[1]);
    expect(await names()).toEqual(['Alpha GmbH', 'Beta SARL', 'Gamma Inc']);
    await screenshot(page, 'customers');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    const form = page.getByRole('form', { name: 'Find customers' });
    await form.getByLabel('Search (name or reference)').fill('beta');
    await form.getByRole('button', { name: 'Find' }).click();
    await expect.poll(address).toBe('/customers?q=beta');
    await expect.poll(names).toEqual(['Beta SARL']);

    await page.goto('/customers?sort=-name');
    await expect.poll(names).toEqual(['Gamma Inc', 'Beta SARL', 'Alpha GmbH']);
    expect(await page.getByRole('combobox', { name: 'Sort by' }).inputValue()).toBe('-name');
  });

  it('pages through the list a page at a time, and back to the first', async () => {
    await page.goto('/customers?limit=2');
    const names = async () =>
      (await tableRows(page, 'Customers')).slice(1).map((cells) => cells[1]);
    await expect.poll(names).toEqual(['Alpha GmbH', 'Beta SARL']);
    const pager = page.getByRole('navigation', { name: 'Pages of customers' });
    await pager.getByRole('link', { name: 'Next page' }).click();
    await expect.poll(names).toEqual(['Gamma Inc']);
    const next = new URL(page.url()).searchParams;
    expect([next.get('limit'), next.has('cursor')]).toEqual(['2', true]);
    expect(await pager.getByRole('link', { name: 'Next page' }).count()).toBe(0);
    await pager.getByRole('link', { name: 'First page' }).click();
    await expect.poll(names).toEqual(['Alpha GmbH', 'Beta SARL']);
  });

  it("opens a customer's page from its name, and its statement from there", async () => {
    await page.goto('/customers');
    await page.getByRole('link', { name: 'Gamma Inc' }).click();
    await page.getByRole('heading', { level: 1, name: /Gamma Inc/ }).waitFor();
    await page
      .getByRole('group', { name: 'Actions', exact: true })
      .getByRole('link', { name: 'Statement' })
      .click();
    await page.getByRole('heading', { name: 'Statement: Gamma Inc (C-GAMMA)' }).waitFor();
  });
});

describe('the invoices', () => {
  it('finds, sorts and pages the invoices on the server, with amounts in the locale', async () => {
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Invoices' })
      .click();
    await page.getByRole('heading', { name: 'Invoices', level: 1 }).waitFor();
    const column = async (index: number) =>
      (await tableRows(page, 'Invoices')).slice(1).map((cells) => cells[index]);
    await expect.poll(async () => (await column(0)).length).toBe(7);
    await screenshot(page, 'invoices');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    const form = page.getByRole('form', { name: 'Find invoices' });
    await form
      .getByRole('combobox', { name: 'Sort by' })
      .selectOption({ label: 'Due soonest first' });
    await form.getByRole('button', { name: 'Find' }).click();
    await expect.poll(address).toBe('/invoices?sort=due_on');
    const bySoonest = ['b1', 'b2', 'a3', 'a2', 'a1', 'g1', 'a4'].map((name) => numbers[name]);
    await expect.poll(() => column(0)).toEqual(bySoonest);

    await page.goto('/invoices?currency=USD');
    await expect
      .poll(() => tableRows(page, 'Invoices'))
      .toEqual([
        ['Number', 'Customer', 'Status', 'Issued', 'Due', 'Currency', 'Total', 'Open'],
        [numbers.g1, 'C-GAMMA', 'Open', '2025-06-15', '2025-07-15', 'USD', '1,200.00', '1,200.00'],
      ]);
    // A3 has 150.00 of its 400.00 paid.
    await page.goto(`/invoices?number=${numbers.a3}`);
    await expect.poll(() => column(2)).toEqual(['Partially paid']);
    expect(await column(7)).toEqual(['250.00']);
  });
});

describe("a customer's statement", () => {
  it('opens from the aging at its date, with the running balance and the aging that ties out', async () => {
    await page.goto(`/aging?as_of=${asOf}`);
    await page.getByRole('link', { name: 'Alpha GmbH' }).click();
    await expect.poll(address).toBe(`/customers/${ids.alpha}/statement?to=${asOf}`);
    await page.getByRole('heading', { name: 'Statement: Alpha GmbH (C-ALPHA)' }).waitFor();
    const rows = await tableRows(page, 'Statement in EUR');
    // Date, type, number, amount and running balance; the month of the date by default.
    expect(rows.map((cells) => [cells[0], cells[1], cells[2], cells.at(-2), cells.at(-1)])).toEqual(
      [
        ['Date', 'Type', 'Number', 'Amount', 'Balance'],
        ['', 'Opening balance', '', '', '650.00'],
        ['2025-06-01', 'Invoice', numbers.a1, '100.00', '750.00'],
        ['2025-06-10', 'Payment', 'P-0610', '-150.00', '600.00'],
        ['2025-06-20', 'Payment', 'P-0620', '-80.00', '520.00'],
        ['', 'Closing balance', '', '', '520.00'],
      ],
    );
    expect(await tableRows(page, `Aging in EUR as of ${asOf}`)).toEqual([
      [...dueBuckets, 'unapplied', 'balance'],
      ['100.00', '250.00', '250.00', '0.00', '0.00', '-80.00', '520.00'],
    ]);
    expect(await page.getByRole('link', { name: 'Download PDF' }).getAttribute('href')).toBe(
      `/api/v1/customers/${ids.alpha}/statement.pdf?from=2025-06-01&to=${asOf}`,
    );
    await screenshot(page, 'statement');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
  });

  it('shows a period the user types, and the error for a period given backwards', async () => {
    const form = page.getByRole('form', { name: 'Statement period' });
    await form.locator('input[name=from]').fill('2025-07-01');
    await form.locator('input[name=to]').fill('2025-07-31');
    await form.getByRole('button', { name: 'Show' }).click();
    await expect
      .poll(address)
      .toBe(`/customers/${ids.alpha}/statement?from=2025-07-01&to=2025-07-31`);
    // Opening at June's closing balance, A4 issued on 1 July, 100.00 paid on 5 July.
    const rows = await tableRows(page, 'Statement in EUR');
    expect(rows.map((cells) => cells.at(-1))).toEqual([
      'Balance',
      '520.00',
      '1,519.00',
      '1,419.00',
      '1,419.00',
    ]);

    await form.locator('input[name=from]').fill('2025-08-01');
    await form.getByRole('button', { name: 'Show' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toBe(
      'From (from): The period starts (2025-08-01) after it ends (2025-07-31). [period_invalid]',
    );
    expect(await form.locator('input[name=from]').getAttribute('aria-invalid')).toBe('true');
  });
});

describe('KPIs and goals', () => {
  it('shows the KPIs the API computes for a period, with "—" where a ratio has no denominator', async () => {
    // Reports in the main navigation lists every report.
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Reports' })
      .click();
    await page.getByRole('main').getByRole('link', { name: 'KPIs', exact: true }).click();
    const form = page.getByRole('form', { name: 'KPIs' });
    await form.locator('input[name=from]').fill('2025-01-01');
    await form.locator('input[name=to]').fill(asOf);
    await form.getByRole('button', { name: 'Show' }).click();
    await expect.poll(address).toBe(`/kpis?from=2025-01-01&to=${asOf}`);
    const eur = Object.fromEntries(
      (await tableRows(page, `KPIs in EUR, 2025-01-01 to ${asOf} (181 days)`)).map((cells) => [
        cells[0],
        cells[1],
      ]),
    );
    // Invoices issued in the half year: 100 + 250 + 400 + 300 + 75.50; open at its end: the aging's total.
    expect(eur['Credit sales']).toBe('1,125.50');
    expect(eur['A/R at the end']).toBe('895.50');
    expect(eur['Written off']).toBe('0.00');
    // ending A/R ÷ credit sales × days = 895.50 ÷ 1125.50 × 181 = 144.012…
    expect(eur['DSO (days)']).toBe('144.01');
    const usd = Object.fromEntries(
      (await tableRows(page, `KPIs in USD, 2025-01-01 to ${asOf} (181 days)`)).map((cells) => [
        cells[0],
        cells[1],
      ]),
    );
    // Nothing was paid in USD, so the average days to pay has no denominator.
    expect(usd['Average days to pay']).toBe('—');
    expect(usd['A/R at the end']).toBe('1,200.00');
  });

  it('adds the month-by-month series on request', async () => {
    await page.getByRole('form', { name: 'KPIs' }).locator('input[name=monthly]').check();
    await page.getByRole('form', { name: 'KPIs' }).getByRole('button', { name: 'Show' }).click();
    const months = await tableRows(page, 'Month by month in EUR');
    expect(months.slice(1).map((cells) => [cells[0], cells[1], cells[2]])).toEqual([
      ['2025-01-01 to 2025-01-31', '300.00', '300.00'],
      ['2025-02-01 to 2025-02-28', '0.00', '300.00'],
      ['2025-03-01 to 2025-03-31', '75.50', '375.50'],
      ['2025-04-01 to 2025-04-30', '400.00', '775.50'],
      ['2025-05-01 to 2025-05-31', '250.00', '1,025.50'],
      ['2025-06-01 to 2025-06-30', '100.00', '895.50'],
    ]);
    await screenshot(page, 'kpis');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
  });

  it('lists the goals with their figure and status as the API evaluates them', async () => {
    // Reports in the main navigation lists every report.
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Reports' })
      .click();
    await page.getByRole('main').getByRole('link', { name: 'Goals', exact: true }).click();
    const rows = await tableRows(page, 'Goals, soonest deadline first');
    const api = (await (await context.request.get('/api/v1/goals')).json()) as {
      items: { name: string; figure: string | null; status: string }[];
    };
    const goal = api.items[0]!;
    const statusWords: Record<string, string> = {
      new: 'New',
      on_track: 'On track',
      at_risk: 'At risk',
      met: 'Met',
      missed: 'Missed',
    };
    expect(rows).toHaveLength(2);
    expect(rows[1]!.slice(0, 6)).toEqual([
      goal.name,
      'DSO (days)',
      'at most 40.00 days',
      goalDeadline,
      'Owner',
      goal.figure === null ? '—' : `${goal.figure} days`,
    ]);
    // Then where the straight line to the target stands today, and the status.
    expect(rows[1]![7]).toMatch(new RegExp(`^${statusWords[goal.status]}`));
    await screenshot(page, 'goals');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
  });
});

describe('an organization with no customers', () => {
  it('says how to import a book or load the demo', async () => {
    const empty = await newOrganization(database);
    const emptyContext = await browser.newContext({ baseURL: baseUrl, locale: 'en-US' });
    try {
      const emptyPage = await emptyContext.newPage();
      await emptyPage.goto('/aging');
      const form = emptyPage.getByRole('form', { name: 'Sign in' });
      await form.locator('input[name=email]').fill(empty.ownerEmail);
      await form.locator('input[name=password]').fill(password);
      await form.getByRole('button', { name: 'Sign in' }).click();
      const help = emptyPage.getByRole('region', { name: 'Your book is empty' });
      await help.waitFor();
      expect(await help.textContent()).toContain('npx settle import customers customers.csv');
      expect(await help.textContent()).toContain('npm start -- --demo');
      await screenshot(emptyPage, 'empty-book');
      expect(await seriousAccessibilityViolations(emptyPage)).toEqual([]);
    } finally {
      await emptyContext.close();
    }
  });

  it('does not show the help to a book that has customers and owes nothing', async () => {
    await page.goto('/aging?as_of=2024-01-01');
    await page.getByText('Nothing is owed and nobody is in credit as of this date.').waitFor();
    // The customers are there: the check for them has answered before the page settles.
    await page.waitForLoadState('networkidle');
    expect(await page.getByRole('region', { name: 'Your book is empty' }).count()).toBe(0);
  });
});

describe('signing out', () => {
  it('ends the session: the app asks to sign in again and the API refuses the cookie', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('form', { name: 'Sign in' }).waitFor();
    expect((await context.request.get('/api/v1/me')).status()).toBe(401);
    expect(await page.evaluate(() => sessionStorage.getItem('settle.csrf_token'))).toBeNull();
    await page.reload();
    await page.getByRole('form', { name: 'Sign in' }).waitFor();
  });
});
