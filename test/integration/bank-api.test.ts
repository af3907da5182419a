// Cash application over HTTP, as the web app and an integrator use it: a statement uploaded as
// bytes is imported and matched; the review queue finds lines by words or amount; a person
// confirms, splits, keeps as credit, undoes, sets aside and brings back, and every decision shows
// in the ledger (the invoices' open amounts), the line's history and the audit log. Accounts are
// added by IBAN (check digits checked) with a CSV mapping whose errors name the field.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rematchChangedBook } from '../../src/banking/rematch-changed-book.service.js';
import { startRematchScheduler } from '../../src/banking/schedule-rematch.service.js';
import type { Database } from '../../src/platform/db/database.js';
import type { App } from '../../src/platform/http/app.js';
import { buildServer } from '../../src/server/build-server.js';
import { apiClient, createdCustomer, issuedInvoice, type ApiClient } from '../support/api.js';
import { camt } from '../support/camt.js';
import { todayNoEarlierThan } from '../support/clock.js';
import { openTestDatabase } from '../support/test-database.js';

// The statements are dated 2026-11-02; payments cannot be dated after today.
todayNoEarlierThan('2026-11-30');

let database: Database;
let app: App;

beforeAll(async () => {
  database = await openTestDatabase();
  app = await buildServer({ database });
});

afterAll(async () => {
  await app?.close();
  await database?.close();
});

const xml = { 'content-type': 'application/xml' };

async function upload(client: ApiClient, text: string, query = 'auto_apply=true') {
  const response = await client.request('POST', `/bank/statements?${query}`, text, xml);
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

async function openOf(client: ApiClient, invoiceId: string): Promise<string> {
  return (await client.request('GET', `/invoices/${invoiceId}`)).json().open;
}

/** The body that confirms a proposal as it stands. */
function confirmation(proposal: {
  customer_id: string;
  allocations: { invoice_id: string; amount: string }[];
}) {
  return {
    customer_id: proposal.customer_id,
    allocations: proposal.allocations.map(({ invoice_id, amount }) => ({ invoice_id, amount })),
  };
}

async function book() {
  const client = await apiClient(app, database);
  const acme = await createdCustomer(client, { name: 'Acme Industrial GmbH' });
  const beta = await createdCustomer(client, { name: 'Beta Logistics' });
  const a1 = await issuedInvoice(client, acme.id, '1000.00', '2026-10-01');
  const a2 = await issuedInvoice(client, acme.id, '250.00', '2026-10-02');
  const b1 = await issuedInvoice(client, beta.id, '480.00', '2026-10-03');
  return { client, acme, beta, a1, a2, b1 };
}

describe('the bank statement upload', () => {
  it('imports, applies what is sure, queues the rest, and says per line what it did', async () => {
    const { client, acme, a1, a2 } = await book();
    const result = await upload(
      client,
      camt('053', 'S-1', [
        { ref: 'L-1', amount: '1000.00', text: `Payment ${a1.number}` },
        { ref: 'L-2', amount: '99.00', text: 'donation', payer: 'Nobody We Know' },
        { ref: 'L-3', amount: '12.00', text: 'fees', direction: 'DBIT' },
      ]),
    );
    expect(result.file).toMatchObject({ format: 'camt.053', lines: 3, lines_added: 3 });
    expect(result.counts).toEqual({ applied: 1, review: 1, ignored: 1, duplicate: 0 });
    const [applied, review, ignored] = result.lines;
    expect(applied).toMatchObject({ ref: 'L-1', outcome: 'applied', amount: '1000.00' });
    expect(applied.proposals[0]).toMatchObject({
      customer_id: acme.id,
      allocations: [{ invoice_id: a1.id, invoice_number: a1.number, amount: '1000.00' }],
      basis: 'reference',
    });
    expect(applied.proposals[0].evidence.map((e: { kind: string }) => e.kind)).toContain(
      'invoice_number',
    );
    expect(review).toMatchObject({ ref: 'L-2', outcome: 'review', payment_id: null });
    expect(ignored).toMatchObject({ ref: 'L-3', outcome: 'ignored', direction: 'debit' });
    expect(await openOf(client, a1.id)).toBe('0.00');
    expect(await openOf(client, a2.id)).toBe('250.00');

    // The same file again adds nothing; a dry run of a new one keeps nothing.
    const again = await upload(
      client,
      camt('053', 'S-1', [
        { ref: 'L-1', amount: '1000.00', text: `Payment ${a1.number}` },
        { ref: 'L-2', amount: '99.00', text: 'donation', payer: 'Nobody We Know' },
        { ref: 'L-3', amount: '12.00', text: 'fees', direction: 'DBIT' },
      ]),
    );
    expect(again.already_imported).toBe(true);
    expect(again.counts.duplicate).toBe(3);
    const dry = await upload(
      client,
      camt('053', 'S-2', [{ ref: 'L-4', amount: '250.00', text: a2.number }]),
      'auto_apply=true&dry_run=true',
    );
    expect(dry).toMatchObject({ dry_run: true, counts: { applied: 1 } });
    expect(await openOf(client, a2.id)).toBe('250.00');
    const all = (await client.request('GET', '/bank/lines')).json();
    expect(all.items).toHaveLength(3);
  });

  it('refuses a broken file naming where it breaks, and imports nothing of it', async () => {
    const { client, a1 } = await book();
    const text = camt('053', 'S-X', [{ ref: 'L-1', amount: '1000.00', text: a1.number }]);
    const cut = text.slice(0, text.indexOf('<RmtInf>') + 12);
    const response = await client.request('POST', '/bank/statements', cut, xml);
    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toMatch(/line \d+/);
    expect((await client.request('GET', '/bank/lines')).json().items).toEqual([]);
    const notAFile = await client.request('POST', '/bank/statements', { a: 1 });
    expect(notAFile.statusCode).toBe(400);
    expect(notAFile.json().error.code).toBe('file_expected');
  });
});

describe('the review queue', () => {
  it('finds lines by words of the text or payer, and by amount', async () => {
    const { client } = await book();
    await upload(
      client,
      camt('053', 'S-Q', [
        { ref: 'Q-1', amount: '1234.50', text: 'order 7781 thanks', payer: 'Gamma Ltd' },
        { ref: 'Q-2', amount: '88.00', text: 'refund of deposit', payer: 'Delta AG' },
      ]),
    );
    const search = async (q: string) =>
      (await client.request('GET', `/bank/lines?state=review&q=${encodeURIComponent(q)}`))
        .json()
        .items.map((line: { ref: string }) => line.ref);
    expect(await search('7781')).toEqual(['Q-1']);
    expect(await search('delta deposit')).toEqual(['Q-2']);
    expect(await search('1234.50')).toEqual(['Q-1']);
    expect(await search('1234,5')).toEqual(['Q-1']);
    expect(await search('88')).toEqual(['Q-2']);
    expect(await search('gamma deposit')).toEqual([]);
    // A percent sign is a character searched for, not a wildcard.
    expect(await search('%')).toEqual([]);
    const page = (
      await client.request('GET', '/bank/lines?state=review&sort=-amount&limit=1')
    ).json();
    expect(page.items.map((line: { ref: string }) => line.ref)).toEqual(['Q-1']);
    expect(page.counts).toEqual({ unmatched: 0, review: 2, applied: 0, ignored: 0 });
    const next = (
      await client.request(
        'GET',
        `/bank/lines?state=review&sort=-amount&limit=1&cursor=${page.next_cursor}`,
      )
    ).json();
    expect(next.items.map((line: { ref: string }) => line.ref)).toEqual(['Q-2']);
    expect(next.next_cursor).toBeNull();
  });
});

describe("a person's decisions", () => {
  it('confirms, splits, undoes (never proposing that pair again), sets aside and returns', async () => {
    const { client, acme, beta, a1, a2, b1 } = await book();
    const result = await upload(
      client,
      camt('053', 'S-D', [
        // A name and an amount: proposed, not applied.
        { ref: 'D-1', amount: '480.00', text: 'Rechnung', payer: 'Beta Logistics' },
        // Acme pays both its invoices and a bit more, naming neither.
        { ref: 'D-2', amount: '1300.00', text: 'Zahlung', payer: 'ACME Industrial' },
        { ref: 'D-3', amount: '5.00', text: 'interest', payer: 'Our Bank' },
      ]),
    );
    expect(result.counts).toMatchObject({ applied: 0, review: 3 });
    const [d1, d2, d3] = result.lines.map((line: { id: string }) => line.id);

    // Confirm the proposal for Beta.
    const line1 = (await client.request('GET', `/bank/lines/${d1}`)).json();
    const top = line1.matches[0];
    expect(top).toMatchObject({ state: 'proposed', customer_id: beta.id });
    const confirmed = await client.request('POST', `/bank/lines/${d1}/apply`, confirmation(top), {
      'idempotency-key': 'confirm-d1',
    });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json()).toMatchObject({ state: 'applied' });
    expect(confirmed.json().matches[0]).toMatchObject({ state: 'applied', basis: 'person' });
    expect(await openOf(client, b1.id)).toBe('0.00');
    // A retry with the same key answers the first result and posts nothing twice.
    const replay = await client.request('POST', `/bank/lines/${d1}/apply`, confirmation(top), {
      'idempotency-key': 'confirm-d1',
    });
    expect(replay.statusCode).toBe(200);
    const payments = (await client.request('GET', `/payments?customer_id=${beta.id}`)).json();
    expect(payments.items).toHaveLength(1);

    // Split Acme's line: both invoices, the 50.00 left over as Acme's credit.
    const tooMuch = await client.request('POST', `/bank/lines/${d2}/apply`, {
      customer_id: acme.id,
      allocations: [
        { invoice_id: a1.id, amount: '1000.00' },
        { invoice_id: a2.id, amount: '300.01' },
      ],
    });
    expect(tooMuch.statusCode).toBe(400);
    expect(tooMuch.json().error.code).toBe('allocations_exceed_line');
    const split = await client.request('POST', `/bank/lines/${d2}/apply`, {
      customer_id: acme.id,
      allocations: [
        { invoice_id: a1.id, amount: '1000.00' },
        { invoice_id: a2.id, amount: '250.00' },
      ],
    });
    expect(split.statusCode, split.body).toBe(200);
    expect(split.json().matches[0]).toMatchObject({ unapplied: '50.00' });
    expect(await openOf(client, a1.id)).toBe('0.00');
    expect(await openOf(client, a2.id)).toBe('0.00');
    const paymentId = split.json().payment_id as string;
    expect((await client.request('GET', `/payments/${paymentId}`)).json()).toMatchObject({
      amount: '1300.00',
      applied: '1250.00',
      unapplied: '50.00',
      reference: 'D-2',
      origin: 'bank',
    });

    // Undo it: the payment is reversed, the invoices open again, the line back in review, and
    // the invoices it was applied to are never proposed for it again.
    const undone = await client.request('POST', `/bank/lines/${d2}/undo`, {
      reason: 'wrong customer',
    });
    expect(undone.statusCode, undone.body).toBe(200);
    expect(undone.json()).toMatchObject({ state: 'review', payment_id: null });
    expect((await client.request('GET', `/payments/${paymentId}`)).json().status).toBe('reversed');
    expect(await openOf(client, a1.id)).toBe('1000.00');
    expect(await openOf(client, a2.id)).toBe('250.00');
    const history = (await client.request('GET', `/bank/lines/${d2}`)).json().matches;
    expect(history.map((m: { state: string }) => m.state)).toContain('undone');
    await client.request('POST', '/bank/rematch', { auto_apply: false });
    const after = (await client.request('GET', `/bank/lines/${d2}`)).json().matches;
    const proposedInvoices = after
      .filter((m: { state: string }) => m.state === 'proposed')
      .flatMap((m: { allocations: { invoice_id: string }[] }) =>
        m.allocations.map((a) => a.invoice_id),
      );
    expect(proposedInvoices).not.toContain(a1.id);
    expect(proposedInvoices).not.toContain(a2.id);

    // Keep it all as Acme's credit instead.
    const credit = await client.request('POST', `/bank/lines/${d2}/apply`, {
      customer_id: acme.id,
      allocations: [],
    });
    expect(credit.statusCode, credit.body).toBe(200);
    expect(credit.json().matches[0]).toMatchObject({ unapplied: '1300.00', allocations: [] });

    // Set the bank's interest aside, then bring it back.
    const noReason = await client.request('POST', `/bank/lines/${d3}/set-aside`, { reason: ' ' });
    expect(noReason.json().error).toMatchObject({ code: 'reason_required', field: 'reason' });
    const aside = await client.request(
      'POST',
      `/bank/lines/${d3}/set-aside`,
      { reason: 'bank interest' },
      { 'idempotency-key': 'aside-d3' },
    );
    expect(aside.json()).toMatchObject({
      state: 'ignored',
      aside_reason: 'bank interest',
      matches: [],
    });
    // The same request retried with its key answers as the first did.
    const retried = await client.request(
      'POST',
      `/bank/lines/${d3}/set-aside`,
      { reason: 'bank interest' },
      { 'idempotency-key': 'aside-d3' },
    );
    expect(retried.statusCode).toBe(200);
    const twice = await client.request('POST', `/bank/lines/${d3}/set-aside`, { reason: 'again' });
    expect(twice.statusCode).toBe(409);
    const back = await client.request('POST', `/bank/lines/${d3}/return`);
    expect(back.json()).toMatchObject({ state: 'review' });

    const actions = await database.db
      .selectFrom('audit_events')
      .select('action')
      .where('org_id', '=', client.orgId)
      .where('entity_type', '=', 'bank_line')
      .orderBy('at')
      .orderBy('id')
      .execute();
    expect(actions.map((row) => row.action)).toEqual([
      'bank_line.applied',
      'bank_line.applied',
      'bank_line.undone',
      'bank_line.applied',
      'bank_line.set_aside',
      'bank_line.returned',
    ]);
  });
});

describe('bank accounts', () => {
  it('adds an account by IBAN with a CSV mapping, then imports its CSV export', async () => {
    const client = await apiClient(app, database);
    const customer = await createdCustomer(client, { name: 'Omega Foods' });
    const invoice = await issuedInvoice(client, customer.id, '64.20', '2026-10-01');
    const badIban = await client.request('POST', '/bank/accounts', {
      name: 'Main',
      iban: 'DE89370400440532013001',
    });
    expect(badIban.json().error).toMatchObject({ code: 'iban_invalid', field: 'iban' });
    const badMapping = await client.request('POST', '/bank/accounts', {
      name: 'Main',
      iban: 'DE89 3704 0044 0532 0130 00',
      csv_mapping: { delimiter: '|', hasHeader: true },
    });
    expect(badMapping.json().error.code).toBe('csv_mapping_invalid');
    expect(badMapping.json().error.field).toBe('csv_mapping.delimiter');
    const created = await client.request('POST', '/bank/accounts', {
      name: 'Main',
      iban: 'DE89 3704 0044 0532 0130 00',
      currency: 'eur',
      csv_mapping: {
        delimiter: ';',
        hasHeader: true,
        dateFormat: 'DD.MM.YYYY',
        decimalSeparator: ',',
        columns: {
          bookingDate: 'Datum',
          amount: 'Betrag',
          payerName: 'Name',
          remittance: ['Text'],
        },
        currency: 'EUR',
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ iban: 'DE89370400440532013000', currency: 'EUR' });
    const duplicate = await client.request('POST', '/bank/accounts', {
      name: 'Again',
      iban: 'DE89370400440532013000',
    });
    expect(duplicate.statusCode).toBe(409);
    const accountId = created.json().id as string;

    const csv = `Datum;Betrag;Name;Text\n02.11.2026;64,20;Omega Foods;${invoice.number}\n`;
    const imported = await client.request(
      'POST',
      `/bank/statements?format=csv&bank_account_id=${accountId}&auto_apply=true`,
      csv,
      { 'content-type': 'text/csv' },
    );
    expect(imported.statusCode, imported.body).toBe(200);
    expect(imported.json().counts.applied).toBe(1);
    expect(await openOf(client, invoice.id)).toBe('0.00');

    const renamed = await client.request('PATCH', `/bank/accounts/${accountId}`, {
      name: 'Main (Commerzbank)',
      csv_mapping: null,
    });
    expect(renamed.json()).toMatchObject({ name: 'Main (Commerzbank)', csv_mapping: null });
    const list = (await client.request('GET', '/bank/accounts')).json().items;
    expect(list.map((account: { name: string }) => account.name)).toEqual(['Main (Commerzbank)']);
  });
});

describe('matching again when the book changes', () => {
  it('applies a waiting line once the invoice it pays is issued, and proposes for the rest', async () => {
    const client = await apiClient(app, database);
    const customer = await createdCustomer(client, { name: 'Sigma Tools' });
    const imported = await upload(
      client,
      camt('053', 'S-R', [
        { ref: 'R-1', amount: '300.00', text: `${customer.ref} September` },
        { ref: 'R-2', amount: '120.00', text: 'Sigma Tools order 55', payer: 'Sigma Tools' },
      ]),
    );
    expect(imported.counts).toMatchObject({ applied: 0, review: 2 });
    // A second file, not asking for automatic application: its line is proposed, never posted.
    const manual = await upload(
      client,
      camt('053', 'S-R2', [{ ref: 'R-3', amount: '75.00', text: `${customer.ref} October` }]),
      'auto_apply=false',
    );
    const scheduler = startRematchScheduler(database, { intervalMs: 3_600_000 });
    try {
      await scheduler.tick();
      // Nothing changed since the import matched them: the lines stay as they were.
      expect((await client.request('GET', '/bank/lines?state=applied')).json().items).toEqual([]);

      const invoice = await issuedInvoice(client, customer.id, '300.00', '2026-10-01');
      const other = await issuedInvoice(client, customer.id, '75.00', '2026-10-02');
      await scheduler.tick();
      const applied = (await client.request('GET', '/bank/lines?state=applied')).json().items;
      expect(applied.map((line: { ref: string }) => line.ref)).toEqual(['R-1']);
      expect(applied[0].matches[0]).toMatchObject({
        applied_by: 'bank matcher',
        allocations: [{ invoice_id: invoice.id, amount: '300.00' }],
      });
      expect(await openOf(client, invoice.id)).toBe('0.00');
      const waiting = (await client.request('GET', `/bank/lines/${manual.lines[0].id}`)).json();
      expect(waiting.state).toBe('review');
      expect(waiting.matches[0].allocations).toEqual([
        expect.objectContaining({ invoice_id: other.id, amount: '75.00' }),
      ]);
      expect(await openOf(client, other.id)).toBe('75.00');
      // Its own work is no change: the next tick leaves everything alone.
      expect(await rematchChangedBook(database, client.orgId)).toBeNull();
    } finally {
      await scheduler.stop();
    }
  });
});

describe('a returned credit', () => {
  it('proposes reversing the payment it took back, and a person confirms it', async () => {
    const { client, acme, a1, a2 } = await book();
    const paid = await upload(
      client,
      camt('053', 'S-P', [
        {
          ref: 'P-1',
          amount: '1000.00',
          text: a1.number,
          endToEndId: 'E2E-ACME-0001',
          payerAccount: 'DE02120300000000202051',
        },
        { ref: 'P-2', amount: '250.00', text: a2.number, payerAccount: 'DE02120300000000202051' },
      ]),
    );
    // Two lines of one payer account applied in one run: the account is learned once, counted
    // twice (it used to fail the whole import on the upsert).
    expect(paid.counts.applied).toBe(2);
    const firstPayment = paid.lines[0].payment_id as string;
    // The bank takes the first back, repeating its end-to-end id.
    const returned = await upload(
      client,
      camt('053', 'S-RT', [
        {
          ref: 'RT-1',
          amount: '1000.00',
          text: 'Return: account closed',
          direction: 'DBIT',
          reversal: true,
          endToEndId: 'E2E-ACME-0001',
          date: '2026-11-05',
          payerAccount: 'DE02120300000000202051',
        },
      ]),
    );
    expect(returned.lines[0]).toMatchObject({ outcome: 'review', payment_id: null });
    // Nothing is reversed until a person says so.
    expect(await openOf(client, a1.id)).toBe('0.00');
    const line = (await client.request('GET', `/bank/lines/${returned.lines[0].id}`)).json();
    expect(line.state).toBe('review');
    expect(line.matches[0]).toMatchObject({
      state: 'proposed',
      basis: 'reference',
      customer_id: acme.id,
      payment_id: firstPayment,
      flags: ['reverse_payment'],
    });
    expect(line.matches[0].evidence.map((e: { kind: string }) => e.kind)).toEqual([
      'returned_payment',
      'original_reference',
      'payer_account',
    ]);
    // The other credit of the same account is not the one returned: its amount differs.
    expect(line.matches).toHaveLength(1);

    const settled = await client.request(
      'POST',
      `/bank/lines/${line.id}/reverse-payment`,
      {},
      { 'idempotency-key': 'return-1' },
    );
    expect(settled.statusCode, settled.body).toBe(200);
    expect(settled.json()).toMatchObject({ state: 'applied', payment_id: firstPayment });
    const payment = (await client.request('GET', `/payments/${firstPayment}`)).json();
    expect(payment).toMatchObject({ status: 'reversed', reversed_on: '2026-11-05' });
    expect(await openOf(client, a1.id)).toBe('1000.00');
    expect(await openOf(client, a2.id)).toBe('0.00');
    const undo = await client.request('POST', `/bank/lines/${line.id}/undo`, { reason: 'x' });
    expect(undo.json().error.code).toBe('bank_line_return_final');
    const again = await client.request('POST', `/bank/lines/${line.id}/reverse-payment`, {});
    expect(again.statusCode).toBe(409);
  });
});
