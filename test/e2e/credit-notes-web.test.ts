// Goal: in a real browser, against the real server and database, a clerk (an accountant) uses a
// credit note issued as customer credit the way a payment's credit is used: part of it applied to
// an open invoice, the rest refunded, each checked through the API; a viewer reads the credit note
// without a button that would fail.
import type { APIRequestContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCustomer } from '../../src/customers/create-customer.service.js';
import { createCreditNote } from '../../src/invoicing/create-credit-note.service.js';
import { todayNoEarlierThan } from '../support/clock.js';
import { issuedInvoiceDue } from '../support/organization.js';
import { screenshot, seriousAccessibilityViolations } from './support/browser.js';
import { startWebApp, type WebApp } from './support/web-app.js';

// The documents lie on fixed dates in 2026 and the credit is applied "today", after them.
todayNoEarlierThan('2026-12-05');

let web: WebApp;
let clerk: { email: string; password: string; name: string };
let viewer: { email: string; password: string; name: string };
let page: Page;
const ids: Record<string, string> = {};
const numbers: Record<string, string> = {};

interface ApiCreditNote {
  applied: string;
  refunded: string;
  unapplied: string;
}

async function api<T>(request: APIRequestContext, path: string): Promise<T> {
  const response = await request.get(`/api/v1${path}`);
  expect(response.status(), path).toBe(200);
  return (await response.json()) as T;
}

beforeAll(async () => {
  web = await startWebApp();
  const { database, actor } = web;
  const customer = await createCustomer(database, actor, {
    ref: 'C-ADVENT',
    name: 'Adventure Works',
    currency: 'EUR',
  });
  const invoice = await issuedInvoiceDue(
    database,
    actor,
    customer.id,
    { issuedOn: '2026-08-01', dueOn: '2026-09-01' },
    '300.00',
  );
  ids.invoice = invoice.id;
  numbers.invoice = invoice.number!;
  // Issued as customer credit, against no invoice: all of it waits to be applied or refunded.
  const note = await createCreditNote(database, actor, {
    customerId: customer.id,
    issuedOn: '2026-10-01',
    lines: [{ description: 'Goodwill', quantity: '1', unitPrice: '100.00' }],
  });
  ids.note = note.id;
  numbers.note = note.number;
  clerk = await web.addUser('accountant', 'Clara Clerk');
  viewer = await web.addUser('viewer', 'Vic Viewer');
  page = await web.signedInPage(clerk, `/credit-notes/${ids.note}`);
});

afterAll(async () => {
  await web?.close();
});

describe("a credit note's unapplied credit", () => {
  it('applies part of it to an open invoice', async () => {
    await page.getByRole('heading', { level: 1, name: `Credit note ${numbers.note}` }).waitFor();
    expect(await page.getByTestId('credit-note-unapplied').textContent()).toBe('100.00');
    await page.getByRole('button', { name: 'Apply credit' }).click();
    const dialog = page.getByRole('dialog', { name: 'Apply the unapplied credit to invoices' });
    const input = dialog.getByRole('textbox', { name: `Apply to ${numbers.invoice}` });
    expect(await input.inputValue()).toBe('100.00');
    await input.fill('60.00');
    await screenshot(page, 'credit-note-apply-credit');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Apply', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await page.locator('.notice').textContent()).toContain(
      `Credit note ${numbers.note}: 60.00 of its credit applied to 1 invoice, 40.00 left as unapplied credit.`,
    );
    await expect.poll(() => page.getByTestId('credit-note-unapplied').textContent()).toBe('40.00');
    const note = await api<ApiCreditNote>(page.request, `/credit-notes/${ids.note}`);
    expect([note.applied, note.unapplied]).toEqual(['60.00', '40.00']);
    const invoice = await api<{ open: string }>(page.request, `/invoices/${ids.invoice}`);
    expect(invoice.open).toBe('240.00');
  });

  it('refunds the rest', async () => {
    await page.getByRole('button', { name: 'Refund' }).click();
    const dialog = page.getByRole('dialog', { name: 'Refund unapplied credit' });
    expect(await dialog.getByRole('textbox', { name: 'Amount (EUR)' }).inputValue()).toBe('40.00');
    await dialog.getByRole('textbox', { name: 'Reference' }).fill('RF-CN-1');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Refund', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await page.locator('.notice').textContent()).toContain(
      `Credit note ${numbers.note}: 40.00 EUR refunded`,
    );
    await expect.poll(() => page.getByTestId('credit-note-unapplied').textContent()).toBe('0.00');
    const note = await api<ApiCreditNote>(page.request, `/credit-notes/${ids.note}`);
    expect([note.applied, note.refunded, note.unapplied]).toEqual(['60.00', '40.00', '0.00']);
    expect((await api<{ open: string }>(page.request, `/invoices/${ids.invoice}`)).open).toBe(
      '240.00',
    );
    // Nothing is left to apply or refund.
    expect(await page.getByRole('button', { name: 'Apply credit' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Refund' }).count()).toBe(0);
  });
});

describe('a viewer', () => {
  it('reads a credit note with unapplied credit without a button that would fail', async () => {
    const other = await createCreditNote(web.database, web.actor, {
      customerId: (await api<{ customer_id: string }>(page.request, `/credit-notes/${ids.note}`))
        .customer_id,
      issuedOn: '2026-11-01',
      lines: [{ description: 'Late delivery', quantity: '1', unitPrice: '25.00' }],
    });
    // The clerk would see the buttons on it; the viewer sees none.
    await page.goto(`/credit-notes/${other.id}`);
    await page.getByRole('button', { name: 'Apply credit' }).waitFor();
    const viewerPage = await web.signedInPage(viewer, `/credit-notes/${other.id}`);
    await viewerPage
      .getByRole('heading', { level: 1, name: `Credit note ${other.number}` })
      .waitFor();
    expect(await viewerPage.getByTestId('credit-note-unapplied').textContent()).toBe('25.00');
    expect(await viewerPage.getByRole('group', { name: 'Credit note actions' }).count()).toBe(0);
    expect(await viewerPage.getByRole('button', { name: 'Apply credit' }).count()).toBe(0);
    expect(await viewerPage.getByRole('button', { name: 'Refund' }).count()).toBe(0);
  });
});
