// Proves cash application end to end on a real database: a statement's lines that name their
// invoices are applied as payments (reference = the bank's, origin bank) and the invoices paid;
// a line only a name points to posts nothing and waits for a person with its proposals; an
// account learned from a reference-backed application identifies the payer next time; and a
// person paying the same invoice a moment before the engine leaves the engine's line in review,
// never over-applying the invoice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importBankFile } from '../../src/banking/import-bank-file.service.js';
import { applyBankLine } from '../../src/banking/apply-bank-line.service.js';
import { matchBankLines } from '../../src/banking/match-bank-lines.service.js';
import { undoBankLine } from '../../src/banking/undo-bank-line.service.js';
import type { Actor } from '../../src/core/actor.js';
import { recordPayment } from '../../src/payments/record-payment.service.js';
import type { Database } from '../../src/platform/db/database.js';
import { issuedInvoiceDue, newOrganization } from '../support/organization.js';
import { camt, type CamtEntry } from '../support/camt.js';
import { openTestDatabase } from '../support/test-database.js';
import { createCustomer } from '../../src/customers/create-customer.service.js';
import { todayNoEarlierThan } from '../support/clock.js';

// The statement is dated 2026-11-02; payments cannot be dated after today.
todayNoEarlierThan('2026-11-30');

let database: Database;

beforeAll(async () => {
  database = await openTestDatabase();
});

afterAll(async () => {
  await database?.close();
});

/** A statement of the payers' transfers, every one named by payer and account. */
function camtOf(id: string, entries: (CamtEntry & { payer: string; account: string })[]): string {
  return camt(
    '053',
    id,
    entries.map(({ account, ...entry }) => ({ ...entry, payerAccount: account })),
  );
}

interface Book {
  actor: Actor;
  acme: string;
  beta: string;
  invoices: Record<string, { id: string; number: string }>;
}

async function book(): Promise<Book> {
  const { actor } = await newOrganization(database);
  const acme = (
    await createCustomer(database, actor, {
      ref: 'C-ACME',
      name: 'Acme GmbH',
      currency: 'EUR',
      terms: 'NET30',
    })
  ).id;
  const beta = (
    await createCustomer(database, actor, {
      ref: 'C-BETA',
      name: 'Beta SARL',
      currency: 'EUR',
      terms: 'NET30',
    })
  ).id;
  const invoices: Book['invoices'] = {};
  for (const [key, customerId, amount] of [
    ['a1', acme, '1200.00'],
    ['a2', acme, '300.50'],
    ['b1', beta, '450.00'],
  ] as const) {
    const created = await issuedInvoiceDue(
      database,
      actor,
      customerId,
      { issuedOn: '2026-10-01', dueOn: '2026-10-31' },
      amount,
    );
    invoices[key] = { id: created.id, number: created.number! };
  }
  return { actor, acme, beta, invoices };
}

async function openOf(actor: Actor, invoiceId: string): Promise<bigint> {
  const row = await database.db
    .selectFrom('invoices')
    .select('open_minor')
    .where('org_id', '=', actor.orgId)
    .where('id', '=', invoiceId)
    .executeTakeFirstOrThrow();
  return row.open_minor;
}

async function linesOf(actor: Actor) {
  return database.db
    .selectFrom('bank_lines')
    .select(['id', 'ref', 'state', 'payment_id'])
    .where('org_id', '=', actor.orgId)
    .orderBy('ref')
    .execute();
}

describe('matching a statement', () => {
  it('applies what names its invoices, leaves the rest to a person, and learns the account', async () => {
    const { actor, acme, invoices } = await book();
    await importBankFile(database, actor, {
      text: camtOf('S-1', [
        {
          ref: 'B-1',
          amount: '1500.50',
          text: `Invoices ${invoices.a1!.number}, ${invoices.a2!.number}`,
          payer: 'ACME GMBH',
          account: 'DE02120300000000202051',
        },
        {
          ref: 'B-2',
          amount: '450.00',
          text: 'thank you',
          payer: 'Beta S.A.R.L.',
          account: 'FR7630006000011234567890189',
        },
      ]),
    });
    const run = await matchBankLines(database, actor, { autoApply: true });
    expect(run.outcomes.map((outcome) => outcome.outcome).sort()).toEqual(['applied', 'review']);

    expect(await openOf(actor, invoices.a1!.id)).toBe(0n);
    expect(await openOf(actor, invoices.a2!.id)).toBe(0n);
    // The line a name alone points to posts nothing.
    expect(await openOf(actor, invoices.b1!.id)).toBe(45_000n);
    const lines = await linesOf(actor);
    expect(lines.map((line) => [line.ref, line.state])).toEqual([
      ['B-1', 'applied'],
      ['B-2', 'review'],
    ]);
    const payment = await database.db
      .selectFrom('payments')
      .select(['customer_id', 'amount_minor', 'reference', 'origin', 'method', 'received_on'])
      .where('org_id', '=', actor.orgId)
      .executeTakeFirstOrThrow();
    expect(payment).toEqual({
      customer_id: acme,
      amount_minor: 150_050n,
      reference: 'B-1',
      origin: 'bank',
      method: 'bank_transfer',
      received_on: '2026-11-02',
    });
    const review = run.outcomes.find((outcome) => outcome.outcome === 'review')!;
    expect(review.proposals[0]).toMatchObject({ basis: 'weak' });

    // The account that paid on a reference now identifies Acme alone.
    const learned = await database.db
      .selectFrom('bank_payer_accounts')
      .select(['account', 'customer_id'])
      .where('org_id', '=', actor.orgId)
      .execute();
    expect(learned).toEqual([{ account: 'DE02120300000000202051', customer_id: acme }]);

    const next = await issuedInvoiceDue(
      database,
      actor,
      acme,
      { issuedOn: '2026-10-05', dueOn: '2026-11-04' },
      '77.70',
    );
    await importBankFile(database, actor, {
      text: camtOf('S-2', [
        {
          ref: 'B-3',
          amount: '77.70',
          text: 'Zahlung',
          payer: 'Acme',
          account: 'DE02120300000000202051',
        },
      ]),
    });
    const second = await matchBankLines(database, actor, { autoApply: true });
    const applied = second.outcomes.find((outcome) => outcome.outcome === 'applied')!;
    expect(applied.proposals[0]).toMatchObject({ basis: 'payer', customerId: acme });
    expect(await openOf(actor, next.id)).toBe(0n);

    const audit = await database.db
      .selectFrom('audit_events')
      .select('action')
      .where('org_id', '=', actor.orgId)
      .where('action', '=', 'bank_line.applied')
      .execute();
    expect(audit).toHaveLength(2);
  });

  it('without auto-apply, posts nothing and keeps the sure proposal for a person', async () => {
    const { actor, invoices } = await book();
    await importBankFile(database, actor, {
      text: camtOf('S-3', [
        {
          ref: 'B-9',
          amount: '1200.00',
          text: invoices.a1!.number,
          payer: 'Acme',
          account: 'DE02120300000000202051',
        },
      ]),
    });
    const run = await matchBankLines(database, actor, { autoApply: false });
    expect(run.outcomes.map((outcome) => outcome.outcome)).toEqual(['review']);
    expect(await openOf(actor, invoices.a1!.id)).toBe(120_000n);
    const proposals = await database.db
      .selectFrom('bank_matches')
      .select(['state', 'basis', 'rank'])
      .where('org_id', '=', actor.orgId)
      .execute();
    expect(proposals).toEqual([{ state: 'proposed', basis: 'reference', rank: 1 }]);
  });

  it('never over-applies an invoice a person paid a moment before the engine', async () => {
    const { actor, acme, invoices } = await book();
    await importBankFile(database, actor, {
      text: camtOf('S-4', [
        {
          ref: 'B-5',
          amount: '1200.00',
          text: invoices.a1!.number,
          payer: 'Acme',
          account: 'DE02120300000000202051',
        },
      ]),
    });
    // Both at once: whichever locks the invoice first pays it; the other must not over-apply.
    const [person, engine] = await Promise.allSettled([
      recordPayment(database, actor, {
        customerId: acme,
        amount: '1200.00',
        receivedOn: '2026-11-02',
        applications: [{ invoiceId: invoices.a1!.id, amount: '1200.00' }],
      }),
      matchBankLines(database, actor, { autoApply: true }),
    ]);
    expect(await openOf(actor, invoices.a1!.id)).toBe(0n);
    const applied = await database.db
      .selectFrom('applications')
      .select((eb) => eb.fn.sum<string>('amount_minor').as('sum'))
      .where('org_id', '=', actor.orgId)
      .where('invoice_id', '=', invoices.a1!.id)
      .executeTakeFirstOrThrow();
    expect(BigInt(applied.sum)).toBe(120_000n);
    // Exactly one of them paid it.
    const engineApplied =
      engine.status === 'fulfilled' && engine.value.outcomes[0]!.outcome === 'applied';
    const personPaid = person.status === 'fulfilled';
    expect([engineApplied, personPaid].filter(Boolean)).toHaveLength(1);
    if (!engineApplied) {
      expect((await linesOf(actor))[0]!.state).toBe('review');
    }
  });

  it('decides a long statement in chunks, posting each while deciding the next, and pays an invoice once', async () => {
    const { actor, invoices } = await book();
    // More lines than one chunk decides (1,000): the invoice paid twice is paid in the first and
    // again in the second, and another invoice is paid in the second alone.
    const byAcme = (ref: string, amount: string, text: string, date = '2026-11-02') => ({
      ref,
      amount,
      text,
      payer: 'Acme',
      account: 'DE02120300000000202051',
      date,
    });
    const entries = Array.from({ length: 1_100 }, (_, at) => {
      const ref = `B-${String(at + 1).padStart(4, '0')}`;
      if (at === 0) return byAcme(ref, '1200.00', invoices.a1!.number);
      if (at === 1_099) return byAcme(ref, '1200.00', invoices.a1!.number, '2026-11-03');
      if (at === 1_049) return byAcme(ref, '300.50', invoices.a2!.number);
      return {
        ref,
        amount: `${at + 1}.00`,
        text: 'thank you',
        payer: `Payer ${at + 1}`,
        account: 'DE44500105175407324931',
      };
    });
    await importBankFile(database, actor, { text: camtOf('S-long', entries) });
    const run = await matchBankLines(database, actor, { autoApply: true });
    expect(run.outcomes).toHaveLength(1_100);
    const lines = new Map((await linesOf(actor)).map((line) => [line.ref, line]));
    const outcomeOf = (ref: string) =>
      run.outcomes.find((outcome) => outcome.lineId === lines.get(ref)!.id)!;
    // Lines go in the order the money came in: the first payment of a1 is applied in the first
    // chunk, and the second, decided in the next while the first was posted, waits for a person.
    expect(outcomeOf('B-0001').outcome).toBe('applied');
    expect(outcomeOf('B-1100')).toMatchObject({
      outcome: 'review',
      reason: `Invoice ${invoices.a1!.number} is paid.`,
    });
    expect(outcomeOf('B-1050').outcome).toBe('applied');
    expect(run.outcomes.filter((outcome) => outcome.outcome === 'applied')).toHaveLength(2);
    expect(await openOf(actor, invoices.a1!.id)).toBe(0n);
    expect(await openOf(actor, invoices.a2!.id)).toBe(0n);
    const applied = await database.db
      .selectFrom('applications')
      .select((eb) => eb.fn.sum<string>('amount_minor').as('sum'))
      .where('org_id', '=', actor.orgId)
      .executeTakeFirstOrThrow();
    expect(BigInt(applied.sum)).toBe(150_050n);
    expect([...lines.values()].filter((line) => line.state === 'applied')).toHaveLength(2);
  });

  it('lets a person apply a line in review, undo it, and never be offered that invoice again', async () => {
    const { actor, beta, invoices } = await book();
    await importBankFile(database, actor, {
      text: camtOf('S-5', [
        {
          ref: 'B-7',
          amount: '450.00',
          text: 'merci',
          payer: 'B. Logistique',
          account: 'FR7630006000011234567890189',
        },
      ]),
    });
    const run = await matchBankLines(database, actor, { autoApply: true });
    expect(run.outcomes[0]!.outcome).toBe('review');
    const lineId = run.outcomes[0]!.lineId;

    const applied = await applyBankLine(database, actor, lineId, {
      customerId: beta,
      allocations: [{ invoiceId: invoices.b1!.id, amount: '450.00' }],
    });
    expect(await openOf(actor, invoices.b1!.id)).toBe(0n);
    expect((await linesOf(actor))[0]).toMatchObject({
      state: 'applied',
      payment_id: applied.paymentId,
    });
    const learnedName = await database.db
      .selectFrom('bank_payer_names')
      .select(['name', 'customer_id'])
      .where('org_id', '=', actor.orgId)
      .execute();
    expect(learnedName).toEqual([{ name: 'B. Logistique', customer_id: beta }]);
    await expect(
      applyBankLine(database, actor, lineId, { customerId: beta, allocations: [] }),
    ).rejects.toMatchObject({ code: 'bank_line_not_open' });

    await undoBankLine(database, actor, lineId, { reason: 'wrong customer' });
    expect(await openOf(actor, invoices.b1!.id)).toBe(45_000n);
    expect((await linesOf(actor))[0]).toMatchObject({ state: 'review', payment_id: null });
    const reversal = await database.db
      .selectFrom('payment_reversals')
      .select(['payment_id', 'reason'])
      .where('org_id', '=', actor.orgId)
      .execute();
    expect(reversal).toEqual([{ payment_id: applied.paymentId, reason: 'wrong customer' }]);
    const again = await matchBankLines(database, actor, { autoApply: true });
    const offered = again.outcomes[0]!.proposals.flatMap((p) =>
      p.allocations.map((a) => a.invoiceId),
    );
    expect(offered).not.toContain(invoices.b1!.id);
    expect(again.outcomes[0]!.outcome).toBe('review');
  });
});
