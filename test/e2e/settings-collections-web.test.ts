// Goal: in a real browser, a manager sets up the collections: edits the steps of a policy on its
// timeline (adds a step at +10 days, moves one), puts a customer on another policy, edits a
// message template while a live preview renders it for a real customer, resets it, sets the
// credit control and the aging buckets, and reads the payment terms; each change is checked
// through the services the API runs, not just on screen. A collector sees the same pages
// without a control that would fail, and every page passes the accessibility check.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getCustomerCollections } from '../../src/dunning/customer-collections.service.js';
import { listPolicies } from '../../src/dunning/manage-policies.service.js';
import { createCustomer } from '../../src/customers/create-customer.service.js';
import { getCreditControl } from '../../src/customers/manage-credit-limits.service.js';
import { getMessageTemplate } from '../../src/messaging/message-templates.service.js';
import { getAging } from '../../src/reports/get-aging.service.js';
import { issuedInvoiceDue } from '../support/organization.js';
import { daysFromToday } from '../support/clock.js';
import { screenshot, seriousAccessibilityViolations, tableRows } from './support/browser.js';
import { startWebApp, type WebApp } from './support/web-app.js';

let web: WebApp;
let manager: { email: string; password: string; name: string; id: string };
let collector: { email: string; password: string; name: string; id: string };
const customers: Record<string, string> = {};

beforeAll(async () => {
  web = await startWebApp();
  manager = await web.addUser('admin', 'Mia Manager');
  collector = await web.addUser('collector', 'Cole Collector');
  const zeta = await createCustomer(web.database, web.actor, {
    ref: 'C-ZETA',
    name: 'Zeta Widgets Ltd',
    currency: 'EUR',
    contacts: [
      {
        name: 'Zoe Payable',
        email: 'ap@zeta.example',
        role: 'accounts_payable',
        receivesReminders: true,
      },
    ],
  });
  const omega = await createCustomer(web.database, web.actor, {
    ref: 'C-OMEGA',
    name: 'Omega Tools GmbH',
    currency: 'EUR',
  });
  customers.zeta = zeta.id;
  customers.omega = omega.id;
  // Overdue by 20 days, so a reminder preview has an invoice and the aging a 16-45 figure.
  await issuedInvoiceDue(
    web.database,
    web.actor,
    zeta.id,
    { issuedOn: daysFromToday(-50), dueOn: daysFromToday(-20) },
    '1250.00',
  );
});

afterAll(async () => {
  await web?.close();
});

async function expectAccessible(page: Page) {
  expect(await seriousAccessibilityViolations(page)).toEqual([]);
  expect(await page.getByRole('heading', { level: 1 }).count()).toBe(1);
}

describe('collection policies', () => {
  it('a manager adds a step at +10 days and moves another on the timeline, and the policy has them', async () => {
    const page = await web.signedInPage(manager, '/settings/policies');
    await page.getByRole('heading', { level: 1, name: 'Collection policies' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Standard (the default)' }).waitFor();
    const timeline = page.getByRole('img', { name: /^Standard:/ });
    await expect.poll(() => timeline.getAttribute('aria-label')).toContain('3 days before due');

    await page.getByLabel('Day of the new step (from the due date, e.g. −3 or 10)').fill('10');
    await page.getByRole('button', { name: 'Add step' }).click();
    // The new step is fourth by day (after -3, 0 and +7): make it a call task.
    await page.getByLabel('Action of step 4').selectOption('task');
    await page.getByLabel('Task of step 4').selectOption('call');
    // The statement at +14 is now fifth: move it to +16.
    const day = page.getByLabel('Day of step 5, from the due date');
    await expect.poll(() => day.inputValue()).toBe('14');
    await day.fill('16');
    await day.press('Enter');
    await expect
      .poll(() => timeline.getAttribute('aria-label'))
      .toContain('10 days after due, Task: call; 16 days after due, Statement');
    await expectAccessible(page);
    await screenshot(page, 'settings-policies-editing');

    await page.getByRole('button', { name: 'Save policy' }).click();
    await page.getByText(/Policy Standard saved: 9 steps/).waitFor();

    const standard = (await listPolicies(web.database, web.actor)).find(
      (policy) => policy.policy.name === 'Standard',
    )!;
    const steps = standard.policy.steps.map((step) => [step.key, step.offsetDays, step.action]);
    expect(steps).toEqual([
      ['before-due', -3, { type: 'email', template: 'reminder_upcoming' }],
      ['due', 0, { type: 'email', template: 'reminder_due' }],
      ['overdue-7', 7, { type: 'email', template: 'reminder_overdue' }],
      ['email-day-10', 10, { type: 'task', kind: 'call' }],
      // Moved, it keeps its key: what was done under it stays done.
      ['overdue-14', 16, { type: 'statement' }],
      ['call-21', 21, { type: 'task', kind: 'call' }],
      ['final-30', 30, { type: 'email', template: 'reminder_final' }],
      ['hold-45', 45, { type: 'credit_hold' }],
      ['review-60', 60, { type: 'task', kind: 'review' }],
    ]);
    // The call at +21 kept its condition, which the table shows but does not edit.
    expect(standard.policy.steps[5]!.conditions).toEqual({
      noActivePromise: true,
      overdueAtLeastScaled: undefined,
      tagsAny: undefined,
    });
  });

  it('refuses a step the API refuses, naming and marking its field', async () => {
    const page = await web.signedInPage(manager, '/settings/policies');
    await page.getByRole('heading', { level: 2, name: 'Standard (the default)' }).waitFor();
    await page.getByLabel('Action of step 1').selectOption('late_fee');
    await page.getByLabel('Charge of step 1').selectOption('fixed');
    await page.getByLabel("Fee of step 1, in the invoice's currency").fill('0');
    await page.getByRole('button', { name: 'Save policy' }).click();
    await page.getByRole('alert').getByText('A fixed fee is more than zero.').waitFor();
    await expect
      .poll(() =>
        page.getByLabel("Fee of step 1, in the invoice's currency").getAttribute('aria-invalid'),
      )
      .toBe('true');
    await page.getByRole('button', { name: 'Discard changes' }).click();
  });

  it('moves a step by dragging its dot along the timeline', async () => {
    const page = await web.signedInPage(manager, '/settings/policies');
    await page.getByRole('link', { name: 'Gentle' }).click();
    await page.getByRole('heading', { level: 2, name: 'Gentle' }).waitFor();
    const day = page.getByLabel('Day of step 3, from the due date');
    expect(await day.inputValue()).toBe('30');
    // The dots in day order: due (0), +14, +30. Drag the last one well to the left.
    const dot = page.getByRole('figure').locator('circle').nth(2);
    const box = (await dot.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x - 60, box.y + box.height / 2, { steps: 5 });
    await page.mouse.up();
    await expect.poll(async () => Number(await day.inputValue())).toBeLessThan(30);
    await expect.poll(async () => Number(await day.inputValue())).toBeGreaterThan(14);
    await page.getByText('Unsaved changes.').waitFor();
    await page.getByRole('button', { name: 'Discard changes' }).click();
    await expect.poll(() => day.inputValue()).toBe('30');
  });

  it('shows who follows a policy and puts a customer on another', async () => {
    const page = await web.signedInPage(manager, '/settings/policies');
    await page.getByRole('link', { name: 'Firm' }).click();
    await page.getByRole('heading', { level: 2, name: 'Firm' }).waitFor();
    await page.getByText('No customer follows this policy').waitFor();
    await page.getByLabel('Find a customer (name or reference)').fill('Omega');
    await expect
      .poll(() => page.locator('select[name=customer_id] option').allTextContents())
      .toEqual(['Omega Tools GmbH (C-OMEGA)']);
    await page.getByRole('button', { name: 'Put on Firm' }).click();
    await page.getByText('Omega Tools GmbH now follows Firm.').waitFor();
    expect(await tableRows(page, 'Customers following Firm')).toEqual([
      ['Reference', 'Name', 'Why', 'Change'],
      ['C-OMEGA', 'Omega Tools GmbH', 'Assigned', 'Use the default for Omega Tools GmbH'],
    ]);
    expect(
      (await getCustomerCollections(web.database, web.actor, customers.omega!)).policyName,
    ).toBe('Firm');
    await expectAccessible(page);
    await screenshot(page, 'settings-policies-customers');
  });

  it('creates a policy from the steps of another, then archives it', async () => {
    const page = await web.signedInPage(manager, '/settings/policies');
    await page.getByRole('button', { name: 'New policy' }).click();
    const dialog = page.getByRole('dialog', { name: 'New policy' });
    await dialog.getByLabel('Name').fill('Quarterly');
    await dialog.getByLabel('Start from the steps of').selectOption({ label: 'Gentle' });
    await dialog.getByRole('button', { name: 'Create policy' }).click();
    await page.getByText('Policy Quarterly created with 3 steps.').waitFor();
    await page.getByRole('heading', { level: 2, name: 'Quarterly' }).waitFor();
    const all = await listPolicies(web.database, web.actor);
    const quarterly = all.find((policy) => policy.policy.name === 'Quarterly')!;
    const gentle = all.find((policy) => policy.policy.name === 'Gentle')!;
    expect(quarterly.policy.steps).toEqual(gentle.policy.steps);

    await page.getByRole('button', { name: 'Archive Quarterly' }).click();
    await page
      .getByRole('dialog', { name: 'Archive Quarterly' })
      .getByRole('button', { name: 'Archive', exact: true })
      .click();
    await page.getByText('Policy Quarterly archived.').waitFor();
    expect(
      (await listPolicies(web.database, web.actor)).map((policy) => policy.policy.name),
    ).not.toContain('Quarterly');
    // The notice can show before the list has been read again: wait for the list, not the notice.
    await expect.poll(() => page.getByRole('link', { name: 'Quarterly' }).count()).toBe(0);
  });

  it('a collector reads the policies but is offered no change it may not make', async () => {
    const page = await web.signedInPage(collector, '/settings/policies');
    await page.getByRole('heading', { level: 2, name: 'Standard (the default)' }).waitFor();
    await page.getByRole('table', { name: 'Steps, in the order they happen' }).waitFor();
    for (const name of ['New policy', 'Save policy', 'Add step', 'Discard changes'])
      expect(await page.getByRole('button', { name }).count(), name).toBe(0);
    // Collectors may put a customer on a policy (the API lets them), not change its steps.
    const steps = page.getByRole('table', { name: 'Steps, in the order they happen' });
    expect(await steps.locator('input, select').count()).toBe(0);
    expect(await page.getByLabel('Name', { exact: true }).count()).toBe(0);
    await expectAccessible(page);
  });
});

describe('message templates', () => {
  it('a manager edits a reminder while the preview renders it for a real customer, then resets it', async () => {
    const page = await web.signedInPage(manager, '/settings/templates?key=reminder_overdue');
    await page.getByRole('heading', { level: 2, name: /^reminder_overdue/ }).waitFor();
    const builtIn = await getMessageTemplate(web.database, web.actor, 'reminder_overdue');
    expect(builtIn.customized).toBe(false);
    const preview = page.getByRole('region', { name: /^Preview/ });
    await page.getByLabel('Find a customer (name or reference)').fill('Zeta');
    await preview.getByRole('heading', { name: 'Preview for Zeta Widgets Ltd' }).waitFor();
    await expect.poll(() => preview.textContent()).toContain('ap@zeta.example');

    await page
      .getByLabel('Subject', { exact: true })
      .fill('Still open: {{customer.name}}, {{total_overdue}}');
    const subject = page.getByTestId('preview-subject');
    await expect
      .poll(() => subject.textContent())
      .toMatch(/^Still open: Zeta Widgets Ltd, .*1,250\.00/);
    // The invoice the customer really owes is in the text, as it would be sent.
    await expect
      .poll(() => preview.getByLabel('Text of the message').textContent())
      .toContain('1,250.00');
    await expectAccessible(page);
    await screenshot(page, 'settings-templates-preview');

    // A variable that does not exist is named in the preview before anything is saved.
    await page.getByLabel('Subject', { exact: true }).fill('Hello {{customer.nmae}}');
    await preview.getByRole('alert').waitFor();
    await expect
      .poll(() => page.getByLabel('Subject', { exact: true }).getAttribute('aria-invalid'))
      .toBe('true');
    await page.getByLabel('Subject', { exact: true }).fill('Still open: {{customer.name}}');
    await expect.poll(() => subject.textContent()).toBe('Still open: Zeta Widgets Ltd');

    await page.getByRole('button', { name: 'Save template' }).click();
    await page
      .getByText('Template reminder_overdue saved: "Still open: {{customer.name}}".')
      .waitFor();
    const saved = await getMessageTemplate(web.database, web.actor, 'reminder_overdue');
    expect(saved).toMatchObject({ customized: true, subject: 'Still open: {{customer.name}}' });
    expect(saved.bodyText).toBe(builtIn.bodyText);

    await page.getByRole('button', { name: 'Reset to Settle’s text' }).click();
    const dialog = page.getByRole('dialog', { name: 'Reset reminder_overdue?' });
    await dialog.getByRole('button', { name: 'Reset', exact: true }).click();
    await page.getByText('Template reminder_overdue is back to Settle’s text.').waitFor();
    const reset = await getMessageTemplate(web.database, web.actor, 'reminder_overdue');
    expect(reset).toMatchObject({ customized: false, subject: builtIn.subject });
    await expect
      .poll(() => page.getByLabel('Subject', { exact: true }).inputValue())
      .toBe(builtIn.subject);
  });

  it('a collector reads the templates and previews them, but cannot change them', async () => {
    const page = await web.signedInPage(collector, '/settings/templates?key=reminder_due');
    await page.getByRole('heading', { level: 2, name: /^reminder_due/ }).waitFor();
    expect(
      await page.getByLabel('Subject', { exact: true }).getAttribute('readonly'),
    ).not.toBeNull();
    expect(await page.getByRole('button', { name: 'Save template' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /Reset|Delete/ }).count()).toBe(0);
    await page.getByRole('heading', { name: /^Preview for / }).waitFor();
    await expectAccessible(page);
  });
});

describe('credit control and aging buckets', () => {
  it('a manager blocks invoices over the credit limit', async () => {
    const page = await web.signedInPage(manager, '/settings/credit-control');
    await page.getByRole('radio', { name: /^Warn \(in effect\)/ }).waitFor();
    await page.getByRole('radio', { name: /^Block/ }).check();
    await page.getByRole('button', { name: 'Save credit control' }).click();
    await page.getByText('Credit control set to block.').waitFor();
    expect(await getCreditControl(web.database, web.actor)).toEqual({ mode: 'block' });
    await page.getByRole('radio', { name: /^Block \(in effect\)/ }).waitFor();
    await expectAccessible(page);
    await screenshot(page, 'settings-credit-control');
  });

  it('a manager changes the aging buckets, checked as typed, and the aging uses them', async () => {
    const page = await web.signedInPage(manager, '/settings/aging-buckets');
    const due = page.getByRole('group', { name: 'Days past due' });
    await due.getByLabel('Bound 2 (days)').waitFor();
    await due.getByLabel('Bound 2 (days)').fill('15');
    await due.getByLabel('Bound 3 (days)').fill('10');
    await due.getByRole('alert').getByText('Bound 3: The bounds must rise strictly.').waitFor();
    expect(await due.getByLabel('Bound 3 (days)').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByRole('button', { name: 'Save aging buckets' }).isDisabled()).toBe(true);
    await due.getByLabel('Bound 3 (days)').fill('45');
    await due.getByRole('button', { name: 'Remove bound 4' }).click();
    await due
      .getByText('Current (not yet due) · 1 to 15 days · 16 to 45 days · 46 days and over')
      .waitFor();
    await expectAccessible(page);
    await screenshot(page, 'settings-aging-buckets');
    await page.getByRole('button', { name: 'Save aging buckets' }).click();
    await page.getByText(/^Aging buckets saved: current, 1-15, 16-45, 46\+ past due/).waitFor();

    const aging = await getAging(web.database, web.actor, {});
    expect(aging.buckets.map((bucket) => bucket.label)).toEqual([
      'current',
      '1-15',
      '16-45',
      '46+',
    ]);
    const zeta = aging.currencies[0]!.customers.find((row) => row.customerRef === 'C-ZETA')!;
    // 20 days past due: in 16-45.
    expect(zeta.bucketsMinor).toEqual([0n, 0n, 125000n, 0n]);
  });

  it('a collector sees the settings but no control to change them', async () => {
    const page = await web.signedInPage(collector, '/settings/aging-buckets');
    await page.getByRole('group', { name: 'Days past due' }).waitFor();
    expect(
      await page
        .getByRole('button')
        .filter({ hasText: /Save|Add a bound|Remove/ })
        .count(),
    ).toBe(0);
    await expectAccessible(page);
    await page.goto('/settings/credit-control');
    await page.getByRole('radio', { name: /^Block \(in effect\)/ }).waitFor();
    expect(await page.getByRole('radio', { name: /^Off/ }).isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Save credit control' }).count()).toBe(0);
    await expectAccessible(page);
  });
});

describe('payment terms', () => {
  it('explains each kind of terms with the due date and discount of an example invoice', async () => {
    const page = await web.signedInPage(collector, '/settings/payment-terms');
    await page.getByLabel('Issued on (YYYY-MM-DD)').fill('2026-03-12');
    await page.getByLabel('Total').fill('1234.57');
    const caption = 'Common terms, for an invoice of 1,234.57 EUR issued on 2026-03-12';
    const rows = await tableRows(page, caption);
    expect(rows.find((row) => row[0] === 'NET30_EOM')?.slice(2)).toEqual([
      '2026-04-30',
      '—',
      '—',
      '—',
    ]);
    expect(rows.find((row) => row[0] === '2/10_NET30')?.slice(2)).toEqual([
      '2026-04-11',
      '2026-03-22',
      '24.69',
      '1,209.88',
    ]);
    await page.getByLabel(/^Terms, as on a customer/).fill('3/10 net 60 eom');
    await page
      .getByText(
        '3/10_NET60_EOM: Due 60 days after the end of the month of issue; 3 % off when paid within 10 days of the end of the month of issue. On the example invoice: due 2026-05-30, 37.04 EUR off until 2026-04-10.',
      )
      .waitFor();
    await page.getByLabel(/^Terms, as on a customer/).fill('net thirty');
    expect(await page.getByLabel(/^Terms, as on a customer/).getAttribute('aria-invalid')).toBe(
      'true',
    );
    await page.getByLabel('Total').fill('10.005');
    await page
      .getByRole('alert')
      .getByText(/has 3 decimals; EUR has 2/)
      .waitFor();
    await expectAccessible(page);
    await screenshot(page, 'settings-payment-terms');
  });
});
