// Goal: a customer statement gives, for a history worked out by hand, every line an accountant
// would write down (invoices, a void, credit notes, payments, an early-payment discount, refunds,
// a write-off, a reversal in the period and one after it, nothing issued after the period) with
// its sign and running balance; for every period its lines lead from the opening balance to the
// closing one, the closing balance is the aging's, and the lines move exactly as the A/R control
// account moves for that customer; and the same statement comes through JSON, PDF and the CLI.
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { sql } from 'kysely';
import QRCode from 'qrcode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/core/actor.js';
import {
  addDays,
  calendarDate,
  endOfMonth,
  type CalendarDate,
} from '../../src/core/calendar-date.js';
import { createCreditNote } from '../../src/invoicing/create-credit-note.service.js';
import { createCustomer } from '../../src/customers/create-customer.service.js';
import { createDemo } from '../../src/demo/create-demo.service.js';
import { createInvoice } from '../../src/invoicing/create-invoice.service.js';
import { voidInvoice } from '../../src/invoicing/issue-invoice.service.js';
import { accounts } from '../../src/ledger/accounts.js';
import { writeOffInvoice } from '../../src/ledger/write-off-invoice.service.js';
import { ensureOrganization } from '../../src/auth/ensure-organization.service.js';
import { organizationToday } from '../../src/organizations/find-organization.service.js';
import {
  setLogo,
  updateSellerDetails,
} from '../../src/organizations/manage-seller-details.service.js';
import { recordPayment } from '../../src/payments/record-payment.service.js';
import { refundUnapplied } from '../../src/payments/refund-unapplied.service.js';
import { reversePayment } from '../../src/payments/reverse-payment.service.js';
import { openDatabase, type Database } from '../../src/platform/db/database.js';
import type { App } from '../../src/platform/http/app.js';
import { buildServer } from '../../src/server/build-server.js';
import { getAging } from '../../src/reports/get-aging.service.js';
import { getStatementPdf } from '../../src/reports/get-statement-pdf.service.js';
import { getStatement, type Statement } from '../../src/reports/get-statement.service.js';
import { apiClient, type ApiClient } from '../support/api.js';
import { newOrganization } from '../support/organization.js';
import { pdfPagesText } from '../support/pdf.js';
import { openTestDatabase } from '../support/test-database.js';
import { newCliDirectory, runSettleInProcess } from '../support/cli.js';

let database: Database;
let app: App;
let client: ApiClient;
let actor: Actor;
const ids: Record<string, string> = {};

async function invoice(
  customerId: string,
  issuedOn: string,
  amount: string,
  options: { terms?: string; currency?: string } = {},
) {
  return createInvoice(database, actor, {
    customerId,
    issuedOn,
    issue: true,
    terms: options.terms,
    currency: options.currency,
    lines: [{ description: 'Work', quantity: '1', unitPrice: amount, taxRate: '0' }],
  });
}

async function payment(
  customerId: string,
  receivedOn: string,
  amount: string,
  reference: string,
  applications: { invoiceId: string; amount: string }[],
) {
  return recordPayment(database, actor, {
    customerId,
    amount,
    receivedOn,
    reference,
    applications,
  });
}

beforeAll(async () => {
  database = await openTestDatabase();
  app = await buildServer({ database });
  client = await apiClient(app, database);
  actor = client.actor;
  const a = await createCustomer(database, actor, {
    ref: 'ST-A',
    name: 'Alpha',
    legalName: 'Alpha Handels GmbH',
    currency: 'EUR',
    billingAddress: { line1: 'Hauptstrasse 1', postalCode: '10115', city: 'Berlin', country: 'DE' },
  });
  const b = await createCustomer(database, actor, { ref: 'ST-B', name: 'Beta', currency: 'EUR' });
  ids.a = a.id;
  ids.b = b.id;
  // Before March: I1 100.00 partly paid (60.00 by P0), I2 200.00 open, CN-000001 10.00 of credit.
  const i1 = await invoice(a.id, '2024-01-10', '100.00');
  const i2 = await invoice(a.id, '2024-02-01', '200.00');
  await payment(a.id, '2024-02-15', '60.00', 'P0', [{ invoiceId: i1.id, amount: '60.00' }]);
  const cn1 = await createCreditNote(database, actor, {
    customerId: a.id,
    issuedOn: '2024-02-20',
    lines: [{ description: 'Goodwill', quantity: '1', unitPrice: '10.00', taxRate: '0' }],
  });
  // March.
  const i3 = await invoice(a.id, '2024-03-01', '500.00', { terms: '2/10_NET30' });
  const i4 = await invoice(a.id, '2024-03-02', '100.00');
  await voidInvoice(database, actor, i4.id, {
    reason: 'Duplicate',
    voidedOn: calendarDate('2024-03-04'),
  });
  const i5 = await invoice(a.id, '2024-03-05', '300.00');
  // Settles I3 net of its 2 % discount inside the window.
  await payment(a.id, '2024-03-08', '490.00', 'P1', [{ invoiceId: i3.id, amount: '490.00' }]);
  // 40.00 settles I1, 60.00 goes to I2 and 50.00 stays as credit.
  const p2 = await payment(a.id, '2024-03-10', '150.00', 'P2', [
    { invoiceId: i1.id, amount: '40.00' },
    { invoiceId: i2.id, amount: '60.00' },
  ]);
  await createCreditNote(database, actor, {
    customerId: a.id,
    invoiceId: i5.id,
    issuedOn: '2024-03-12',
    reason: 'Damaged',
    lines: [{ description: 'Damaged', quantity: '1', unitPrice: '30.00', taxRate: '0' }],
  });
  const p3 = await payment(a.id, '2024-03-15', '100.00', 'P3', [
    { invoiceId: i2.id, amount: '100.00' },
  ]);
  await refundUnapplied(database, actor, {
    sourceType: 'credit_note',
    sourceId: cn1.id,
    refundedOn: '2024-03-18',
  });
  await writeOffInvoice(database, actor, i5.id, {
    amount: '70.00',
    reason: 'bad_debt',
    writtenOffOn: '2024-03-20',
  });
  await refundUnapplied(database, actor, {
    sourceType: 'payment',
    sourceId: p2.id,
    amount: '20.00',
    refundedOn: '2024-03-22',
    reference: 'R-1',
  });
  await reversePayment(database, actor, p3.id, {
    reason: 'Cheque bounced',
    reversedOn: '2024-03-25',
  });
  const p4 = await payment(a.id, '2024-03-28', '80.00', 'P4', [
    { invoiceId: i5.id, amount: '80.00' },
  ]);
  await invoice(a.id, '2024-03-15', '250.00', { currency: 'USD' });
  // After March: an invoice and the reversal of P4.
  await invoice(a.id, '2024-04-02', '1000.00');
  await reversePayment(database, actor, p4.id, { reason: 'Charge-back', reversedOn: '2024-04-05' });
  // Another customer's March, which A's statement must not show.
  const other = await invoice(b.id, '2024-03-03', '999.00');
  await payment(b.id, '2024-03-09', '999.00', 'B1', [{ invoiceId: other.id, amount: '999.00' }]);
});
afterAll(async () => {
  await app?.close();
  await database?.close();
});

function section(statement: Statement, currency: string) {
  return statement.currencies.find((c) => c.currency === currency)!;
}

function linesOf(statement: Statement, currency: string) {
  return section(statement, currency).lines.map((line) => [
    line.on,
    line.type,
    line.number,
    line.amountMinor,
    line.balanceMinor,
  ]);
}

/** How the A/R control account moved for the customer, from the journal: debits less credits. */
async function controlChange(
  customerId: string,
  currency: string,
  from: CalendarDate | null,
  to: CalendarDate,
  orgId = actor.orgId,
): Promise<bigint> {
  const result = await sql<{ change_minor: bigint }>`
    SELECT coalesce(sum(l.debit_minor - l.credit_minor), 0)::int8 AS change_minor
    FROM journal_lines l JOIN journal_entries e ON e.org_id = l.org_id AND e.id = l.entry_id
    WHERE l.org_id = ${orgId} AND l.customer_id = ${customerId} AND l.currency = ${currency}
      AND l.account = ${accounts.receivables.code} AND e.entry_on <= ${to}::date
      AND (${from}::date IS NULL OR e.entry_on >= ${from}::date)`.execute(database.db);
  return result.rows[0]!.change_minor;
}

describe('statement, worked by hand', () => {
  it('lists every event of the period with its sign and running balance, from the opening to the closing balance', async () => {
    const statement = await getStatement(database, actor, {
      customerId: ids.a,
      from: calendarDate('2024-03-01'),
      to: calendarDate('2024-03-31'),
    });
    expect(statement.currencies.map((c) => c.currency)).toEqual(['EUR', 'USD']);
    const eur = section(statement, 'EUR');
    // I1 40.00 + I2 200.00 − CN-000001 10.00.
    expect(eur.openingMinor).toBe(23000n);
    expect(linesOf(statement, 'EUR')).toEqual([
      ['2024-03-01', 'invoice', 'INV-000003', 50000n, 73000n],
      ['2024-03-02', 'invoice', 'INV-000004', 10000n, 83000n],
      ['2024-03-04', 'invoice_void', 'INV-000004', -10000n, 73000n],
      ['2024-03-05', 'invoice', 'INV-000005', 30000n, 103000n],
      ['2024-03-08', 'payment', 'P1', -49000n, 54000n],
      ['2024-03-08', 'discount', 'INV-000003', -1000n, 53000n],
      ['2024-03-10', 'payment', 'P2', -15000n, 38000n],
      ['2024-03-12', 'credit_note', 'CN-000002', -3000n, 35000n],
      ['2024-03-15', 'payment', 'P3', -10000n, 25000n],
      ['2024-03-18', 'refund', 'CN-000001', 1000n, 26000n],
      ['2024-03-20', 'write_off', 'INV-000005', -7000n, 19000n],
      ['2024-03-22', 'refund', 'P2', 2000n, 21000n],
      ['2024-03-25', 'payment_reversal', 'P3', 10000n, 31000n],
      ['2024-03-28', 'payment', 'P4', -8000n, 23000n],
    ]);
    // Open on 31 March: I2 200 − 60 − 100 + 100 re-opened = 140.00, 29 days past due; I5 300 − 30
    // − 70 − 80 = 120.00, not yet due; P2's 50.00 less its 20.00 refund is credit.
    expect(eur.closingMinor).toBe(23000n);
    expect([...eur.aging.bucketsMinor, eur.aging.unappliedMinor, eur.aging.balanceMinor]).toEqual([
      12000n,
      14000n,
      0n,
      0n,
      0n,
      -3000n,
      23000n,
    ]);
    expect(eur.lines.map((line) => line.description)).toEqual([
      'Due 2024-03-31',
      'Due 2024-04-01',
      'Voided: Duplicate',
      'Due 2024-04-04',
      'Applied to INV-000003',
      'Early-payment discount with P1',
      'Applied to INV-000001, INV-000002',
      'Against INV-000005; Damaged',
      'Applied to INV-000002',
      'Refund of credit note CN-000001',
      'Written off: bad debt',
      'Refund of payment P2, ref R-1',
      'Reversed: Cheque bounced',
      'Applied to INV-000005',
    ]);
    expect(linesOf(statement, 'USD')).toEqual([
      ['2024-03-15', 'invoice', 'INV-000006', 25000n, 25000n],
    ]);
    expect([
      section(statement, 'USD').openingMinor,
      section(statement, 'USD').closingMinor,
    ]).toEqual([0n, 25000n]);
    expect(statement.customer).toMatchObject({ ref: 'ST-A', legalName: 'Alpha Handels GmbH' });
  });

  it('shows what happened after the period only in the next one', async () => {
    const statement = await getStatement(database, actor, {
      customerId: ids.a,
      from: calendarDate('2024-04-01'),
      to: calendarDate('2024-04-30'),
    });
    expect(linesOf(statement, 'EUR')).toEqual([
      ['2024-04-02', 'invoice', 'INV-000007', 100000n, 123000n],
      ['2024-04-05', 'payment_reversal', 'P4', 8000n, 131000n],
    ]);
    // USD has a balance and no activity: its section is there, with no lines.
    expect(section(statement, 'USD')).toMatchObject({
      openingMinor: 25000n,
      lines: [],
      closingMinor: 25000n,
    });
  });

  it('gives one currency when asked, and defaults to the month of today', async () => {
    const usd = await getStatement(database, actor, {
      customerRef: 'ST-A',
      from: calendarDate('2024-03-01'),
      to: calendarDate('2024-03-31'),
      currency: 'usd',
    });
    expect(usd.currencies.map((c) => c.currency)).toEqual(['USD']);
    const today = await organizationToday(database.db, actor.orgId);
    const current = await getStatement(database, actor, { customerId: ids.a });
    expect([current.from, current.to]).toEqual([`${today.slice(0, 8)}01`, today]);
    expect(section(current, 'EUR').lines).toEqual([]);
    expect(section(current, 'EUR').closingMinor).toBe(131000n);
  });

  it('refuses an unknown customer and a period that ends before it starts', async () => {
    await expect(getStatement(database, actor, { customerRef: 'NOPE' })).rejects.toMatchObject({
      code: 'customer_not_found',
    });
    await expect(
      getStatement(database, actor, {
        customerId: ids.a,
        from: calendarDate('2024-04-01'),
        to: calendarDate('2024-03-31'),
      }),
    ).rejects.toMatchObject({ code: 'period_invalid', field: 'from' });
  });
});

describe('statement invariants', () => {
  const periods: [string, string][] = [
    ['2023-01-01', '2023-12-31'],
    ['2024-01-01', '2024-01-31'],
    ['2024-02-01', '2024-02-29'],
    ['2024-03-01', '2024-03-31'],
    ['2024-03-08', '2024-03-08'],
    ['2024-03-25', '2024-04-05'],
    ['2024-04-01', '2024-04-30'],
    ['2024-01-01', '2024-12-31'],
  ];

  /** Checks every invariant of one customer's statement for one period, in every currency. */
  async function expectInvariants(
    who: Actor,
    customerId: string,
    from: CalendarDate,
    to: CalendarDate,
  ) {
    const statement = await getStatement(database, who, { customerId, from, to });
    const aging = await getAging(database, who, { customerId, asOf: to });
    const before = await getAging(database, who, { customerId, asOf: addDays(from, -1) });
    for (const currency of statement.currencies) {
      const label = `${statement.customer.ref} ${from}..${to} ${currency.currency}`;
      const sum = currency.lines.reduce((total, line) => total + line.amountMinor, 0n);
      const agedBalance = (report: typeof aging) =>
        report.currencies.find((c) => c.currency === currency.currency)?.totals.balanceMinor ?? 0n;
      expect(currency.openingMinor + sum, label).toBe(currency.closingMinor);
      expect(currency.closingMinor, label).toBe(agedBalance(aging));
      expect(currency.openingMinor, label).toBe(agedBalance(before));
      expect(sum, label).toBe(
        await controlChange(customerId, currency.currency, from, to, who.orgId),
      );
      expect(currency.closingMinor, label).toBe(
        await controlChange(customerId, currency.currency, null, to, who.orgId),
      );
    }
    return statement;
  }

  it('for every period and currency: opening + lines = closing = the aging = the A/R control account, which the lines move as the journal does', async () => {
    for (const customerId of [ids.a!, ids.b!]) {
      for (const [from, to] of periods)
        await expectInvariants(actor, customerId, calendarDate(from), calendarDate(to));
    }
  });

  it('holds the same invariants month by month on a generated book, with its discounts, write-offs and reversals', async () => {
    const { actor: owner } = await newOrganization(database);
    const today = calendarDate('2026-06-30');
    // This seed's book has reversals, write-offs, early-payment discounts and credit notes.
    const summary = await createDemo(database, owner, {
      seed: 6,
      customers: 10,
      invoices: 400,
      months: 8,
      today,
    });
    expect(
      [summary.reversals, summary.writeOffs, summary.creditNotes].every((count) => count > 0),
    ).toBe(true);
    const customers = await database.db
      .selectFrom('customers')
      .select('id')
      .where('org_id', '=', owner.orgId)
      .orderBy('ref')
      .execute();
    const months = [
      '2025-10',
      '2025-11',
      '2025-12',
      '2026-01',
      '2026-02',
      '2026-03',
      '2026-04',
      '2026-05',
      '2026-06',
    ];
    let lines = 0;
    for (const { id } of customers) {
      for (const month of months) {
        const from = calendarDate(`${month}-01`);
        const statement = await expectInvariants(owner, id, from, endOfMonth(from));
        lines += statement.currencies.reduce((sum, c) => sum + c.lines.length, 0);
      }
      await expectInvariants(owner, id, calendarDate('2025-01-01'), today);
    }
    expect(lines).toBeGreaterThan(300);
  }, 180_000);

  it("never shows another customer's documents", async () => {
    const statement = await getStatement(database, actor, {
      customerId: ids.b,
      from: calendarDate('2024-03-01'),
      to: calendarDate('2024-03-31'),
    });
    expect(linesOf(statement, 'EUR')).toEqual([
      ['2024-03-03', 'invoice', 'INV-000008', 99900n, 99900n],
      ['2024-03-09', 'payment', 'B1', -99900n, 0n],
    ]);
  });
});

describe('statement over HTTP', () => {
  it('returns JSON with amounts as decimal strings', async () => {
    const response = await client.request(
      'GET',
      `/customers/${ids.a}/statement?from=2024-03-01&to=2024-03-31&currency=EUR`,
    );
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({
      customer: {
        id: ids.a,
        ref: 'ST-A',
        name: 'Alpha',
        legal_name: 'Alpha Handels GmbH',
        billing_address: {
          line1: 'Hauptstrasse 1',
          postal_code: '10115',
          city: 'Berlin',
          country: 'DE',
        },
      },
      from: '2024-03-01',
      to: '2024-03-31',
      aging_basis: 'due',
    });
    expect(body.aging_buckets.map((b: { label: string }) => b.label)).toEqual([
      'current',
      '1-30',
      '31-60',
      '61-90',
      '91+',
    ]);
    expect(body.currencies).toHaveLength(1);
    const [eur] = body.currencies;
    expect(eur).toMatchObject({
      currency: 'EUR',
      opening_balance: '230.00',
      closing_balance: '230.00',
    });
    expect(eur.aging).toEqual({
      buckets: ['120.00', '140.00', '0.00', '0.00', '0.00'],
      unapplied: '-30.00',
      balance: '230.00',
    });
    expect(eur.lines[4]).toMatchObject({
      date: '2024-03-08',
      type: 'payment',
      document_type: 'payment',
      number: 'P1',
      description: 'Applied to INV-000003',
      amount: '-490.00',
      balance: '540.00',
    });
    expect(eur.lines[12]).toMatchObject({
      type: 'payment_reversal',
      document_type: 'payment',
      number: 'P3',
      amount: '100.00',
      balance: '310.00',
    });
  });

  it('answers 404 for an unknown customer and 400 naming the field for a bad period', async () => {
    const unknown = await client.request(
      'GET',
      '/customers/01900000-0000-7000-8000-000000000000/statement',
    );
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('customer_not_found');
    const backwards = await client.request(
      'GET',
      `/customers/${ids.a}/statement?from=2024-04-01&to=2024-03-31`,
    );
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().error).toMatchObject({ code: 'period_invalid', field: 'from' });
    const unreal = await client.request('GET', `/customers/${ids.a}/statement?to=2024-02-30`);
    expect(unreal.statusCode).toBe(400);
    expect(unreal.json().error).toMatchObject({ code: 'date_invalid', field: 'to' });
    const garbled = await client.request('GET', `/customers/${ids.a}/statement.pdf?from=March`);
    expect(garbled.statusCode).toBe(400);
    expect(garbled.json().error).toMatchObject({ field: 'from' });
  });

  it('writes a PDF whose text carries the lines and the closing balance', async () => {
    const response = await client.request(
      'GET',
      `/customers/${ids.a}/statement.pdf?from=2024-03-01&to=2024-03-31`,
    );
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.headers['content-disposition']).toBe(
      'attachment; filename="statement-ST-A-2024-03-31.pdf"',
    );
    const text = (await pdfPagesText(response.rawPayload)).join(' ').replace(/\s+/g, ' ');
    for (const expected of [
      'Statement of account',
      'Alpha Handels GmbH',
      'Customer no. ST-A',
      'Hauptstrasse 1',
      'Period from 2024-03-01',
      'Period to 2024-03-31',
      'Opening balance',
      'Closing balance',
      'INV-000003',
      'CN-000002',
      'Payment reversed',
      'Invoice voided',
      '230.00',
      '-30.00',
      '250.00',
      'EUR aging as of 2024-03-31',
    ]) {
      expect(text).toContain(expected);
    }
  });
});

describe('statement PDF on the letterhead', () => {
  it("prints the seller's master data and logo and the customer's address, the same bytes twice", async () => {
    const { actor: owner } = await newOrganization(database);
    await updateSellerDetails(database, owner, {
      legalName: 'Hafenkontor Nord GmbH',
      address: { line1: 'Am Sandtorkai 5', postalCode: '20457', city: 'Hamburg', country: 'DE' },
      paymentAccounts: [{ iban: 'DE89370400440532013000' }],
      invoiceFooter: 'Amtsgericht Hamburg HRB 123456',
    });
    await setLogo(
      database,
      owner,
      new Uint8Array(await QRCode.toBuffer('logo', { type: 'png', width: 48 })),
    );
    const customer = await createCustomer(database, owner, {
      ref: 'LODZ',
      name: 'Przędza Łódź',
      currency: 'EUR',
      billingAddress: {
        line1: 'ul. Piotrkowska 104',
        postalCode: '90-926',
        city: 'Łódź',
        country: 'PL',
      },
    });
    const request = {
      customerId: customer.id,
      from: calendarDate('2024-03-01'),
      to: calendarDate('2024-03-31'),
    };
    const pdf = await getStatementPdf(database, owner, request);
    expect(pdf.fileName).toBe('statement-LODZ-2024-03-31.pdf');
    const text = (await pdfPagesText(pdf.content)).join(' ').replace(/\s+/g, ' ');
    for (const expected of [
      'Hafenkontor Nord GmbH',
      'Am Sandtorkai 5',
      '20457 Hamburg',
      'Przędza Łódź',
      '90-926 Łódź',
      'Poland',
      'Statement of account',
      'Nothing changed the balance in this period.',
      'IBAN DE89 3704 0044 0532 0130 00',
      'Amtsgericht Hamburg HRB 123456',
    ])
      expect(text).toContain(expected);
    expect(Buffer.from(pdf.content).toString('latin1')).toContain('/Subtype /Image');
    const again = await getStatementPdf(database, owner, request);
    expect(Buffer.from(again.content).equals(Buffer.from(pdf.content))).toBe(true);
  });
});

describe('settle statement', () => {
  const settle = runSettleInProcess;

  it('prints the statement as a table, JSON or PDF, and says what is wrong with exit code 1', async () => {
    const dir = await newCliDirectory('settle-statement-');
    const dataDir = join(dir, 'data');
    try {
      // Written through the services on the same data directory, closed before the CLI opens it.
      const seeded = await openDatabase({ dataDir, command: 'statement test' });
      try {
        const organization = await ensureOrganization(seeded, undefined);
        const cliActor: Actor = {
          orgId: organization.id,
          type: 'system',
          id: null,
          name: 'test',
          role: 'owner',
        };
        const customer = await createCustomer(seeded, cliActor, {
          ref: 'CLI-1',
          name: 'Gamma Ltd',
          currency: 'EUR',
        });
        const issued = await createInvoice(seeded, cliActor, {
          customerId: customer.id,
          issuedOn: '2024-05-02',
          issue: true,
          lines: [{ description: 'Work', quantity: '1', unitPrice: '120.00', taxRate: '0' }],
        });
        await recordPayment(seeded, cliActor, {
          customerId: customer.id,
          amount: '100.00',
          receivedOn: '2024-05-20',
          reference: 'WIRE-9',
          applications: [{ invoiceId: issued.id, amount: '100.00' }],
        });
      } finally {
        await seeded.close();
      }
      const period = ['--customer', 'CLI-1', '--from', '2024-05-01', '--to', '2024-05-31'];

      const json = await settle('--data', dataDir, 'statement', ...period, '--format', 'json');
      expect(json.code, json.stderr).toBe(0);
      const body = JSON.parse(json.stdout.toString());
      expect(body.currencies[0]).toMatchObject({
        currency: 'EUR',
        opening_balance: '0.00',
        closing_balance: '20.00',
      });
      expect(
        body.currencies[0].lines.map(
          (line: { number: string; amount: string; balance: string }) => [
            line.number,
            line.amount,
            line.balance,
          ],
        ),
      ).toEqual([
        ['INV-000001', '120.00', '120.00'],
        ['WIRE-9', '-100.00', '20.00'],
      ]);

      const table = await settle('--data', dataDir, 'statement', ...period);
      expect(table.code, table.stderr).toBe(0);
      const text = table.stdout.toString();
      expect(text).toContain('Statement of account: Gamma Ltd (CLI-1)');
      expect(text).toMatch(
        /2024-05-20\s+Payment\s+WIRE-9\s+Applied to INV-000001\s+-100\.00\s+20\.00/,
      );
      expect(text).toMatch(/Closing balance\s+20\.00/);

      const file = join(dir, 'statement.pdf');
      const pdf = await settle(
        '--data',
        dataDir,
        'statement',
        ...period,
        '--format',
        'pdf',
        '--output',
        file,
      );
      expect(pdf.code, pdf.stderr).toBe(0);
      expect(pdf.stdout.length).toBe(0);
      expect((await readFile(file)).subarray(0, 5).toString()).toBe('%PDF-');

      const unknown = await settle('--data', dataDir, 'statement', '--customer', 'NOPE');
      expect(unknown.code).toBe(1);
      expect(unknown.stderr).toContain('[customer_not_found]');
      const backwards = await settle(
        '--data',
        dataDir,
        'statement',
        '--customer',
        'CLI-1',
        '--from',
        '2024-06-01',
        '--to',
        '2024-05-31',
      );
      expect(backwards.code).toBe(1);
      expect(backwards.stderr).toContain('(field: from) [period_invalid]');
      const badFormat = await settle(
        '--data',
        dataDir,
        'statement',
        '--customer',
        'CLI-1',
        '--format',
        'csv',
      );
      expect(badFormat.code).toBe(1);
      expect(badFormat.stderr).toContain('[format_invalid]');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 300_000);
});
