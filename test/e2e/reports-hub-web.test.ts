// Goal: the reports hub in a real browser against the real server and database: a manager sets,
// changes and archives a goal through its dialogs (each checked through the goals service, not
// only by the notice), a viewer reads the goals with no button to change them, and the trial
// balance, the audit log (filtered and paged, state in the address) and the disputes report show
// the rows of a small book worked out by hand; every page passes the accessibility check.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDispute } from '../../src/commitments/manage-disputes.service.js';
import { createCustomer } from '../../src/customers/create-customer.service.js';
import { recordPayment } from '../../src/payments/record-payment.service.js';
import { listGoals } from '../../src/reports/manage-goals.service.js';
import { daysFromToday, today } from '../support/clock.js';
import { issuedInvoiceDue } from '../support/organization.js';
import { screenshot, seriousAccessibilityViolations, tableRows } from './support/browser.js';
import { startWebApp, type WebApp } from './support/web-app.js';

let web: WebApp;
let page: Page;
const address = () => page.url().slice(web.baseUrl.length);

/**
 * The book: Alpha GmbH (EUR) owes invoice A1 of 100.00 and B1 of 60.00, has paid 40.00 of A1,
 * and disputes B1 (damaged). By hand, on the ledger: cash 1000 debit 40.00; receivables 1200
 * debit 160.00, credit 40.00, balance 120.00; revenue 4000 credit 160.00. The A/R control
 * (120.00) equals the open invoices (60.00 + 60.00) less no unapplied credit: no difference.
 */
beforeAll(async () => {
  web = await startWebApp();
  const { database, actor } = web;
  const alpha = await createCustomer(database, actor, {
    ref: 'C-ALPHA',
    name: 'Alpha GmbH',
    currency: 'EUR',
  });
  const a1 = await issuedInvoiceDue(
    database,
    actor,
    alpha.id,
    { issuedOn: daysFromToday(-40), dueOn: daysFromToday(-10) },
    '100.00',
  );
  const b1 = await issuedInvoiceDue(
    database,
    actor,
    alpha.id,
    { issuedOn: daysFromToday(-20), dueOn: daysFromToday(10) },
    '60.00',
  );
  await recordPayment(database, actor, {
    customerId: alpha.id,
    amount: '40.00',
    receivedOn: today(),
    reference: 'P-40',
    applications: [{ invoiceId: a1.id, amount: '40.00' }],
  });
  await openDispute(database, actor, { invoiceId: b1.id, reason: 'damaged' });
  page = await web.signedInPage(web.owner, '/reports');
}, 120_000);

afterAll(async () => {
  await web?.close();
});

const goals = async (includeArchived = false) =>
  (await listGoals(web.database, web.actor, { includeArchived })).items.map((item) => item.goal);

describe('the reports hub', () => {
  it('lists every report, the audit log included for an owner, with the aging downloads', async () => {
    await page.getByRole('heading', { name: 'Reports', level: 1 }).waitFor();
    const links = await page.locator('.report-list > li > a').allTextContents();
    expect(links).toEqual([
      'Aging',
      'Statements',
      'KPIs',
      'Goals',
      'Disputes and non-payment reasons',
      'Trial balance',
      'Audit log',
    ]);
    expect(await page.getByRole('link', { name: 'Aging as CSV' }).getAttribute('href')).toBe(
      '/api/v1/reports/aging.csv',
    );
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
  });
});

describe('goals', () => {
  it('lets a manager set a goal, showing the API error on the field first', async () => {
    await page.goto('/goals');
    await page.getByRole('button', { name: 'New goal' }).click();
    const dialog = page.getByRole('dialog', { name: 'Set a goal' });
    await dialog
      .locator('select[name=metric]')
      .selectOption({ label: 'Collection effectiveness index (%)' });
    await dialog.locator('input[name=target]').fill('90');
    await dialog.locator('input[name=deadline]').fill('2027-02-30');
    await dialog.locator('input[name=name]').fill('Collect better');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Set goal' }).click();
    await dialog.getByRole('alert').waitFor();
    expect(await dialog.locator('input[name=deadline]').getAttribute('aria-invalid')).toBe('true');
    expect(await goals()).toEqual([]);

    await dialog.locator('input[name=deadline]').fill(daysFromToday(180));
    await dialog.getByRole('button', { name: 'Set goal' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await page.locator('.notice').textContent()).toContain(
      `Goal “Collect better” set: at least 90.00 % by ${daysFromToday(180)}.`,
    );
    const [goal] = await goals();
    expect(goal).toMatchObject({
      name: 'Collect better',
      metric: 'cei',
      targetUnits: 9000n,
      direction: 'at_least',
      deadline: daysFromToday(180),
      ownerId: web.actor.id,
    });
    const rows = await tableRows(page, 'Goals, soonest deadline first');
    expect(rows[1]!.slice(0, 4)).toEqual([
      'Collect better',
      'Collection effectiveness index (%)',
      'at least 90.00 %',
      daysFromToday(180),
    ]);
    await screenshot(page, 'goals');
  });

  it('lets a manager change a goal', async () => {
    await page.getByRole('button', { name: 'Edit' }).click();
    const dialog = page.getByRole('dialog', { name: 'Change the goal “Collect better”' });
    await dialog.locator('input[name=target]').fill('95');
    await dialog.locator('input[name=deadline]').fill(daysFromToday(240));
    await dialog.getByRole('button', { name: 'Save goal' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await page.locator('.notice').textContent()).toContain(
      `Goal “Collect better” changed: at least 95.00 % by ${daysFromToday(240)}.`,
    );
    const [goal] = await goals();
    expect(goal).toMatchObject({ targetUnits: 9500n, deadline: daysFromToday(240) });
  });

  it('shows a viewer the goals without a button to change them', async () => {
    const viewer = await web.addUser('viewer', 'Vera Viewer');
    const viewerPage = await web.signedInPage(viewer, '/goals');
    await viewerPage.getByRole('table', { name: 'Goals, soonest deadline first' }).waitFor();
    expect(await viewerPage.locator('main').getByRole('button').count()).toBe(0);
    await viewerPage.goto('/reports');
    await viewerPage.getByRole('link', { name: 'Trial balance' }).waitFor();
    expect(await viewerPage.getByRole('link', { name: 'Audit log' }).count()).toBe(0);
    expect(await seriousAccessibilityViolations(viewerPage)).toEqual([]);
  });

  it('lets a manager archive a goal, which then shows only with the archived ones', async () => {
    await page.getByRole('button', { name: 'Archive' }).click();
    const dialog = page.getByRole('dialog', { name: 'Archive the goal “Collect better”?' });
    await dialog.getByRole('button', { name: 'Archive goal' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await page.locator('.notice').textContent()).toContain(
      'Goal “Collect better” archived.',
    );
    expect(await goals()).toEqual([]);
    const [archived] = await goals(true);
    expect(archived!.archivedAt).not.toBeNull();
    await page.getByText('No goals yet').waitFor();
    await page.getByRole('link', { name: 'Show archived goals' }).click();
    expect(address()).toBe('/goals?include_archived=true');
    const rows = await tableRows(page, 'Goals, soonest deadline first');
    expect(rows[1]![0]).toBe('Collect better');
    expect(rows[1]![7]).toBe('Archived');
  });
});

describe('the trial balance', () => {
  it('shows the ledger and the A/R tie-out worked out by hand', async () => {
    await page.goto('/reports/trial-balance');
    const rows = await tableRows(page, 'Trial balance in EUR');
    expect(rows[0]).toEqual(['Account', 'Name', 'Debit', 'Credit', 'Balance']);
    const byAccount = Object.fromEntries(rows.slice(1, -1).map((row) => [row[0], row.slice(2)]));
    expect(byAccount['1000']).toEqual(['40.00', '0.00', '40.00']);
    expect(byAccount['1200']).toEqual(['160.00', '40.00', '120.00']);
    expect(byAccount['4000']).toEqual(['0.00', '160.00', '-160.00']);
    expect(rows.at(-1)).toEqual(['Total', '200.00', '200.00', '']);
    expect(await tableRows(page, 'A/R tie-out in EUR')).toEqual([
      ['A/R control account (1200)', '120.00'],
      ['Open invoices', '120.00'],
      ['Unapplied credit', '0.00'],
      ['Difference', '0.00'],
    ]);
    await screenshot(page, 'trial-balance');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
  });
});

describe('the audit log', () => {
  it('finds the goal events by kind, a page at a time, with the state in the address', async () => {
    await page.goto('/reports/audit-log?limit=2');
    const form = page.getByRole('form', { name: 'Find in the audit log' });
    await form.locator('input[name=entity_type]').fill('goal');
    await form.getByRole('button', { name: 'Find' }).click();
    await expect.poll(address).toBe('/reports/audit-log?entity_type=goal&limit=2');
    const actions = async () =>
      (await tableRows(page, 'Audit log, newest first')).slice(1).map((row) => row[2]);
    await expect.poll(actions).toEqual(['goal.archived', 'goal.updated']);
    await page.getByRole('link', { name: 'Next page' }).click();
    await expect.poll(actions).toEqual(['goal.created']);
    expect(address()).toMatch(
      /^\/reports\/audit-log\?entity_type=goal&cursor=[0-9a-f-]{36}&limit=2$/,
    );
    await page.reload();
    await expect.poll(actions).toEqual(['goal.created']);
    await screenshot(page, 'audit-log');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
  });

  it('shows the payment of the book among the events of today', async () => {
    await page.goto(`/reports/audit-log?from=${today()}&to=${today()}&entity_type=payment`);
    const rows = await tableRows(page, 'Audit log, newest first');
    expect(rows.slice(1).map((row) => [row[1], row[3]])).toEqual([['Test Owner', 'payment']]);
  });
});

describe('disputes and KPIs', () => {
  it('shows the open dispute by reason, and the KPIs with their chart', async () => {
    await page.goto('/reports/disputes');
    const rows = await tableRows(page, 'Disputes in EUR');
    expect(rows.find((row) => row[0] === 'Damaged goods')!.slice(1, 3)).toEqual(['1', '60.00']);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.goto('/kpis?monthly=true');
    await page.getByRole('img', { name: /^DSO and best possible DSO in days, EUR/ }).waitFor();
    await screenshot(page, 'kpis-chart');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
  });
});
