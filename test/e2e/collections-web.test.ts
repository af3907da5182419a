// Goal: in a real browser, against the real server and database, a collector works the day's
// tasks from the Collections page (completes one with its outcome, snoozes one, and the list and
// the keyboard focus move on), a manager previews and runs the day's collections and downloads
// the dunning letter the run wrote (a real PDF naming the customer), sends a one-off e-mail from
// a template that lands in the outbox as previewed and on the customer's timeline, and a viewer
// sees the same work with no button to act. Every page passes the accessibility check.
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/core/actor.js';
import { createCustomer } from '../../src/customers/create-customer.service.js';
import { createPromise } from '../../src/commitments/manage-promises.service.js';
import { updateCustomerCollections } from '../../src/dunning/customer-collections.service.js';
import { listPolicies } from '../../src/dunning/manage-policies.service.js';
import { listAuditEvents } from '../../src/ledger/list-audit-events.service.js';
import { getOutboxMessage, listOutbox } from '../../src/messaging/deliver-outbox.service.js';
import { getTimeline } from '../../src/worklist/get-timeline.service.js';
import { createTask, getTask, listTasks } from '../../src/worklist/manage-tasks.service.js';
import { daysFromToday, today } from '../support/clock.js';
import { issuedInvoiceDue } from '../support/organization.js';
import { pdfPagesText } from '../support/pdf.js';
import { screenshot, seriousAccessibilityViolations, tableRows } from './support/browser.js';
import { startWebApp, type WebApp } from './support/web-app.js';

let web: WebApp;
let actor: Actor;
let cora: Awaited<ReturnType<WebApp['addUser']>>;
const ids: Record<string, string> = {};

/**
 * The book, relative to today:
 * Alpha GmbH (EUR, collector Cora, the Firm policy, a contact who receives reminders)
 *   one invoice of 1,500.00 due 25 days ago: Firm's latest step reached is the letter at 21 days
 * Beta SARL (EUR, collector Cora, the Standard policy)
 *   one invoice of 320.00 due 40 days ago, and a promise of 100.00 for 10 days ago, unpaid: broken
 * Cora's tasks: a call on Alpha due 3 days ago, a review of Beta due yesterday, an e-mail to Beta
 * due today, and a call on Beta next week (not due yet, so not on today's list).
 */
async function buildBook() {
  cora = await web.addUser('collector', 'Cora Collector');
  const alpha = await createCustomer(web.database, actor, {
    ref: 'C-ALPHA',
    name: 'Alpha GmbH',
    currency: 'EUR',
    collectorId: cora.id,
    contacts: [
      {
        name: 'Anna Payables',
        email: 'ap@alpha.test',
        role: 'accounts_payable',
        receivesReminders: true,
      },
    ],
  });
  const beta = await createCustomer(web.database, actor, {
    ref: 'C-BETA',
    name: 'Beta SARL',
    currency: 'EUR',
    collectorId: cora.id,
  });
  ids.alpha = alpha.id;
  ids.beta = beta.id;
  const firm = (await listPolicies(web.database, actor)).find(
    (policy) => policy.policy.name === 'Firm',
  )!;
  await updateCustomerCollections(web.database, actor, alpha.id, { policyId: firm.id });
  await issuedInvoiceDue(
    web.database,
    actor,
    alpha.id,
    { issuedOn: daysFromToday(-55), dueOn: daysFromToday(-25) },
    '1500.00',
  );
  const betaInvoice = await issuedInvoiceDue(
    web.database,
    actor,
    beta.id,
    { issuedOn: daysFromToday(-70), dueOn: daysFromToday(-40) },
    '320.00',
  );
  await createPromise(web.database, actor, {
    customerId: beta.id,
    invoiceIds: [betaInvoice.id],
    amount: '100.00',
    promisedOn: daysFromToday(-10),
    madeOn: daysFromToday(-15),
    notes: 'Said the cheque was in the post',
  });
  const task = async (name: string, customerId: string, kind: string, dueInDays: number) => {
    ids[name] = (
      await createTask(web.database, actor, {
        customerId,
        kind,
        dueOn: daysFromToday(dueInDays),
        assigneeId: cora.id,
      })
    ).id;
  };
  await task('callAlpha', alpha.id, 'call', -3);
  await task('reviewBeta', beta.id, 'review', -1);
  await task('emailBeta', beta.id, 'email', 0);
  await task('laterBeta', beta.id, 'call', 7);
}

beforeAll(async () => {
  web = await startWebApp();
  actor = web.actor;
  await buildBook();
}, 180_000);
afterAll(async () => {
  await web?.close();
});

/** The accessible name of the element that has the keyboard focus. */
function focusedName(page: Page): Promise<string> {
  return page.evaluate(
    () => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.id ?? '',
  );
}

describe('collections in the web app', () => {
  it("lets a collector work the day's tasks: complete one with its outcome, snooze one", async () => {
    const page = await web.signedInPage(cora, '/collections');
    await page.getByRole('heading', { level: 1, name: 'My day' }).waitFor();
    expect(await page.getByRole('heading', { level: 1 }).count()).toBe(1);

    // The queue is Cora's by default: both of her accounts, each with why it ranks there.
    const queue = await tableRows(page, 'Work queue');
    expect(queue.slice(1).map((row) => row[0])).toEqual(
      expect.arrayContaining([
        expect.stringContaining('Alpha GmbH'),
        expect.stringContaining('Beta SARL'),
      ]),
    );
    const alphaRow = queue.find((row) => row[0]!.includes('Alpha GmbH'))!;
    expect(alphaRow[2]).toBe('€1,500.00');
    expect(alphaRow[3]).toBe('25 days');
    expect(alphaRow[4]).toContain('EUR 1,500.00 overdue');
    expect(alphaRow[6]).toBe(`Call the customer (due ${daysFromToday(-3)})`);
    expect(
      await page
        .getByRole('table', { name: 'Work queue' })
        .getByRole('link', { name: 'Alpha GmbH' })
        .getAttribute('href'),
    ).toBe(`/customers/${ids.alpha}`);

    // Due today or earlier, soonest first; next week's call is not on today's list.
    const caption = `Tasks due by ${today()}`;
    const due = await tableRows(page, caption);
    expect(due.slice(1).map((row) => [row[0], row[1], row[2]])).toEqual([
      ['Call the customer', 'Alpha GmbH', daysFromToday(-3)],
      ['Review the account', 'Beta SARL', daysFromToday(-1)],
      ['E-mail the customer', 'Beta SARL', today()],
    ]);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'collections-my-day');

    // A call is done with its outcome: the API's error marks the field, then it goes through.
    await page.getByRole('button', { name: 'Complete: Call the customer, Alpha GmbH' }).click();
    const dialog = page.getByRole('dialog', { name: 'Complete: Call the customer' });
    await dialog.getByRole('button', { name: 'Mark done' }).click();
    await expect(dialog.getByRole('alert').textContent()).resolves.toContain(
      'A call is done with its outcome',
    );
    expect(await dialog.locator('select[name=outcome]').getAttribute('aria-invalid')).toBe('true');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'collections-complete-dialog');
    await dialog.locator('select[name=outcome]').selectOption('promised_to_pay');
    await dialog.getByLabel('Notes').fill('Will pay on Friday');
    await dialog.getByRole('button', { name: 'Mark done' }).click();
    await page
      .getByRole('status')
      .getByText('Task “Call the customer” for Alpha GmbH done (Promised to pay).')
      .waitFor();
    await page.getByRole('table', { name: caption }).locator('tbody tr').nth(2).waitFor({
      state: 'detached',
    });
    const done = await getTask(web.database, actor, ids.callAlpha!);
    expect([done.status, done.outcome, done.notes, done.completedBy]).toEqual([
      'done',
      'promised_to_pay',
      'Will pay on Friday',
      cora.id,
    ]);

    // The keyboard focus is on the next task, so the collector goes on without the mouse.
    await expect.poll(() => focusedName(page)).toBe('Complete: Review the account, Beta SARL');

    // Snoozed for a week: due a week from today, off today's list, the focus on the next one.
    await page.getByRole('button', { name: 'Snooze: Review the account, Beta SARL' }).click();
    await page.getByRole('menuitem', { name: '1 week' }).click();
    await page
      .getByRole('status')
      .getByText(`Task “Review the account” for Beta SARL snoozed until ${daysFromToday(7)}.`)
      .waitFor();
    await expect
      .poll(async () => (await tableRows(page, caption)).slice(1).map((row) => row[0]))
      .toEqual(['E-mail the customer']);
    const snoozed = await getTask(web.database, actor, ids.reviewBeta!);
    expect([snoozed.status, snoozed.dueOn]).toEqual(['open', daysFromToday(7)]);
    await expect.poll(() => focusedName(page)).toBe('Complete: E-mail the customer, Beta SARL');
    await screenshot(page, 'collections-after-work');

    const open = await listTasks(web.database, actor, { assigneeId: cora.id, status: 'open' });
    expect(open.items.map((task) => task.id).sort()).toEqual(
      [ids.reviewBeta, ids.emailBeta, ids.laterBeta].sort(),
    );
  });

  it('lets a manager run the collections and download the letter the run wrote', async () => {
    const page = await web.signedInPage(web.owner, '/collections/run');
    const preview = await tableRows(page, 'What today’s run would do');
    expect(preview.slice(1)).toContainEqual(['C-ALPHA', 'letter-21', 'letter', expect.any(String)]);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'collections-run-preview');

    await page.getByRole('button', { name: 'Run collections now' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Run now' }).click();
    await page
      .getByRole('status')
      .getByText(/Collections run for .* done: .*1 letter/)
      .waitFor();
    const link = page.getByRole('link', { name: 'Letter to Alpha GmbH (PDF)' });
    await link.waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'collections-run-done');

    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const pdf = await readFile((await download.path())!);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = (await pdfPagesText(pdf)).join('\n');
    expect(text).toContain('Alpha GmbH');
    expect(text).toContain('1,500.00');

    // The run made a task to post the letter, linked to the same PDF from the tasks due.
    const letterTasks = (
      await listTasks(web.database, actor, { customerId: ids.alpha!, status: 'open' })
    ).items.filter((task) => task.kind === 'letter');
    expect(letterTasks).toHaveLength(1);
    await page.goto('/collections?collector_id=all');
    const taskLink = page
      .getByRole('table', { name: `Tasks due by ${today()}` })
      .getByRole('link', { name: 'Letter to Alpha GmbH (PDF)' });
    expect(await taskLink.getAttribute('href')).toBe(
      `/api/v1/tasks/${letterTasks[0]!.id}/letter.pdf`,
    );

    // The run found Beta's promise broken two days past its date: it is on the day's page.
    const broken = await tableRows(page, 'Broken promises to pay');
    expect(broken.slice(1)).toEqual([
      [
        'C-BETA',
        '100.00',
        'EUR',
        daysFromToday(-10),
        expect.any(String),
        'Said the cheque was in the post',
      ],
    ]);
  });

  it('sends a one-off e-mail from a template, as previewed, through the outbox', async () => {
    const page = await web.signedInPage(web.owner, '/collections?collector_id=all');
    await page.getByRole('button', { name: 'Send e-mail to Alpha GmbH' }).click();
    const dialog = page.getByRole('dialog', { name: 'Send an e-mail to Alpha GmbH' });
    await dialog.getByLabel('Template').selectOption('reminder_overdue');
    const preview = dialog.getByRole('region', { name: 'Preview' });
    await preview.waitFor();
    const subject = (await preview.locator('dd').nth(2).textContent())!;
    expect(subject).not.toContain('{{');
    expect(await preview.locator('dd').first().textContent()).toBe('ap@alpha.test');
    expect(await preview.getByLabel('Message text').textContent()).toContain('1,500.00');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'collections-send-email');
    await dialog.getByRole('button', { name: 'Send e-mail' }).dblclick();
    await page
      .getByRole('status')
      .getByText(
        `E-mail “${subject}” to ap@alpha.test: held in the outbox until mail settings exist.`,
      )
      .waitFor();

    // Once, however often it was clicked, with the subject the preview showed.
    const sent = (await listOutbox(web.database, actor, { customerId: ids.alpha! })).items.filter(
      (message) => message.kind === 'one_off',
    );
    expect(sent).toHaveLength(1);
    const message = await getOutboxMessage(web.database, actor, sent[0]!.id);
    expect([message.subject, message.toAddresses, message.templateKey, message.status]).toEqual([
      subject,
      ['ap@alpha.test'],
      'reminder_overdue',
      'held',
    ]);
    expect(message.bodyText).toContain('1,500.00');
    const audit = await listAuditEvents(web.database, actor, { entityId: message.id });
    expect(audit.items.map((event) => [event.action, event.actor_id])).toEqual([
      ['message.queued', actor.id],
    ]);
    const timeline = await getTimeline(web.database, actor, ids.alpha!);
    expect(timeline.items.map((entry) => entry.refs)).toContainEqual(
      expect.objectContaining({ message_id: message.id }),
    );

    // The outbox page lists it with what became of it.
    await page.goto('/collections/outbox');
    const outbox = await tableRows(page, 'Messages to customers, newest first');
    expect(outbox.slice(1)).toContainEqual([
      subject,
      expect.any(String),
      'one off',
      'ap@alpha.test',
      'held in the outbox until mail settings exist',
      'Retry',
    ]);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'collections-outbox');
  });

  it('shows a viewer the same work with no button to act', async () => {
    const viewer = await web.addUser('viewer', 'Vera Viewer');
    const page = await web.signedInPage(viewer, '/collections?collector_id=all');
    await page.getByRole('table', { name: 'Work queue' }).waitFor();
    await page.getByRole('table', { name: `Tasks due by ${today()}` }).waitFor();
    const buttons = await page.locator('main').getByRole('button').allTextContents();
    expect(buttons).toEqual(['Show']);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'collections-viewer');

    await page.goto('/collections/run');
    await page
      .getByRole('table', { name: 'What today’s run would do' })
      .or(page.getByText('No invoice reaches a step.'))
      .waitFor();
    expect(await page.getByRole('button', { name: 'Run collections now' }).count()).toBe(0);
    await page.goto('/collections/outbox');
    await page.getByRole('table', { name: 'Messages to customers, newest first' }).waitFor();
    expect(await page.getByRole('button', { name: 'Retry' }).count()).toBe(0);
  });
});
