// Proves the collections run: each unpaid invoice gets the step its policy reaches on the day, one
// message per customer lists every invoice that reached a step with the customer's open credit,
// running the same day again or catching up after days without a run never does a step twice,
// pauses hold follow-up, and late fees are charged once per invoice and period.
import QRCode from 'qrcode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/core/actor.js';
import type { CalendarDate } from '../../src/core/calendar-date.js';
import { createCustomer } from '../../src/customers/create-customer.service.js';
import { placeInvoices } from '../../src/agency/manage-placements.service.js';
import { createPlan } from '../../src/commitments/manage-payment-plans.service.js';
import { createPolicy } from '../../src/dunning/manage-policies.service.js';
import { updateCustomerCollections } from '../../src/dunning/customer-collections.service.js';
import { getTaskLetter } from '../../src/dunning/get-task-letter.service.js';
import { getOutboxMessage } from '../../src/messaging/deliver-outbox.service.js';
import { runCollections } from '../../src/dunning/run-collections.service.js';
import {
  setLogo,
  updateSellerDetails,
} from '../../src/organizations/manage-seller-details.service.js';
import { recordPayment } from '../../src/payments/record-payment.service.js';
import type { Database } from '../../src/platform/db/database.js';
import { customerSentALetter, issuedInvoiceDue, newOrganization } from '../support/organization.js';
import { pdfImageCount, pdfPagesText } from '../support/pdf.js';
import { openTestDatabase } from '../support/test-database.js';
import { onDay, todayNoEarlierThan } from '../support/clock.js';

const postOffice = {
  ref: 'POST',
  name: 'Post Office Ltd',
  currency: 'EUR',
  terms: 'NET30',
  billingAddress: { line1: '1 Harbour Road', city: 'Cork', postalCode: 'T12 X70A', country: 'IE' },
};

// The book below lies on fixed dates up to late 2026, and money is posted about it "today".
todayNoEarlierThan('2026-12-05');

let database: Database;

beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

const day = (text: string) => text as CalendarDate;

async function customerWithContact(actor: Actor, ref: string) {
  return createCustomer(database, actor, {
    ref,
    name: `Customer ${ref}`,
    currency: 'EUR',
    terms: 'NET30',
    contacts: [
      {
        name: 'Billing Desk',
        email: `billing-${ref.toLowerCase()}@example.test`,
        role: 'billing',
        receivesReminders: true,
      },
      {
        name: 'Payables Team',
        email: `ap-${ref.toLowerCase()}@example.test`,
        role: 'accounts_payable',
        receivesReminders: true,
      },
      {
        name: 'Sales Contact',
        email: `sales-${ref.toLowerCase()}@example.test`,
        role: 'primary',
        receivesReminders: false,
      },
    ],
  });
}

async function outbox(orgId: string) {
  return database.db
    .selectFrom('outbox_messages')
    .select([
      'id',
      'customer_id',
      'kind',
      'template_key',
      'to_addresses',
      'subject',
      'body_text',
      'invoice_ids',
      'attachments',
    ])
    .where('org_id', '=', orgId)
    .orderBy('created_at')
    .execute();
}

async function steps(orgId: string) {
  return database.db
    .selectFrom('collection_steps')
    .innerJoin('invoices', (join) =>
      join
        .onRef('invoices.org_id', '=', 'collection_steps.org_id')
        .onRef('invoices.id', '=', 'collection_steps.invoice_id'),
    )
    .select([
      'invoices.number',
      'collection_steps.step_key',
      'collection_steps.outcome',
      'collection_steps.done_on',
    ])
    .where('collection_steps.org_id', '=', orgId)
    .orderBy('invoices.number')
    .orderBy('collection_steps.done_on')
    .orderBy('collection_steps.step_key')
    .execute();
}

describe('the collections run', () => {
  it('sends one reminder per customer listing every invoice that reached a step, to the reminder contacts, accounts payable first', async () => {
    const { actor } = await newOrganization(database);
    const customer = await customerWithContact(actor, 'ACME');
    const first = await issuedInvoiceDue(
      database,
      actor,
      customer.id,
      { issuedOn: '2026-05-01', dueOn: '2026-05-31' },
      '1000.00',
    );
    const second = await issuedInvoiceDue(
      database,
      actor,
      customer.id,
      { issuedOn: '2026-05-20', dueOn: '2026-06-03' },
      '250.00',
    );
    // Standard policy: a reminder 3 days before due. On 2026-05-31 the first is due (step "due"),
    // the second is 3 days from due (step "before-due").
    const result = await onDay('2026-05-31', () =>
      runCollections(database, actor, { today: day('2026-05-31'), triggeredBy: 'api' }),
    );
    expect(result.summary.reminders).toBe(1);
    expect(result.description).toBe('1 reminder');
    expect(result.actions).toEqual([
      { customerRef: 'ACME', step: 'before-due', action: 'email', invoices: [second.number] },
      { customerRef: 'ACME', step: 'due', action: 'email', invoices: [first.number] },
    ]);
    const messages = await outbox(actor.orgId);
    expect(messages).toHaveLength(1);
    expect(messages[0]!.to_addresses).toEqual([
      'ap-acme@example.test',
      'billing-acme@example.test',
    ]);
    expect(messages[0]!.template_key).toBe('reminder_due');
    // The run stores the subject; the bodies are rendered when the message is read or sent.
    expect(messages[0]!.body_text).toBeNull();
    const shown = await getOutboxMessage(database, actor, messages[0]!.id);
    expect(shown.subject).toBe(messages[0]!.subject);
    expect(shown.bodyText).toContain(first.number!);
    expect(shown.bodyText).toContain(second.number!);
    expect([...messages[0]!.invoice_ids].sort()).toEqual([first.id, second.id].sort());
    // The reminder carries the PDF of each invoice it lists, rendered when it is delivered.
    expect(messages[0]!.attachments).toEqual(
      [first, second].map((invoice) => ({
        document_id: null,
        renders: { source_type: 'invoice', source_id: invoice.id, format: 'pdf' },
        file_name: `${invoice.number}.pdf`,
        content_type: 'application/pdf',
      })),
    );
  });

  it('does nothing the second time on the same day', async () => {
    const { actor } = await newOrganization(database);
    const customer = await customerWithContact(actor, 'TWICE');
    await issuedInvoiceDue(
      database,
      actor,
      customer.id,
      { issuedOn: '2026-05-01', dueOn: '2026-05-31' },
      '100.00',
    );
    const once = await onDay('2026-06-07', () =>
      runCollections(database, actor, { today: day('2026-06-07'), triggeredBy: 'api' }),
    );
    const again = await onDay('2026-06-07', () =>
      runCollections(database, actor, { today: day('2026-06-07'), triggeredBy: 'api' }),
    );
    expect(once.summary.reminders).toBe(1);
    expect(again.summary).toMatchObject({ customers: 0, invoices: 0, reminders: 0 });
    expect(again.description).toBe('nothing to do');
    expect(await outbox(actor.orgId)).toHaveLength(1);
  });

  it('does each step once when two runs of the same day overlap, such as the scheduler and a collector', async () => {
    const { actor } = await newOrganization(database);
    for (const ref of ['BOTH-A', 'BOTH-B', 'BOTH-C']) {
      const customer = await customerWithContact(actor, ref);
      for (const dueOn of ['2026-05-31', '2026-05-20'])
        await issuedInvoiceDue(
          database,
          actor,
          customer.id,
          { issuedOn: '2026-05-01', dueOn },
          '100.00',
        );
    }
    // On the embedded database the two runs' transactions take turns, so the second to write has
    // read before the first wrote: its slice is refused by the steps done and read again (the
    // test fails on PGlite without that). On PostgreSQL which run reads first varies.
    const runs = await onDay('2026-06-07', () =>
      Promise.all([
        runCollections(database, actor, { today: day('2026-06-07'), triggeredBy: 'scheduler' }),
        runCollections(database, actor, { today: day('2026-06-07'), triggeredBy: 'cli' }),
      ]),
    );
    expect(runs.map((run) => run.summary.invoices).sort()).toEqual([0, 6]);
    expect(runs.map((run) => run.messagesQueued).sort()).toEqual([0, 3]);
    const done = await steps(actor.orgId);
    expect(done).toHaveLength(6);
    expect(new Set(done.map((step) => step.number)).size).toBe(6);
    const messages = await outbox(actor.orgId);
    expect(messages.map((message) => message.customer_id).sort()).toEqual(
      [...new Set(messages.map((message) => message.customer_id))].sort(),
    );
    expect(messages).toHaveLength(3);
  });

  it('catches up after days without a run with the latest step only, never sending the ones passed', async () => {
    const { actor } = await newOrganization(database);
    const customer = await customerWithContact(actor, 'LATE');
    const invoice = await issuedInvoiceDue(
      database,
      actor,
      customer.id,
      { issuedOn: '2026-05-01', dueOn: '2026-05-31' },
      '100.00',
    );
    await onDay('2026-05-28', () =>
      runCollections(database, actor, { today: day('2026-05-28'), triggeredBy: 'scheduler' }),
    );
    // Down from 2026-05-29 to 2026-06-09: the "due" (05-31) and "overdue-7" (06-07) days passed.
    const back = await onDay('2026-06-10', () =>
      runCollections(database, actor, { today: day('2026-06-10'), triggeredBy: 'scheduler' }),
    );
    expect(back.actions).toEqual([
      { customerRef: 'LATE', step: 'overdue-7', action: 'email', invoices: [invoice.number] },
    ]);
    expect(back.summary.skippedSteps).toBe(1);
    expect(await steps(actor.orgId)).toEqual([
      { number: invoice.number, step_key: 'before-due', outcome: 'fired', done_on: '2026-05-28' },
      { number: invoice.number, step_key: 'overdue-7', outcome: 'fired', done_on: '2026-06-10' },
    ]);
    // The "due" step passed while the server was down; it never goes out late.
    expect(
      (
        await onDay('2026-06-11', () =>
          runCollections(database, actor, { today: day('2026-06-11'), triggeredBy: 'scheduler' }),
        )
      ).summary.invoices,
    ).toBe(0);
    expect(await outbox(actor.orgId)).toHaveLength(2);
  });

  it('previews a day without writing anything', async () => {
    const { actor } = await newOrganization(database);
    const customer = await customerWithContact(actor, 'PEEK');
    const invoice = await issuedInvoiceDue(
      database,
      actor,
      customer.id,
      { issuedOn: '2026-05-01', dueOn: '2026-05-31' },
      '100.00',
    );
    const preview = await runCollections(database, actor, {
      today: day('2026-06-21'),
      dryRun: true,
      triggeredBy: 'api',
    });
    expect(preview.runId).toBeNull();
    expect(preview.actions).toEqual([
      { customerRef: 'PEEK', step: 'call-21', action: 'task', invoices: [invoice.number] },
    ]);
    expect(preview.description).toBe('1 call');
    expect(await steps(actor.orgId)).toEqual([]);
    const tasks = await database.db
      .selectFrom('collection_tasks')
      .select('id')
      .where('org_id', '=', actor.orgId)
      .execute();
    expect(tasks).toEqual([]);
    // Another day than today is a preview only: a real run for it is refused, naming the date.
    await expect(
      runCollections(database, actor, { today: day('2026-06-21'), triggeredBy: 'api' }),
    ).rejects.toMatchObject({ code: 'run_date_not_today', field: 'date' });
    expect(await steps(actor.orgId)).toEqual([]);
  });

  it('leaves a paused customer alone until the day it resumes, and a disputed invoice while the dispute is open', async () => {
    const { actor } = await newOrganization(database);
    const paused = await customerWithContact(actor, 'PAUSED');
    await issuedInvoiceDue(
      database,
      actor,
      paused.id,
      { issuedOn: '2026-05-01', dueOn: '2026-05-31' },
      '100.00',
    );
    await updateCustomerCollections(database, actor, paused.id, {
      paused: true,
      pausedUntil: '2026-06-10',
      pauseReason: 'Owner on leave',
    });
    const disputedCustomer = await customerWithContact(actor, 'DISPUTE');
    const disputed = await issuedInvoiceDue(
      database,
      actor,
      disputedCustomer.id,
      { issuedOn: '2026-05-01', dueOn: '2026-05-31' },
      '100.00',
    );
    await database.db
      .insertInto('disputes')
      .values({
        org_id: actor.orgId,
        id: '01900000-0000-7000-8000-000000000001',
        customer_id: disputedCustomer.id,
        invoice_id: disputed.id,
        reason: 'pricing',
        opened_on: '2026-05-20',
      })
      .execute();
    expect(
      (
        await onDay('2026-06-07', () =>
          runCollections(database, actor, { today: day('2026-06-07'), triggeredBy: 'api' }),
        )
      ).summary.customers,
    ).toBe(0);
    const resumed = await onDay('2026-06-10', () =>
      runCollections(database, actor, { today: day('2026-06-10'), triggeredBy: 'api' }),
    );
    expect(resumed.actions.map((action) => action.customerRef)).toEqual(['PAUSED']);
  });

  it('follows up the undisputed part of an invoice disputed in part, and leaves it once the whole open balance is disputed', async () => {
    const { actor } = await newOrganization(database);
    const customer = await customerWithContact(actor, 'PART');
    const invoice = await issuedInvoiceDue(
      database,
      actor,
      customer.id,
      { issuedOn: '2026-05-01', dueOn: '2026-05-31' },
      '100.00',
    );
    const dispute = (id: string, amountMinor: bigint) =>
      database.db
        .insertInto('disputes')
        .values({
          org_id: actor.orgId,
          id,
          customer_id: customer.id,
          invoice_id: invoice.id,
          amount_minor: amountMinor,
          reason: 'quantity',
          opened_on: '2026-05-20',
        })
        .execute();
    await dispute('01900000-0000-7000-8000-000000000011', 4_000n);
    const preview = await runCollections(database, actor, {
      today: day('2026-06-07'),
      dryRun: true,
      triggeredBy: 'api',
    });
    expect(preview.actions.map((action) => [action.customerRef, action.invoices])).toEqual([
      ['PART', [invoice.number]],
    ]);
    // A second dispute takes the rest: nothing undisputed is left to follow up.
    await dispute('01900000-0000-7000-8000-000000000012', 6_000n);
    expect(
      (
        await runCollections(database, actor, {
          today: day('2026-06-07'),
          dryRun: true,
          triggeredBy: 'api',
        })
      ).actions,
    ).toEqual([]);
  });

  it('pauses the invoices a promise covers and resumes them once it is broken', async () => {
    const { actor } = await newOrganization(database);
    const customer = await customerWithContact(actor, 'PROMISE');
    await issuedInvoiceDue(
      database,
      actor,
      customer.id,
      { issuedOn: '2026-05-01', dueOn: '2026-05-31' },
      '100.00',
    );
    await database.db
      .insertInto('promises')
      .values({
        org_id: actor.orgId,
        id: '01900000-0000-7000-8000-000000000002',
        customer_id: customer.id,
        amount_minor: 10_000n,
        currency: 'EUR',
        promised_on: '2026-06-05',
        made_on: '2026-06-01',
      })
      .execute();
    expect(
      (
        await onDay('2026-06-03', () =>
          runCollections(database, actor, { today: day('2026-06-03'), triggeredBy: 'api' }),
        )
      ).summary.customers,
    ).toBe(0);
    // Nothing arrived by 2026-06-05 and the grace has passed: the promise is broken, follow-up resumes.
    const after = await onDay('2026-06-10', () =>
      runCollections(database, actor, { today: day('2026-06-10'), triggeredBy: 'api' }),
    );
    expect(after.commitments?.promisesBroken).toBe(1);
    expect(after.actions.map((action) => action.step)).toEqual(['overdue-7']);
  });

  it('leaves alone the invoices a payment plan, a promise or an agency holds, and the account a promise covers whole', async () => {
    const { actor } = await newOrganization(database);
    const held = await customerWithContact(actor, 'HELD');
    const invoices: Record<string, { id: string; number: string | null }> = {};
    for (const name of ['planned', 'promised', 'placed', 'free'])
      invoices[name] = await issuedInvoiceDue(
        database,
        actor,
        held.id,
        { issuedOn: '2026-05-01', dueOn: '2026-05-31' },
        '100.00',
      );
    const whole = await customerWithContact(actor, 'WHOLE');
    await issuedInvoiceDue(
      database,
      actor,
      whole.id,
      { issuedOn: '2026-05-01', dueOn: '2026-05-31' },
      '100.00',
    );
    await onDay('2026-06-06', async () => {
      await createPlan(database, actor, {
        customerId: held.id,
        invoiceIds: [invoices.planned!.id],
        installmentCount: 2,
        firstDueOn: '2026-06-15',
        everyDays: 30,
      });
      await placeInvoices(database, actor, {
        customerId: held.id,
        agency: 'Debt Recovery Partners',
        commissionPercent: '25',
        placedOn: '2026-06-06',
        invoiceIds: [invoices.placed!.id],
      });
    });
    await database.db
      .insertInto('promises')
      .values([
        {
          org_id: actor.orgId,
          id: '01900000-0000-7000-8000-000000000011',
          customer_id: held.id,
          amount_minor: 10_000n,
          currency: 'EUR',
          promised_on: '2026-06-20',
          made_on: '2026-06-06',
          invoice_ids: [invoices.promised!.id],
        },
        {
          org_id: actor.orgId,
          id: '01900000-0000-7000-8000-000000000012',
          customer_id: whole.id,
          amount_minor: 10_000n,
          currency: 'EUR',
          promised_on: '2026-06-20',
          made_on: '2026-06-06',
        },
      ])
      .execute();
    const preview = await onDay('2026-06-07', () =>
      runCollections(database, actor, {
        today: day('2026-06-07'),
        dryRun: true,
        triggeredBy: 'api',
      }),
    );
    expect(
      preview.actions.map((action) => [action.customerRef, action.step, action.invoices]),
    ).toEqual([['HELD', 'overdue-7', [invoices.free!.number]]]);
    // The customer with a promise on one invoice is known to have one: the policy may say so.
    expect(preview.summary.customers).toBe(1);
  });

  it('charges interest once per period and a fixed fee once per invoice, on one late-fee invoice per customer', async () => {
    const { actor } = await newOrganization(database);
    const policy = await createPolicy(database, actor, {
      name: 'Fees',
      steps: [
        {
          key: 'fee',
          offset_days: 15,
          action: { type: 'late_fee', charge: { kind: 'monthly_interest', percent: '1.5' } },
        },
        {
          key: 'fee-again',
          offset_days: 45,
          action: { type: 'late_fee', charge: { kind: 'monthly_interest', percent: '1.5' } },
        },
        {
          key: 'fixed',
          offset_days: 46,
          action: { type: 'late_fee', charge: { kind: 'fixed', amount: '40' } },
        },
      ],
    });
    const customer = await customerWithContact(actor, 'FEES');
    await updateCustomerCollections(database, actor, customer.id, { policyId: policy.id });
    const invoice = await issuedInvoiceDue(
      database,
      actor,
      customer.id,
      { issuedOn: '2026-05-01', dueOn: '2026-05-31' },
      '1000.00',
    );
    const feeInvoices = async () =>
      database.db
        .selectFrom('invoices')
        .select(['number', 'total_minor', 'due_on', 'kind'])
        .where('org_id', '=', actor.orgId)
        .where('kind', '=', 'late_fee')
        .orderBy('number')
        .execute();
    await onDay('2026-06-15', () =>
      runCollections(database, actor, { today: day('2026-06-15'), triggeredBy: 'api' }),
    );
    await onDay('2026-06-15', () =>
      runCollections(database, actor, { today: day('2026-06-15'), triggeredBy: 'api' }),
    );
    // 1,000.00 at 18 % a year for the 15 days from 06-01 to 06-15: 100000 × 0.18 × 15 / 365 = 739.73 → 7.40.
    expect(await feeInvoices()).toEqual([
      { number: expect.any(String), total_minor: 740n, due_on: '2026-06-15', kind: 'late_fee' },
    ]);
    // Half paid on 06-20; on 07-15 the next step charges 06-16 to 07-15 (30 days) on the 500.00 still open: 739.73 → 7.40.
    await recordPayment(database, actor, {
      customerId: customer.id,
      amount: '500.00',
      receivedOn: '2026-06-20',
      applications: [{ invoiceId: invoice.id, amount: '500.00' }],
    });
    await onDay('2026-07-15', () =>
      runCollections(database, actor, { today: day('2026-07-15'), triggeredBy: 'api' }),
    );
    await onDay('2026-07-16', () =>
      runCollections(database, actor, { today: day('2026-07-16'), triggeredBy: 'api' }),
    );
    const fees = await feeInvoices();
    expect(fees.map((fee) => fee.total_minor)).toEqual([740n, 740n, 4_000n]);
    const charges = await database.db
      .selectFrom('late_charges')
      .select(['kind', 'amount_minor', 'period_from', 'period_through'])
      .where('org_id', '=', actor.orgId)
      .orderBy('created_at')
      .execute();
    expect(charges).toEqual([
      {
        kind: 'interest',
        amount_minor: 740n,
        period_from: '2026-06-01',
        period_through: '2026-06-15',
      },
      {
        kind: 'interest',
        amount_minor: 740n,
        period_from: '2026-06-16',
        period_through: '2026-07-15',
      },
      { kind: 'fee', amount_minor: 4_000n, period_from: null, period_through: null },
    ]);
  });

  it('creates a call task for the collector and puts the customer on credit hold when the policy says so', async () => {
    const { actor } = await newOrganization(database);
    const customer = await customerWithContact(actor, 'HOLD');
    await issuedInvoiceDue(
      database,
      actor,
      customer.id,
      { issuedOn: '2026-04-01', dueOn: '2026-04-30' },
      '100.00',
    );
    const run = await onDay('2026-05-21', () =>
      runCollections(database, actor, { today: day('2026-05-21'), triggeredBy: 'api' }),
    );
    const tasks = await database.db
      .selectFrom('collection_tasks')
      .select([
        'kind',
        'due_on',
        'source',
        'status',
        'run_id',
        'document_id',
        'notes',
        'created_by',
      ])
      .where('org_id', '=', actor.orgId)
      .execute();
    expect(tasks).toEqual([
      {
        kind: 'call',
        due_on: '2026-05-21',
        source: 'policy',
        status: 'open',
        run_id: run.runId,
        document_id: null,
        notes: null,
        created_by: null,
      },
    ]);
    const held = await onDay('2026-06-14', () =>
      runCollections(database, actor, { today: day('2026-06-14'), triggeredBy: 'api' }),
    );
    expect(held.summary.creditHolds).toBe(1);
    const row = await database.db
      .selectFrom('customers')
      .select('credit_hold')
      .where('org_id', '=', actor.orgId)
      .where('id', '=', customer.id)
      .executeTakeFirstOrThrow();
    expect(row.credit_hold).toBe(true);
  });

  it('prints a dunning letter addressed to the billing address, with a task to post it', async () => {
    const { actor } = await newOrganization(database);
    const { invoice } = await customerSentALetter(database, actor, postOffice);
    const task = await database.db
      .selectFrom('collection_tasks')
      .select(['kind', 'document_id'])
      .where('org_id', '=', actor.orgId)
      .executeTakeFirstOrThrow();
    expect(task.kind).toBe('letter');
    const letter = await database.db
      .selectFrom('documents')
      .select(['content', 'file_name'])
      .where('org_id', '=', actor.orgId)
      .where('id', '=', task.document_id!)
      .executeTakeFirstOrThrow();
    expect(letter.file_name).toBe('letter-POST-2026-06-21.pdf');
    const text = (await pdfPagesText(letter.content)).join('\n');
    expect(text).toContain('1 Harbour Road');
    expect(text).toContain('T12 X70A Cork');
    expect(text).toContain(invoice.number!);
  });

  it("heads the letter with the seller's master data and logo, and serves it through its task", async () => {
    const { actor } = await newOrganization(database);
    await updateSellerDetails(database, actor, {
      legalName: 'Hafenkontor Nord GmbH',
      address: { line1: 'Am Sandtorkai 5', postalCode: '20457', city: 'Hamburg', country: 'DE' },
      invoiceFooter: 'Amtsgericht Hamburg HRB 123456',
    });
    const logo = new Uint8Array(await QRCode.toBuffer('logo', { type: 'png', width: 48 }));
    await setLogo(database, actor, logo);
    await customerSentALetter(database, actor, postOffice);
    const task = await database.db
      .selectFrom('collection_tasks')
      .select(['id'])
      .where('org_id', '=', actor.orgId)
      .where('kind', '=', 'letter')
      .executeTakeFirstOrThrow();
    const letter = await getTaskLetter(database, actor, task.id);
    expect(letter.fileName).toBe('letter-POST-2026-06-21.pdf');
    const text = (await pdfPagesText(letter.content)).join(' ').replace(/\s+/g, ' ');
    for (const expected of [
      'Hafenkontor Nord GmbH',
      'Am Sandtorkai 5',
      '20457 Hamburg',
      'Germany',
      'Amtsgericht Hamburg HRB 123456',
      'Ireland',
    ])
      expect(text).toContain(expected);
    expect(pdfImageCount(letter.content)).toBeGreaterThanOrEqual(1);
  });
});
