// Proves promises to pay, disputes and payment plans against the real ledger: a promise is kept
// the moment a payment in its window lands (for named invoices or the whole account) and broken
// only after its grace, with a call task for the collector; a dispute on part of an invoice
// resolved by a credit note lowers the invoice's open balance by it in the same transaction, a
// rejected one leaves it, time to resolve is reported, and evidence comes back byte for byte
// (through the service and over HTTP); a plan's installments sum exactly, payments fill them in
// order, a missed installment breaks the plan with a task, and paying it all completes it.
import { randomBytes } from 'node:crypto';
import cookie from '@fastify/cookie';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { TSchema } from '@sinclair/typebox';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/auth/manage-users.service.js';
import type { Actor } from '../../src/core/actor.js';
import type { CalendarDate } from '../../src/core/calendar-date.js';
import { limits } from '../../src/core/limits.js';
import { commitmentRoutes, commitmentSchemas } from '../../src/commitments/commitments.routes.js';
import {
  disputeReportView,
  disputeView,
  planDetailView,
} from '../../src/commitments/commitments.view.js';
import {
  addDisputeDocument,
  getDispute,
  getDisputeDocument,
  getDisputeReport,
  openDispute,
  rejectDispute,
  resolveDispute,
} from '../../src/commitments/manage-disputes.service.js';
import { createPlan, getPlan } from '../../src/commitments/manage-payment-plans.service.js';
import {
  cancelPromise,
  createPromise,
  getPromise,
} from '../../src/commitments/manage-promises.service.js';
import { reviewCommitments } from '../../src/commitments/review-commitments.service.js';
import { createCustomer } from '../../src/customers/create-customer.service.js';
import { findInvoice } from '../../src/invoicing/invoice.sql.js';
import { recordPayment } from '../../src/payments/record-payment.service.js';
import type { Database } from '../../src/platform/db/database.js';
import type { App } from '../../src/platform/http/app.js';
import { errorHandler } from '../../src/platform/http/error-handler.js';
import { sharedSchemas } from '../../src/platform/http/schemas.js';
import { apiClient } from '../support/api.js';
import { daysFromToday, todayNoEarlierThan } from '../support/clock.js';
import { issuedInvoiceDue, newOrganization } from '../support/organization.js';
import { openTestDatabase } from '../support/test-database.js';
import { ajvOptions } from '../../src/platform/http/validation.js';

// The book below lies on fixed dates up to late 2026, and events about it are recorded "today".
todayNoEarlierThan('2026-12-05');

let database: Database;
let actor: Actor;
let collectorId: string;

const d = (text: string) => text as CalendarDate;

beforeAll(async () => {
  database = await openTestDatabase();
  actor = (await newOrganization(database)).actor;
  collectorId = (
    await createUser(database, actor, {
      email: `col-${randomBytes(3).toString('hex')}@example.test`,
      name: 'Cole',
      role: 'collector',
      password: 'correct horse battery staple',
    })
  ).id;
});
afterAll(async () => {
  await database?.close();
});

async function customer(as: Actor = actor) {
  return createCustomer(database, as, {
    ref: `C-${randomBytes(3).toString('hex')}`,
    name: 'Acme',
    currency: 'EUR',
    terms: 'NET30',
    collectorId: as === actor ? collectorId : null,
  });
}

function invoice(customerId: string, issuedOn: string, amount: string, as: Actor = actor) {
  return issuedInvoiceDue(database, as, customerId, { issuedOn, dueOn: issuedOn }, amount);
}

function pay(
  customerId: string,
  receivedOn: string,
  invoiceId: string,
  amount: string,
  as: Actor = actor,
) {
  return recordPayment(database, as, {
    customerId,
    amount,
    receivedOn,
    applications: [{ invoiceId, amount }],
  });
}

function review(today: string, customerIds?: string[], as: Actor = actor) {
  return database.transaction((tx) => reviewCommitments(tx, as, d(today), customerIds));
}

async function openMinor(invoiceId: string) {
  return (await findInvoice(database.db, actor.orgId, invoiceId))!.open_minor;
}

async function tasksOf(customerId: string) {
  return database.db
    .selectFrom('collection_tasks')
    .selectAll()
    .where('org_id', '=', actor.orgId)
    .where('customer_id', '=', customerId)
    .execute();
}

async function failure(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught as { code: string; field?: string; kind: string },
  );
  expect(error, 'expected a refusal').toBeDefined();
  return { code: error!.code, field: error!.field, kind: error!.kind };
}

describe('promises to pay', () => {
  it('is kept the moment the payments in its window reach the amount', async () => {
    const c = await customer();
    const inv = await invoice(c.id, '2026-01-05', '1000.00');
    await pay(c.id, '2026-01-20', inv.id, '100.00'); // before the promise: does not count
    const { promise } = await createPromise(database, actor, {
      customerId: c.id,
      invoiceIds: [inv.id],
      amount: '600.00',
      promisedOn: '2026-02-10',
      madeOn: '2026-02-01',
    });
    await pay(c.id, '2026-02-05', inv.id, '300.00');
    expect((await getPromise(database, actor, promise.id)).promise.status).toBe('open');
    await pay(c.id, '2026-02-08', inv.id, '300.00');
    const after = await getPromise(database, actor, promise.id);
    expect([after.promise.status, after.promise.decided_on, after.paidMinor]).toEqual([
      'kept',
      '2026-02-08',
      60_000n,
    ]);
    // Kept is final: a review long after the date changes nothing and creates no task.
    expect(await review('2026-06-01', [c.id])).toEqual({
      promisesKept: 0,
      promisesBroken: 0,
      plansCompleted: 0,
      plansBroken: 0,
      tasksCreated: 0,
    });
    expect(await tasksOf(c.id)).toEqual([]);
  });

  it('is broken after two days of grace, with a call task for the collector, once', async () => {
    const c = await customer();
    const inv = await invoice(c.id, '2026-02-01', '800.00');
    const { promise } = await createPromise(database, actor, {
      customerId: c.id,
      invoiceIds: [inv.id],
      amount: '500.00',
      promisedOn: '2026-03-10',
      madeOn: '2026-03-01',
    });
    await pay(c.id, '2026-03-05', inv.id, '100.00');
    expect((await review('2026-03-12', [c.id])).promisesBroken).toBe(0);
    expect(await review('2026-03-13', [c.id])).toEqual({
      promisesKept: 0,
      promisesBroken: 1,
      plansCompleted: 0,
      plansBroken: 0,
      tasksCreated: 1,
    });
    expect(await review('2026-03-13', [c.id])).toMatchObject({
      promisesBroken: 0,
      tasksCreated: 0,
    });
    const after = await getPromise(database, actor, promise.id);
    expect([after.promise.status, after.promise.decided_on]).toEqual(['broken', '2026-03-13']);
    const [task] = await tasksOf(c.id);
    expect(task).toMatchObject({
      kind: 'call',
      source: 'promise_broken',
      assignee_id: collectorId,
      due_on: '2026-03-13',
      status: 'open',
      invoice_ids: [inv.id],
    });
    expect(task!.title).toContain('500.00 EUR');
    const audit = await database.db
      .selectFrom('audit_events')
      .select('action')
      .where('org_id', '=', actor.orgId)
      .where('entity_id', '=', promise.id)
      .execute();
    expect(audit.map((event) => event.action).sort()).toEqual([
      'promise.broken',
      'promise.created',
    ]);
  });

  it("on the whole account counts payments to any of the customer's invoices", async () => {
    const c = await customer();
    const a = await invoice(c.id, '2026-04-01', '300.00');
    const b = await invoice(c.id, '2026-04-01', '200.00');
    expect(
      await failure(
        createPromise(database, actor, {
          customerId: c.id,
          amount: '500.01',
          promisedOn: '2026-04-10',
          madeOn: '2026-04-01',
        }),
      ),
    ).toEqual({ code: 'promise_exceeds_open_balance', field: 'amount', kind: 'invalid' });
    const { promise } = await createPromise(database, actor, {
      customerId: c.id,
      amount: '400.00',
      promisedOn: '2026-04-10',
      madeOn: '2026-04-01',
    });
    await pay(c.id, '2026-04-02', a.id, '250.00');
    await pay(c.id, '2026-04-09', b.id, '150.00');
    expect((await getPromise(database, actor, promise.id)).promise).toMatchObject({
      status: 'kept',
      invoice_ids: [],
    });
  });

  it('refuses invoices of another customer or not open, naming the entry, and cancels only open promises', async () => {
    const c = await customer();
    const other = await customer();
    const mine = await invoice(c.id, '2026-04-01', '50.00');
    const theirs = await invoice(other.id, '2026-04-01', '50.00');
    expect(
      await failure(
        createPromise(database, actor, {
          customerId: c.id,
          invoiceIds: [mine.id, theirs.id],
          amount: '1.00',
          promisedOn: daysFromToday(30),
        }),
      ),
    ).toEqual({ code: 'invoice_customer_mismatch', field: 'invoice_ids[1]', kind: 'invalid' });
    await pay(c.id, '2026-04-02', mine.id, '50.00');
    expect(
      await failure(
        createPromise(database, actor, {
          customerId: c.id,
          invoiceIds: [mine.id],
          amount: '1.00',
          promisedOn: daysFromToday(30),
        }),
      ),
    ).toEqual({ code: 'invoice_not_open', field: 'invoice_ids[0]', kind: 'conflict' });
    const open = await invoice(c.id, '2026-04-01', '50.00');
    const { promise } = await createPromise(database, actor, {
      customerId: c.id,
      invoiceIds: [open.id],
      amount: '10.00',
      promisedOn: daysFromToday(30),
    });
    expect((await cancelPromise(database, actor, promise.id)).promise.status).toBe('cancelled');
    expect(await failure(cancelPromise(database, actor, promise.id))).toMatchObject({
      code: 'promise_not_open',
    });
  });
});

describe('disputes', () => {
  it('on part of an invoice, resolved by a credit note: the open balance drops by it, time to resolve is recorded', async () => {
    const org = (await newOrganization(database)).actor;
    const c = await customer(org);
    const inv = await invoice(c.id, '2026-05-01', '1000.00', org);
    const { dispute } = await openDispute(database, org, {
      invoiceId: inv.id,
      amount: '150.00',
      reason: 'pricing',
      openedOn: '2026-05-01',
      notes: 'Price list of March',
    });
    expect(
      await failure(openDispute(database, org, { invoiceId: inv.id, reason: 'other' })),
    ).toMatchObject({ code: 'dispute_already_open', field: 'invoice_id' });
    // A collector may open and reject disputes, but a credit note needs adjustments.post.
    const collector: Actor = { ...org, role: 'collector' };
    expect(
      await failure(resolveDispute(database, collector, dispute.id, { creditNote: true })),
    ).toMatchObject({ code: 'forbidden', kind: 'forbidden' });
    const resolved = await resolveDispute(database, org, dispute.id, {
      creditNote: true,
      resolvedOn: '2026-05-11',
      note: 'Agreed',
    });
    expect((await findInvoice(database.db, org.orgId, inv.id))!.open_minor).toBe(85_000n);
    const view = disputeView(resolved.dispute);
    expect(view).toMatchObject({
      status: 'resolved',
      resolved_on: '2026-05-11',
      days_to_resolve: 10,
      amount: '150.00',
      resolution_note: 'Agreed',
    });
    const note = await database.db
      .selectFrom('credit_notes')
      .select(['invoice_id', 'total_minor', 'issued_on'])
      .where('org_id', '=', org.orgId)
      .where('id', '=', view.credit_note_id!)
      .executeTakeFirstOrThrow();
    expect(note).toEqual({ invoice_id: inv.id, total_minor: 15_000n, issued_on: '2026-05-11' });
    expect(
      await failure(resolveDispute(database, org, dispute.id, { creditNote: true })),
    ).toMatchObject({ code: 'dispute_not_open', kind: 'conflict' });

    // A whole-invoice dispute rejected after four days, and one still open.
    const second = await invoice(c.id, '2026-05-02', '400.00', org);
    const rejected = await openDispute(database, org, {
      invoiceId: second.id,
      reason: 'not_received',
      openedOn: '2026-05-02',
    });
    const closed = await rejectDispute(database, org, rejected.dispute.id, {
      resolvedOn: '2026-05-06',
      note: 'Proof of delivery',
    });
    expect(disputeView(closed.dispute)).toMatchObject({
      status: 'rejected',
      days_to_resolve: 4,
      credit_note_id: null,
    });
    expect((await findInvoice(database.db, org.orgId, second.id))!.open_minor).toBe(40_000n);
    const third = await invoice(c.id, '2026-05-03', '90.00', org);
    await openDispute(database, org, {
      invoiceId: third.id,
      reason: 'damaged',
      openedOn: '2026-05-03',
    });

    expect(disputeReportView(await getDisputeReport(database, org))).toEqual({
      currencies: [
        {
          currency: 'EUR',
          reasons: [
            {
              reason: 'damaged',
              open_count: 1,
              open_amount: '90.00',
              resolved_count: 0,
              rejected_count: 0,
              credited_amount: '0.00',
              average_days_to_resolve: null,
            },
            {
              reason: 'not_received',
              open_count: 0,
              open_amount: '0.00',
              resolved_count: 0,
              rejected_count: 1,
              credited_amount: '0.00',
              average_days_to_resolve: 4,
            },
            {
              reason: 'pricing',
              open_count: 0,
              open_amount: '0.00',
              resolved_count: 1,
              rejected_count: 0,
              credited_amount: '150.00',
              average_days_to_resolve: 10,
            },
          ],
        },
      ],
    });
  });

  it('refuses a part larger than the open balance, a bad reason, a resolution before the opening', async () => {
    const c = await customer();
    const inv = await invoice(c.id, '2026-05-01', '100.00');
    expect(
      await failure(
        openDispute(database, actor, { invoiceId: inv.id, amount: '100.01', reason: 'pricing' }),
      ),
    ).toMatchObject({ code: 'dispute_exceeds_open_balance', field: 'amount' });
    expect(
      await failure(openDispute(database, actor, { invoiceId: inv.id, reason: 'too_expensive' })),
    ).toMatchObject({ code: 'dispute_reason_invalid', field: 'reason' });
    const { dispute } = await openDispute(database, actor, {
      invoiceId: inv.id,
      reason: 'quantity',
      openedOn: '2026-05-10',
    });
    expect(
      await failure(rejectDispute(database, actor, dispute.id, { resolvedOn: '2026-05-09' })),
    ).toMatchObject({ code: 'resolved_on_before_opened_on', field: 'resolved_on' });
    expect(
      await failure(resolveDispute(database, actor, dispute.id, { amount: '1.00' })),
    ).toMatchObject({ code: 'amount_without_credit_note', field: 'amount' });
    expect(
      await failure(
        resolveDispute(database, actor, dispute.id, { creditNote: true, amount: '100.01' }),
      ),
    ).toMatchObject({ code: 'credit_exceeds_open_balance', field: 'amount' });
    // The refused credit note left nothing behind: the dispute is still open, the invoice whole.
    expect((await getDispute(database, actor, dispute.id)).dispute.status).toBe('open');
    expect(await openMinor(inv.id)).toBe(10_000n);
  });

  it('keeps evidence byte for byte, up to documentBytesMax', async () => {
    const c = await customer();
    const inv = await invoice(c.id, '2026-05-01', '100.00');
    const { dispute } = await openDispute(database, actor, {
      invoiceId: inv.id,
      reason: 'damaged',
    });
    const bytes = Buffer.concat([
      Buffer.from(Array.from({ length: 256 }, (_, index) => index)),
      randomBytes(100_000),
    ]);
    const added = await addDisputeDocument(database, actor, dispute.id, {
      fileName: 'photo of crate.jpg',
      contentType: 'image/jpeg',
      contentBase64: bytes.toString('base64'),
    });
    expect(Number(added.size_bytes)).toBe(bytes.length);
    const downloaded = await getDisputeDocument(database, actor, dispute.id, added.id);
    expect([downloaded.fileName, downloaded.contentType]).toEqual([
      'photo of crate.jpg',
      'image/jpeg',
    ]);
    expect(Buffer.compare(downloaded.content, bytes)).toBe(0);
    expect(
      (await getDispute(database, actor, dispute.id)).documents.map((document) => document.id),
    ).toEqual([added.id]);

    const atLimit = Buffer.alloc(limits.documentBytesMax, 7).toString('base64');
    expect(
      (
        await addDisputeDocument(database, actor, dispute.id, {
          fileName: 'max.bin',
          contentType: 'application/octet-stream',
          contentBase64: atLimit,
        })
      ).size_bytes,
    ).toBe(limits.documentBytesMax);
    const pastLimit = Buffer.alloc(limits.documentBytesMax + 1, 7).toString('base64');
    expect(
      await failure(
        addDisputeDocument(database, actor, dispute.id, {
          fileName: 'big.bin',
          contentType: 'application/octet-stream',
          contentBase64: pastLimit,
        }),
      ),
    ).toMatchObject({ code: 'document_too_large', field: 'content_base64' });
    expect(
      await failure(
        addDisputeDocument(database, actor, dispute.id, {
          fileName: '../etc/passwd',
          contentType: 'text/plain',
          contentBase64: 'AAAA',
        }),
      ),
    ).toMatchObject({ code: 'file_name_invalid' });
    expect(
      await failure(
        addDisputeDocument(database, actor, dispute.id, {
          fileName: 'a.txt',
          contentType: 'text/plain',
          contentBase64: 'not base64!',
        }),
      ),
    ).toMatchObject({ code: 'content_base64_invalid' });
  });
});

describe('payment plans', () => {
  async function planFixture() {
    const c = await customer();
    const a = await invoice(c.id, '2026-05-15', '600.00');
    const b = await invoice(c.id, '2026-05-20', '400.50');
    return { c, a, b };
  }

  it('splits what is open into a down payment and 3 installments summing exactly; payments fill them in order', async () => {
    const { c, a, b } = await planFixture();
    const created = await createPlan(database, actor, {
      customerId: c.id,
      invoiceIds: [a.id, b.id],
      startsOn: '2026-06-01',
      downPayment: '100.00',
      installmentCount: 3,
      firstDueOn: '2026-07-01',
      monthly: true,
    });
    const view = planDetailView(created);
    expect(view.total).toBe('1000.50');
    expect(
      view.installments.map((item) => [item.due_on, item.amount, item.is_down_payment]),
    ).toEqual([
      ['2026-06-01', '100.00', true],
      ['2026-07-01', '300.17', false],
      ['2026-08-01', '300.17', false],
      ['2026-09-01', '300.16', false],
    ]);
    await pay(c.id, '2026-06-02', a.id, '250.00');
    const progress = planDetailView(
      await getPlan(database, actor, created.plan.id, { asOf: d('2026-06-15') }),
    );
    expect(progress.installments.map((item) => [item.paid, item.remaining, item.state])).toEqual([
      ['100.00', '0.00', 'paid'],
      ['150.00', '150.17', 'upcoming'],
      ['0.00', '300.17', 'upcoming'],
      ['0.00', '300.16', 'upcoming'],
    ]);
    expect([progress.status, progress.paid, progress.remaining]).toEqual([
      'active',
      '250.00',
      '750.50',
    ]);
    expect(
      await failure(
        createPlan(database, actor, {
          customerId: c.id,
          invoiceIds: [b.id],
          installmentCount: 2,
          firstDueOn: daysFromToday(30),
        }),
      ),
    ).toEqual({ code: 'invoice_in_active_plan', field: 'invoice_ids[0]', kind: 'conflict' });
  });

  it('breaks on an installment unpaid three days after it fell due, with a task', async () => {
    const { c, a, b } = await planFixture();
    const { plan } = await createPlan(database, actor, {
      customerId: c.id,
      invoiceIds: [a.id, b.id],
      startsOn: '2026-06-01',
      downPayment: '100.00',
      installmentCount: 3,
      firstDueOn: '2026-07-01',
    });
    await pay(c.id, '2026-06-02', a.id, '250.00');
    expect(await review('2026-07-04', [c.id])).toMatchObject({ plansBroken: 0 });
    expect(await review('2026-07-05', [c.id])).toEqual({
      promisesKept: 0,
      promisesBroken: 0,
      plansCompleted: 0,
      plansBroken: 1,
      tasksCreated: 1,
    });
    expect((await getPlan(database, actor, plan.id)).plan).toMatchObject({
      status: 'broken',
      decided_on: '2026-07-05',
    });
    const [task] = await tasksOf(c.id);
    expect(task).toMatchObject({
      kind: 'call',
      source: 'plan_broken',
      assignee_id: collectorId,
      invoice_ids: [a.id, b.id],
    });
    expect(task!.title).toContain('installment 2');
  });

  it('completes when everything is paid, as the payment lands', async () => {
    const { c, a, b } = await planFixture();
    const { plan } = await createPlan(database, actor, {
      customerId: c.id,
      invoiceIds: [a.id, b.id],
      startsOn: '2026-06-01',
      installments: [
        { dueOn: '2026-06-10', amount: '500.00' },
        { dueOn: '2026-07-10', amount: '500.50' },
      ],
    });
    await pay(c.id, '2026-06-09', a.id, '600.00');
    expect((await getPlan(database, actor, plan.id)).plan.status).toBe('active');
    await pay(c.id, '2026-07-09', b.id, '400.50');
    expect((await getPlan(database, actor, plan.id)).plan).toMatchObject({
      status: 'completed',
      decided_on: '2026-07-09',
    });
  });

  it('refuses an explicit schedule that does not sum, naming the field', async () => {
    const { c, a } = await planFixture();
    expect(
      await failure(
        createPlan(database, actor, {
          customerId: c.id,
          invoiceIds: [a.id],
          startsOn: '2026-06-01',
          installments: [
            { dueOn: '2026-06-10', amount: '300.00' },
            { dueOn: '2026-07-10', amount: '299.99' },
          ],
        }),
      ),
    ).toEqual({ code: 'installments_sum_mismatch', field: 'installments', kind: 'invalid' });
  });
});

describe('a review of the whole organization', () => {
  it("decides every customer's promises and plans at once", async () => {
    const org = (await newOrganization(database)).actor;
    const customers = await Promise.all([customer(org), customer(org), customer(org)]);
    for (const c of customers) {
      const inv = await invoice(c.id, '2026-08-01', '100.00', org);
      await createPromise(database, org, {
        customerId: c.id,
        invoiceIds: [inv.id],
        amount: '50.00',
        promisedOn: '2026-08-10',
        madeOn: '2026-08-01',
      });
    }
    expect(await review('2026-08-20', undefined, org)).toEqual({
      promisesKept: 0,
      promisesBroken: 3,
      plansCompleted: 0,
      plansBroken: 0,
      tasksCreated: 3,
    });
    // A second review the same day finds nothing left to decide.
    expect(await review('2026-08-20', undefined, org)).toMatchObject({ promisesBroken: 0 });
  });
});

/**
 * The routes on a bare Fastify app until the lead registers them in buildServer: the same
 * settings that matter here (schemas, the error handler, cookies for authentication).
 */
async function commitmentApp(db: Database): Promise<App> {
  const app = Fastify({
    ajv: ajvOptions,
  }).withTypeProvider<TypeBoxTypeProvider>() as unknown as App;
  app.decorateRequest('actor', null);
  app.setErrorHandler(errorHandler);
  await app.register(cookie);
  for (const schema of [...sharedSchemas, ...commitmentSchemas] as TSchema[]) app.addSchema(schema);
  await app.register(
    async (api) => commitmentRoutes({ app: api as unknown as App, database: db }),
    { prefix: '/api/v1' },
  );
  return app;
}

describe('over HTTP', () => {
  it('uploads and downloads evidence, and hides it from another organization', async () => {
    const app = await commitmentApp(database);
    try {
      const owner = await apiClient(app, database);
      const intruder = await apiClient(app, database);
      const c = await customer(owner.actor);
      const inv = await invoice(c.id, '2026-05-01', '100.00', owner.actor);
      const opened = await owner.request('POST', '/disputes', {
        invoice_id: inv.id,
        amount: '40.00',
        reason: 'damaged',
      });
      expect(opened.statusCode, opened.body).toBe(201);
      const id = opened.json().id as string;
      const bytes = randomBytes(2_000_000);
      const uploaded = await owner.request('POST', `/disputes/${id}/documents`, {
        file_name: 'scan.pdf',
        content_type: 'application/pdf',
        content_base64: bytes.toString('base64'),
      });
      expect(uploaded.statusCode, uploaded.body).toBe(201);
      const documentId = uploaded.json().id as string;
      const downloaded = await owner.request('GET', `/disputes/${id}/documents/${documentId}`);
      expect([
        downloaded.statusCode,
        downloaded.headers['content-type'],
        downloaded.headers['content-disposition'],
      ]).toEqual([
        200,
        'application/pdf',
        `attachment; filename="scan.pdf"; filename*=UTF-8''scan.pdf`,
      ]);
      expect(Buffer.compare(downloaded.rawPayload, bytes)).toBe(0);
      expect(
        (await intruder.request('GET', `/disputes/${id}/documents/${documentId}`)).statusCode,
      ).toBe(404);
      expect((await intruder.request('GET', `/disputes/${id}`)).statusCode).toBe(404);
      expect((await intruder.request('GET', '/disputes')).body).not.toContain(id);
      const bad = await owner.request('POST', '/payment-plans', {
        customer_id: c.id,
        invoice_ids: [inv.id],
        installments: [{ due_on: daysFromToday(30), amount: '1.00' }],
      });
      expect([bad.statusCode, bad.json().error.code, bad.json().error.field]).toEqual([
        400,
        'installments_sum_mismatch',
        'installments',
      ]);
    } finally {
      await app.close();
    }
  });
});
