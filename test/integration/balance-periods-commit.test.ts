// Goal: balance_periods (the steps the aging reads) is rebuilt once per transaction, when it
// commits (migration 0009), and still ends up exactly right: inside the writing transaction the
// old steps stand until commit or SET CONSTRAINTS ALL IMMEDIATE, a rolled-back write leaves no
// trace, nothing noted by one transaction leaks into the next on the same connection, and a
// transaction writing hundreds of items keeps its list short and still ends up right.
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/core/actor.js';
import { addDays, type CalendarDate } from '../../src/core/calendar-date.js';
import {
  postPaymentsInBulk,
  type BulkPayment,
} from '../../src/payments/post-payments-in-bulk.service.js';
import { recordPayment } from '../../src/payments/record-payment.service.js';
import { transactionAsDatabase, type Database, type Db } from '../../src/platform/db/database.js';
import { stepsAgainstFullRefresh } from '../support/balance-steps.js';
import { issuedInvoiceDue, newCustomer, newOrganization } from '../support/organization.js';
import { openTestDatabase } from '../support/test-database.js';
import { todayNoEarlierThan } from '../support/clock.js';

// The book below lies on fixed dates up to late 2026, and money is posted about it "today".
todayNoEarlierThan('2026-12-05');

let database: Database;
let actor: Actor;

beforeAll(async () => {
  database = await openTestDatabase();
  ({ actor } = await newOrganization(database));
});

afterAll(async () => {
  await database?.close();
});

async function steps(db: Db, itemId: string) {
  const result = await sql<{ valid_from: string; valid_to: string | null; balance_minor: bigint }>`
    SELECT valid_from, valid_to, balance_minor FROM balance_periods
    WHERE org_id = ${actor.orgId} AND item_id = ${itemId} ORDER BY valid_from`.execute(db);
  return result.rows.map((row) => [row.valid_from, row.valid_to, Number(row.balance_minor)]);
}

async function pendingNotes(db: Db) {
  const result = await sql<{ pending: string | null }>`
    SELECT current_setting('settle.balance_periods_pending', true) AS pending`.execute(db);
  return result.rows[0]!.pending ?? '';
}

async function openInvoice() {
  const customer = await newCustomer(database, actor);
  const invoice = await issuedInvoiceDue(
    database,
    actor,
    customer.id,
    { issuedOn: '2026-03-02', dueOn: '2026-04-01' },
    '100.00',
  );
  return { customer, invoice };
}

describe('balance_periods rebuilt at commit', () => {
  it('keeps the old steps inside the writing transaction and the new ones from its commit on', async () => {
    const { customer, invoice } = await openInvoice();
    expect(await steps(database.db, invoice.id)).toEqual([['2026-03-02', null, 10000]]);

    const paymentId = await database.transaction(async (tx) => {
      const inner = transactionAsDatabase(database, tx);
      const payment = await recordPayment(inner, actor, {
        customerId: customer.id,
        amount: '30.00',
        receivedOn: '2026-03-20',
        applications: [{ invoiceId: invoice.id, amount: '30.00' }],
      });
      // The payment and its application are written; their steps wait for the commit.
      expect(await steps(tx.db, invoice.id)).toEqual([['2026-03-02', null, 10000]]);
      expect(await steps(tx.db, payment.id)).toEqual([]);
      expect(await pendingNotes(tx.db)).toContain(invoice.id);
      return payment.id;
    });

    expect(await steps(database.db, invoice.id)).toEqual([
      ['2026-03-02', '2026-03-20', 10000],
      ['2026-03-20', null, 7000],
    ]);
    // Fully applied: the payment has no step left at all.
    expect(await steps(database.db, paymentId)).toEqual([]);
    expect(await pendingNotes(database.db)).toBe('');
  });

  it('rebuilds at once on SET CONSTRAINTS ALL IMMEDIATE, for code that reads what it just wrote', async () => {
    const { customer, invoice } = await openInvoice();
    await database.transaction(async (tx) => {
      await recordPayment(transactionAsDatabase(database, tx), actor, {
        customerId: customer.id,
        amount: '150.00',
        receivedOn: '2026-04-10',
        applications: [{ invoiceId: invoice.id, amount: '100.00' }],
      });
      await sql`SET CONSTRAINTS ALL IMMEDIATE`.execute(tx.db);
      expect(await steps(tx.db, invoice.id)).toEqual([['2026-03-02', '2026-04-10', 10000]]);
      expect(await pendingNotes(tx.db)).toBe('');
    });
    const credit = await sql<{ balance_minor: bigint }>`
      SELECT balance_minor FROM balance_periods
      WHERE org_id = ${actor.orgId} AND customer_id = ${customer.id} AND item_type = 'payment'`.execute(
      database.db,
    );
    expect(credit.rows.map((row) => Number(row.balance_minor))).toEqual([-5000]);
  });

  it('leaves no trace of a transaction that rolls back', async () => {
    const { customer, invoice } = await openInvoice();
    const failure = new Error('changed my mind');
    await expect(
      database.transaction(async (tx) => {
        await recordPayment(transactionAsDatabase(database, tx), actor, {
          customerId: customer.id,
          amount: '40.00',
          receivedOn: '2026-05-05',
          applications: [{ invoiceId: invoice.id, amount: '40.00' }],
        });
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(await steps(database.db, invoice.id)).toEqual([['2026-03-02', null, 10000]]);
    expect(await pendingNotes(database.db)).toBe('');
  });
  it('appends to an item whose history ends before the new money, and rebuilds for back-dated money', async () => {
    // Where each step is stored: a step left alone keeps its place, a rebuilt one gets a new one.
    async function placed(itemId: string) {
      const result = await sql<{ valid_from: string; place: string }>`
        SELECT valid_from, ctid::text AS place FROM balance_periods
        WHERE org_id = ${actor.orgId} AND item_id = ${itemId} ORDER BY valid_from`.execute(
        database.db,
      );
      return new Map(result.rows.map((row) => [row.valid_from, row.place]));
    }
    const pay = (invoiceId: string, customerId: string, amount: string, receivedOn: string) =>
      recordPayment(database, actor, {
        customerId,
        amount,
        receivedOn,
        applications: [{ invoiceId, amount }],
      });
    const { customer, invoice } = await openInvoice();
    await pay(invoice.id, customer.id, '10.00', '2026-03-10');
    const before = await placed(invoice.id);

    // Dated after the last step: the steps before it stay where they are.
    await pay(invoice.id, customer.id, '20.00', '2026-03-20');
    expect(await steps(database.db, invoice.id)).toEqual([
      ['2026-03-02', '2026-03-10', 10000],
      ['2026-03-10', '2026-03-20', 9000],
      ['2026-03-20', null, 7000],
    ]);
    const appended = await placed(invoice.id);
    expect(appended.get('2026-03-02')).toBe(before.get('2026-03-02'));

    // Dated before it: the item's history is derived again, every step anew.
    await pay(invoice.id, customer.id, '5.00', '2026-03-05');
    expect(await steps(database.db, invoice.id)).toEqual([
      ['2026-03-02', '2026-03-05', 10000],
      ['2026-03-05', '2026-03-10', 9500],
      ['2026-03-10', '2026-03-20', 8500],
      ['2026-03-20', null, 6500],
    ]);
    expect((await placed(invoice.id)).get('2026-03-02')).not.toBe(appended.get('2026-03-02'));

    // On the last step's own day: that step takes the new money, the rest stay.
    const kept = await placed(invoice.id);
    await pay(invoice.id, customer.id, '15.00', '2026-03-20');
    expect(await steps(database.db, invoice.id)).toEqual([
      ['2026-03-02', '2026-03-05', 10000],
      ['2026-03-05', '2026-03-10', 9500],
      ['2026-03-10', '2026-03-20', 8500],
      ['2026-03-20', null, 5000],
    ]);
    const after = await placed(invoice.id);
    for (const day of ['2026-03-02', '2026-03-05', '2026-03-10']) {
      expect(after.get(day)).toBe(kept.get(day));
    }
  });

  it('rebuilds along the way when one transaction writes hundreds of items, and still ends up right', async () => {
    const customer = await newCustomer(database, actor);
    const written = await database.transaction(async (tx) => {
      const inner = transactionAsDatabase(database, tx);
      const items: { invoiceId: string; paymentId: string }[] = [];
      let longest = 0;
      for (let i = 0; i < 80; i++) {
        const invoice = await issuedInvoiceDue(
          inner,
          actor,
          customer.id,
          { issuedOn: '2026-06-01', dueOn: '2026-07-01' },
          '10.00',
        );
        const payment = await recordPayment(inner, actor, {
          customerId: customer.id,
          amount: '4.00',
          receivedOn: '2026-06-15',
          applications: [{ invoiceId: invoice.id, amount: '4.00' }],
        });
        items.push({ invoiceId: invoice.id, paymentId: payment.id });
        longest = Math.max(longest, (await pendingNotes(tx.db)).length);
      }
      // 80 invoices and 80 payments, each noted more than once: far more than one list holds.
      expect(longest).toBeLessThan(16_000);
      return items;
    });
    for (const { invoiceId, paymentId } of written) {
      expect(await steps(database.db, invoiceId)).toEqual([
        ['2026-06-01', '2026-06-15', 1000],
        ['2026-06-15', null, 600],
      ]);
      expect(await steps(database.db, paymentId)).toEqual([]);
    }
    expect(await pendingNotes(database.db)).toBe('');
  });

  it('keeps the steps a full refresh writes after bulk posting that appends, rebuilds and settles in two organizations, set-wise or item by item', async () => {
    const { actor: other } = await newOrganization(database);
    const start = '2026-03-01' as CalendarDate;
    // Per invoice: its amount, an earlier payment's day (or none), and the batch's payments on it,
    // each a day and a share of what is left; days may fall before, on or after the last step.
    const invoiceArb = fc.record({
      cents: fc.integer({ min: 100, max: 50_000 }),
      earlier: fc.option(fc.integer({ min: 1, max: 20 }), { nil: null }),
      paid: fc.array(
        fc.record({
          day: fc.integer({ min: 0, max: 30 }),
          percent: fc.integer({ min: 1, max: 100 }),
        }),
        { minLength: 1, maxLength: 3 },
      ),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.boolean(), invoiceArb), { minLength: 2, maxLength: 8 }),
        // Whether the commit appends with the set statements or item by item (0034).
        fc.boolean(),
        async (plans, setwise) => {
          const batches = new Map<Actor, BulkPayment[]>([
            [actor, []],
            [other, []],
          ]);
          for (const [inOther, plan] of plans) {
            const owner = inOther ? other : actor;
            const customer = await newCustomer(database, owner);
            const invoice = await issuedInvoiceDue(
              database,
              owner,
              customer.id,
              { issuedOn: start, dueOn: addDays(start, 30) },
              (plan.cents / 100).toFixed(2),
            );
            let left = BigInt(plan.cents);
            if (plan.earlier !== null) {
              await recordPayment(database, owner, {
                customerId: customer.id,
                amount: '1.00',
                receivedOn: addDays(start, plan.earlier),
                applications: [{ invoiceId: invoice.id, amount: '1.00' }],
              });
              left -= 100n;
            }
            for (const [index, payment] of plan.paid.entries()) {
              const amount = (left * BigInt(payment.percent)) / 100n;
              if (amount === 0n) continue;
              left -= amount;
              batches.get(owner)!.push({
                key: `${invoice.id}:${index}`,
                customerId: customer.id,
                receivedOn: addDays(start, payment.day),
                amountMinor: amount,
                currency: 'EUR',
                method: 'bank_transfer',
                reference: null,
                payer: null,
                memo: null,
                origin: 'bank',
                applications: [{ invoiceId: invoice.id, amountMinor: amount, takeDiscount: false }],
              });
            }
          }
          await database.transaction(async ({ db }) => {
            await sql`SELECT set_config('settle.balance_periods_set_from', ${setwise ? '0' : '100000'}, true)`.execute(
              db,
            );
            for (const [owner, payments] of batches) {
              const { refused } = await postPaymentsInBulk(db, owner, payments);
              expect(refused).toEqual([]);
            }
          });
          expect(await pendingNotes(database.db)).toBe('');
          for (const owner of batches.keys()) {
            expect(await stepsAgainstFullRefresh(database.db, owner.orgId)).toEqual([]);
          }
        },
      ),
      { numRuns: 12 },
    );
  });
});
