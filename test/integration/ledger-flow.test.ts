// Proves the ledger services end to end on a real database: issuing, paying (by hand, oldest
// first, with an early-payment discount), crediting, writing off, refunding and reversing, with
// statuses, balances, the journal's tie-out and the database's refusal to change posted rows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCreditNote } from '../../src/invoicing/create-credit-note.service.js';
import {
  createInvoice,
  deleteDraftInvoice,
  updateDraftInvoice,
} from '../../src/invoicing/create-invoice.service.js';
import { findInvoice } from '../../src/invoicing/invoice.sql.js';
import { issueInvoice, voidInvoice } from '../../src/invoicing/issue-invoice.service.js';
import { getTrialBalance } from '../../src/ledger/trial-balance.service.js';
import { writeOffInvoice } from '../../src/ledger/write-off-invoice.service.js';
import { applyUnapplied } from '../../src/payments/apply-unapplied.service.js';
import { recordPayment } from '../../src/payments/record-payment.service.js';
import { refundUnapplied } from '../../src/payments/refund-unapplied.service.js';
import { reversePayment } from '../../src/payments/reverse-payment.service.js';
import { calendarDate } from '../../src/core/calendar-date.js';
import type { Database } from '../../src/platform/db/database.js';
import { openTestDatabase } from '../support/test-database.js';
import { newCustomer, newOrganization } from '../support/organization.js';
import { todayNoEarlierThan } from '../support/clock.js';

// The book below lies on fixed dates up to late 2026, and events about it are recorded "today".
todayNoEarlierThan('2026-12-05');

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

async function issued(
  actor: Parameters<typeof createInvoice>[1],
  customerId: string,
  unitPrice: string,
  issuedOn = '2026-01-10',
  terms?: string,
) {
  return createInvoice(database, actor, {
    customerId,
    issuedOn,
    terms,
    lines: [{ description: 'Consulting', quantity: '1', unitPrice, taxRate: '0' }],
    issue: true,
  });
}

async function expectTiesOut(actor: Parameters<typeof getTrialBalance>[1], asOf?: string) {
  const balance = await getTrialBalance(database, actor, asOf ? calendarDate(asOf) : undefined);
  for (const currency of balance.currencies) {
    expect(currency.debitMinor).toBe(currency.creditMinor);
    expect(currency.differenceMinor).toBe(0n);
  }
  return balance;
}

describe('invoices', () => {
  it('numbers issued invoices gaplessly and computes terms, tax and totals', async () => {
    const { actor } = await newOrganization(database);
    const customer = await newCustomer(database, actor, { terms: '2/10_NET30' });
    const draft = await createInvoice(database, actor, {
      customerId: customer.id,
      lines: [
        { description: 'Widgets', quantity: '3', unitPrice: '0.335', taxRate: '20' },
        { description: 'Gadgets', quantity: '1.5', unitPrice: '10.00', taxRate: '20' },
      ].map((line) => ({
        ...line,
        unitPrice: line.unitPrice === '0.335' ? '0.34' : line.unitPrice,
      })),
    });
    expect(draft.status).toBe('draft');
    expect(draft.number).toBeNull();
    expect(draft.subtotal_minor).toBe(102n + 1500n);
    expect(draft.tax_minor).toBe(320n); // 20 % of 16.02 = 3.204 → 3.20
    const first = await issueInvoice(database, actor, draft.id, {
      issuedOn: calendarDate('2026-03-12'),
    });
    expect(first.number).toBe('INV-000001');
    expect(first.status).toBe('open');
    expect(first.due_on).toBe('2026-04-11');
    expect(first.discount_on).toBe('2026-03-22');
    expect(first.discount_minor).toBe(38n); // 2 % of 19.22 = 0.3844
    const second = await issued(actor, customer.id, '5.00');
    expect(second.number).toBe('INV-000002');
    await expect(issueInvoice(database, actor, draft.id)).rejects.toMatchObject({
      code: 'invoice_not_draft',
    });
    await expectTiesOut(actor);
  });

  it('edits and deletes drafts only, and voids only invoices with nothing applied', async () => {
    const { actor } = await newOrganization(database);
    const customer = await newCustomer(database, actor);
    const draft = await createInvoice(database, actor, {
      customerId: customer.id,
      lines: [{ description: 'A', quantity: '1', unitPrice: '10' }],
    });
    const edited = await updateDraftInvoice(database, actor, draft.id, {
      lines: [{ description: 'B', quantity: '2', unitPrice: '10' }],
      poNumber: 'PO-7',
    });
    expect(edited.total_minor).toBe(2000n);
    expect(edited.po_number).toBe('PO-7');
    await deleteDraftInvoice(database, actor, draft.id);
    expect(await findInvoice(database.db, actor.orgId, draft.id)).toBeUndefined();

    const invoice = await issued(actor, customer.id, '100.00');
    await expect(
      updateDraftInvoice(database, actor, invoice.id, { memo: 'x' }),
    ).rejects.toMatchObject({ code: 'invoice_not_draft' });
    const voided = await voidInvoice(database, actor, invoice.id, {
      reason: 'Sent to the wrong customer',
      voidedOn: calendarDate('2026-01-11'),
    });
    expect(voided.status).toBe('void');
    await expect(
      voidInvoice(database, actor, invoice.id, { reason: 'again' }),
    ).rejects.toMatchObject({ code: 'invoice_already_void' });

    const paid = await issued(actor, customer.id, '50.00');
    await recordPayment(database, actor, {
      customerId: customer.id,
      amount: '10.00',
      receivedOn: '2026-01-12',
      applications: [{ invoiceId: paid.id, amount: '10.00' }],
    });
    await expect(voidInvoice(database, actor, paid.id, { reason: 'x' })).rejects.toMatchObject({
      code: 'invoice_has_applications',
    });
    await expectTiesOut(actor);
  });
});

describe('payments', () => {
  it('applies by hand, keeps the remainder as credit, and applies it later oldest first', async () => {
    const { actor } = await newOrganization(database);
    const customer = await newCustomer(database, actor);
    const older = await issued(actor, customer.id, '100.00', '2026-01-01');
    const newer = await issued(actor, customer.id, '80.00', '2026-01-05');
    const payment = await recordPayment(database, actor, {
      customerId: customer.id,
      amount: '150.00',
      receivedOn: '2026-01-20',
      reference: 'BANK-1',
      applications: [{ invoiceId: newer.id, amount: '30.00' }],
    });
    expect(payment.applied_minor).toBe(3000n);
    expect((await findInvoice(database.db, actor.orgId, newer.id))!.status).toBe('partially_paid');

    const applied = await applyUnapplied(database, actor, {
      sourceType: 'payment',
      sourceId: payment.id,
      apply: 'oldest_first',
      appliedOn: '2026-01-21',
    });
    expect(applied.appliedMinor).toBe(12000n);
    expect(applied.unappliedMinor).toBe(0n);
    expect((await findInvoice(database.db, actor.orgId, older.id))!.status).toBe('paid');
    expect((await findInvoice(database.db, actor.orgId, newer.id))!.open_minor).toBe(3000n);
    await expectTiesOut(actor);
    // As of the day before the credit was applied, the older invoice was still open.
    const before = await expectTiesOut(actor, '2026-01-20');
    expect(before.currencies[0]!.openInvoicesMinor).toBe(10000n + 5000n);
    expect(before.currencies[0]!.unappliedCreditMinor).toBe(12000n);
  });

  it('refuses to apply more than the open balance or the payment, writing nothing', async () => {
    const { actor } = await newOrganization(database);
    const customer = await newCustomer(database, actor);
    const invoice = await issued(actor, customer.id, '100.00');
    await expect(
      recordPayment(database, actor, {
        customerId: customer.id,
        amount: '200.00',
        receivedOn: '2026-01-20',
        applications: [{ invoiceId: invoice.id, amount: '100.01' }],
      }),
    ).rejects.toMatchObject({
      code: 'application_exceeds_open_balance',
      field: 'applications[0].amount',
    });
    await expect(
      recordPayment(database, actor, {
        customerId: customer.id,
        amount: '50.00',
        receivedOn: '2026-01-20',
        applications: [{ invoiceId: invoice.id, amount: '60.00' }],
      }),
    ).rejects.toMatchObject({ code: 'application_exceeds_unapplied' });
    await expect(
      recordPayment(database, actor, {
        customerId: customer.id,
        amount: '50.005',
        receivedOn: '2026-01-20',
      }),
    ).rejects.toMatchObject({ code: 'amount_too_precise', field: 'amount' });
    const payments = await database.db
      .selectFrom('payments')
      .select('id')
      .where('org_id', '=', actor.orgId)
      .execute();
    expect(payments).toHaveLength(0);
    expect((await findInvoice(database.db, actor.orgId, invoice.id))!.open_minor).toBe(10000n);
  });

  it('takes the early-payment discount when a payment in the window settles the invoice net of it', async () => {
    const { actor } = await newOrganization(database);
    const customer = await newCustomer(database, actor, { terms: '2/10_NET30' });
    const invoice = await issued(actor, customer.id, '1000.00', '2026-02-01');
    expect(invoice.discount_minor).toBe(2000n);
    const late = await issued(actor, customer.id, '1000.00', '2026-02-01');
    await recordPayment(database, actor, {
      customerId: customer.id,
      amount: '980.00',
      receivedOn: '2026-02-11',
      applications: [{ invoiceId: invoice.id, amount: '980.00' }],
    });
    expect((await findInvoice(database.db, actor.orgId, invoice.id))!.status).toBe('paid');
    // One day past the window: no discount, the invoice stays partly open.
    await recordPayment(database, actor, {
      customerId: customer.id,
      amount: '980.00',
      receivedOn: '2026-02-12',
      applications: [{ invoiceId: late.id, amount: '980.00' }],
    });
    const lateAfter = (await findInvoice(database.db, actor.orgId, late.id))!;
    expect(lateAfter.status).toBe('partially_paid');
    expect(lateAfter.open_minor).toBe(2000n);
    const balance = await expectTiesOut(actor);
    const discounts = balance.currencies[0]!.accounts.find((account) => account.account === '4900');
    expect(discounts?.debitMinor).toBe(2000n);
  });

  it('reverses a bounced payment, re-opening what it paid and its discount', async () => {
    const { actor } = await newOrganization(database);
    const customer = await newCustomer(database, actor, { terms: '2/10_NET30' });
    const invoice = await issued(actor, customer.id, '1000.00', '2026-02-01');
    const payment = await recordPayment(database, actor, {
      customerId: customer.id,
      amount: '1000.00',
      receivedOn: '2026-02-05',
      apply: 'oldest_first',
    });
    expect(payment.applied_minor).toBe(98000n);
    const reversed = await reversePayment(database, actor, payment.id, {
      reason: 'Cheque bounced',
      reversedOn: '2026-02-20',
    });
    expect(reversed.reversed_on).toBe('2026-02-20');
    const after = (await findInvoice(database.db, actor.orgId, invoice.id))!;
    expect(after.status).toBe('open');
    expect(after.open_minor).toBe(100000n);
    await expect(
      reversePayment(database, actor, payment.id, { reason: 'again' }),
    ).rejects.toMatchObject({ code: 'payment_already_reversed' });
    await expect(
      applyUnapplied(database, actor, {
        sourceType: 'payment',
        sourceId: payment.id,
        apply: 'oldest_first',
      }),
    ).rejects.toMatchObject({ code: 'payment_reversed' });
    await expectTiesOut(actor);
    // Before the reversal date the invoice was paid and the remainder was credit.
    const before = await expectTiesOut(actor, '2026-02-19');
    expect(before.currencies[0]!.openInvoicesMinor).toBe(0n);
    expect(before.currencies[0]!.unappliedCreditMinor).toBe(2000n);
  });
});

describe('credit notes, write-offs and refunds', () => {
  it('credits an invoice, writes off the rest, and refunds standalone credit', async () => {
    const { actor } = await newOrganization(database);
    const customer = await newCustomer(database, actor);
    const invoice = await issued(actor, customer.id, '100.00');
    const note = await createCreditNote(database, actor, {
      customerId: customer.id,
      invoiceId: invoice.id,
      issuedOn: '2026-01-15',
      lines: [{ description: 'Damaged', quantity: '1', unitPrice: '30.00' }],
    });
    expect(note.number).toBe('CN-000001');
    expect(note.applied_minor).toBe(3000n);
    await expect(
      createCreditNote(database, actor, {
        customerId: customer.id,
        invoiceId: invoice.id,
        lines: [{ description: 'Too much', quantity: '1', unitPrice: '70.01' }],
      }),
    ).rejects.toMatchObject({ code: 'credit_exceeds_open_balance' });
    const writeOff = await writeOffInvoice(database, actor, invoice.id, {
      reason: 'bad_debt',
      writtenOffOn: '2026-06-30',
    });
    expect(writeOff.amountMinor).toBe(7000n);
    expect((await findInvoice(database.db, actor.orgId, invoice.id))!.status).toBe('written_off');

    const standalone = await createCreditNote(database, actor, {
      customerId: customer.id,
      issuedOn: '2026-02-01',
      lines: [{ description: 'Goodwill', quantity: '1', unitPrice: '25.00' }],
    });
    const refund = await refundUnapplied(database, actor, {
      sourceType: 'credit_note',
      sourceId: standalone.id,
      amount: '10.00',
      refundedOn: '2026-02-02',
    });
    expect(refund.amountMinor).toBe(1000n);
    await expect(
      refundUnapplied(database, actor, {
        sourceType: 'credit_note',
        sourceId: standalone.id,
        amount: '15.01',
      }),
    ).rejects.toMatchObject({ code: 'refund_exceeds_unapplied' });
    const balance = await expectTiesOut(actor);
    expect(balance.currencies[0]!.unappliedCreditMinor).toBe(1500n);
  });
});

describe('idempotency', () => {
  it('returns the first result for a retried key and refuses the key with other input', async () => {
    const { actor } = await newOrganization(database);
    const customer = await newCustomer(database, actor);
    const input = { customerId: customer.id, amount: '10.00', receivedOn: '2026-01-20' };
    const first = await recordPayment(database, actor, input, { idempotencyKey: 'key-1' });
    const again = await recordPayment(database, actor, input, { idempotencyKey: 'key-1' });
    expect(again.id).toBe(first.id);
    expect(again.amount_minor).toBe(1000n);
    await expect(
      recordPayment(database, actor, { ...input, amount: '11.00' }, { idempotencyKey: 'key-1' }),
    ).rejects.toMatchObject({
      code: 'idempotency_key_reused',
    });
    const payments = await database.db
      .selectFrom('payments')
      .select('id')
      .where('org_id', '=', actor.orgId)
      .execute();
    expect(payments).toHaveLength(1);
  });
});

describe('immutability', () => {
  it('has the database refuse changes to posted rows', async () => {
    const { actor } = await newOrganization(database);
    const customer = await newCustomer(database, actor);
    const invoice = await issued(actor, customer.id, '100.00');
    const payment = await recordPayment(database, actor, {
      customerId: customer.id,
      amount: '10.00',
      receivedOn: '2026-01-20',
    });
    await expect(
      database.db
        .updateTable('payments')
        .set({ amount_minor: 1n })
        .where('org_id', '=', actor.orgId)
        .where('id', '=', payment.id)
        .execute(),
    ).rejects.toThrow(/immutable/);
    await expect(
      database.db
        .updateTable('invoices')
        .set({ total_minor: 1n, subtotal_minor: 1n })
        .where('org_id', '=', actor.orgId)
        .where('id', '=', invoice.id)
        .execute(),
    ).rejects.toThrow(/immutable/);
    await expect(
      database.db.deleteFrom('journal_lines').where('org_id', '=', actor.orgId).execute(),
    ).rejects.toThrow(/immutable/);
  });
});
