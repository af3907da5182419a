// Goal: in a real browser, against the real server and database, a clerk applies a bank
// statement's money the way the issue (#14) describes cash application: a camt.053 uploaded on
// the queue page, the line quoting its invoice applied at once, the rest waiting for review with
// the matcher's proposals; the queue searched by words and by an amount; a proposal confirmed in
// one click; an applied line undone (its payment reversed, the invoice open again, and the
// invoice never proposed again after matching anew); a line split across two invoices with the
// rest as credit, never more than the line; a line set aside and returned. Every step is checked
// through the API, not only on screen; each page passes axe; a viewer sees no action.
import type { APIRequestContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importBankStatement } from '../../src/banking/import-bank-statement.service.js';
import { createCustomer } from '../../src/customers/create-customer.service.js';
import { camt } from '../support/camt.js';
import { todayNoEarlierThan } from '../support/clock.js';
import { issuedInvoiceDue } from '../support/organization.js';
import { screenshot, seriousAccessibilityViolations, tableRows } from './support/browser.js';
import { startWebApp, type WebApp } from './support/web-app.js';

// The statement is dated 2026-11-02; payments cannot be dated after today.
todayNoEarlierThan('2026-12-05');

let web: WebApp;
let clerk: { email: string; password: string; name: string };
let viewer: { email: string; password: string; name: string };
let page: Page;
const ids: Record<string, string> = {};
const numbers: Record<string, string> = {};
const lines: Record<string, string> = {};

interface ApiMatch {
  state: string;
  customer_id: string;
  allocations: { invoice_id: string; amount: string }[];
  unapplied: string;
  payment_id: string | null;
  applied_by: string | null;
  basis: string;
}
interface ApiLine {
  id: string;
  ref: string;
  state: string;
  payment_id: string | null;
  matches: ApiMatch[];
}

async function api<T>(request: APIRequestContext, path: string): Promise<T> {
  const response = await request.get(`/api/v1${path}`);
  expect(response.status(), path).toBe(200);
  return (await response.json()) as T;
}

const invoiceOpen = async (name: string) =>
  (await api<{ open: string }>(page.request, `/invoices/${ids[name]}`)).open;
const lineOf = (ref: string) => api<ApiLine>(page.request, `/bank/lines/${lines[ref]}`);

/** A balance of the statement, as camt.053 writes it. */
const balance = (code: string, amount: string, date: string) =>
  `<Bal><Tp><CdOrPrtry><Cd>${code}</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">${amount}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>${date}</Dt></Dt></Bal>`;

// The lines bring 2,575.50; the bank's closing balance says 2,576.00 more than the opening one
// (some real statements do not add up): imported, with a warning naming the difference.
const statement = () =>
  statementLines().replace(
    '</Acct>',
    `</Acct>${balance('OPBD', '1000.00', '2026-11-01')}${balance('CLBD', '3576.00', '2026-11-02')}`,
  );

const statementLines = () =>
  camt('053', 'STMT-2026-11-02', [
    {
      // Names its invoice: applied at once.
      ref: 'B-1',
      amount: '1200.00',
      text: `Invoice ${numbers.a1}`,
      payer: 'ACME GMBH',
      payerAccount: 'DE02120300000000202051',
    },
    {
      // Only a name like the customer's and the amount of its one open invoice: a proposal.
      ref: 'B-2',
      amount: '450.00',
      text: 'thank you',
      payer: 'Beta S.A.R.L.',
      payerAccount: 'FR7630006000011234567890189',
    },
    {
      // One transfer for two of Gamma's invoices, and a little more: a person splits it.
      ref: 'B-3',
      amount: '500.00',
      text: 'Payment October',
      payer: 'Gamma Handel',
      payerAccount: 'AT611904300234573201',
    },
    {
      // No customer's money.
      ref: 'B-4',
      amount: '25.00',
      text: 'Zinsgutschrift',
      payer: 'Our Bank AG',
      payerAccount: 'DE44500105175407324931',
    },
    {
      // Nothing names the payer; two customers each have an invoice of the amount.
      ref: 'B-5',
      amount: '300.50',
      text: 'Rechnung',
      payer: 'J. Doe',
      payerAccount: 'NL91ABNA0417164300',
    },
    {
      // Paid in advance, for no invoice yet: kept as the customer's credit.
      ref: 'B-6',
      amount: '100.00',
      text: 'Vorauszahlung',
      payer: 'Delta Logistik',
      payerAccount: 'BE68539007547034',
    },
  ]);

beforeAll(async () => {
  web = await startWebApp();
  const { database, actor } = web;
  const customer = async (ref: string, name: string) =>
    (await createCustomer(database, actor, { ref, name, currency: 'EUR', terms: 'NET30' })).id;
  ids.acme = await customer('C-ACME', 'Acme GmbH');
  ids.beta = await customer('C-BETA', 'Beta SARL');
  ids.gamma = await customer('C-GAMMA', 'Gamma Handel KG');
  ids.delta = await customer('C-DELTA', 'Delta Logistik');
  const invoice = async (name: string, customerId: string, dueOn: string, amount: string) => {
    const created = await issuedInvoiceDue(
      database,
      actor,
      customerId,
      { issuedOn: '2026-09-01', dueOn },
      amount,
    );
    ids[name] = created.id;
    numbers[name] = created.number!;
  };
  await invoice('a1', ids.acme, '2026-10-01', '1200.00');
  await invoice('a2', ids.acme, '2026-10-15', '300.50');
  await invoice('b1', ids.beta, '2026-10-01', '450.00');
  await invoice('g1', ids.gamma, '2026-10-01', '300.00');
  await invoice('g2', ids.gamma, '2026-10-10', '400.00');
  await invoice('g3', ids.gamma, '2026-10-20', '250.00');
  await invoice('d1', ids.delta, '2026-10-05', '300.50');
  clerk = await web.addUser('accountant', 'Clara Clerk');
  viewer = await web.addUser('viewer', 'Vic Viewer');
  page = await web.signedInPage(clerk, '/payments');
});

afterAll(async () => {
  await web?.close();
});

describe('the statement upload', () => {
  it('imports a camt.053, applies what is sure, and lists what became of each line', async () => {
    await page.getByRole('link', { name: /Cash application/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Cash application' }).waitFor();
    await page.getByText('No line is to review.').waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    const form = page.getByRole('form', { name: 'Upload a bank statement' });
    expect(
      await form.getByRole('checkbox', { name: 'Apply sure matches automatically' }).isChecked(),
    ).toBe(true);
    // A file that is no statement imports nothing, and the page says why.
    await form.getByLabel('Statement file').setInputFiles({
      name: 'notes.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('this is not a bank statement\n'),
    });
    await form.getByRole('button', { name: 'Upload' }).click();
    const refused = page.getByRole('alert');
    await refused.waitFor();
    expect(await refused.textContent()).toMatch(/\[[a-z_]+\]$/);
    expect(
      (await api<{ items: unknown[] }>(page.request, '/bank/lines?state=review,applied')).items,
    ).toEqual([]);

    await form.getByLabel('Statement file').setInputFiles({
      name: 'november.xml',
      mimeType: 'application/xml',
      buffer: Buffer.from(statement()),
    });
    await form.getByRole('button', { name: 'Upload' }).click();
    const summary = page.getByTestId('statement-summary');
    await summary.waitFor();
    expect(await summary.textContent()).toBe(
      'november.xml: 6 lines read, 1 applied, 5 to review, 0 ignored, 0 duplicates.',
    );
    const warnings = await page.getByRole('list', { name: 'Warnings' }).textContent();
    expect(warnings).toContain('but the closing balance is 3576.00 EUR: a difference of 0.50 EUR.');
    expect(await page.locator('.notice').textContent()).toMatch(
      /^november\.xml: 6 lines read, 1 applied, 5 to review, 0 ignored, 0 duplicates\. 1 warning: .*a difference of 0\.50 EUR\./,
    );
    const rows = await tableRows(page, 'Lines of november.xml');
    expect(rows.map((cells) => cells.slice(0, 5))).toEqual([
      ['#', 'Date', 'Amount', 'Payer', 'Outcome'],
      ['1', '2026-11-02', '1,200.00 EUR', 'ACME GMBH', expect.stringMatching(/^Applied/)],
      ['2', '2026-11-02', '450.00 EUR', 'Beta S.A.R.L.', expect.stringMatching(/^To review/)],
      ['3', '2026-11-02', '500.00 EUR', 'Gamma Handel', expect.stringMatching(/^To review/)],
      ['4', '2026-11-02', '25.00 EUR', 'Our Bank AG', expect.stringMatching(/^To review/)],
      ['5', '2026-11-02', '300.50 EUR', 'J. Doe', expect.stringMatching(/^To review/)],
      ['6', '2026-11-02', '100.00 EUR', 'Delta Logistik', expect.stringMatching(/^To review/)],
    ]);
    expect(rows[1]![5]).toContain(`Acme GmbH (C-ACME): ${numbers.a1}`);
    await screenshot(page, 'bank-upload');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    // Applied through the API as the page said: the invoice is paid by a bank payment.
    expect(await invoiceOpen('a1')).toBe('0.00');
    const all = await api<{ items: ApiLine[] }>(
      page.request,
      '/bank/lines?state=unmatched,review,applied,ignored&sort=amount',
    );
    for (const line of all.items) lines[line.ref] = line.id;
    expect(all.items.map((line) => [line.ref, line.state])).toEqual([
      ['B-4', 'review'],
      ['B-6', 'review'],
      ['B-5', 'review'],
      ['B-2', 'review'],
      ['B-3', 'review'],
      ['B-1', 'applied'],
    ]);

    // The same file again adds nothing, and says so.
    await form.getByRole('button', { name: 'Upload' }).click();
    await expect
      .poll(() => summary.textContent())
      .toBe('november.xml was imported before: nothing was added (6 duplicates).');
  });
});

describe('the queue', () => {
  it('shows the lines to review first, with counts, searched by words or an amount', async () => {
    await page.goto('/bank');
    const tabs = page.getByRole('navigation', { name: 'Lines by state' });
    await expect
      .poll(() => tabs.getByRole('link').allTextContents())
      .toEqual(['To review (5)', 'Not matched yet (0)', 'Applied (1)', 'Set aside or ignored (0)']);
    expect(
      await tabs.getByRole('link', { name: 'To review (5)' }).getAttribute('aria-current'),
    ).toBe('page');
    const queue = await tableRows(page, 'Bank lines: To review');
    expect(
      queue
        .slice(1)
        .map((cells) => cells[0])
        .sort(),
    ).toEqual(['B-2', 'B-3', 'B-4', 'B-5', 'B-6']);
    const beta = queue.find((cells) => cells[0] === 'B-2')!;
    expect(beta.slice(1, 5)).toEqual(['2026-11-02', '450.00 EUR', 'Beta S.A.R.L.', 'thank you']);
    // The best proposal: the customer, its invoice, the confidence and the evidence in words.
    expect(beta[5]).toMatch(new RegExp(`^Beta SARL \\(C-BETA\\): ${numbers.b1} \\d+(\\.\\d)? %`));
    expect(beta[5]).toContain('payer’s name');
    expect(
      await page
        .getByRole('table', { name: 'Bank lines: To review' })
        .getByRole('link', { name: numbers.b1 })
        .getAttribute('href'),
    ).toBe(`/invoices/${ids.b1}`);
    await screenshot(page, 'bank-queue');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    const search = page.getByRole('form', { name: 'Find bank lines' });
    await search.getByRole('textbox', { name: 'Search: words or an amount' }).fill('thank');
    await search.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => page.url()).toContain('q=thank');
    await expect
      .poll(async () => (await tableRows(page, 'Bank lines: To review')).slice(1).map((c) => c[0]))
      .toEqual(['B-2']);

    await search.getByRole('textbox', { name: 'Search: words or an amount' }).fill('500.00');
    await search.getByRole('button', { name: 'Search' }).click();
    await expect
      .poll(async () => (await tableRows(page, 'Bank lines: To review')).slice(1).map((c) => c[0]))
      .toEqual(['B-3']);

    // Sorted by amount, the state in the address: a reload shows the same rows.
    await page.goto('/bank?state=review&sort=amount');
    await expect
      .poll(async () => (await tableRows(page, 'Bank lines: To review')).slice(1).map((c) => c[0]))
      .toEqual(['B-4', 'B-6', 'B-5', 'B-2', 'B-3']);
    // Paged by the API: the next page goes on where the first stopped.
    await page.goto('/bank?state=review&sort=-amount&limit=3');
    await expect
      .poll(async () => (await tableRows(page, 'Bank lines: To review')).slice(1).map((c) => c[0]))
      .toEqual(['B-3', 'B-2', 'B-5']);
    await page
      .getByRole('navigation', { name: 'Pages of bank lines' })
      .getByRole('link', { name: 'Next page' })
      .click();
    await expect
      .poll(async () => (await tableRows(page, 'Bank lines: To review')).slice(1).map((c) => c[0]))
      .toEqual(['B-6', 'B-4']);
    expect(page.url()).toContain('cursor=');
  });
});

describe('deciding a line', () => {
  it('confirms the best proposal in one click and says what it applied', async () => {
    await page.goto('/bank');
    await page.getByRole('link', { name: 'B-2', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: '450.00 EUR from Beta S.A.R.L.' }).waitFor();
    const proposal = page.getByRole('article', { name: /^1\. Beta SARL/ });
    const evidence = await tableRows(page, 'Evidence of proposal 1');
    expect(evidence[0]).toEqual(['Evidence', 'Detail', 'Weight']);
    expect(evidence.slice(1).map((cells) => cells[0])).toContain('payer’s name');
    await screenshot(page, 'bank-line-review');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    await proposal.getByRole('button', { name: /^Confirm/ }).click();
    await expect
      .poll(() => page.locator('.notice').textContent())
      .toContain(`Applied 450.00 EUR to ${numbers.b1} for Beta SARL.`);
    await expect.poll(() => page.getByTestId('line-state').textContent()).toBe('Applied');
    expect(await page.getByTestId('applied-by').textContent()).toContain('by Clara Clerk');
    // The button is gone with the proposals; the focus is on the page's heading, not lost.
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H1');

    const line = await lineOf('B-2');
    expect(line.state).toBe('applied');
    expect(await invoiceOpen('b1')).toBe('0.00');
    const applied = line.matches.find((match) => match.state === 'applied')!;
    expect(applied).toMatchObject({ customer_id: ids.beta, basis: 'person' });
  });

  it('applies another proposal than the best when the person knows better', async () => {
    const before = await lineOf('B-5');
    const proposals = before.matches.filter((match) => match.state === 'proposed');
    expect(proposals.map((match) => match.allocations[0]!.invoice_id).sort()).toEqual(
      [ids.a2, ids.d1].sort(),
    );
    const second = proposals[1]!;
    const secondInvoice = second.allocations[0]!.invoice_id;
    const secondName = second.customer_id === ids.acme ? 'Acme GmbH' : 'Delta Logistik';
    const secondNumber = secondInvoice === ids.a2 ? numbers.a2 : numbers.d1;

    await page.goto(`/bank/lines/${lines['B-5']}`);
    await page.getByRole('heading', { level: 1, name: '300.50 EUR from J. Doe' }).waitFor();
    expect(await page.getByRole('article').count()).toBe(2);
    const card = page.getByRole('article', { name: new RegExp(`^2\\. ${secondName}`) });
    expect(await card.getByRole('button', { name: /^Confirm/ }).count()).toBe(0);
    await card
      .getByRole('button', { name: `Apply this one: ${secondName}, ${secondNumber}` })
      .click();
    await expect
      .poll(() => page.locator('.notice').textContent())
      .toContain(`Applied 300.50 EUR to ${secondNumber} for ${secondName}.`);

    const after = await lineOf('B-5');
    expect(after.state).toBe('applied');
    const applied = after.matches.find((match) => match.state === 'applied')!;
    expect(applied.customer_id).toBe(second.customer_id);
    expect(applied.allocations.map((allocation) => allocation.invoice_id)).toEqual([secondInvoice]);
    expect(await invoiceOpen(secondInvoice === ids.a2 ? 'a2' : 'd1')).toBe('0.00');
    expect(await invoiceOpen(secondInvoice === ids.a2 ? 'd1' : 'a2')).toBe('300.50');
  });

  it('undoes an applied line: the payment is reversed and the invoice is not proposed again', async () => {
    await page.goto('/bank?state=applied');
    await page.getByRole('link', { name: 'B-1', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: '1,200.00 EUR from ACME GMBH' }).waitFor();
    expect(await page.getByTestId('applied-by').textContent()).toContain('by the matcher');
    const paymentId = (await lineOf('B-1')).payment_id!;
    expect(await page.getByRole('link', { name: 'See the payment' }).getAttribute('href')).toBe(
      `/payments/${paymentId}`,
    );
    await tableRows(page, 'Evidence of the applied match');
    await screenshot(page, 'bank-line-applied');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Undo' }).click();
    const dialog = page.getByRole('dialog', { name: 'Undo the applied line' });
    await dialog.getByRole('textbox', { name: 'Reason' }).fill('paid by a sister company');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Undo' }).click();
    await expect
      .poll(() => page.locator('.notice').textContent())
      .toContain(
        'Undone: the payment of 1,200.00 EUR for Acme GmbH was reversed, and the line is back in review.',
      );
    await expect.poll(() => page.getByTestId('line-state').textContent()).toBe('To review');
    // The Undo button went away with the applied match; the focus is on the heading.
    await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe('H1');
    const undone = await tableRows(page, 'Matches undone');
    expect(undone[1]!.slice(0, 3)).toEqual(['Acme GmbH (C-ACME)', numbers.a1, 'the matcher']);

    const payment = await api<{ status: string }>(page.request, `/payments/${paymentId}`);
    expect(payment.status).toBe('reversed');
    expect(await invoiceOpen('a1')).toBe('1200.00');
    expect((await lineOf('B-1')).state).toBe('review');

    // Matched again from the line's page, it never names that invoice again.
    await page.getByRole('button', { name: 'Match again' }).click();
    const rematch = page.getByRole('dialog', { name: 'Match the queue again' });
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await rematch.getByRole('button', { name: 'Match again' }).click();
    await expect
      .poll(() => page.locator('.notice').textContent())
      .toMatch(/Matched 4 lines again: 0 applied, 4 to review\./);
    const again = await lineOf('B-1');
    expect(again.state).toBe('review');
    const named = again.matches
      .filter((match) => match.state === 'proposed')
      .flatMap((match) => match.allocations.map((allocation) => allocation.invoice_id));
    expect(named).not.toContain(ids.a1);
    expect(again.matches.filter((match) => match.state === 'undone')).toHaveLength(1);
  });

  it('splits a line across two invoices, never more than the line, the rest as credit', async () => {
    await page.goto(`/bank/lines/${lines['B-3']}`);
    await page.getByRole('heading', { level: 1, name: '500.00 EUR from Gamma Handel' }).waitFor();
    await page.getByRole('button', { name: 'Split across invoices' }).click();
    const dialog = page.getByRole('dialog', {
      name: 'Split the line across a customer’s invoices',
    });
    const picker = dialog.getByRole('combobox', { name: 'Customer' });
    if ((await picker.inputValue()) !== 'Gamma Handel KG (C-GAMMA)') {
      await picker.fill('gamma');
      await page.getByRole('option', { name: /Gamma Handel KG/ }).click();
    }
    const applyTo = (name: string) =>
      dialog.getByRole('textbox', { name: `Apply to ${numbers[name]}` });
    await applyTo('g1').fill('300.00');
    await applyTo('g2').fill('150.00');
    await applyTo('g3').fill('100.00');
    const totals = dialog.getByTestId('allocation-totals');
    await expect
      .poll(() => totals.textContent())
      .toBe('Applied: 550.00 · Left as unapplied credit: 0.00 · 50.00 more than there is to apply');
    await dialog.getByRole('button', { name: 'Apply' }).click();
    await expect
      .poll(() => dialog.getByRole('alert').textContent())
      .toBe('The amounts add up to 550.00, 50.00 more than the line: lower one.');
    // Nothing was sent.
    expect((await lineOf('B-3')).state).toBe('review');

    await applyTo('g3').fill('');
    await expect
      .poll(() => totals.textContent())
      .toBe('Applied: 450.00 · Left as unapplied credit: 50.00');
    await screenshot(page, 'bank-split');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Apply' }).click();
    await expect
      .poll(() => page.locator('.notice').textContent())
      .toContain(
        `Applied 300.00 EUR to ${numbers.g1} and 150.00 EUR to ${numbers.g2} for Gamma Handel KG; 50.00 EUR left as Gamma Handel KG’s unapplied credit.`,
      );

    expect(await invoiceOpen('g1')).toBe('0.00');
    expect(await invoiceOpen('g2')).toBe('250.00');
    expect(await invoiceOpen('g3')).toBe('250.00');
    const line = await lineOf('B-3');
    expect(line.state).toBe('applied');
    const payment = await api<{ amount: string; unapplied: string; customer_id: string }>(
      page.request,
      `/payments/${line.payment_id}`,
    );
    expect(payment).toMatchObject({ amount: '500.00', unapplied: '50.00', customer_id: ids.gamma });
  });

  it('keeps a line as the unapplied credit of the customer chosen', async () => {
    await page.goto(`/bank/lines/${lines['B-6']}`);
    await page.getByRole('heading', { level: 1, name: '100.00 EUR from Delta Logistik' }).waitFor();
    await page.getByRole('button', { name: 'Keep as credit' }).click();
    const dialog = page.getByRole('dialog', { name: 'Keep the line as a customer’s credit' });
    const picker = dialog.getByRole('combobox', { name: 'Customer' });
    if ((await picker.inputValue()) !== 'Delta Logistik (C-DELTA)') {
      await picker.fill('delta');
      await page.getByRole('option', { name: /Delta Logistik/ }).click();
    }
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Keep as credit' }).click();
    await expect
      .poll(() => page.locator('.notice').textContent())
      .toContain('Kept 100.00 EUR as the unapplied credit of Delta Logistik.');
    const line = await lineOf('B-6');
    expect(line.state).toBe('applied');
    const payment = await api<{ unapplied: string; customer_id: string }>(
      page.request,
      `/payments/${line.payment_id}`,
    );
    expect(payment).toMatchObject({ unapplied: '100.00', customer_id: ids.delta });

    await page.goto('/bank?state=applied&sort=amount');
    const applied = await tableRows(page, 'Bank lines: Applied');
    expect(applied.slice(1).map((cells) => [cells[0], cells[5]])).toEqual([
      ['B-6', 'Applied Delta Logistik (C-DELTA): all as credit · by Clara Clerk'],
      ['B-5', expect.stringMatching(/^Applied .*: INV-\d+ · by Clara Clerk$/)],
      ['B-2', `Applied Beta SARL (C-BETA): ${numbers.b1} · by Clara Clerk`],
      ['B-3', `Applied Gamma Handel KG (C-GAMMA): ${numbers.g1}, ${numbers.g2} · by Clara Clerk`],
    ]);
    await screenshot(page, 'bank-queue-applied');
  });

  it('sets a line aside with its reason, and returns it to review', async () => {
    await page.goto(`/bank/lines/${lines['B-4']}`);
    await page.getByRole('heading', { level: 1, name: '25.00 EUR from Our Bank AG' }).waitFor();
    await page.getByRole('button', { name: 'Set aside' }).click();
    const dialog = page.getByRole('dialog', { name: 'Set the line aside' });
    // Without a reason the API refuses, and the field is marked.
    await dialog.getByRole('button', { name: 'Set aside' }).click();
    await dialog.getByRole('alert').waitFor();
    expect(await dialog.getByRole('textbox', { name: 'Reason' }).getAttribute('aria-invalid')).toBe(
      'true',
    );
    await dialog.getByRole('textbox', { name: 'Reason' }).fill('interest from our bank');
    await dialog.getByRole('button', { name: 'Set aside' }).click();
    await expect
      .poll(() => page.locator('.notice').textContent())
      .toContain('The line of 25.00 EUR is set aside');
    await expect
      .poll(() => page.getByTestId('line-state').textContent())
      .toBe('Set aside or ignored');
    expect((await lineOf('B-4')).state).toBe('ignored');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Return to review' }).click();
    await expect.poll(() => page.getByTestId('line-state').textContent()).toBe('To review');
    expect((await lineOf('B-4')).state).toBe('review');
  });
});

describe('a returned credit', () => {
  it('reverses, in one click, the payment the bank took back', async () => {
    const { database, actor } = web;
    const paid = await issuedInvoiceDue(
      database,
      actor,
      ids.delta!,
      { issuedOn: '2026-09-01', dueOn: '2026-10-20' },
      '640.00',
    );
    const paidLine = {
      ref: 'R-IN',
      amount: '640.00',
      text: `Invoice ${paid.number}`,
      payer: 'Delta Logistik',
      payerAccount: 'BE68539007547034',
      endToEndId: 'E2E-DELTA-640',
    };
    const applied = await importBankStatement(
      database,
      actor,
      { text: camt('053', 'STMT-R-1', [paidLine]) },
      { autoApply: true, dryRun: false },
    );
    expect(applied.lines[0]!.outcome).toBe('applied');
    const returned = await importBankStatement(
      database,
      actor,
      {
        text: camt('053', 'STMT-R-2', [
          {
            ...paidLine,
            ref: 'R-BACK',
            text: 'Return: account closed',
            direction: 'DBIT',
            reversal: true,
            date: '2026-11-04',
          },
        ]),
      },
      { autoApply: true, dryRun: false },
    );
    const lineId = returned.lines[0]!.line.id;

    await page.goto(`/bank/lines/${lineId}`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    const proposal = page.getByRole('article', { name: /^1\. Delta Logistik/ });
    await proposal.getByText('the bank returned this payment').waitFor();
    await screenshot(page, 'bank-line-returned');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await proposal.getByRole('button', { name: 'Reverse the payment from Delta Logistik' }).click();
    await expect
      .poll(() => page.locator('.notice').textContent())
      .toContain('Payment of 640.00 EUR from Delta Logistik reversed');

    const payment = await api<{ status: string; reversed_on: string }>(
      page.request,
      `/payments/${applied.lines[0]!.match!.paymentId}`,
    );
    expect(payment).toMatchObject({ status: 'reversed', reversed_on: '2026-11-04' });
    const invoice = await api<{ open: string }>(page.request, `/invoices/${paid.id}`);
    expect(invoice.open).toBe('640.00');
  });
});

describe('a viewer', () => {
  it('reads the queue and the lines without a single action', async () => {
    const viewerPage = await web.signedInPage(viewer, '/bank');
    await tableRows(viewerPage, 'Bank lines: To review');
    expect(await viewerPage.getByRole('form', { name: 'Upload a bank statement' }).count()).toBe(0);
    expect(await viewerPage.getByRole('button', { name: 'Match again' }).count()).toBe(0);
    expect(await seriousAccessibilityViolations(viewerPage)).toEqual([]);

    await viewerPage.goto(`/bank/lines/${lines['B-1']}`);
    await viewerPage
      .getByRole('heading', { level: 1, name: '1,200.00 EUR from ACME GMBH' })
      .waitFor();
    await tableRows(viewerPage, 'Matches undone');
    // A line in review: its proposals, without Confirm, Split, Keep as credit or Set aside.
    await viewerPage.getByRole('heading', { level: 2, name: 'Proposals' }).waitFor();
    const mainButtons = () =>
      viewerPage
        .locator('main')
        .getByRole('button')
        .allTextContents()
        .then((texts) => texts.filter((text) => text !== 'Dismiss'));
    expect(await mainButtons()).toEqual([]);
    await viewerPage.goto(`/bank/lines/${lines['B-2']}`);
    await viewerPage.getByRole('heading', { level: 2, name: 'Applied' }).waitFor();
    expect(await mainButtons()).toEqual([]);
    expect(await seriousAccessibilityViolations(viewerPage)).toEqual([]);
    await screenshot(viewerPage, 'bank-line-viewer');
  });
});
