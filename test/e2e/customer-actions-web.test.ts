// Goal: in a real browser, against the real server and database, a collector works a customer's
// account from its actions bar, each action two clicks away (the button, then the dialog's
// submit): logs a call with its outcome, adds a note, records a promise to pay, opens a dispute
// with a file of evidence and then rejects it, sets up a payment plan with its own schedule and
// cancels it, pauses follow-up and gives a non-payment reason; an admin places invoices with an
// agency and recalls them. Each effect is checked through the API (the amounts, the dates, the
// document's bytes, the instalments, the pause, the placement, the call on the timeline), not
// only the message on screen; the API's errors mark the field they name; a viewer sees no button;
// and every dialog is checked with axe while open.
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createCustomer } from '../../src/customers/create-customer.service.js';
import { daysFromToday, todayNoEarlierThan } from '../support/clock.js';
import { issuedInvoiceDue } from '../support/organization.js';
import { screenshot, seriousAccessibilityViolations } from './support/browser.js';
import { startWebApp, type WebApp } from './support/web-app.js';

// Invoices fall due in the past and commitments are made "today" about them.
todayNoEarlierThan('2026-12-05');

let web: WebApp;
let customerId: string;
const invoice: Record<string, { id: string; number: string }> = {};
let collector: { email: string; password: string; name: string };
let admin: { email: string; password: string; name: string };
let viewer: { email: string; password: string; name: string };
let page: Page;

beforeAll(async () => {
  web = await startWebApp();
  const customer = await createCustomer(web.database, web.actor, {
    ref: 'C-NORD',
    name: 'Nordwind Logistik GmbH',
    currency: 'EUR',
  });
  customerId = customer.id;
  const amounts: Record<string, string> = {
    promised: '1250.00',
    disputed: '480.00',
    planA: '300.00',
    planB: '150.50',
    placed: '999.99',
  };
  let age = 90;
  for (const [name, amount] of Object.entries(amounts)) {
    const created = await issuedInvoiceDue(
      web.database,
      web.actor,
      customerId,
      { issuedOn: daysFromToday(-age), dueOn: daysFromToday(-age + 30) },
      amount,
    );
    invoice[name] = { id: created.id, number: created.number! };
    age -= 10;
  }
  collector = await web.addUser('collector', 'Cleo Collector');
  admin = await web.addUser('admin', 'Ada Admin');
  viewer = await web.addUser('viewer', 'Vic Viewer');
}, 300_000);

afterAll(async () => {
  await web?.close();
});

// A dialog left open by a failed step would make the page inert for the steps after it.
afterEach(async () => {
  if (page && !page.isClosed() && (await page.getByRole('dialog').count()) > 0)
    await page.keyboard.press('Escape');
});

const actionsPath = () => `/customers/${customerId}/actions`;

async function api<T>(path: string): Promise<T> {
  const response = await page.request.get(`/api/v1${path}`);
  expect(response.status(), path).toBe(200);
  return (await response.json()) as T;
}

/** Opens an action's dialog (the first click) and checks it with axe while it is open. */
async function openAction(label: string, name: string) {
  await page
    .getByRole('group', { name: 'Actions on this customer' })
    .getByRole('button', { name: label })
    .click();
  const dialog = page.getByRole('dialog', { name: label });
  await dialog.waitFor();
  // The forms that need the open invoices (or disputes, plans, placements) load them first.
  await dialog.locator('form').waitFor();
  await screenshot(page, `customer-actions-${name}`);
  expect(await seriousAccessibilityViolations(page)).toEqual([]);
  return dialog;
}

/** Submits the dialog (the second click), waits for it to close and returns the notice. */
async function submit(dialog: ReturnType<Page['getByRole']>, button: string): Promise<string> {
  await dialog.getByRole('button', { name: button, exact: true }).click();
  await dialog.waitFor({ state: 'hidden' });
  const notice = page.locator('.notice');
  await notice.waitFor();
  return (await notice.textContent()) ?? '';
}

describe('a viewer', () => {
  it('sees the customer and what was done, and no button that would fail', async () => {
    page = await web.signedInPage(viewer, actionsPath());
    await page.getByRole('heading', { level: 1, name: 'Nordwind Logistik GmbH' }).waitFor();
    await page.getByRole('heading', { name: 'Timeline' }).waitFor();
    expect(await page.getByRole('group', { name: 'Actions on this customer' }).count()).toBe(0);
    expect(await page.getByRole('main').getByRole('button').count()).toBe(0);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.context().close();
  });
});

describe('a collector', () => {
  beforeAll(async () => {
    page = await web.signedInPage(collector, actionsPath());
    await page.getByRole('heading', { level: 1, name: 'Nordwind Logistik GmbH' }).waitFor();
  }, 120_000);

  it("sees the collector's actions and not the agency's, which need collections.manage", async () => {
    const bar = page.getByRole('group', { name: 'Actions on this customer' });
    expect(await bar.getByRole('button').allTextContents()).toEqual([
      'Log a call',
      'Add a note',
      'Record a promise to pay',
      'Open a dispute',
      'Settle a dispute',
      'Set up a payment plan',
      'Cancel a payment plan',
      'Pause follow-up',
      'Set a non-payment reason',
    ]);
    await screenshot(page, 'customer-actions-page');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
  });

  it('logs a call with its outcome: a done call task, on the timeline', async () => {
    const dialog = await openAction('Log a call', 'call');
    // Without an outcome the API refuses the call and the form marks the field it names.
    await dialog.getByRole('button', { name: 'Log call', exact: true }).click();
    await dialog.getByRole('alert').waitFor();
    expect(await dialog.getByRole('alert').textContent()).toContain('task_outcome_required');
    expect(await dialog.locator('select[name=outcome]').getAttribute('aria-invalid')).toBe('true');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    // A select's accessible name includes its chosen option, so selects are found by name.
    await dialog.locator('select[name=outcome]').selectOption('left_message');
    await dialog
      .getByLabel('What was said', { exact: true })
      .fill('Voicemail for Mr Brandt: call back Friday');
    expect(await submit(dialog, 'Log call')).toContain(
      'Call logged with Nordwind Logistik GmbH: left message.',
    );
    const tasks = await api<{
      items: { kind: string; status: string; outcome: string; notes: string }[];
    }>(`/tasks?customer_id=${customerId}`);
    expect(tasks.items).toEqual([
      expect.objectContaining({
        kind: 'call',
        status: 'done',
        outcome: 'left_message',
        notes: 'Voicemail for Mr Brandt: call back Friday',
      }),
    ]);
    const timeline = await api<{ items: { type: string; summary: string }[] }>(
      `/customers/${customerId}/timeline`,
    );
    expect(timeline.items).toContainEqual(
      expect.objectContaining({
        type: 'task_completed',
        summary:
          'Call task done: left message — "Call the customer": Voicemail for Mr Brandt: call back Friday',
      }),
    );
    // The page's own timeline reloaded after the action.
    await page
      .getByRole('list', { name: 'Timeline, newest first' })
      .getByText('Call task done: left message', { exact: false })
      .waitFor();
  });

  it('adds a note, once however quickly the button is clicked twice', async () => {
    const dialog = await openAction('Add a note', 'note');
    await dialog
      .getByLabel('Note', { exact: true })
      .fill('Asked for the remittance advice of March.');
    await dialog.getByRole('button', { name: 'Add note', exact: true }).dblclick();
    await dialog.waitFor({ state: 'hidden' });
    await page.locator('.notice', { hasText: 'Note added' }).waitFor();
    expect(await page.locator('.notice').textContent()).toContain(
      'Note added: “Asked for the remittance advice of March.”',
    );
    const notes = await api<{ items: { body: string; author_name: string }[] }>(
      `/customers/${customerId}/notes`,
    );
    expect(notes.items).toEqual([
      expect.objectContaining({
        body: 'Asked for the remittance advice of March.',
        author_name: 'Cleo Collector',
      }),
    ]);
  });

  it('records a promise to pay on an invoice, after the API has pointed at a wrong amount', async () => {
    const promisedOn = daysFromToday(7);
    const dialog = await openAction('Record a promise to pay', 'promise');
    await dialog.getByRole('checkbox', { name: new RegExp(invoice.promised!.number) }).check();
    expect(await dialog.locator('.hint').textContent()).toContain('€1,250.00');
    await dialog.getByLabel('Amount promised', { exact: true }).fill('12,50');
    await dialog.getByLabel('Promised for (YYYY-MM-DD)', { exact: true }).fill(promisedOn);
    await dialog.getByRole('button', { name: 'Record promise', exact: true }).click();
    await dialog.getByRole('alert').waitFor();
    expect(
      await dialog.getByLabel('Amount promised', { exact: true }).getAttribute('aria-invalid'),
    ).toBe('true');

    await dialog.getByLabel('Amount promised', { exact: true }).fill('800.00');
    expect(await submit(dialog, 'Record promise')).toContain(
      `Promise to pay recorded: €800.00 by ${promisedOn} on 1 invoice.`,
    );
    const promises = await api<{ items: Record<string, unknown>[] }>(
      `/promises?customer_id=${customerId}`,
    );
    expect(promises.items).toEqual([
      expect.objectContaining({
        amount: '800.00',
        currency: 'EUR',
        promised_on: promisedOn,
        invoice_ids: [invoice.promised!.id],
        status: 'open',
      }),
    ]);
  });

  it('opens a dispute with a file of evidence, kept byte for byte, then rejects it', async () => {
    // Bytes that are not text, so that any re-encoding on the way would show.
    const evidence = Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0xff, 0xfe, 0x80, 0x0a, 0x7f]);
    const dialog = await openAction('Open a dispute', 'dispute');
    await dialog.locator('select[name=invoice_id]').selectOption(invoice.disputed!.id);
    await dialog.locator('select[name=reason]').selectOption('damaged');
    await dialog
      .getByLabel('Amount disputed (blank: the whole invoice)', { exact: true })
      .fill('120.00');
    await dialog.getByLabel('Notes', { exact: true }).fill('Two pallets arrived crushed.');
    await dialog.getByLabel('Evidence (files)', { exact: true }).setInputFiles({
      name: 'delivery-note.pdf',
      mimeType: 'application/pdf',
      buffer: evidence,
    });
    await dialog.getByRole('list', { name: 'Files to upload' }).waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    expect(await submit(dialog, 'Open dispute')).toContain(
      `Dispute opened on invoice ${invoice.disputed!.number} for €120.00 (damaged), with 1 document of evidence.`,
    );
    const disputes = await api<{ items: { id: string }[] }>(`/disputes?customer_id=${customerId}`);
    expect(disputes.items).toHaveLength(1);
    const dispute = await api<{
      status: string;
      amount: string;
      reason: string;
      documents: { id: string; file_name: string; content_type: string; size_bytes: number }[];
    }>(`/disputes/${disputes.items[0]!.id}`);
    expect(dispute).toMatchObject({ status: 'open', amount: '120.00', reason: 'damaged' });
    expect(dispute.documents).toEqual([
      expect.objectContaining({
        file_name: 'delivery-note.pdf',
        content_type: 'application/pdf',
        size_bytes: evidence.length,
      }),
    ]);
    const download = await page.request.get(
      `/api/v1/disputes/${disputes.items[0]!.id}/documents/${dispute.documents[0]!.id}`,
    );
    expect(Buffer.from(await download.body()).equals(evidence)).toBe(true);

    const settle = await openAction('Settle a dispute', 'settle-dispute');
    await settle.getByRole('radio', { name: 'Reject: the invoice stands' }).check();
    await settle.getByLabel('Resolution note', { exact: true }).fill('Photos show intact pallets.');
    expect(await submit(settle, 'Reject dispute')).toContain(
      `Dispute on invoice ${invoice.disputed!.number} rejected: the invoice stands.`,
    );
    expect(
      await api<{ status: string; resolution_note: string }>(`/disputes/${disputes.items[0]!.id}`),
    ).toMatchObject({ status: 'rejected', resolution_note: 'Photos show intact pallets.' });
  });

  it('sets up a payment plan with its own schedule, adding up exactly, then cancels it', async () => {
    const dues = [daysFromToday(10), daysFromToday(40), daysFromToday(70)];
    const dialog = await openAction('Set up a payment plan', 'plan');
    await dialog.getByRole('checkbox', { name: new RegExp(invoice.planA!.number) }).check();
    await dialog.getByRole('checkbox', { name: new RegExp(invoice.planB!.number) }).check();
    expect(await dialog.getByText('To spread:').textContent()).toBe('To spread: €450.50.');
    await dialog.getByRole('radio', { name: 'Set each instalment' }).check();
    await dialog.getByRole('button', { name: 'Add an instalment' }).click();
    const amounts = ['150.00', '150.00', '150.49'];
    for (const [index, due] of dues.entries()) {
      await dialog.getByLabel(`Instalment ${index + 1} due on`, { exact: true }).fill(due);
      await dialog
        .getByLabel(`Instalment ${index + 1} amount`, { exact: true })
        .fill(amounts[index]!);
    }
    expect(await dialog.getByText('still to schedule').textContent()).toContain(
      'Scheduled €450.49; €0.01 still to schedule.',
    );
    await dialog.getByLabel('Instalment 3 amount', { exact: true }).fill('150.50');
    await dialog.getByText('exactly what is open').waitFor();
    await screenshot(page, 'customer-actions-plan-schedule');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    expect(await submit(dialog, 'Set up plan')).toContain(
      `Payment plan set up: €450.50 in 3 instalments, the last due ${dues[2]}.`,
    );
    const plans = await api<{ items: { id: string }[] }>(
      `/payment-plans?customer_id=${customerId}`,
    );
    expect(plans.items).toHaveLength(1);
    const plan = await api<{
      status: string;
      total: string;
      invoice_ids: string[];
      installments: { due_on: string; amount: string }[];
    }>(`/payment-plans/${plans.items[0]!.id}`);
    expect(plan).toMatchObject({ status: 'active', total: '450.50' });
    expect([...plan.invoice_ids].sort()).toEqual([invoice.planA!.id, invoice.planB!.id].sort());
    expect(plan.installments.map(({ due_on, amount }) => ({ due_on, amount }))).toEqual([
      { due_on: dues[0], amount: '150.00' },
      { due_on: dues[1], amount: '150.00' },
      { due_on: dues[2], amount: '150.50' },
    ]);

    const cancel = await openAction('Cancel a payment plan', 'cancel-plan');
    expect(await submit(cancel, 'Cancel plan')).toContain(
      'Payment plan of €450.50 cancelled: follow-up of its invoices resumes.',
    );
    expect(await api<{ status: string }>(`/payment-plans/${plans.items[0]!.id}`)).toMatchObject({
      status: 'cancelled',
    });
  });

  it('pauses follow-up until a date, with the reason', async () => {
    const until = daysFromToday(14);
    const dialog = await openAction('Pause follow-up', 'pause');
    await dialog
      .getByLabel('Paused until (blank: until resumed by hand)', { exact: true })
      .fill(until);
    await dialog
      .getByLabel('Reason', { exact: true })
      .fill('Owner in hospital, son handles the books');
    expect(await submit(dialog, 'Pause follow-up')).toContain(
      `Follow-up paused until ${until}: Owner in hospital, son handles the books.`,
    );
    expect(await api(`/customers/${customerId}/collections`)).toMatchObject({
      paused: true,
      paused_until: until,
      pause_reason: 'Owner in hospital, son handles the books',
    });
    await page.getByText(`Follow-up paused until ${until}`).first().waitFor();
  });

  it('gives the reason an invoice is not paid', async () => {
    const dialog = await openAction('Set a non-payment reason', 'nonpayment');
    await dialog.locator('select[name=id]').selectOption(invoice.promised!.id);
    await dialog.locator('select[name=reason]').selectOption('missing_po');
    await dialog.getByLabel('Note', { exact: true }).fill('PO 4500123 requested');
    expect(await submit(dialog, 'Set reason')).toContain(
      `Invoice ${invoice.promised!.number} not paid because: Missing purchase order.`,
    );
    const reasons = await api<{ items: { reason: string; note: string }[] }>(
      `/invoices/${invoice.promised!.id}/nonpayment-reasons`,
    );
    expect(reasons.items[0]).toMatchObject({ reason: 'missing_po', note: 'PO 4500123 requested' });
    await page.context().close();
  });
});

describe('an admin', () => {
  beforeAll(async () => {
    page = await web.signedInPage(admin, actionsPath());
    await page.getByRole('heading', { level: 1, name: 'Nordwind Logistik GmbH' }).waitFor();
  }, 120_000);

  it('places an invoice with an agency, then recalls it', async () => {
    const dialog = await openAction('Place with an agency', 'place');
    await dialog.getByLabel('Agency or lawyer', { exact: true }).fill('Inkasso Nord AG');
    await dialog.getByLabel('Commission (%)', { exact: true }).fill('17.5');
    await dialog.getByRole('checkbox', { name: new RegExp(invoice.placed!.number) }).check();
    expect(await submit(dialog, 'Place invoices')).toContain(
      '1 invoice (€999.99) placed with Inkasso Nord AG at 17.5% commission.',
    );
    const placements = await api<{ items: Record<string, unknown>[] }>(
      `/agency-placements?customer_id=${customerId}`,
    );
    expect(placements.items).toEqual([
      expect.objectContaining({
        agency: 'Inkasso Nord AG',
        channel: 'agency',
        commission_percent: '17.5',
        amount: '999.99',
        invoice_ids: [invoice.placed!.id],
        status: 'active',
      }),
    ]);

    const recall = await openAction('Recall from the agency', 'recall');
    await recall.getByLabel('Reason', { exact: true }).fill('Customer agreed to pay us directly');
    expect(await submit(recall, 'Recall')).toContain(
      'Placement with Inkasso Nord AG recalled: 1 invoice is followed up again.',
    );
    expect(await api(`/agency-placements/${placements.items[0]!.id as string}`)).toMatchObject({
      status: 'recalled',
    });
    await screenshot(page, 'customer-actions-after');
  });
});
