// Goal: the aging report gives, for a history worked out by hand, the figures an accountant
// would write down: the right bucket at every boundary (due today, 30 vs 31 days, the leap day,
// 90 vs 91), credit notes, write-offs and reversals counted on their dates, nothing issued after
// the as-of date, unapplied credit as its own negative column, totals that tie out to the A/R
// control account, and the same figures through JSON, CSV and PDF.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/core/actor.js';
import { createCustomer } from '../../src/customers/create-customer.service.js';
import { createCreditNote } from '../../src/invoicing/create-credit-note.service.js';
import { getTrialBalance } from '../../src/ledger/trial-balance.service.js';
import { writeOffInvoice } from '../../src/ledger/write-off-invoice.service.js';
import { recordPayment } from '../../src/payments/record-payment.service.js';
import { reversePayment } from '../../src/payments/reverse-payment.service.js';
import type { Database } from '../../src/platform/db/database.js';
import type { App } from '../../src/platform/http/app.js';
import { buildServer } from '../../src/server/build-server.js';
import { getAging } from '../../src/reports/get-aging.service.js';
import { apiClient, type ApiClient } from '../support/api.js';
import { pdfPagesText } from '../support/pdf.js';
import { issuedInvoiceDue } from '../support/organization.js';
import { openTestDatabase } from '../support/test-database.js';

let database: Database;
let app: App;
let client: ApiClient;
let actor: Actor;

function invoice(customerId: string, issuedOn: string, dueOn: string, amount: string) {
  return issuedInvoiceDue(database, actor, customerId, { issuedOn, dueOn }, amount);
}

const ids: Record<string, string> = {};

beforeAll(async () => {
  database = await openTestDatabase();
  app = await buildServer({ database });
  client = await apiClient(app, database);
  actor = client.actor;
  const a = await createCustomer(database, actor, {
    ref: 'C-A',
    name: 'Alpha GmbH',
    currency: 'EUR',
    tags: ['key'],
  });
  const b = await createCustomer(database, actor, {
    ref: 'C-B',
    name: 'Beta Inc',
    currency: 'USD',
  });
  ids.a = a.id;
  ids.b = b.id;
  const i1 = await invoice(a.id, '2024-01-01', '2024-01-31', '100.00');
  const i2 = await invoice(a.id, '2024-02-01', '2024-03-01', '200.00');
  const i3 = await invoice(a.id, '2024-02-01', '2024-02-29', '300.00');
  const i4 = await invoice(a.id, '2024-03-01', '2024-03-31', '400.00');
  await invoice(a.id, '2024-04-01', '2024-05-01', '500.00');
  const i6 = await invoice(a.id, '2023-12-01', '2023-12-31', '50.00');
  await invoice(a.id, '2023-12-01', '2024-01-01', '70.00');
  await invoice(b.id, '2024-03-15', '2024-04-14', '1000.00');
  ids.i3 = i3.id;
  // 100.00 settles I1; 50.00 stays as credit.
  await recordPayment(database, actor, {
    customerId: a.id,
    amount: '150.00',
    receivedOn: '2024-03-10',
    reference: 'P1',
    applications: [{ invoiceId: i1.id, amount: '100.00' }],
  });
  // Settles I2 on 15 March; the cheque bounces on 5 April.
  const p2 = await recordPayment(database, actor, {
    customerId: a.id,
    amount: '200.00',
    receivedOn: '2024-03-15',
    reference: 'P2',
    applications: [{ invoiceId: i2.id, amount: '200.00' }],
  });
  await reversePayment(database, actor, p2.id, {
    reason: 'Cheque bounced',
    reversedOn: '2024-04-05',
  });
  await createCreditNote(database, actor, {
    customerId: a.id,
    invoiceId: i3.id,
    issuedOn: '2024-03-20',
    lines: [{ description: 'Discount', quantity: '1', unitPrice: '30.00', taxRate: '0' }],
  });
  await writeOffInvoice(database, actor, i6.id, {
    reason: 'small_balance',
    writtenOffOn: '2024-03-25',
  });
  await recordPayment(database, actor, {
    customerId: a.id,
    amount: '100.00',
    receivedOn: '2024-04-02',
    reference: 'P3',
    applications: [{ invoiceId: i4.id, amount: '100.00' }],
  });
});
afterAll(async () => {
  await app?.close();
  await database?.close();
});

function figures(report: Awaited<ReturnType<typeof getAging>>, currency: string, ref?: string) {
  const entry = report.currencies.find((c) => c.currency === currency)!;
  const row =
    ref === undefined ? entry.totals : entry.customers.find((c) => c.customerRef === ref)!;
  return [...row.bucketsMinor, row.unappliedMinor, row.balanceMinor];
}

describe('aging, worked by hand', () => {
  it('buckets by days past due at every boundary, as of a past date, whatever was posted later', async () => {
    const report = await getAging(database, actor, { asOf: '2024-03-31' as never });
    expect(report.buckets.map((b) => b.label)).toEqual([
      'current',
      '1-30',
      '31-60',
      '61-90',
      '91+',
    ]);
    // I4 due today: current. I2 (30 days) paid on 15 March, its reversal is later. I3 due on the
    // leap day is 31 days past due, less the 30.00 credit note. I7 is 90 days, I6 91 days but
    // written off. I1 is paid; 50.00 of P1 is unapplied. I5 is issued after the date.
    expect(figures(report, 'EUR', 'C-A')).toEqual([40000n, 0n, 27000n, 7000n, 0n, -5000n, 69000n]);
    expect(figures(report, 'USD', 'C-B')).toEqual([100000n, 0n, 0n, 0n, 0n, 0n, 100000n]);
    expect(report.currencies.map((c) => c.currency)).toEqual(['EUR', 'USD']);
  });

  it('counts a later reversal and later payments on their own dates', async () => {
    const report = await getAging(database, actor, { asOf: '2024-04-30' as never });
    // I5 current 500; I4 30 days, 400 − 100; I2 60 days, re-opened by the reversal; I3 61 days;
    // I7 120 days. P2's credit went with its reversal; P1's 50.00 remains.
    expect(figures(report, 'EUR', 'C-A')).toEqual([
      50000n,
      30000n,
      20000n,
      27000n,
      7000n,
      -5000n,
      129000n,
    ]);
  });

  it('ages by issue date with the issue buckets', async () => {
    const report = await getAging(database, actor, { asOf: '2024-03-31' as never, basis: 'issue' });
    expect(report.buckets.map((b) => b.label)).toEqual(['0-30', '31-60', '61-90', '91+']);
    // I4 issued 30 days before, I3 59 days, I7 121 days.
    expect(figures(report, 'EUR', 'C-A')).toEqual([40000n, 27000n, 0n, 7000n, -5000n, 69000n]);
  });

  it('ties out to the A/R control account as of each date', async () => {
    for (const asOf of ['2023-12-31', '2024-02-29', '2024-03-31', '2024-04-05', '2024-12-31']) {
      const report = await getAging(database, actor, { asOf: asOf as never });
      const balance = await getTrialBalance(database, actor, asOf as never);
      for (const currency of balance.currencies) {
        const aged =
          report.currencies.find((c) => c.currency === currency.currency)?.totals.balanceMinor ??
          0n;
        expect(aged, `${asOf} ${currency.currency}`).toBe(currency.receivablesControlMinor);
      }
    }
  });

  it('filters by customer, tag and currency, and lists the open items', async () => {
    const byTag = await getAging(database, actor, { asOf: '2024-03-31' as never, tag: 'KEY' });
    expect(byTag.currencies.map((c) => c.currency)).toEqual(['EUR']);
    const byCurrency = await getAging(database, actor, {
      asOf: '2024-03-31' as never,
      currency: 'usd',
    });
    expect(figures(byCurrency, 'USD')).toEqual([100000n, 0n, 0n, 0n, 0n, 0n, 100000n]);
    const detail = await getAging(database, actor, {
      asOf: '2024-03-31' as never,
      customerRef: 'C-A',
      detail: true,
    });
    expect(detail.currencies).toHaveLength(1);
    expect(
      detail.items!.map((item) => [
        item.item_type,
        item.number,
        item.age_days,
        item.bucket,
        item.balance_minor,
      ]),
    ).toEqual([
      ['invoice', 'INV-000007', 90, 3, 7000n],
      ['invoice', 'INV-000003', 31, 2, 27000n],
      ['invoice', 'INV-000004', 0, 0, 40000n],
      ['payment', 'P1', null, -1, -5000n],
    ]);
    await expect(getAging(database, actor, { customerRef: 'NOPE' })).rejects.toMatchObject({
      code: 'customer_not_found',
      field: 'customer_ref',
    });
  });
});

describe('aging over HTTP', () => {
  it('returns JSON with amounts as decimal strings', async () => {
    const response = await client.request('GET', '/reports/aging?as_of=2024-03-31');
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.as_of).toBe('2024-03-31');
    expect(body.currencies[0].customers[0]).toMatchObject({
      customer_ref: 'C-A',
      buckets: ['400.00', '0.00', '270.00', '70.00', '0.00'],
      unapplied: '-50.00',
      balance: '690.00',
    });
    expect(body.currencies[0].totals.balance).toBe('690.00');
  });

  it('writes the CSV summary in the documented columns, with a TOTAL row per currency', async () => {
    const response = await client.request('GET', '/reports/aging.csv?as_of=2024-03-31');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    expect(response.body).toBe(
      [
        'customer_ref,customer_name,currency,current,1-30,31-60,61-90,91+,unapplied,balance',
        'C-A,Alpha GmbH,EUR,400.00,0.00,270.00,70.00,0.00,-50.00,690.00',
        'C-B,Beta Inc,USD,1000.00,0.00,0.00,0.00,0.00,0.00,1000.00',
        'TOTAL,,EUR,400.00,0.00,270.00,70.00,0.00,-50.00,690.00',
        'TOTAL,,USD,1000.00,0.00,0.00,0.00,0.00,0.00,1000.00',
        '',
      ].join('\n'),
    );
  });

  it('writes a PDF whose text carries the figures', async () => {
    const response = await client.request('GET', '/reports/aging.pdf?as_of=2024-03-31&detail=true');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    const text = (await pdfPagesText(response.rawPayload)).join(' ');
    expect(text).toContain('Aging as of 2024-03-31');
    expect(text).toContain('Alpha GmbH');
    expect(text).toContain('690.00');
    expect(text).toContain('-50.00');
    expect(text).toContain('INV-000003');
  });

  it('lets the organization set its buckets, and refuses bad ones naming the field', async () => {
    const bad = await client.request('PUT', '/settings/aging-buckets', { due: [0, 45, 30] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: 'aging_buckets_invalid', field: 'due[2]' });
    const notCurrent = await client.request('PUT', '/settings/aging-buckets', { due: [15, 45] });
    expect(notCurrent.json().error).toMatchObject({
      code: 'aging_buckets_invalid',
      field: 'due[0]',
    });
    const set = await client.request('PUT', '/settings/aging-buckets', { due: [0, 15, 45] });
    expect(set.statusCode).toBe(200);
    expect(set.json().buckets.due.map((b: { label: string }) => b.label)).toEqual([
      'current',
      '1-15',
      '16-45',
      '46+',
    ]);
    const csv = await client.request('GET', '/reports/aging.csv?as_of=2024-03-31&currency=EUR');
    // I3 (31 days) falls in 16-45 and I7 (90 days) in 46+.
    expect(csv.body.split('\n').slice(0, 2)).toEqual([
      'customer_ref,customer_name,currency,current,1-15,16-45,46+,unapplied,balance',
      'C-A,Alpha GmbH,EUR,400.00,0.00,270.00,70.00,-50.00,690.00',
    ]);
    const reset = await client.request('PUT', '/settings/aging-buckets', { due: null });
    expect(reset.json().bounds.due).toEqual([0, 30, 60, 90]);
    const bad2 = await client.request('GET', '/reports/aging?basis=weekly');
    expect(bad2.json().error).toMatchObject({ code: 'aging_basis_invalid', field: 'basis' });
  });
});
