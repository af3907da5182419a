// Proves the work queue on a small book worked out by hand: as of a date it lists every customer
// and currency with something overdue or a task due, ranked by the documented score with its
// reasons in words (overdue amount, age, broken promises, lateness of past payments, size, tasks),
// paused customers after the rest, open tasks and the last contact beside each; it narrows to one
// collector, moves with the as-of date, and never shows another organization's accounts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/auth/manage-users.service.js';
import { getWorkQueue, workQueueView } from '../../src/worklist/get-work-queue.service.js';
import { completeTask, createTask } from '../../src/worklist/manage-tasks.service.js';
import type { Actor } from '../../src/core/actor.js';
import { newId } from '../../src/core/ids.js';
import { createCustomer } from '../../src/customers/create-customer.service.js';
import { recordPayment } from '../../src/payments/record-payment.service.js';
import type { Database } from '../../src/platform/db/database.js';
import { issuedInvoiceDue, newOrganization } from '../support/organization.js';
import { openTestDatabase } from '../support/test-database.js';
import { todayNoEarlierThan } from '../support/clock.js';

// The book below lies on fixed dates up to late 2026, and money is posted about it "today".
todayNoEarlierThan('2026-12-05');

let database: Database;
let actor: Actor;
let collectorId: string;
const ids: Record<string, string> = {};
const asOf = '2026-03-15';

async function customer(ref: string, options: { currency?: string; collectorId?: string } = {}) {
  const created = await createCustomer(database, actor, {
    ref,
    name: `${ref} Ltd`,
    currency: options.currency ?? 'EUR',
    terms: 'NET30',
    collectorId: options.collectorId,
  });
  ids[ref] = created.id;
  return created.id;
}

async function invoice(customerId: string, issuedOn: string, dueOn: string, amount: string) {
  return (await issuedInvoiceDue(database, actor, customerId, { issuedOn, dueOn }, amount)).id;
}

async function brokenPromise(customerId: string, decidedOn: string) {
  await database.db
    .insertInto('promises')
    .values({
      org_id: actor.orgId,
      id: newId(),
      customer_id: customerId,
      amount_minor: 10_000n,
      currency: 'EUR',
      promised_on: decidedOn,
      made_on: '2026-01-15',
      status: 'broken',
      decided_on: decidedOn,
    })
    .execute();
}

beforeAll(async () => {
  database = await openTestDatabase();
  ({ actor } = await newOrganization(database));
  collectorId = (
    await createUser(database, actor, {
      email: 'cara@example.test',
      name: 'Cara Collector',
      role: 'collector',
      password: 'correct horse battery staple',
    })
  ).id;

  // 12,400.00 due 64 days before the date, 7,600.00 not yet due, two promises broken this year
  // (and one too long ago to count), and a call due yesterday.
  const big = await customer('C-BIG', { collectorId });
  await invoice(big, '2025-12-11', '2026-01-10', '12400.00');
  await invoice(big, '2026-03-02', '2026-04-01', '7600.00');
  await brokenPromise(big, '2026-02-20');
  await brokenPromise(big, '2026-03-01');
  await brokenPromise(big, '2025-03-01');
  await createTask(database, actor, {
    customerId: big,
    kind: 'call',
    dueOn: '2026-03-14',
    title: 'Chase the January invoice',
  });

  // 3,000.00 due 30 days before, and a history of paying 20 days late.
  const mid = await customer('C-MID');
  const paid = await invoice(mid, '2025-12-02', '2026-01-01', '1000.00');
  await recordPayment(database, actor, {
    customerId: mid,
    amount: '1000.00',
    receivedOn: '2026-01-21',
    applications: [{ invoiceId: paid, amount: '1000.00' }],
  });
  await invoice(mid, '2026-01-14', '2026-02-13', '3000.00');

  // In dollars: 500.00 due ten days before.
  const dollars = await customer('C-USD', { currency: 'USD' });
  await invoice(dollars, '2026-02-03', '2026-03-05', '500.00');

  // The largest debt of all, but the customer's collections are paused.
  const paused = await customer('C-PAUSED');
  await invoice(paused, '2025-12-02', '2026-01-01', '50000.00');
  await database.db
    .updateTable('customers')
    .set({ collections_paused: true, collections_pause_reason: 'Insolvency talks' })
    .where('org_id', '=', actor.orgId)
    .where('id', '=', paused)
    .execute();

  // Nothing overdue, but a call due on the date; a done call is its last contact.
  const task = await customer('C-TASK', { collectorId });
  await createTask(database, actor, { customerId: task, kind: 'call', dueOn: asOf });
  const earlier = await createTask(database, actor, {
    customerId: task,
    kind: 'call',
    dueOn: '2026-03-01',
    title: 'First call',
  });
  await completeTask(database, actor, earlier.id, { outcome: 'no_answer' });
  // As if it had been done on its due date, so that it counts as a contact before the as-of date.
  await database.db
    .updateTable('collection_tasks')
    .set({ completed_at: new Date('2026-03-01T10:00:00Z') })
    .where('org_id', '=', actor.orgId)
    .where('id', '=', earlier.id)
    .execute();

  // Not in the queue: not yet due, a task not yet due, and fully paid.
  await invoice(await customer('C-CURRENT'), '2026-03-01', '2026-03-31', '900.00');
  await createTask(database, actor, {
    customerId: await customer('C-LATER'),
    kind: 'review',
    dueOn: '2026-03-20',
  });
  const settled = await customer('C-SETTLED');
  const settledInvoice = await invoice(settled, '2026-01-01', '2026-01-31', '100.00');
  await recordPayment(database, actor, {
    customerId: settled,
    amount: '100.00',
    receivedOn: '2026-01-20',
    applications: [{ invoiceId: settledInvoice, amount: '100.00' }],
  });
});
afterAll(async () => {
  await database?.close();
});

describe('work queue', () => {
  it('ranks the book by score with the reasons, paused customers last', async () => {
    const view = workQueueView(await getWorkQueue(database, actor, { asOf }));
    expect(view.as_of).toBe(asOf);
    expect(
      view.items.map((item) => [
        item.rank,
        item.customer.ref,
        item.currency,
        item.score,
        item.paused,
      ]),
    ).toEqual([
      [1, 'C-BIG', 'EUR', 98, false],
      [2, 'C-MID', 'EUR', 64.2, false],
      [3, 'C-USD', 'USD', 38.1, false],
      [4, 'C-TASK', 'EUR', 5, false],
      [5, 'C-PAUSED', 'EUR', 83, true],
    ]);
    expect(view.total).toBe(5);

    const [big, mid, dollars, task, paused] = view.items;
    // 10 × log10(12,401) = 40.9; 64 × 0.3 = 19.2; 2 × 10; 3 × log10(20,001) = 12.9; one task 5.
    expect(big!.reasons).toEqual([
      { factor: 'amount_overdue', points: 40.9, text: 'EUR 12,400.00 overdue' },
      { factor: 'broken_promises', points: 20, text: '2 broken promises in the last year' },
      { factor: 'days_overdue', points: 19.2, text: 'oldest 64 days overdue' },
      { factor: 'account_size', points: 12.9, text: 'EUR 20,000.00 open in total' },
      { factor: 'open_tasks_due', points: 5, text: '1 task due' },
    ]);
    expect(big).toMatchObject({
      overdue: '12400.00',
      open: '20000.00',
      oldest_overdue_days: 64,
      open_task_count: 1,
      collector_id: collectorId,
      last_contact: null,
    });
    expect(big!.open_tasks).toEqual([
      expect.objectContaining({
        kind: 'call',
        title: 'Chase the January invoice',
        due_on: '2026-03-14',
        assignee_id: collectorId,
      }),
    ]);
    // 10 × log10(3,001) = 34.8; 30 × 0.3 = 9; paid 20 days late: 20 × 0.5 = 10; 3 × log10(3,001) = 10.4.
    expect(mid!.reasons.map((reason) => [reason.factor, reason.points, reason.text])).toEqual([
      ['amount_overdue', 34.8, 'EUR 3,000.00 overdue'],
      ['account_size', 10.4, 'EUR 3,000.00 open in total'],
      ['risk', 10, 'pays 20 days late on average'],
      ['days_overdue', 9, 'oldest 30 days overdue'],
    ]);
    expect(dollars!.reasons[0]).toEqual({
      factor: 'amount_overdue',
      points: 27,
      text: 'USD 500.00 overdue',
    });
    expect(task).toMatchObject({
      overdue: '0.00',
      open_task_count: 1,
      reasons: [{ factor: 'open_tasks_due', points: 5, text: '1 task due' }],
    });
    expect(task!.last_contact).toEqual({
      at: '2026-03-01T10:00:00.000Z',
      type: 'task',
      description: 'call: no_answer (First call)',
    });
    expect(paused!.reasons[0]).toEqual({
      factor: 'paused',
      points: 0,
      text: 'collections paused: Insolvency talks',
    });
    expect(paused!.reasons[1]).toEqual({
      factor: 'amount_overdue',
      points: 47,
      text: 'EUR 50,000.00 overdue',
    });
  });

  it("narrows to one collector's customers and cuts the list at the limit", async () => {
    const mine = workQueueView(await getWorkQueue(database, actor, { asOf, collectorId }));
    expect(mine.items.map((item) => item.customer.ref)).toEqual(['C-BIG', 'C-TASK']);
    const top = workQueueView(await getWorkQueue(database, actor, { asOf, limit: 2 }));
    expect([top.total, top.items.map((item) => item.customer.ref)]).toEqual([
      5,
      ['C-BIG', 'C-MID'],
    ]);
  });

  it('counts from the as-of date: earlier, less is overdue and fewer tasks are due', async () => {
    const view = workQueueView(await getWorkQueue(database, actor, { asOf: '2026-02-01' }));
    // On 1 February only the January invoices are overdue, and no task is due yet.
    expect(
      view.items.map((item) => [item.customer.ref, item.overdue, item.oldest_overdue_days]),
    ).toEqual([
      ['C-BIG', '12400.00', 22],
      ['C-PAUSED', '50000.00', 31],
    ]);
    // The two promises broken after the date do not count yet; the one of 1 March 2025 still does.
    expect(view.items[0]!.reasons.find((reason) => reason.factor === 'broken_promises')).toEqual({
      factor: 'broken_promises',
      points: 10,
      text: '1 broken promise in the last year',
    });
  });

  it('refuses an unknown collector, a bad date and a limit past the maximum, naming the field', async () => {
    await expect(getWorkQueue(database, actor, { collectorId: newId() })).rejects.toMatchObject({
      code: 'collector_not_found',
      field: 'collector_id',
    });
    await expect(getWorkQueue(database, actor, { asOf: '2026-02-30' })).rejects.toMatchObject({
      code: 'date_invalid',
      field: 'as_of',
    });
    await expect(getWorkQueue(database, actor, { asOf, limit: 500 })).resolves.toMatchObject({
      total: 5,
    });
    await expect(getWorkQueue(database, actor, { asOf, limit: 501 })).rejects.toMatchObject({
      code: 'limit_invalid',
      field: 'limit',
    });
  });

  it("shows another organization none of this one's accounts", async () => {
    const other = await newOrganization(database);
    const view = await getWorkQueue(database, other.actor, { asOf });
    expect(view.items).toEqual([]);
    await expect(getWorkQueue(database, other.actor, { asOf, collectorId })).rejects.toMatchObject({
      code: 'collector_not_found',
    });
  });
});
