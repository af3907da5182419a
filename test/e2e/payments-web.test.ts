// Goal: in a real browser, against the real server and database, a clerk (an accountant) records
// money the way the day goes: a payment spread oldest first over a customer's open invoices with
// one amount changed by hand, posted once however often the button is clicked; its credit applied
// later and the rest refunded; a bounced cheque reversed, re-opening what it paid. Each step is
// checked through the API (applications, balances, the audit log), not only on screen; a viewer
// sees the same pages without a single button that would fail.
import type { APIRequestContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCustomer } from '../../src/customers/create-customer.service.js';
import { listAuditEvents } from '../../src/ledger/list-audit-events.service.js';
import { recordPayment } from '../../src/payments/record-payment.service.js';
import { todayNoEarlierThan } from '../support/clock.js';
import { issuedInvoiceDue } from '../support/organization.js';
import { screenshot, seriousAccessibilityViolations, tableRows } from './support/browser.js';
import { startWebApp, type WebApp } from './support/web-app.js';

// The invoices lie on fixed dates in 2026 and the money is received "today", after them.
todayNoEarlierThan('2026-12-05');

let web: WebApp;
let clerk: { email: string; password: string; name: string };
let viewer: { email: string; password: string; name: string };
let page: Page;
const ids: Record<string, string> = {};
const numbers: Record<string, string> = {};

interface ApiPayment {
  id: string;
  status: string;
  amount: string;
  applied: string;
  refunded: string;
  unapplied: string;
  reference: string | null;
  applications: { invoice_id: string; amount: string; reversal_id: string | null }[];
  refunds: { amount: string }[];
}

async function api<T>(request: APIRequestContext, path: string): Promise<T> {
  const response = await request.get(`/api/v1${path}`);
  expect(response.status(), path).toBe(200);
  return (await response.json()) as T;
}

const invoiceOpen = async (request: APIRequestContext, name: string) =>
  (await api<{ open: string }>(request, `/invoices/${ids[name]}`)).open;

beforeAll(async () => {
  web = await startWebApp();
  const { database, actor } = web;
  const northwind = await createCustomer(database, actor, {
    ref: 'C-NORTH',
    name: 'Northwind Traders',
    currency: 'EUR',
  });
  const contoso = await createCustomer(database, actor, {
    ref: 'C-CONTOSO',
    name: 'Contoso Ltd',
    currency: 'EUR',
  });
  ids.northwind = northwind.id;
  ids.contoso = contoso.id;
  const invoice = async (name: string, customerId: string, dueOn: string, amount: string) => {
    const created = await issuedInvoiceDue(
      database,
      actor,
      customerId,
      { issuedOn: '2026-08-01', dueOn },
      amount,
    );
    ids[name] = created.id;
    numbers[name] = created.number!;
  };
  // Made out of order: oldest first is by due date, not by when the invoice was entered.
  await invoice('n2', northwind.id, '2026-10-01', '400.00');
  await invoice('n1', northwind.id, '2026-09-01', '300.00');
  await invoice('n3', northwind.id, '2026-11-01', '500.00');
  await invoice('c1', contoso.id, '2026-09-15', '250.00');
  const cheque = await recordPayment(database, actor, {
    customerId: contoso.id,
    amount: '250.00',
    receivedOn: '2026-10-02',
    reference: 'CHQ-1001',
    method: 'cheque',
    applications: [{ invoiceId: ids.c1!, amount: '250.00' }],
  });
  ids.cheque = cheque.id;
  // Money received without a remittance advice: all of it waits as Contoso's credit.
  await recordPayment(database, actor, {
    customerId: contoso.id,
    amount: '75.00',
    receivedOn: '2026-11-20',
    reference: 'DEP-5',
    apply: 'none',
  });
  clerk = await web.addUser('accountant', 'Clara Clerk');
  viewer = await web.addUser('viewer', 'Vic Viewer');
  page = await web.signedInPage(clerk, '/payments');
});

afterAll(async () => {
  await web?.close();
});

describe('recording a payment', () => {
  it('suggests oldest first, takes one edited amount, posts once on a double click', async () => {
    await page.getByRole('link', { name: 'Record a payment' }).click();
    await page.getByRole('heading', { level: 1, name: 'Record a payment' }).waitFor();
    const form = page.getByRole('form', { name: 'Record a payment' });
    await form.getByRole('combobox', { name: 'Customer' }).fill('north');
    await page.getByRole('option', { name: /Northwind Traders/ }).click();
    await form.getByRole('textbox', { name: 'Amount (EUR)' }).fill('1000.00');
    await form.getByRole('textbox', { name: 'Reference' }).fill('WIRE-77');

    const rows = await tableRows(page, 'Open invoices of Northwind Traders');
    expect(rows.map((cells) => cells.slice(0, 4))).toEqual([
      ['Invoice', 'Issued', 'Due', 'Open (EUR)'],
      [numbers.n1, '2026-08-01', '2026-09-01', '300.00'],
      [numbers.n2, '2026-08-01', '2026-10-01', '400.00'],
      [numbers.n3, '2026-08-01', '2026-11-01', '500.00'],
    ]);
    const applyTo = (name: string) =>
      form.getByRole('textbox', { name: `Apply to ${numbers[name]}` });
    expect(await applyTo('n1').inputValue()).toBe('300.00');
    expect(await applyTo('n2').inputValue()).toBe('400.00');
    expect(await applyTo('n3').inputValue()).toBe('300.00');
    const totals = page.getByTestId('allocation-totals');
    expect(await totals.textContent()).toBe('Applied: 1,000.00 · Left as unapplied credit: 0.00');

    await applyTo('n3').fill('200.00');
    await expect
      .poll(() => totals.textContent())
      .toBe('Applied: 900.00 · Left as unapplied credit: 100.00');
    // Changing the amount now keeps the clerk's rows rather than suggesting over them.
    expect(await applyTo('n1').inputValue()).toBe('300.00');
    await screenshot(page, 'payments-record');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    await form.getByRole('button', { name: 'Record payment' }).dblclick();
    await page.getByRole('heading', { level: 1, name: 'Payment WIRE-77' }).waitFor();
    expect(await page.locator('.notice').textContent()).toContain(
      'Payment WIRE-77 recorded: 900.00 applied to 3 invoices, 100.00 left as unapplied credit.',
    );
    ids.wire = page.url().split('/').pop()!;

    // One payment, however many clicks, applied as the form said.
    const list = await api<{ items: ApiPayment[] }>(
      page.request,
      `/payments?customer_id=${ids.northwind}`,
    );
    expect(list.items.map((payment) => [payment.reference, payment.amount])).toEqual([
      ['WIRE-77', '1000.00'],
    ]);
    const payment = await api<ApiPayment>(page.request, `/payments/${ids.wire}`);
    expect(payment.applications.map((a) => [a.invoice_id, a.amount])).toEqual(
      expect.arrayContaining([
        [ids.n1, '300.00'],
        [ids.n2, '400.00'],
        [ids.n3, '200.00'],
      ]),
    );
    expect(payment.applications).toHaveLength(3);
    expect(payment.unapplied).toBe('100.00');
    expect(await invoiceOpen(page.request, 'n3')).toBe('300.00');
  });

  it('shows the payment with its applications linked to their invoices', async () => {
    await page.goto(`/payments/${ids.wire}`);
    const rows = await tableRows(page, 'Applied to invoices');
    expect(rows.slice(1).map((cells) => [cells[0], cells[3]])).toEqual(
      expect.arrayContaining([
        [numbers.n1, '300.00'],
        [numbers.n2, '400.00'],
        [numbers.n3, '200.00'],
      ]),
    );
    expect(await page.getByRole('link', { name: numbers.n3 }).getAttribute('href')).toBe(
      `/invoices/${ids.n3}`,
    );
    expect(
      await page.getByRole('link', { name: 'Northwind Traders (C-NORTH)' }).getAttribute('href'),
    ).toBe(`/customers/${ids.northwind}`);
    expect(await page.getByTestId('payment-unapplied').textContent()).toBe('€100.00');
    await screenshot(page, 'payments-detail');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
  });

  it('marks the field the API refuses and says why', async () => {
    await page.goto(`/payments/new?customer_id=${ids.northwind}`);
    const form = page.getByRole('form', { name: 'Record a payment' });
    expect(await form.getByRole('combobox', { name: 'Customer' }).inputValue()).toBe(
      'Northwind Traders (C-NORTH)',
    );
    await form.getByRole('textbox', { name: 'Amount (EUR)' }).fill('10.00');
    await form.getByRole('textbox', { name: 'Received on (blank: today)' }).fill('2026-02-30');
    await form.getByRole('button', { name: 'Record payment' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('received_on');
    expect(
      await form
        .getByRole('textbox', { name: 'Received on (blank: today)' })
        .getAttribute('aria-invalid'),
    ).toBe('true');
    const list = await api<{ items: ApiPayment[] }>(
      page.request,
      `/payments?customer_id=${ids.northwind}`,
    );
    expect(list.items).toHaveLength(1);
  });
});

describe('credit, refunds and reversals', () => {
  it('applies the credit later to an open invoice, with an edited amount', async () => {
    await page.goto(`/payments/${ids.wire}`);
    await page.getByRole('button', { name: 'Apply credit' }).click();
    const dialog = page.getByRole('dialog', { name: 'Apply the unapplied credit to invoices' });
    const input = dialog.getByRole('textbox', { name: `Apply to ${numbers.n3}` });
    // Only the third invoice is still open; the whole credit is suggested for it.
    expect(await input.inputValue()).toBe('100.00');
    await input.fill('60.00');
    await screenshot(page, 'payments-apply-credit');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Apply', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await page.locator('.notice').textContent()).toContain(
      'Payment WIRE-77: 60.00 of its credit applied to 1 invoice, 40.00 left as unapplied credit.',
    );
    await expect.poll(() => page.getByTestId('payment-unapplied').textContent()).toBe('€40.00');
    const payment = await api<ApiPayment>(page.request, `/payments/${ids.wire}`);
    expect(payment.unapplied).toBe('40.00');
    expect(await invoiceOpen(page.request, 'n3')).toBe('240.00');
  });

  it('refunds what is left', async () => {
    await page.getByRole('button', { name: 'Refund' }).click();
    const dialog = page.getByRole('dialog', { name: 'Refund unapplied credit' });
    expect(await dialog.getByRole('textbox', { name: 'Amount (EUR)' }).inputValue()).toBe('40.00');
    await dialog.getByRole('textbox', { name: 'Reference' }).fill('RF-1');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Refund', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await page.locator('.notice').textContent()).toContain('40.00 EUR refunded');
    const payment = await api<ApiPayment>(page.request, `/payments/${ids.wire}`);
    expect([payment.refunded, payment.unapplied]).toEqual(['40.00', '0.00']);
    expect(await tableRows(page, 'Refunds')).toHaveLength(2);
    // Nothing is left to apply or refund.
    expect(await page.getByRole('button', { name: 'Apply credit' }).count()).toBe(0);
  });

  it('reverses a bounced cheque with a reason, re-opening the invoice it paid', async () => {
    expect(await invoiceOpen(page.request, 'c1')).toBe('0.00');
    await page.goto(`/payments/${ids.cheque}`);
    await page.getByRole('button', { name: 'Reverse payment' }).click();
    const dialog = page.getByRole('dialog', { name: 'Reverse a bounced payment' });
    expect(await dialog.textContent()).toContain('250.00 EUR applied to 1 invoice becomes owed');
    await dialog.getByRole('textbox', { name: 'Reason' }).fill('Cheque returned unpaid');
    await screenshot(page, 'payments-reverse');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Reverse the payment' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await page.locator('.notice').textContent()).toContain('Payment CHQ-1001 reversed on');
    await expect
      .poll(() => page.getByTestId('payment-status').textContent())
      .toMatch(/^Reversed on \d{4}-\d{2}-\d{2}/);
    expect(await invoiceOpen(page.request, 'c1')).toBe('250.00');
    const payment = await api<ApiPayment>(page.request, `/payments/${ids.cheque}`);
    expect(payment.status).toBe('reversed');
    // The audit log (read through its service: the clerk's role may not list it) names the clerk.
    const audit = await listAuditEvents(web.database, web.actor, { entityId: ids.cheque });
    expect(audit.items).toContainEqual(
      expect.objectContaining({ action: 'payment.reversed', actor_name: 'Clara Clerk' }),
    );
    expect(await page.getByRole('button', { name: 'Reverse payment' }).count()).toBe(0);
  });
});

describe('the list of payments', () => {
  it('finds payments by customer and date range, sorted, with the state in the address', async () => {
    await page.goto('/payments');
    const form = page.getByRole('form', { name: 'Find payments' });
    await form.getByRole('combobox', { name: 'Customer' }).fill('contoso');
    await page.getByRole('option', { name: /Contoso Ltd/ }).click();
    await form.getByRole('textbox', { name: 'Received from' }).fill('2026-10-01');
    await form.getByRole('textbox', { name: 'Received to' }).fill('2026-10-31');
    await form.getByRole('button', { name: 'Find' }).click();
    await expect
      .poll(() => page.url())
      .toContain(
        `/payments?customer_id=${ids.contoso}&received_from=2026-10-01&received_to=2026-10-31`,
      );
    const rows = await tableRows(page, 'Payments');
    expect(rows.slice(1).map((cells) => [cells[0], cells[1], cells[4], cells[6]])).toEqual([
      ['Payment CHQ-1001', 'C-CONTOSO', expect.stringMatching(/^Reversed/), '250.00'],
    ]);
    await page.reload();
    expect((await tableRows(page, 'Payments')).length).toBe(2);
    expect(
      await page
        .getByRole('form', { name: 'Find payments' })
        .getByRole('combobox', { name: 'Customer' })
        .inputValue(),
    ).toBe('Contoso Ltd (C-CONTOSO)');

    await page.goto('/payments?sort=-amount');
    const all = await tableRows(page, 'Payments');
    expect(all.slice(1).map((cells) => cells[6])).toEqual(['1,000.00', '250.00', '75.00']);
    await screenshot(page, 'payments-list');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
  });

  it("lists a customer's unapplied credit, a click from applying it", async () => {
    await page.goto(`/payments?customer_id=${ids.contoso}`);
    const form = page.getByRole('form', { name: 'Find payments' });
    await form.getByRole('checkbox', { name: 'Only with unapplied credit' }).check();
    await form.getByRole('button', { name: 'Find' }).click();
    await expect
      .poll(() => page.url())
      .toContain(`/payments?customer_id=${ids.contoso}&unapplied=true`);
    // The reversed cheque has nothing left; the deposit waits whole.
    await expect
      .poll(async () => (await tableRows(page, 'Payments')).slice(1).map((cells) => cells[0]))
      .toEqual(['Payment DEP-5']);
    const api = await page.request.get('/api/v1/payments?unapplied=true');
    const items = ((await api.json()) as { items: { reference: string; unapplied: string }[] })
      .items;
    expect(items.map((payment) => [payment.reference, payment.unapplied])).toEqual([
      ['DEP-5', '75.00'],
    ]);
    await page.getByRole('link', { name: 'Payment DEP-5' }).click();
    await page.getByRole('button', { name: 'Apply credit' }).waitFor();
  });
});

describe('a viewer', () => {
  it('reads the payments and their details without a button that would fail', async () => {
    const viewerPage = await web.signedInPage(viewer, '/payments');
    await tableRows(viewerPage, 'Payments');
    expect(await viewerPage.getByRole('link', { name: 'Record a payment' }).count()).toBe(0);
    expect(await viewerPage.getByRole('link', { name: 'Import a CSV file' }).count()).toBe(0);
    await viewerPage.goto(`/payments/${ids.wire}`);
    await tableRows(viewerPage, 'Applied to invoices');
    expect(await viewerPage.getByRole('group', { name: 'Payment actions' }).count()).toBe(0);
    expect(await viewerPage.getByRole('button', { name: 'Reverse payment' }).count()).toBe(0);
    expect(await seriousAccessibilityViolations(viewerPage)).toEqual([]);
    await viewerPage.goto('/payments/new');
    await viewerPage.getByRole('heading', { level: 1, name: 'Record a payment' }).waitFor();
    expect(await viewerPage.getByRole('form', { name: 'Record a payment' }).count()).toBe(0);
  });
});

describe('a session that ends while the clerk types', () => {
  it('keeps the typed payment under a sign-in dialog, and records it once after signing in', async () => {
    const fabrikam = await createCustomer(web.database, web.actor, {
      ref: 'C-FABRIKAM',
      name: 'Fabrikam Inc',
      currency: 'EUR',
    });
    const due = await issuedInvoiceDue(
      web.database,
      web.actor,
      fabrikam.id,
      { issuedOn: '2026-08-01', dueOn: '2026-09-01' },
      '120.00',
    );
    await page.goto(`/payments/new?customer_id=${fabrikam.id}`);
    const form = page.getByRole('form', { name: 'Record a payment' });
    await page.getByRole('table', { name: 'Open invoices of Fabrikam Inc' }).waitFor();
    await form.getByRole('textbox', { name: 'Amount (EUR)' }).fill('120.00');
    await form.getByRole('textbox', { name: 'Reference' }).fill('AFTER-LUNCH');
    // The session ends behind the page's back, as when it times out over lunch.
    const ended = await page.evaluate(async () => {
      const response = await fetch('/api/v1/auth/logout', {
        method: 'POST',
        headers: { 'x-csrf-token': sessionStorage.getItem('settle.csrf_token') ?? '' },
      });
      return response.status;
    });
    expect(ended).toBe(204);
    await form.getByRole('button', { name: 'Record payment' }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Your session has ended' });
    await dialog.waitFor();
    await dialog.locator('input[name=email]').fill(clerk.email);
    await dialog.locator('input[name=password]').fill(clerk.password);
    await dialog.getByRole('button', { name: 'Sign in' }).click();
    await dialog.waitFor({ state: 'detached' });
    // Everything typed is still there, and sending it again records the payment once.
    expect(await form.getByRole('textbox', { name: 'Amount (EUR)' }).inputValue()).toBe('120.00');
    expect(await form.getByRole('textbox', { name: 'Reference' }).inputValue()).toBe('AFTER-LUNCH');
    await form.getByRole('button', { name: 'Record payment' }).click();
    await page.getByRole('heading', { level: 1, name: 'Payment AFTER-LUNCH' }).waitFor();
    const list = await api<{ items: ApiPayment[] }>(
      page.request,
      `/payments?customer_id=${fabrikam.id}`,
    );
    expect(list.items.map((payment) => [payment.reference, payment.amount])).toEqual([
      ['AFTER-LUNCH', '120.00'],
    ]);
    expect((await api<{ open: string }>(page.request, `/invoices/${due.id}`)).open).toBe('0.00');
  });
});
