// Goal: the manager's home page shows, in a real browser against the real server and database,
// the receivables of a small book exactly as worked out by hand for today (receivable, overdue,
// each aging bucket, the most overdue customers), today's collections work, the cash collected
// in the week, the KPI trends, the goals and the disputes; a click on a bucket of the aging chart
// lists exactly that bucket's invoices; and the page passes the accessibility check.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/core/actor.js';
import { createCustomer } from '../../src/customers/create-customer.service.js';
import { openDispute } from '../../src/commitments/manage-disputes.service.js';
import { createPromise } from '../../src/commitments/manage-promises.service.js';
import { recordPayment } from '../../src/payments/record-payment.service.js';
import { createGoal } from '../../src/reports/manage-goals.service.js';
import { completeTask, createTask } from '../../src/worklist/manage-tasks.service.js';
import { daysFromToday, today } from '../support/clock.js';
import { issuedInvoiceDue } from '../support/organization.js';
import { screenshot, seriousAccessibilityViolations, tableRows } from './support/browser.js';
import { startWebApp, type WebApp } from './support/web-app.js';

let web: WebApp;
let page: Page;
const numbers: Record<string, string> = {};

/**
 * The book, every date relative to today, with each invoice's bucket worked out by hand:
 *
 * Alpha GmbH (EUR)
 *   A1 due in 20 days, 100.00: Current
 *   A2 due 10 days ago, 250.00: 1-30
 *   A3 due 45 days ago, 400.00, 150.00 paid 5 days ago: 250.00 open, 31-60
 *   80.00 received today, not applied: -80.00 unapplied
 * Beta SARL (EUR)
 *   B1 due 100 days ago, 300.00: 91+ (disputed: pricing)
 *   B2 due 70 days ago, 75.50: 61-90
 * Gamma Inc (USD)
 *   G1 due in 25 days, 1,200.00: Current
 *
 * EUR: buckets 100.00 / 250.00 / 250.00 / 75.50 / 300.00; overdue 875.50 (all but Current);
 * receivable 975.50 − 80.00 = 895.50. Most overdue: Alpha 500.00, then Beta 375.50.
 * USD: receivable 1,200.00, overdue 0.00.
 */
async function buildBook(actor: Actor) {
  const { database } = web;
  const alpha = await createCustomer(database, actor, {
    ref: 'C-ALPHA',
    name: 'Alpha GmbH',
    currency: 'EUR',
  });
  const beta = await createCustomer(database, actor, {
    ref: 'C-BETA',
    name: 'Beta SARL',
    currency: 'EUR',
  });
  const gamma = await createCustomer(database, actor, {
    ref: 'C-GAMMA',
    name: 'Gamma Inc',
    currency: 'USD',
  });
  const ids: Record<string, string> = {};
  const invoice = async (name: string, customerId: string, due: number, amount: string) => {
    const created = await issuedInvoiceDue(
      database,
      actor,
      customerId,
      { issuedOn: daysFromToday(due - 30), dueOn: daysFromToday(due) },
      amount,
    );
    ids[name] = created.id;
    numbers[name] = created.number!;
  };
  await invoice('a1', alpha.id, 20, '100.00');
  await invoice('a2', alpha.id, -10, '250.00');
  await invoice('a3', alpha.id, -45, '400.00');
  await invoice('b1', beta.id, -100, '300.00');
  await invoice('b2', beta.id, -70, '75.50');
  await invoice('g1', gamma.id, 25, '1200.00');
  await recordPayment(database, actor, {
    customerId: alpha.id,
    amount: '150.00',
    receivedOn: daysFromToday(-5),
    reference: 'P-150',
    applications: [{ invoiceId: ids.a3!, amount: '150.00' }],
  });
  await recordPayment(database, actor, {
    customerId: alpha.id,
    amount: '80.00',
    receivedOn: today(),
    reference: 'P-80',
    apply: 'none',
  });
  await openDispute(database, actor, { invoiceId: ids.b1!, reason: 'pricing' });
  await createPromise(database, actor, {
    customerId: beta.id,
    invoiceIds: [ids.b2!],
    amount: '75.50',
    promisedOn: daysFromToday(7),
  });
  const task = await createTask(database, actor, {
    customerId: beta.id,
    kind: 'call',
    dueOn: today(),
    title: 'Call Beta about B2',
  });
  await completeTask(database, actor, task.id, { outcome: 'promised_to_pay' });
  await createGoal(database, actor, {
    name: 'DSO under 40',
    metric: 'dso',
    target: '40',
    ownerId: actor.id!,
    deadline: daysFromToday(200),
  });
}

beforeAll(async () => {
  web = await startWebApp();
  await buildBook(web.actor);
  page = await web.signedInPage(web.owner, '/dashboard');
}, 120_000);

afterAll(async () => {
  await web?.close();
});

/** Monday of the week of a date, counted independently of the server's code. */
function mondayOf(date: string): string {
  const day = new Date(`${date}T00:00:00Z`);
  const weekday = (day.getUTCDay() + 6) % 7;
  day.setUTCDate(day.getUTCDate() - weekday);
  return day.toISOString().slice(0, 10);
}

describe('the dashboard', () => {
  it('shows the receivables and the aging of today, worked out by hand', async () => {
    await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
    const eur = page
      .getByRole('group', { name: 'Receivables in EUR' })
      .or(page.getByLabel('Receivables in EUR'));
    await eur.waitFor();
    expect(await eur.locator('dd').allTextContents()).toEqual(['€895.50', '€875.50']);
    expect(await page.getByLabel('Receivables in USD').locator('dd').allTextContents()).toEqual([
      '$1,200.00',
      '$0.00',
    ]);
    await page.getByText('Show as table').first().click();
    expect(await tableRows(page, 'Aging by currency')).toEqual([
      ['Currency', 'Current', '1-30 days', '31-60 days', '61-90 days', '91+ days', 'Overdue'],
      ['EUR', '100.00', '250.00', '250.00', '75.50', '300.00', '875.50'],
      ['USD', '1,200.00', '0.00', '0.00', '0.00', '0.00', '0.00'],
    ]);
    const chart = page.getByRole('img', { name: /^Aging by days past due/ });
    expect(await chart.count()).toBe(1);
    expect(await tableRows(page, 'Most overdue customers in EUR')).toEqual([
      ['Customer', 'Overdue', 'Balance'],
      ['Alpha GmbH C-ALPHA', '500.00', '520.00'],
      ['Beta SARL C-BETA', '375.50', '375.50'],
    ]);
    expect(
      await page.getByRole('link', { name: 'Alpha GmbH' }).first().getAttribute('href'),
    ).toMatch(/^\/customers\/[0-9a-f-]{36}$/);
  });

  it("shows today's collections work and the cash collected this week", async () => {
    const activity = page.locator('.activity');
    await expect
      .poll(() => activity.locator('li').allTextContents())
      .toEqual([
        '0 messages sent',
        '1 tasks done',
        '1 promises to pay recorded',
        '1 payments received in EUR, €80.00',
        '0 payments received in USD, $0.00',
      ]);
    await page.getByText('Show as table').nth(1).click();
    const rows = await tableRows(page, 'Cash collected per week in EUR');
    expect(rows).toHaveLength(13);
    const thisWeek = mondayOf(today());
    const earlier = mondayOf(daysFromToday(-5));
    const collected = Object.fromEntries(rows.slice(1).map((row) => [row[0]!.slice(0, 10), row]));
    if (thisWeek === earlier) {
      expect(collected[thisWeek]!.slice(1)).toEqual(['2', '230.00']);
    } else {
      expect(collected[thisWeek]!.slice(1)).toEqual(['1', '80.00']);
      expect(collected[earlier]!.slice(1)).toEqual(['1', '150.00']);
    }
  });

  it('shows the KPI trends, the goals and the disputes, and passes the accessibility check', async () => {
    await page.getByRole('img', { name: /^DSO and best possible DSO in days, EUR/ }).waitFor();
    expect(await page.getByRole('img', { name: /^CEI in percent, EUR/ }).count()).toBe(1);
    const goal = page.getByRole('progressbar', {
      name: 'DSO under 40: progress towards the target',
    });
    await goal.waitFor();
    expect(await tableRows(page, 'Open disputes by reason')).toEqual([
      ['Reason', 'Currency', 'Open', 'Amount'],
      ['Pricing', 'EUR', '1', '300.00'],
    ]);
    await screenshot(page, 'dashboard');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
  });

  it('lists exactly the invoices of an aging bucket when the bucket is clicked', async () => {
    await page.getByRole('link', { name: 'EUR 31-60 days: €250.00' }).click();
    await page.getByRole('heading', { name: 'Invoices', level: 1 }).waitFor();
    const rows = await tableRows(page, 'Invoices');
    expect(rows.slice(1).map((row) => row[0])).toEqual([numbers.a3]);
    await page.goBack();
    await page.getByRole('link', { name: 'EUR 91+ days: €300.00' }).click();
    await page.getByRole('heading', { name: 'Invoices', level: 1 }).waitFor();
    await expect
      .poll(async () => (await tableRows(page, 'Invoices')).slice(1).map((row) => row[0]))
      .toEqual([numbers.b1]);
  });

  it('shows a viewer the same figures and no button to act', async () => {
    const viewer = await web.addUser('viewer', 'Vera Viewer');
    const viewerPage = await web.signedInPage(viewer, '/dashboard');
    await viewerPage.getByLabel('Receivables in EUR').waitFor();
    expect(
      await viewerPage.getByLabel('Receivables in EUR').locator('dd').allTextContents(),
    ).toEqual(['€895.50', '€875.50']);
    expect(await viewerPage.locator('main').getByRole('button').count()).toBe(0);
  });
});
