// Goal: in a real browser, against the real server and database, a collector finds a customer
// from the header's search and works from its page (details, balance and aging, open invoices,
// contacts, tasks, timeline), creates a customer with a contact, edits it, adds, changes and
// removes contacts, with the API's field errors marked in the form; each change is checked in the
// database and the audit log, not only on screen. The list shows each customer's open balance. A
// viewer sees the same pages without a button that would fail; every page and dialog passes axe.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCustomer } from '../../src/customers/create-customer.service.js';
import { getCustomer } from '../../src/customers/get-customer.service.js';
import { listAuditEvents } from '../../src/ledger/list-audit-events.service.js';
import { recordPayment } from '../../src/payments/record-payment.service.js';
import { addCustomerNote } from '../../src/worklist/customer-notes.service.js';
import { createTask } from '../../src/worklist/manage-tasks.service.js';
import { daysFromToday } from '../support/clock.js';
import { issuedInvoiceDue } from '../support/organization.js';
import { screenshot, seriousAccessibilityViolations, tableRows } from './support/browser.js';
import { startWebApp, type WebApp } from './support/web-app.js';

let web: WebApp;
let clerk: { email: string; password: string; id: string; name: string };
const ids: Record<string, string> = {};
const numbers: Record<string, string> = {};

beforeAll(async () => {
  web = await startWebApp();
  const actor = web.actor;
  clerk = await web.addUser('collector', 'Cleo Clerk');
  const harbor = await createCustomer(web.database, actor, {
    ref: 'HB-100',
    name: 'Harbor Supplies GmbH',
    currency: 'EUR',
    tags: ['key'],
    collectorId: clerk.id,
    contacts: [{ name: 'Paula Payables', email: 'ap@harbor.test', phone: '+49 30 1234 567' }],
  });
  ids.harbor = harbor.id;
  // Two invoices, one overdue, one not yet due, and 200.05 paid on the overdue one: 1,050.30 open.
  const overdue = await issuedInvoiceDue(
    web.database,
    actor,
    harbor.id,
    { issuedOn: daysFromToday(-75), dueOn: daysFromToday(-45) },
    '1000.10',
  );
  const current = await issuedInvoiceDue(
    web.database,
    actor,
    harbor.id,
    { issuedOn: daysFromToday(-5), dueOn: daysFromToday(25) },
    '250.25',
  );
  ids.overdue = overdue.id;
  numbers.overdue = overdue.number!;
  numbers.current = current.number!;
  await recordPayment(web.database, actor, {
    customerId: harbor.id,
    amount: '200.05',
    receivedOn: daysFromToday(-10),
    reference: 'WIRE-77',
    applications: [{ invoiceId: overdue.id, amount: '200.05' }],
  });
  await addCustomerNote(web.database, actor, harbor.id, 'Asked for a copy of the overdue invoice.');
  await createTask(web.database, actor, {
    customerId: harbor.id,
    kind: 'call',
    dueOn: daysFromToday(2),
    title: 'Call Paula about the overdue invoice',
  });
});
afterAll(async () => {
  await web?.close();
});

async function axeClean(page: Page) {
  expect(await seriousAccessibilityViolations(page)).toEqual([]);
}

describe('the customer pages', () => {
  it("finds a customer from the header's search and shows everything on its page", async () => {
    const page = await web.signedInPage(clerk, '/dashboard');
    const search = page.getByRole('combobox', { name: 'Search' });
    // An invoice is found by the start of its number, in any case, with its customer and open amount.
    await search.fill(numbers.overdue!.toLowerCase());
    const invoiceOption = page.getByRole('option', { name: new RegExp(numbers.overdue!) });
    await invoiceOption.waitFor();
    expect(await invoiceOption.textContent()).toContain('Harbor Supplies GmbH');
    expect(await invoiceOption.textContent()).toContain('800.05 EUR open');
    await search.fill('');
    await expect.poll(() => page.getByRole('listbox').count()).toBe(0);

    await search.fill('harb');
    const option = page.getByRole('option', { name: /Harbor Supplies GmbH/ });
    await option.waitFor();
    await screenshot(page, 'customers-search');
    // No axe run while the list is open: react-aria hides the rest of the page from screen
    // readers then (aria-hidden, so the portalled list is reachable), which axe reports as
    // aria-hidden-focus (adobe/react-spectrum#4937). The page is checked with the list closed.
    // By keyboard: the first result, then Enter, as a user who never leaves the keys.
    await search.press('ArrowDown');
    expect(await option.getAttribute('data-focused')).toBe('true');
    await search.press('Enter');
    await page.waitForURL(`**/customers/${ids.harbor}`);
    await page.getByRole('heading', { level: 1, name: /Harbor Supplies GmbH/ }).waitFor();
    expect(await page.getByRole('heading', { level: 1 }).count()).toBe(1);
    expect(await search.inputValue()).toBe('');

    // The balance as the aging computes it: 800.05 overdue 31-60 days, 250.25 current.
    const aging = await tableRows(
      page,
      'Balance in EUR as of ' + daysFromToday(0) + ', by days past due',
    );
    expect(aging[0]).toEqual(['current', '1-30', '31-60', '61-90', '91+', 'unapplied', 'balance']);
    expect(aging[1]).toEqual(['250.25', '0.00', '800.05', '0.00', '0.00', '0.00', '1,050.30']);

    const invoices = await tableRows(page, 'Open invoices, due soonest first');
    expect(invoices.slice(1).map((row) => [row[0], row[3], row[5], row[6]])).toEqual([
      [numbers.overdue, 'Partially paid', '1,000.10', '800.05'],
      [numbers.current, 'Open', '250.25', '250.25'],
    ]);
    expect(
      await page.getByRole('link', { name: numbers.overdue!, exact: true }).getAttribute('href'),
    ).toBe(`/invoices/${ids.overdue}`);

    // Contacts can be called and written to in one click.
    expect(await page.getByRole('link', { name: 'ap@harbor.test' }).getAttribute('href')).toBe(
      'mailto:ap@harbor.test',
    );
    expect(await page.getByRole('link', { name: '+49 30 1234 567' }).getAttribute('href')).toBe(
      'tel:+49301234567',
    );

    const tasks = await tableRows(page, 'Open tasks');
    expect(tasks[1]?.slice(1)).toEqual([
      'Call',
      'Call Paula about the overdue invoice',
      'Cleo Clerk',
    ]);

    const timeline = page.getByRole('region', { name: 'Timeline' });
    await timeline.getByText('Asked for a copy of the overdue invoice.').waitFor();
    expect(await timeline.locator('li').count()).toBeGreaterThanOrEqual(4);
    expect(await page.getByRole('group', { name: 'Actions', exact: true }).isVisible()).toBe(true);
    expect(await page.getByRole('link', { name: 'Statement' }).getAttribute('href')).toBe(
      `/customers/${ids.harbor}/statement`,
    );
    await screenshot(page, 'customers-page');
    await axeClean(page);
  });

  it('creates a customer with a contact, marking the field the API refuses', async () => {
    const page = await web.signedInPage(clerk, '/customers');
    const list = await tableRows(page, 'Customers');
    const harborRow = list.find((row) => row[0] === 'HB-100');
    expect(harborRow?.[6]).toBe('1,050.30 EUR');
    await screenshot(page, 'customers-list');
    await axeClean(page);

    await page.getByRole('button', { name: 'New customer' }).click();
    const dialog = page.getByRole('dialog', { name: 'New customer' });
    await dialog.getByLabel('Reference', { exact: true }).fill('HB-100');
    await dialog.getByLabel('Name', { exact: true }).fill('Quayside Traders Ltd');
    await dialog.getByLabel('Currency').fill('gbp');
    await dialog.getByLabel('Payment terms').fill('NET45');
    await dialog.getByLabel('Credit limit').fill('25000.00');
    await dialog.getByLabel('Tags').fill('north, new');
    await dialog.getByLabel('Contact name').fill('Quinn Quayle');
    await dialog.getByLabel('Contact e-mail').fill('quinn@quayside.test');
    await dialog.getByLabel('Contact phone').fill('+44 20 7946 0000');
    await screenshot(page, 'customers-new-dialog');
    await axeClean(page);
    await dialog.getByRole('button', { name: 'Create customer' }).click();
    // The reference is taken: the API says so, and the form marks the field.
    await dialog.getByRole('alert').waitFor();
    expect(await dialog.getByRole('alert').textContent()).toContain('Reference (ref)');
    expect(await dialog.getByLabel('Reference', { exact: true }).getAttribute('aria-invalid')).toBe(
      'true',
    );
    await screenshot(page, 'customers-new-error');

    await dialog.getByLabel('Reference', { exact: true }).fill('QT-200');
    // A double click creates one customer: the second is the same action on its way.
    await dialog.getByRole('button', { name: 'Create customer' }).dblclick();
    await page.getByRole('heading', { level: 1, name: /Quayside Traders Ltd/ }).waitFor();
    await page
      .getByRole('status')
      .getByText('Customer QT-200 (Quayside Traders Ltd) created.')
      .waitFor();
    const id = page.url().split('/customers/')[1]!;
    ids.quayside = id;
    const { customer, contacts } = await getCustomer(web.database, web.actor, id);
    expect(customer).toMatchObject({
      ref: 'QT-200',
      name: 'Quayside Traders Ltd',
      currency: 'GBP',
      terms_code: 'NET45',
      credit_limit_minor: 2500000n,
      tags: ['north', 'new'],
    });
    expect(contacts.map((contact) => [contact.name, contact.email, contact.phone])).toEqual([
      ['Quinn Quayle', 'quinn@quayside.test', '+44 20 7946 0000'],
    ]);
    const created = await web.database.db
      .selectFrom('customers')
      .select('id')
      .where('org_id', '=', web.actor.orgId)
      .where('ref', '=', 'QT-200')
      .execute();
    expect(created).toHaveLength(1);
    await page.getByText('Nothing is open').waitFor();
    await axeClean(page);
  });

  it('edits the customer and its contacts, each change in the audit log', async () => {
    const page = await web.signedInPage(clerk, `/customers/${ids.quayside}`);
    await page.getByRole('button', { name: 'Edit customer' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit Quayside Traders Ltd' });
    await dialog.getByLabel('Name', { exact: true }).fill('Quayside Traders plc');
    await dialog.getByLabel('Credit limit').fill('12.345');
    await dialog.getByRole('button', { name: 'Save' }).click();
    // GBP has two decimals: the API refuses three, naming the field, and the form marks it.
    await dialog.getByRole('alert').waitFor();
    expect(await dialog.getByLabel('Credit limit').getAttribute('aria-invalid')).toBe('true');
    await axeClean(page);
    await dialog.getByLabel('Credit limit').fill('');
    await dialog.getByLabel('On credit hold').check();
    await dialog.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { level: 1, name: /Quayside Traders plc/ }).waitFor();
    await page.getByText('On credit hold', { exact: true }).first().waitFor();
    const { customer } = await getCustomer(web.database, web.actor, ids.quayside!);
    expect(customer).toMatchObject({
      name: 'Quayside Traders plc',
      credit_limit_minor: null,
      credit_hold: true,
      terms_code: 'NET45',
    });

    // A second contact, then a change to the first, then the first removed.
    await page.getByRole('button', { name: 'Add contact' }).click();
    const add = page.getByRole('dialog', { name: 'Add contact' });
    await add.getByLabel('Name').fill('Rhea Receivables');
    await add.getByLabel('E-mail').fill('rhea@quayside.test');
    await add.getByLabel('Role').selectOption('billing');
    await axeClean(page);
    await add.getByRole('button', { name: 'Add contact' }).click();
    await page.getByRole('link', { name: 'rhea@quayside.test' }).waitFor();

    await page.getByRole('button', { name: 'Edit Quinn Quayle' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit contact Quinn Quayle' });
    await edit.getByLabel('Phone').fill('+44 20 7946 0999');
    await edit.getByLabel('Receives reminders').uncheck();
    await edit.getByRole('button', { name: 'Save contact' }).click();
    await page.getByRole('link', { name: '+44 20 7946 0999' }).waitFor();

    await page.getByRole('button', { name: 'Remove Quinn Quayle' }).click();
    const remove = page.getByRole('dialog', { name: 'Remove contact Quinn Quayle' });
    await axeClean(page);
    await remove.getByRole('button', { name: 'Remove contact' }).click();
    await page.getByRole('status').getByText('Contact Quinn Quayle removed.').waitFor();
    await screenshot(page, 'customers-edited');

    const { contacts } = await getCustomer(web.database, web.actor, ids.quayside!);
    expect(contacts.map((contact) => [contact.name, contact.role, contact.email])).toEqual([
      ['Rhea Receivables', 'billing', 'rhea@quayside.test'],
    ]);
    const events = await listAuditEvents(web.database, web.actor, { limit: 50 });
    const mine = events.items.filter((event) => event.actor_id === clerk.id).map((e) => e.action);
    expect(mine).toEqual(
      expect.arrayContaining([
        'customer.created',
        'customer.updated',
        'contact.created',
        'contact.updated',
        'contact.deleted',
      ]),
    );
  });

  it('shows a viewer the same pages without a button that would fail', async () => {
    const viewer = await web.addUser('viewer', 'Vic Viewer');
    const page = await web.signedInPage(viewer, `/customers/${ids.harbor}`);
    await page.getByRole('heading', { level: 1, name: /Harbor Supplies GmbH/ }).waitFor();
    await page.getByRole('table', { name: 'Open invoices, due soonest first' }).waitFor();
    await page.getByRole('table', { name: 'Contacts of Harbor Supplies GmbH' }).waitFor();
    expect(await page.getByRole('button', { name: 'Edit customer' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Add contact' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /^(Edit|Remove) Paula/ }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Send e-mail' }).count()).toBe(0);
    await screenshot(page, 'customers-page-viewer');
    await axeClean(page);
    await page.goto('/customers');
    await page.getByRole('table', { name: 'Customers' }).waitFor();
    expect(await page.getByRole('button', { name: 'New customer' }).count()).toBe(0);
  });
});
