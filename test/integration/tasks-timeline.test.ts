// Proves a collector's day-to-day records: a task's life (created for the customer's collector,
// listed by filter, changed, done with an outcome a call cannot do without, closed once, each step
// in the audit log), notes, the customer's timeline (every kind of event in one list, newest first,
// paged without losing or repeating an entry), non-payment reasons with their history and the
// report worked out by hand, and the same through the HTTP routes with their permissions.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/auth/manage-users.service.js';
import { findUser } from '../../src/auth/user.sql.js';
import { addCustomerNote, listCustomerNotes } from '../../src/worklist/customer-notes.service.js';
import { getTimeline, timelineEntryView } from '../../src/worklist/get-timeline.service.js';
import {
  cancelTask,
  completeTask,
  createTask,
  getTask,
  listTasks,
  updateTask,
} from '../../src/worklist/manage-tasks.service.js';
import { logCall } from '../../src/worklist/log-call.service.js';
import {
  getNonpaymentReasonReport,
  listNonpaymentReasons,
  nonpaymentReasonReportView,
  recordNonpaymentReason,
} from '../../src/worklist/nonpayment-reasons.service.js';
import { workRoutes, workSchemas } from '../../src/worklist/work.routes.js';
import type { Actor } from '../../src/core/actor.js';
import { newId } from '../../src/core/ids.js';
import { createCustomer } from '../../src/customers/create-customer.service.js';
import { recordPayment } from '../../src/payments/record-payment.service.js';
import { listAuditEvents } from '../../src/platform/audit/audit.sql.js';
import type { Database } from '../../src/platform/db/database.js';
import type { App } from '../../src/platform/http/app.js';
import { errorHandler } from '../../src/platform/http/error-handler.js';
import { sharedSchemas } from '../../src/platform/http/schemas.js';
import { apiClient, tokenOf } from '../support/api.js';
import { issuedInvoiceDue, newOrganization } from '../support/organization.js';
import { openTestDatabase } from '../support/test-database.js';
import { todayNoEarlierThan } from '../support/clock.js';
import { ajvOptions } from '../../src/platform/http/validation.js';

// The book below lies on fixed dates up to late 2026, and events about it are recorded "today".
todayNoEarlierThan('2026-12-05');

let database: Database;
let actor: Actor;
let collectorId: string;

beforeAll(async () => {
  database = await openTestDatabase();
  ({ actor } = await newOrganization(database));
  collectorId = (
    await createUser(database, actor, {
      email: 'cole@example.test',
      name: 'Cole Collector',
      role: 'collector',
      password: 'correct horse battery staple',
    })
  ).id;
});
afterAll(async () => {
  await database?.close();
});

async function customer(ref: string, options: { currency?: string; collectorId?: string } = {}) {
  return (
    await createCustomer(database, actor, {
      ref,
      name: `${ref} Ltd`,
      currency: options.currency ?? 'EUR',
      terms: 'NET30',
      collectorId: options.collectorId,
    })
  ).id;
}

async function auditActions(entityId: string): Promise<string[]> {
  return (await listAuditEvents(database.db, actor.orgId, entityId, 50))
    .map((event) => event.action)
    .reverse();
}

describe('tasks', () => {
  it("go to the customer's collector, change while open, are done once with an outcome, and are audited", async () => {
    const customerId = await customer('T-1', { collectorId });
    const task = await createTask(database, actor, {
      customerId,
      kind: 'call',
      dueOn: '2026-03-10',
    });
    expect(task).toMatchObject({
      kind: 'call',
      title: 'Call the customer',
      assigneeId: collectorId,
      assigneeName: 'Cole Collector',
      status: 'open',
      source: 'manual',
      createdBy: actor.id,
      customerRef: 'T-1',
    });

    const moved = await updateTask(database, actor, task.id, {
      dueOn: '2026-03-12',
      notes: 'Ask for the AP manager',
    });
    expect(moved).toMatchObject({
      dueOn: '2026-03-12',
      notes: 'Ask for the AP manager',
      assigneeId: collectorId,
    });

    await expect(completeTask(database, actor, task.id, {})).rejects.toMatchObject({
      code: 'task_outcome_required',
      field: 'outcome',
      kind: 'invalid',
    });
    await expect(completeTask(database, actor, task.id, { outcome: 'busy' })).rejects.toMatchObject(
      { code: 'task_outcome_invalid', field: 'outcome' },
    );
    expect((await getTask(database, actor, task.id)).status).toBe('open');

    const done = await completeTask(database, actor, task.id, {
      outcome: 'promised_to_pay',
      notes: 'Pays Friday',
    });
    expect(done).toMatchObject({
      status: 'done',
      outcome: 'promised_to_pay',
      notes: 'Pays Friday',
      completedBy: actor.id,
    });
    expect(done.completedAt).toBeInstanceOf(Date);

    await expect(
      completeTask(database, actor, task.id, { outcome: 'reached' }),
    ).rejects.toMatchObject({ code: 'task_not_open', kind: 'conflict' });
    await expect(cancelTask(database, actor, task.id)).rejects.toMatchObject({
      code: 'task_not_open',
      kind: 'conflict',
    });
    await expect(updateTask(database, actor, task.id, { title: 'Again' })).rejects.toMatchObject({
      code: 'task_not_open',
      kind: 'conflict',
    });
    expect(await auditActions(task.id)).toEqual(['task.created', 'task.updated', 'task.completed']);
    const [, , completed] = (
      await listAuditEvents(database.db, actor.orgId, task.id, 50)
    ).reverse();
    expect(completed!.before).toMatchObject({ status: 'open', outcome: null });
    expect(completed!.after).toMatchObject({ status: 'done', outcome: 'promised_to_pay' });
  });

  it('are cancelled while open, and a review is done without an outcome', async () => {
    const customerId = await customer('T-2');
    const review = await createTask(database, actor, {
      customerId,
      kind: 'review',
      dueOn: '2026-03-10',
      assigneeId: collectorId,
    });
    expect((await completeTask(database, actor, review.id, {})).status).toBe('done');
    const letter = await createTask(database, actor, {
      customerId,
      kind: 'letter',
      dueOn: '2026-03-10',
    });
    expect(letter.assigneeId).toBeNull();
    expect(await cancelTask(database, actor, letter.id)).toMatchObject({
      status: 'cancelled',
      outcome: null,
    });
    expect(await auditActions(letter.id)).toEqual(['task.created', 'task.cancelled']);
  });

  it('log a call in one step, done with its outcome and on the timeline; without an outcome nothing is written', async () => {
    const customerId = await customer('T-CALL');
    await expect(logCall(database, actor, customerId, { outcome: '' })).rejects.toMatchObject({
      code: 'task_outcome_required',
      field: 'outcome',
    });
    await expect(
      logCall(database, actor, customerId, { outcome: 'shouted' }),
    ).rejects.toMatchObject({ code: 'task_outcome_invalid', field: 'outcome' });
    await expect(logCall(database, actor, newId(), { outcome: 'reached' })).rejects.toMatchObject({
      code: 'customer_not_found',
    });
    expect((await listTasks(database, actor, { customerId })).items).toEqual([]);

    const call = await logCall(database, actor, customerId, {
      outcome: 'left_message',
      notes: '  Voicemail: call back Friday  ',
    });
    expect(call).toMatchObject({
      kind: 'call',
      status: 'done',
      outcome: 'left_message',
      notes: 'Voicemail: call back Friday',
      assigneeId: actor.id,
      completedBy: actor.id,
      source: 'manual',
    });
    expect(await auditActions(call.id)).toEqual(['call.logged']);
    const timeline = (await getTimeline(database, actor, customerId)).items.map(timelineEntryView);
    // Once, done: not also as a task created due today.
    expect(timeline.filter((entry) => entry.refs.task_id === call.id)).toEqual([
      expect.objectContaining({
        type: 'task_completed',
        summary: 'Call task done: left message — "Call the customer": Voicemail: call back Friday',
      }),
    ]);
  });

  it('keep what a person wrote as written: tabs, line breaks, backslashes and quotes, and the invoices named', async () => {
    const customerId = await customer('T-6');
    const invoiceId = (
      await issuedInvoiceDue(
        database,
        actor,
        customerId,
        { issuedOn: '2026-01-01', dueOn: '2026-01-31' },
        '10.00',
      )
    ).id;
    const words = {
      title: 'Call "Ann"\tO\'Neil \\ AP',
      notes: 'Line one\nLine\ttwo \\N {x,y}\r\nend',
    };
    const task = await createTask(database, actor, {
      customerId,
      kind: 'call',
      dueOn: '2026-03-10',
      ...words,
      invoiceIds: [invoiceId],
    });
    expect(await getTask(database, actor, task.id)).toMatchObject({
      ...words,
      invoiceIds: [invoiceId],
      source: 'manual',
      createdBy: actor.id,
      status: 'open',
    });
  });

  it('refuse an unknown customer, assignee or invoice, naming the field', async () => {
    const customerId = await customer('T-3');
    const other = await customer('T-4');
    const otherInvoice = (
      await issuedInvoiceDue(
        database,
        actor,
        other,
        { issuedOn: '2026-01-01', dueOn: '2026-01-31' },
        '10.00',
      )
    ).id;
    await expect(
      createTask(database, actor, { customerId: newId(), kind: 'call', dueOn: '2026-03-10' }),
    ).rejects.toMatchObject({ code: 'customer_not_found', field: 'customer_id' });
    await expect(
      createTask(database, actor, {
        customerId,
        kind: 'call',
        dueOn: '2026-03-10',
        assigneeId: newId(),
      }),
    ).rejects.toMatchObject({ code: 'assignee_not_found', field: 'assignee_id' });
    await expect(
      createTask(database, actor, {
        customerId,
        kind: 'call',
        dueOn: '2026-03-10',
        invoiceIds: [otherInvoice],
      }),
    ).rejects.toMatchObject({ code: 'invoice_not_found', field: 'invoice_ids' });
    await expect(
      createTask(database, actor, { customerId, kind: 'visit', dueOn: '2026-03-10' }),
    ).rejects.toMatchObject({ code: 'task_kind_invalid', field: 'kind' });
    const stranger = await newOrganization(database);
    await expect(
      createTask(database, stranger.actor, { customerId, kind: 'call', dueOn: '2026-03-10' }),
    ).rejects.toMatchObject({ code: 'customer_not_found' });
    await expect(
      createTask(database, actor, {
        customerId,
        kind: 'call',
        dueOn: '2026-03-10',
        assigneeId: stranger.ownerId,
      }),
    ).rejects.toMatchObject({ code: 'assignee_not_found' });
  });

  it('are listed by assignee, status, customer and due date, soonest first, in pages', async () => {
    const customerId = await customer('T-5');
    const made = [];
    for (const dueOn of ['2026-05-03', '2026-05-01', '2026-05-02', '2026-05-09']) {
      made.push(
        await createTask(database, actor, {
          customerId,
          kind: 'email',
          dueOn,
          assigneeId: collectorId,
        }),
      );
    }
    await completeTask(database, actor, made[3]!.id, {});
    const open = await listTasks(database, actor, { customerId, status: 'open' });
    expect(open.items.map((task) => task.dueOn)).toEqual([
      '2026-05-01',
      '2026-05-02',
      '2026-05-03',
    ]);
    const due = await listTasks(database, actor, { customerId, dueOnBefore: '2026-05-02' });
    expect(due.items.map((task) => task.dueOn)).toEqual(['2026-05-01', '2026-05-02']);
    const first = await listTasks(database, actor, {
      customerId,
      assigneeId: collectorId,
      limit: 2,
    });
    const second = await listTasks(database, actor, {
      customerId,
      assigneeId: collectorId,
      limit: 2,
      cursor: first.nextCursor!,
    });
    expect([...first.items, ...second.items].map((task) => task.dueOn)).toEqual([
      '2026-05-01',
      '2026-05-02',
      '2026-05-03',
      '2026-05-09',
    ]);
    expect(second.nextCursor).toBeNull();
    await expect(listTasks(database, actor, { status: 'late' })).rejects.toMatchObject({
      code: 'task_status_invalid',
      field: 'status',
    });
    const stranger = await newOrganization(database);
    expect((await listTasks(database, stranger.actor, { customerId })).items).toEqual([]);
  });
});

describe('timeline', () => {
  it('lists every kind of event newest first, and pages through them without a gap', async () => {
    const customerId = await customer('TL-1', { collectorId });
    const invoice = await issuedInvoiceDue(
      database,
      actor,
      customerId,
      { issuedOn: '2026-02-01', dueOn: '2026-03-03' },
      '1200.00',
    );
    const task = await createTask(database, actor, {
      customerId,
      kind: 'call',
      dueOn: '2026-03-10',
      title: 'First reminder call',
    });
    await addCustomerNote(
      database,
      actor,
      customerId,
      'Spoke to Ann in AP:\nthe invoice is approved.',
    );
    await completeTask(database, actor, task.id, {
      outcome: 'reached',
      notes: 'Payment next week',
    });
    await database.db
      .insertInto('promises')
      .values({
        org_id: actor.orgId,
        id: newId(),
        customer_id: customerId,
        amount_minor: 120_000n,
        currency: 'EUR',
        promised_on: '2026-03-20',
        made_on: '2026-03-10',
        invoice_ids: [invoice.id],
      })
      .execute();
    await database.db
      .insertInto('outbox_messages')
      .values({
        org_id: actor.orgId,
        id: newId(),
        customer_id: customerId,
        kind: 'reminder',
        to_addresses: ['ap@tl1.test'],
        subject: 'Your invoice is overdue',
        body_text: 'Please pay.',
        invoice_ids: [invoice.id],
      })
      .execute();
    await recordPayment(database, actor, {
      customerId,
      amount: '200.00',
      receivedOn: '2026-03-21',
      reference: 'TRF-77',
    });
    // Another customer's events stay on its own timeline.
    await addCustomerNote(database, actor, await customer('TL-OTHER'), 'Not about TL-1');

    const ownerName = (await findUser(database.db, actor.orgId, actor.id!))!.name;
    const page = await getTimeline(database, actor, customerId);
    const entries = page.items.map(timelineEntryView);
    // Activity sits at the moment it was recorded; the invoice and the payment, recorded today for
    // earlier dates, sit at the start of their own dates.
    expect(entries.map((entry) => [entry.type, entry.summary])).toEqual([
      ['message', 'E-mail "Your invoice is overdue" to ap@tl1.test: pending'],
      ['promise', 'Promise to pay EUR 1,200.00 by 2026-03-20: open'],
      ['task_completed', 'Call task done: reached — "First reminder call": Payment next week'],
      ['note', `Note by ${ownerName}: Spoke to Ann in AP: the invoice is approved.`],
      ['task_created', 'Call task "First reminder call" due 2026-03-10, for Cole Collector'],
      ['payment_received', 'Payment of EUR 200.00 received on 2026-03-21 (reference TRF-77)'],
      ['invoice_issued', `Invoice ${invoice.number} issued: EUR 1,200.00 due 2026-03-03`],
    ]);
    expect(entries.slice(-2).map((entry) => entry.at)).toEqual([
      '2026-03-21T00:00:00.000Z',
      '2026-02-01T00:00:00.000Z',
    ]);
    expect(entries.map((entry) => entry.at)).toEqual(
      [...entries.map((entry) => entry.at)].sort().reverse(),
    );
    expect(entries.find((entry) => entry.type === 'task_completed')!.refs).toEqual({
      task_id: task.id,
    });
    expect(entries.find((entry) => entry.type === 'promise')!.refs).toMatchObject({
      invoice_ids: [invoice.id],
    });
    expect(page.nextCursor).toBeNull();

    const walked: string[] = [];
    let cursor: string | undefined;
    do {
      const part = await getTimeline(database, actor, customerId, { limit: 2, cursor });
      walked.push(...part.items.map((entry) => entry.type));
      cursor = part.nextCursor ?? undefined;
    } while (cursor !== undefined);
    expect(walked).toEqual(entries.map((entry) => entry.type));

    const before = await getTimeline(database, actor, customerId, { before: entries[2]!.at });
    expect(before.items.map((entry) => entry.type)).toEqual([
      'note',
      'task_created',
      'payment_received',
      'invoice_issued',
    ]);
    const march = await getTimeline(database, actor, customerId, {
      before: '2026-03-21T00:00:00Z',
    });
    expect(march.items.map((entry) => entry.type)).toEqual(['invoice_issued']);
  });

  it('signs notes with their author, keeps them newest first, and hides them from other organizations', async () => {
    const customerId = await customer('TL-2');
    await addCustomerNote(database, actor, customerId, 'first');
    const second = await addCustomerNote(database, actor, customerId, '  second  ');
    expect(second).toMatchObject({ body: 'second', authorId: actor.id });
    expect(
      (await listCustomerNotes(database, actor, customerId)).items.map((note) => note.body),
    ).toEqual(['second', 'first']);
    expect(await auditActions(second.id)).toEqual(['customer_note.created']);
    await expect(addCustomerNote(database, actor, customerId, '   ')).rejects.toMatchObject({
      code: 'note_body_required',
      field: 'body',
    });
    const stranger = await newOrganization(database);
    await expect(listCustomerNotes(database, stranger.actor, customerId)).rejects.toMatchObject({
      code: 'customer_not_found',
    });
    await expect(getTimeline(database, stranger.actor, customerId)).rejects.toMatchObject({
      code: 'customer_not_found',
    });
    await expect(
      getTimeline(database, actor, customerId, { cursor: 'nonsense' }),
    ).rejects.toMatchObject({ code: 'cursor_invalid', field: 'cursor' });
    await expect(
      getTimeline(database, actor, customerId, { before: 'yesterday' }),
    ).rejects.toMatchObject({ code: 'before_invalid', field: 'before' });
  });
});

describe('non-payment reasons', () => {
  it('keep their history and are reported by the latest reason per currency, worked out by hand', async () => {
    const euro = await customer('NP-EUR');
    const dollar = await customer('NP-USD', { currency: 'USD' });
    const due = { issuedOn: '2026-10-01', dueOn: '2026-10-31' };
    const a = (await issuedInvoiceDue(database, actor, euro, due, '100.00')).id;
    const b = (await issuedInvoiceDue(database, actor, euro, due, '250.00')).id;
    const c = (await issuedInvoiceDue(database, actor, dollar, due, '40.00')).id;
    const d = (await issuedInvoiceDue(database, actor, euro, due, '300.00')).id;
    const paid = (await issuedInvoiceDue(database, actor, euro, due, '75.00')).id;
    await issuedInvoiceDue(database, actor, euro, due, '999.00');
    await recordPayment(database, actor, {
      customerId: euro,
      amount: '100.00',
      receivedOn: '2026-11-10',
      applications: [{ invoiceId: d, amount: '100.00' }],
    });

    await recordNonpaymentReason(database, actor, a, { reason: 'cash_flow' });
    await recordNonpaymentReason(database, actor, a, {
      reason: 'dispute',
      note: 'Says the price was wrong',
    });
    await recordNonpaymentReason(database, actor, b, { reason: 'cash_flow' });
    await recordNonpaymentReason(database, actor, c, { reason: 'cash_flow' });
    await recordNonpaymentReason(database, actor, d, { reason: 'cash_flow' });
    await recordNonpaymentReason(database, actor, paid, { reason: 'lost_invoice' });
    // Paid after the reason was recorded: no longer open, so no longer counted.
    await recordPayment(database, actor, {
      customerId: euro,
      amount: '75.00',
      receivedOn: '2026-11-12',
      applications: [{ invoiceId: paid, amount: '75.00' }],
    });

    const history = await listNonpaymentReasons(database, actor, a);
    expect(history.items.map((record) => [record.reason, record.note])).toEqual([
      ['dispute', 'Says the price was wrong'],
      ['cash_flow', null],
    ]);
    expect(await auditActions(a)).toEqual(expect.arrayContaining(['nonpayment_reason.recorded']));

    // EUR cash flow: b 250.00 + d 300.00 less 100.00 paid = 450.00 over two invoices; EUR dispute:
    // a 100.00 (its latest reason); USD cash flow: c 40.00. The 999.00 invoice has no reason.
    const report = nonpaymentReasonReportView(await getNonpaymentReasonReport(database, actor, {}));
    expect(report.rows).toEqual([
      { reason: 'cash_flow', currency: 'EUR', invoices: 2, open: '450.00' },
      { reason: 'dispute', currency: 'EUR', invoices: 1, open: '100.00' },
      { reason: 'cash_flow', currency: 'USD', invoices: 1, open: '40.00' },
    ]);
    // As of a day before any reason was recorded, nothing has one yet.
    expect((await getNonpaymentReasonReport(database, actor, { asOf: '2026-10-15' })).rows).toEqual(
      [],
    );
    const stranger = await newOrganization(database);
    expect((await getNonpaymentReasonReport(database, stranger.actor, {})).rows).toEqual([]);
    await expect(listNonpaymentReasons(database, stranger.actor, a)).rejects.toMatchObject({
      code: 'invoice_not_found',
    });
  });

  it('refuse an unknown code, a paid invoice and another organization, naming the field', async () => {
    const customerId = await customer('NP-2');
    const invoice = (
      await issuedInvoiceDue(
        database,
        actor,
        customerId,
        { issuedOn: '2026-10-01', dueOn: '2026-10-31' },
        '20.00',
      )
    ).id;
    await expect(
      recordNonpaymentReason(database, actor, invoice, { reason: 'weather' }),
    ).rejects.toMatchObject({ code: 'nonpayment_reason_invalid', field: 'reason' });
    await expect(
      recordNonpaymentReason(database, actor, newId(), { reason: 'other' }),
    ).rejects.toMatchObject({ code: 'invoice_not_found', field: 'id' });
    const stranger = await newOrganization(database);
    await expect(
      recordNonpaymentReason(database, stranger.actor, invoice, { reason: 'other' }),
    ).rejects.toMatchObject({ code: 'invoice_not_found' });
    await recordPayment(database, actor, {
      customerId,
      amount: '20.00',
      receivedOn: '2026-11-01',
      applications: [{ invoiceId: invoice, amount: '20.00' }],
    });
    await expect(
      recordNonpaymentReason(database, actor, invoice, { reason: 'other' }),
    ).rejects.toMatchObject({ code: 'invoice_not_open', kind: 'conflict' });
  });
});

/** The work routes alone on a Fastify app set up as buildServer sets up the API, until they are registered there. */
async function workApp(): Promise<App> {
  const app = Fastify({
    ajv: ajvOptions,
  }).withTypeProvider<TypeBoxTypeProvider>() as unknown as App;
  app.decorateRequest('actor', null);
  app.setErrorHandler(errorHandler);
  for (const schema of [...sharedSchemas, ...workSchemas]) app.addSchema(schema);
  await app.register(async (api) => workRoutes({ app: api as unknown as App, database }), {
    prefix: '/api/v1',
  });
  await app.ready();
  return app;
}

describe('HTTP', () => {
  it('serves tasks, notes, the timeline, the queue and reasons with their schemas and permissions', async () => {
    const app = await workApp();
    try {
      const client = await apiClient(app, database);
      const customerId = (
        await createCustomer(database, client.actor, {
          ref: 'H-1',
          name: 'Http Ltd',
          currency: 'EUR',
          terms: 'NET30',
        })
      ).id;
      const invoice = await issuedInvoiceDue(
        database,
        client.actor,
        customerId,
        { issuedOn: '2026-01-01', dueOn: '2026-01-31' },
        '500.00',
      );

      const created = await client.request('POST', '/tasks', {
        customer_id: customerId,
        kind: 'call',
        due_on: '2026-02-10',
        invoice_ids: [invoice.id],
      });
      expect(created.statusCode, created.body).toBe(201);
      const task = created.json();
      expect(task).toMatchObject({
        customer_ref: 'H-1',
        kind: 'call',
        status: 'open',
        assignee_id: null,
        invoice_ids: [invoice.id],
      });
      const refused = await client.request('POST', `/tasks/${task.id}/complete`, {});
      expect([refused.statusCode, refused.json().error]).toEqual([
        400,
        expect.objectContaining({ code: 'task_outcome_required', field: 'outcome' }),
      ]);
      const done = await client.request('POST', `/tasks/${task.id}/complete`, {
        outcome: 'left_message',
        notes: 'Voicemail',
      });
      expect([done.statusCode, done.json().status, done.json().outcome]).toEqual([
        200,
        'done',
        'left_message',
      ]);
      expect((await client.request('POST', `/tasks/${task.id}/cancel`)).statusCode).toBe(409);
      expect((await client.request('PATCH', `/tasks/${task.id}`, { title: 'x' })).statusCode).toBe(
        409,
      );
      expect(
        (await client.request('GET', `/tasks?customer_id=${customerId}&status=done`)).json().items,
      ).toHaveLength(1);
      expect((await client.request('GET', `/tasks/${newId()}`)).statusCode).toBe(404);

      expect(
        (await client.request('POST', `/customers/${customerId}/notes`, { body: 'Called back' }))
          .statusCode,
      ).toBe(201);
      expect(
        (await client.request('GET', `/customers/${customerId}/notes`))
          .json()
          .items.map((note: { body: string }) => note.body),
      ).toEqual(['Called back']);
      const timeline = await client.request('GET', `/customers/${customerId}/timeline?limit=10`);
      expect(timeline.statusCode, timeline.body).toBe(200);
      expect(timeline.json().items.map((entry: { type: string }) => entry.type)).toEqual([
        'note',
        'task_completed',
        'task_created',
        'invoice_issued',
      ]);

      const queue = await client.request('GET', '/work-queue?as_of=2026-02-15');
      expect(queue.statusCode, queue.body).toBe(200);
      expect(queue.json().items[0]).toMatchObject({
        rank: 1,
        customer: { ref: 'H-1' },
        currency: 'EUR',
        overdue: '500.00',
      });
      expect(queue.json().items[0].last_contact).toBeNull();

      const reason = await client.request('POST', `/invoices/${invoice.id}/nonpayment-reasons`, {
        reason: 'missing_po',
        note: 'Needs PO 4711',
      });
      expect(reason.statusCode, reason.body).toBe(201);
      expect(
        (await client.request('GET', `/invoices/${invoice.id}/nonpayment-reasons`)).json().items[0],
      ).toMatchObject({ reason: 'missing_po', note: 'Needs PO 4711' });
      const report = await client.request('GET', '/reports/nonpayment-reasons');
      expect(report.json().rows).toEqual([
        { reason: 'missing_po', currency: 'EUR', invoices: 1, open: '500.00' },
      ]);

      // A viewer reads but does not write.
      const viewer = await createUser(database, client.actor, {
        email: 'vera@h1.test',
        name: 'Vera',
        role: 'viewer',
        password: 'correct horse battery staple',
      });
      const token = await tokenOf(database, client.orgId, viewer);
      const asViewer = (method: 'GET' | 'POST', url: string, payload?: object) =>
        app.inject({
          method,
          url: `/api/v1${url}`,
          headers: { authorization: `Bearer ${token.token}` },
          ...(payload ? { payload } : {}),
        });
      expect((await asViewer('GET', `/customers/${customerId}/timeline`)).statusCode).toBe(200);
      expect(
        (await asViewer('POST', `/customers/${customerId}/notes`, { body: 'x' })).statusCode,
      ).toBe(403);
      expect(
        (
          await asViewer('POST', '/tasks', {
            customer_id: customerId,
            kind: 'call',
            due_on: '2026-02-10',
          })
        ).statusCode,
      ).toBe(403);
    } finally {
      await app.close();
    }
  });
});
