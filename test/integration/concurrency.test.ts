// Proves that money operations stay correct when they race on PostgreSQL (PGlite serialises
// everything, so most of these run only with DATABASE_URL): concurrent payments cannot over-apply
// an invoice, concurrent applications and refunds cannot spend a payment twice, a retried request
// with one Idempotency-Key posts once, and concurrent issues get gapless, unique numbers. The
// last group runs on both engines (on PGlite the requests queue, and the outcome must be the same):
// oldest-first payments racing each other, a credit note or a write-off on one customer's invoices
// never over-apply, and the sums tie out.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/core/actor.js';
import type { CalendarDate } from '../../src/core/calendar-date.js';
import { AppError } from '../../src/core/errors.js';
import { createCreditNote } from '../../src/invoicing/create-credit-note.service.js';
import { createInvoice } from '../../src/invoicing/create-invoice.service.js';
import { findInvoice } from '../../src/invoicing/invoice.sql.js';
import { issueInvoice } from '../../src/invoicing/issue-invoice.service.js';
import { lockOpenInvoices } from '../../src/ledger/post-to-ledger.service.js';
import { getTrialBalance } from '../../src/ledger/trial-balance.service.js';
import { writeOffInvoice } from '../../src/ledger/write-off-invoice.service.js';
import { applyUnapplied } from '../../src/payments/apply-unapplied.service.js';
import { findPayment, unappliedOfPayment } from '../../src/payments/payment.sql.js';
import {
  postPaymentsInBulk,
  type BulkPayment,
} from '../../src/payments/post-payments-in-bulk.service.js';
import { recordPayment } from '../../src/payments/record-payment.service.js';
import { refundUnapplied } from '../../src/payments/refund-unapplied.service.js';
import type { Database } from '../../src/platform/db/database.js';
import { issuedInvoiceDue, newCustomer, newOrganization } from '../support/organization.js';
import { isPostgres, openTestDatabase } from '../support/test-database.js';
import { todayNoEarlierThan } from '../support/clock.js';

// The book below lies on fixed dates up to late 2026, and money is posted about it "today".
todayNoEarlierThan('2026-12-05');

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

async function issued(actor: Actor, customerId: string, unitPrice: string) {
  return createInvoice(database, actor, {
    customerId,
    issuedOn: '2026-01-10',
    lines: [{ description: 'Consulting', quantity: '1', unitPrice, taxRate: '0' }],
    issue: true,
  });
}

/** Splits settled promises into results and the codes of the AppErrors; anything else is a failure. */
function outcomes<T>(settled: readonly PromiseSettledResult<T>[]) {
  const values: T[] = [];
  const codes: string[] = [];
  for (const result of settled) {
    if (result.status === 'fulfilled') values.push(result.value);
    else if (result.reason instanceof AppError) codes.push(result.reason.code);
    else throw result.reason;
  }
  return { values, codes };
}

async function expectTiesOut(actor: Actor) {
  const balance = await getTrialBalance(database, actor);
  for (const currency of balance.currencies) {
    expect(currency.debitMinor).toBe(currency.creditMinor);
    expect(currency.differenceMinor).toBe(0n);
  }
}

async function countRows(table: 'payments' | 'refunds' | 'applications', orgId: string) {
  const rows = await database.db
    .selectFrom(table)
    .select('id')
    .where('org_id', '=', orgId)
    .execute();
  return rows.length;
}

describe.skipIf(!isPostgres)('concurrent money operations on PostgreSQL', () => {
  it('lets 50 concurrent payments of 30.00 settle no more than an invoice of 1000.00', async () => {
    const { actor } = await newOrganization(database);
    const customer = await newCustomer(database, actor);
    const invoice = await issued(actor, customer.id, '1000.00');
    const settled = await Promise.allSettled(
      Array.from({ length: 50 }, (_, index) =>
        recordPayment(database, actor, {
          customerId: customer.id,
          amount: '30.00',
          receivedOn: '2026-01-20',
          reference: `RACE-${index}`,
          applications: [{ invoiceId: invoice.id, amount: '30.00' }],
        }),
      ),
    );
    const { values, codes } = outcomes(settled);
    expect(values).toHaveLength(33);
    expect(codes).toEqual(Array(17).fill('application_exceeds_open_balance'));
    const after = (await findInvoice(database.db, actor.orgId, invoice.id))!;
    expect(after.open_minor).toBe(1000n);
    expect(after.status).toBe('partially_paid');
    expect(await countRows('payments', actor.orgId)).toBe(33);
    await expectTiesOut(actor);
  });

  it('lets 50 concurrent applications of 10.00 spend a payment of 100.00 only once', async () => {
    const { actor } = await newOrganization(database);
    const customer = await newCustomer(database, actor);
    const invoices = [];
    for (let index = 0; index < 50; index++)
      invoices.push(await issued(actor, customer.id, '20.00'));
    const payment = await recordPayment(database, actor, {
      customerId: customer.id,
      amount: '100.00',
      receivedOn: '2026-01-20',
      apply: 'none',
    });
    const settled = await Promise.allSettled(
      invoices.map((invoice) =>
        applyUnapplied(database, actor, {
          sourceType: 'payment',
          sourceId: payment.id,
          appliedOn: '2026-01-21',
          applications: [{ invoiceId: invoice.id, amount: '10.00' }],
        }),
      ),
    );
    const { values, codes } = outcomes(settled);
    const after = (await findPayment(database.db, actor.orgId, payment.id))!;
    // Reported before the counts so that a failure says how far the payment was over-spent.
    expect({
      appliedMinor: after.applied_minor,
      unappliedMinor: unappliedOfPayment(after),
    }).toEqual({ appliedMinor: 10000n, unappliedMinor: 0n });
    expect(values).toHaveLength(10);
    expect(codes).toEqual(Array(40).fill('application_exceeds_unapplied'));
    expect(await countRows('applications', actor.orgId)).toBe(10);
    await expectTiesOut(actor);
  });

  it('lets 50 concurrent refunds of 10.00 pay back a payment of 100.00 only once', async () => {
    const { actor } = await newOrganization(database);
    const customer = await newCustomer(database, actor);
    const payment = await recordPayment(database, actor, {
      customerId: customer.id,
      amount: '100.00',
      receivedOn: '2026-01-20',
      apply: 'none',
    });
    const settled = await Promise.allSettled(
      Array.from({ length: 50 }, () =>
        refundUnapplied(database, actor, {
          sourceType: 'payment',
          sourceId: payment.id,
          amount: '10.00',
          refundedOn: '2026-01-21',
        }),
      ),
    );
    const { values, codes } = outcomes(settled);
    const after = (await findPayment(database.db, actor.orgId, payment.id))!;
    expect({
      refundedMinor: after.refunded_minor,
      unappliedMinor: unappliedOfPayment(after),
    }).toEqual({ refundedMinor: 10000n, unappliedMinor: 0n });
    expect(values).toHaveLength(10);
    // Once nothing is left the refusal is nothing_to_refund; a refund racing the last one sees 10.00 too much.
    expect(
      codes.every((code) => code === 'nothing_to_refund' || code === 'refund_exceeds_unapplied'),
    ).toBe(true);
    expect(codes).toHaveLength(40);
    expect(await countRows('refunds', actor.orgId)).toBe(10);
    await expectTiesOut(actor);
  });

  it('posts 20 concurrent retries of one payment with the same Idempotency-Key once', async () => {
    const { actor } = await newOrganization(database);
    const customer = await newCustomer(database, actor);
    const invoice = await issued(actor, customer.id, '100.00');
    const input = {
      customerId: customer.id,
      amount: '40.00',
      receivedOn: '2026-01-20',
      applications: [{ invoiceId: invoice.id, amount: '40.00' }],
    };
    const settled = await Promise.allSettled(
      Array.from({ length: 20 }, () =>
        recordPayment(database, actor, input, { idempotencyKey: 'retry-of-one-request' }),
      ),
    );
    const { values, codes } = outcomes(settled);
    expect(codes).toEqual([]);
    expect(values).toHaveLength(20);
    expect(new Set(values.map((payment) => payment.id)).size).toBe(1);
    expect(
      values.every((payment) => payment.amount_minor === 4000n && payment.applied_minor === 4000n),
    ).toBe(true);
    expect(await countRows('payments', actor.orgId)).toBe(1);
    expect((await findInvoice(database.db, actor.orgId, invoice.id))!.open_minor).toBe(6000n);
    await expectTiesOut(actor);
  });

  it('lets a bulk posting that already holds invoice locks refuse an invoice a person holds, without waiting', async () => {
    const { actor } = await newOrganization(database);
    const customer = await newCustomer(database, actor);
    const held = await issued(actor, customer.id, '100.00');
    const free = await issued(actor, customer.id, '100.00');
    // A person's payment on `held`, stopped between locking the invoice and committing.
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const holding = new Promise<void>((resolve) => (locked = resolve));
    const person = database.transaction(async ({ db }) => {
      await lockOpenInvoices(db, actor.orgId, [held.id], '2026-01-20' as CalendarDate);
      locked();
      await released;
    });
    await holding;
    const payment = (key: string, invoiceId: string): BulkPayment => ({
      key,
      customerId: customer.id,
      receivedOn: '2026-01-20' as CalendarDate,
      amountMinor: 10_000n,
      currency: 'EUR',
      method: 'bank_transfer',
      reference: key,
      payer: null,
      memo: null,
      origin: 'bank',
      applications: [{ invoiceId, amountMinor: 10_000n, takeDiscount: false }],
    });
    // Waiting here, as a first batch does, would wait for the person for ever (the person waits
    // for this test); a later batch must not wait, since the locks it holds could close a cycle.
    const result = await database.transaction(({ db }) =>
      postPaymentsInBulk(db, actor, [payment('a', held.id), payment('b', free.id)], {
        holdingLocks: true,
      }),
    );
    release();
    await person;
    expect(result.refused).toEqual([
      {
        key: 'a',
        code: 'invoice_busy',
        reason: 'An invoice was being changed by someone else at the same moment.',
      },
    ]);
    expect(result.posted.map((item) => item.key)).toEqual(['b']);
    expect((await findInvoice(database.db, actor.orgId, held.id))!.open_minor).toBe(10_000n);
    expect((await findInvoice(database.db, actor.orgId, free.id))!.open_minor).toBe(0n);
    expect(await countRows('payments', actor.orgId)).toBe(1);
    await expectTiesOut(actor);
  });

  it('gives 30 drafts issued concurrently the numbers INV-000001 to INV-000030, each once', async () => {
    const { actor } = await newOrganization(database);
    const customer = await newCustomer(database, actor);
    const drafts = [];
    for (let index = 0; index < 30; index++) {
      drafts.push(
        await createInvoice(database, actor, {
          customerId: customer.id,
          issuedOn: '2026-01-10',
          lines: [{ description: `Item ${index}`, quantity: '1', unitPrice: '10.00' }],
        }),
      );
    }
    const settled = await Promise.allSettled(
      drafts.map((draft) => issueInvoice(database, actor, draft.id)),
    );
    const { values, codes } = outcomes(settled);
    expect(codes).toEqual([]);
    const numbers = values.map((invoice) => invoice.number).sort();
    expect(numbers).toEqual(
      Array.from({ length: 30 }, (_, index) => `INV-${String(index + 1).padStart(6, '0')}`),
    );
    await expectTiesOut(actor);
  });
});

/** Every invoice of the organization: open balance, total, and what its applications add up to. */
async function invoiceStanding(orgId: string) {
  const invoices = await database.db
    .selectFrom('invoices')
    .select(['id', 'due_on', 'open_minor', 'total_minor', 'status'])
    .where('org_id', '=', orgId)
    .orderBy('due_on')
    .execute();
  const applications = await database.db
    .selectFrom('applications')
    .select(['invoice_id', 'source_type', 'source_id', 'amount_minor'])
    .where('org_id', '=', orgId)
    .execute();
  return invoices.map((invoice) => ({
    ...invoice,
    appliedMinor: applications
      .filter((a) => a.invoice_id === invoice.id)
      .reduce((sum, a) => sum + a.amount_minor, 0n),
  }));
}

/** No invoice took more than its total, and each cached open balance is its derivation. */
async function expectNothingOverApplied(orgId: string) {
  for (const invoice of await invoiceStanding(orgId)) {
    expect(invoice.appliedMinor).toBeLessThanOrEqual(invoice.total_minor);
    expect(invoice.open_minor).toBe(invoice.total_minor - invoice.appliedMinor);
  }
  const payments = await database.db
    .selectFrom('payments')
    .select('id')
    .where('org_id', '=', orgId)
    .execute();
  for (const { id } of payments) {
    const payment = (await findPayment(database.db, orgId, id))!;
    expect(payment.applied_minor).toBeLessThanOrEqual(payment.amount_minor);
  }
}

/** Ten invoices of 100.00 for one customer, due on ten different days. */
async function tenInvoices(actor: Actor, customerId: string) {
  const invoices = [];
  for (let day = 10; day < 20; day++) {
    invoices.push(
      await issuedInvoiceDue(
        database,
        actor,
        customerId,
        { issuedOn: `2026-01-${day}`, dueOn: `2026-02-${day}` },
        '100.00',
      ),
    );
  }
  return invoices;
}

describe('oldest-first payments racing on one customer, on either engine', () => {
  it('lets 8 oldest-first payments of 150.00 pay ten invoices of 100.00 once, leaving 200.00 as credit', async () => {
    const { actor } = await newOrganization(database);
    const customer = await newCustomer(database, actor);
    await tenInvoices(actor, customer.id);
    const settled = await Promise.allSettled(
      Array.from({ length: 8 }, (_, index) =>
        recordPayment(database, actor, {
          customerId: customer.id,
          amount: '150.00',
          receivedOn: '2026-03-01',
          reference: `OLDEST-${index}`,
          apply: 'oldest_first',
        }),
      ),
    );
    const { values, codes } = outcomes(settled);
    expect(codes).toEqual([]);
    expect(values).toHaveLength(8);
    const standing = await invoiceStanding(actor.orgId);
    expect(standing.map((invoice) => invoice.open_minor)).toEqual(Array(10).fill(0n));
    const applied = values.reduce((sum, payment) => sum + payment.applied_minor, 0n);
    expect(applied).toBe(100000n);
    let unapplied = 0n;
    for (const payment of values)
      unapplied += unappliedOfPayment((await findPayment(database.db, actor.orgId, payment.id))!);
    expect(unapplied).toBe(20000n);
    await expectNothingOverApplied(actor.orgId);
    await expectTiesOut(actor);
  });

  it('spreads 5 racing oldest-first payments of 150.00 over the oldest invoices, whatever their order', async () => {
    const { actor } = await newOrganization(database);
    const customer = await newCustomer(database, actor);
    await tenInvoices(actor, customer.id);
    await Promise.all(
      Array.from({ length: 5 }, (_, index) =>
        recordPayment(database, actor, {
          customerId: customer.id,
          amount: '150.00',
          receivedOn: '2026-03-01',
          reference: `OLDEST-${index}`,
          apply: 'oldest_first',
        }),
      ),
    );
    // 750.00 oldest first: seven invoices paid, 50.00 on the eighth, the last two untouched.
    const standing = await invoiceStanding(actor.orgId);
    expect(standing.map((invoice) => invoice.open_minor)).toEqual([
      ...Array(7).fill(0n),
      5000n,
      10000n,
      10000n,
    ]);
    await expectNothingOverApplied(actor.orgId);
    await expectTiesOut(actor);
  });

  it('walks past the first groups of invoices when one payment reaches further, racing a smaller one', async () => {
    const { actor } = await newOrganization(database);
    const customer = await newCustomer(database, actor);
    await tenInvoices(actor, customer.id);
    // 950.00 + 30.00 oldest first: whichever goes first, nine invoices paid and 20.00 left open on
    // the tenth; the big one locks more than the first group of four, then more than twelve.
    await Promise.all(
      ['950.00', '30.00'].map((amount) =>
        recordPayment(database, actor, {
          customerId: customer.id,
          amount,
          receivedOn: '2026-03-01',
          apply: 'oldest_first',
        }),
      ),
    );
    const standing = await invoiceStanding(actor.orgId);
    expect(standing.map((invoice) => invoice.open_minor)).toEqual([...Array(9).fill(0n), 2000n]);
    await expectNothingOverApplied(actor.orgId);
    await expectTiesOut(actor);
  });

  it('never over-applies an invoice that payments, a credit note and a write-off race for', async () => {
    const { actor } = await newOrganization(database);
    const customer = await newCustomer(database, actor);
    const invoices = await tenInvoices(actor, customer.id);
    const [first, second] = invoices;
    const settled = await Promise.allSettled([
      ...Array.from({ length: 4 }, (_, index) =>
        recordPayment(database, actor, {
          customerId: customer.id,
          amount: '60.00',
          receivedOn: '2026-03-01',
          reference: `MIXED-${index}`,
          apply: 'oldest_first',
        }),
      ),
      ...Array.from({ length: 3 }, (_, index) =>
        recordPayment(database, actor, {
          customerId: customer.id,
          amount: '40.00',
          receivedOn: '2026-03-01',
          reference: `BY-HAND-${index}`,
          applications: [{ invoiceId: first!.id, amount: '40.00' }],
        }),
      ),
      createCreditNote(database, actor, {
        customerId: customer.id,
        invoiceId: first!.id,
        issuedOn: '2026-03-01',
        lines: [{ description: 'Damaged', quantity: '1', unitPrice: '30.00', taxRate: '0' }],
      }),
      writeOffInvoice(database, actor, second!.id, {
        reason: 'small_balance',
        amount: '50.00',
        writtenOffOn: '2026-03-01',
      }),
    ]);
    const { codes } = outcomes<unknown>(settled);
    // Whoever comes late to an invoice that is already settled is refused, never let through.
    for (const code of codes)
      expect([
        'application_exceeds_open_balance',
        'credit_exceeds_open_balance',
        'invoice_not_open',
        'write_off_exceeds_open_balance',
      ]).toContain(code);
    // The oldest-first payments always succeed: what finds nothing open stays as credit.
    const recorded = await database.db
      .selectFrom('payments')
      .select('reference')
      .where('org_id', '=', actor.orgId)
      .execute();
    expect(recorded.filter((p) => p.reference?.startsWith('MIXED-'))).toHaveLength(4);
    await expectNothingOverApplied(actor.orgId);
    await expectTiesOut(actor);
  });
});
