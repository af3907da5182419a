// Goal: the KPIs of a small history worked out by hand (docs/kpis.md gives the definitions):
// credit sales net of a voided invoice and a credit note, A/R net of unapplied credit, past due
// counted on the last day, count-back DSO across a month of negative sales, days to pay weighted
// by amount, and the monthly series; through the service and the HTTP API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/core/actor.js';
import { createCreditNote } from '../../src/invoicing/create-credit-note.service.js';
import { createCustomer } from '../../src/customers/create-customer.service.js';
import { voidInvoice } from '../../src/invoicing/issue-invoice.service.js';
import { writeOffInvoice } from '../../src/ledger/write-off-invoice.service.js';
import { recordPayment } from '../../src/payments/record-payment.service.js';
import type { Database } from '../../src/platform/db/database.js';
import type { App } from '../../src/platform/http/app.js';
import { buildServer } from '../../src/server/build-server.js';
import { getKpis } from '../../src/reports/get-kpis.service.js';
import { apiClient, type ApiClient } from '../support/api.js';
import { issuedInvoiceDue } from '../support/organization.js';
import { openTestDatabase } from '../support/test-database.js';

let database: Database;
let app: App;
let client: ApiClient;
let actor: Actor;

function invoice(customerId: string, issuedOn: string, dueOn: string, amount: string) {
  return issuedInvoiceDue(database, actor, customerId, { issuedOn, dueOn }, amount);
}

beforeAll(async () => {
  database = await openTestDatabase();
  app = await buildServer({ database });
  client = await apiClient(app, database);
  actor = client.actor;
  const x = await createCustomer(database, actor, { ref: 'X', name: 'Xylo', currency: 'EUR' });
  // Owed at the start: A, 1000.00, due on the last day of December.
  const a = await invoice(x.id, '2024-12-01', '2024-12-31', '1000.00');
  const b = await invoice(x.id, '2025-01-15', '2025-02-14', '3000.00');
  const c = await invoice(x.id, '2025-03-01', '2025-03-31', '2000.00');
  const d = await invoice(x.id, '2025-01-10', '2025-02-09', '500.00');
  await voidInvoice(database, actor, d.id, {
    reason: 'Wrong customer',
    voidedOn: '2025-01-20' as never,
  });
  await createCreditNote(database, actor, {
    customerId: x.id,
    issuedOn: '2025-02-01',
    lines: [{ description: 'Goodwill', quantity: '1', unitPrice: '100.00', taxRate: '0' }],
  });
  // Paid 60 and 59 days after issue.
  await recordPayment(database, actor, {
    customerId: x.id,
    amount: '1000.00',
    receivedOn: '2025-01-30',
    applications: [{ invoiceId: a.id, amount: '1000.00' }],
  });
  await recordPayment(database, actor, {
    customerId: x.id,
    amount: '1000.00',
    receivedOn: '2025-03-15',
    applications: [{ invoiceId: b.id, amount: '1000.00' }],
  });
  await writeOffInvoice(database, actor, b.id, {
    amount: '100.00',
    reason: 'small_balance',
    writtenOffOn: '2025-03-20',
  });
  void c;
});
afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe('KPIs, worked by hand', () => {
  it('gives the first quarter of 2025', async () => {
    const report = await getKpis(database, actor, {
      from: '2025-01-01' as never,
      to: '2025-03-31' as never,
      monthly: true,
    });
    expect(report.currencies).toHaveLength(1);
    const { period, months } = report.currencies[0]!;
    // Sales 3000 + 2000 + 500 − 500 (void) − 100 (credit note) = 4900. Ending A/R: B 1900 past due,
    // C 2000 due on the last day (current), −100 credit: 3800, of which 1900 current. 90 days.
    expect(period).toMatchObject({
      days: 90,
      creditSalesMinor: 490000n,
      beginningArMinor: 100000n,
      endingArMinor: 380000n,
      endingCurrentArMinor: 190000n,
      endingPastDueMinor: 190000n,
      writtenOffMinor: 10000n,
      dso: 69.8, // 3800 ÷ 4900 × 90 = 69.796
      bestPossibleDso: 34.9, // 1900 ÷ 4900 × 90 = 34.898
      averageDaysDelinquent: 34.9,
      cei: 52.5, // (1000 + 4900 − 3800) ÷ (1000 + 4900 − 1900)
      arTurnover: 2.04, // 4900 ÷ ((1000 + 3800) ÷ 2)
      percentCurrent: 50,
      percentOver90: 0,
      badDebtPercent: 2.04, // 100 ÷ 4900
      averageDaysToPay: 59.5, // (1000 × 60 + 1000 × 59) ÷ 2000
      // March (31 days) sold 2000 < 3800; February sold −100, its 28 days count whole; January's
      // 3000 covers the remaining 1800: 31 + 28 + 1800 ÷ 3000 × 31 = 77.6.
      dsoCountBack: 77.6,
    });
    expect(
      months!.map((m) => [
        m.from,
        m.to,
        m.creditSalesMinor,
        m.beginningArMinor,
        m.endingArMinor,
        m.dso,
        m.cei,
        m.averageDaysToPay,
      ]),
    ).toEqual([
      ['2025-01-01', '2025-01-31', 300000n, 100000n, 300000n, 31, 100, 60],
      // February: negative sales make DSO negative, as the definition gives; nothing was collected.
      ['2025-02-01', '2025-02-28', -10000n, 300000n, 290000n, -812, 0, null],
      ['2025-03-01', '2025-03-31', 200000n, 290000n, 380000n, 58.9, 36.67, 59],
    ]);
  });

  it('answers over HTTP with amounts as strings and ratios as numbers, and refuses a reversed period', async () => {
    const response = await client.request(
      'GET',
      '/reports/kpis?from=2025-01-01&to=2025-03-31&customer_ref=X',
    );
    expect(response.statusCode).toBe(200);
    expect(response.json().currencies[0]).toMatchObject({
      currency: 'EUR',
      credit_sales: '4900.00',
      beginning_ar: '1000.00',
      ending_ar: '3800.00',
      ending_current_ar: '1900.00',
      dso: 69.8,
      best_possible_dso: 34.9,
      average_days_delinquent: 34.9,
      cei: 52.5,
    });
    const reversed = await client.request('GET', '/reports/kpis?from=2025-04-01&to=2025-03-31');
    expect(reversed.statusCode).toBe(400);
    expect(reversed.json().error).toMatchObject({ code: 'period_invalid', field: 'from' });
  });

  it('gives null ratios and zero figures for a period with no activity', async () => {
    const report = await getKpis(database, actor, {
      from: '2023-01-01' as never,
      to: '2023-01-31' as never,
    });
    expect(report.currencies).toEqual([]);
    // A currency asked for by name is answered all the same.
    const named = await getKpis(database, actor, {
      from: '2023-01-01' as never,
      to: '2023-01-31' as never,
      currency: 'EUR',
    });
    expect(named.currencies[0]!.period).toMatchObject({
      endingArMinor: 0n,
      endingPastDueMinor: 0n,
      dso: null,
      cei: null,
    });
    const quiet = await getKpis(database, actor, {
      from: '2025-04-01' as never,
      to: '2025-04-30' as never,
    });
    expect(quiet.currencies[0]!.period).toMatchObject({
      creditSalesMinor: 0n,
      dso: null,
      bestPossibleDso: null,
      cei: 0,
      averageDaysToPay: null,
    });
  });
});
