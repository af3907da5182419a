// Proves that goals judge the KPIs by the same code as the KPI report: on a small history worked
// by hand (the one of kpis.test.ts), each status (met, on track, at risk, missed, and no data)
// comes out of figures equal to getKpis' for the same window, the history holds the figure on the
// start, each month end and the evaluation date; bad terms are refused naming the field; changes
// and archiving are audited; another organization can neither see nor change a goal; and
// `settle goals` / `settle goal add` work on the real binary.
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/auth/manage-users.service.js';
import type { Actor } from '../../src/core/actor.js';
import { addDays, type CalendarDate } from '../../src/core/calendar-date.js';
import { createCreditNote } from '../../src/invoicing/create-credit-note.service.js';
import { createCustomer } from '../../src/customers/create-customer.service.js';
import { voidInvoice } from '../../src/invoicing/issue-invoice.service.js';
import { writeOffInvoice } from '../../src/ledger/write-off-invoice.service.js';
import { recordPayment } from '../../src/payments/record-payment.service.js';
import type { Database } from '../../src/platform/db/database.js';
import type { App } from '../../src/platform/http/app.js';
import { buildServer } from '../../src/server/build-server.js';
import { getKpis } from '../../src/reports/get-kpis.service.js';
import { type ApiClient, apiClient, tokenOf } from '../support/api.js';
import { importedCliBook, runSettle, smallBookCsv } from '../support/cli.js';
import { issuedInvoiceDue } from '../support/organization.js';
import { openTestDatabase } from '../support/test-database.js';
import { now } from '../../src/core/clock.js';
import { daysFromToday, todayNoEarlierThan } from '../support/clock.js';

// The book below lies on fixed dates up to late 2026, and events about it are recorded "today".
todayNoEarlierThan('2026-12-05');

let database: Database;
let app: App;
let client: ApiClient;
let intruder: ApiClient;
let actor: Actor;
let customerId: string;
let ana: string;

function invoice(customerId: string, issuedOn: string, dueOn: string, amount: string) {
  return issuedInvoiceDue(database, actor, customerId, { issuedOn, dueOn }, amount);
}

beforeAll(async () => {
  database = await openTestDatabase();
  app = await buildServer({ database });
  client = await apiClient(app, database);
  intruder = await apiClient(app, database);
  actor = client.actor;
  ana = (
    await createUser(database, actor, {
      email: `ana-${client.orgId.slice(-6)}@example.test`,
      name: 'Ana',
      role: 'collector',
      password: 'correct horse battery staple',
    })
  ).id;
  // The history of kpis.test.ts: A/R of 1000.00 at the start of 2025, invoices of 3000.00 and
  // 2000.00, one of 500.00 voided, a credit note of 100.00, two payments and a write-off.
  const x = await createCustomer(database, actor, { ref: 'X', name: 'Xylo', currency: 'EUR' });
  customerId = x.id;
  const a = await invoice(x.id, '2024-12-01', '2024-12-31', '1000.00');
  const b = await invoice(x.id, '2025-01-15', '2025-02-14', '3000.00');
  await invoice(x.id, '2025-03-01', '2025-03-31', '2000.00');
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
});
afterAll(async () => {
  await app?.close();
  await database?.close();
});

async function created(body: Record<string, unknown>) {
  const response = await client.request('POST', '/goals', { owner_id: ana, ...body });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string; name: string };
}

async function goalAsOf(id: string, asOf: string) {
  const response = await client.request('GET', `/goals/${id}?as_of=${asOf}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

/** The KPI report's figure for the window of `days` days up to `on`, as a goal shows it. */
async function reported(
  on: string,
  days: number,
  pick: (
    kpis: NonNullable<Awaited<ReturnType<typeof getKpis>>['currencies'][number]>['period'],
  ) => number | bigint | null,
) {
  const report = await getKpis(database, actor, {
    from: addDays(on as CalendarDate, -(days - 1)),
    to: on as CalendarDate,
    currency: 'EUR',
  });
  const period = report.currencies[0]?.period;
  const value = period === undefined ? null : pick(period);
  return value === null
    ? null
    : typeof value === 'bigint'
      ? (Number(value) / 100).toFixed(2)
      : value.toFixed(2);
}

describe('status, worked by hand', () => {
  it('is on track: CEI from 25.00 up to 60 by the end of April is at 52.50 at the end of March, above the line', async () => {
    const goal = await created({
      metric: 'cei',
      target: '60',
      starts_on: '2025-02-28',
      deadline: '2025-04-30',
    });
    const body = await goalAsOf(goal.id, '2025-03-31');
    // Baseline, 90 days to 28 February: sales 3900 (A 1000, B 3000, D 500 and its void, the
    // credit note), A/R 2900 of which B's 3000 past due: (3900 − 2900) ÷ (3900 + 100) = 25%.
    // On 31 March the quarter gives 52.50 (kpis.test.ts). The line: 25 + 35 × 31 ÷ 61 = 42.79.
    expect(body).toMatchObject({
      name: 'CEI at least 60% by 2025-04-30',
      metric: 'cei',
      unit: 'percent',
      currency: 'EUR',
      direction: 'at_least',
      target: '60.00',
      scope: 'organization',
      window_days: 90,
      owner_id: ana,
      owner_name: 'Ana',
      created_by: client.ownerId,
      evaluated_on: '2025-03-31',
      status: 'on_track',
      status_reason: null,
      baseline: '25.00',
      figure: '52.50',
      expected: '42.79',
      progress_percent: 78.57, // 27.5 of 35
    });
    expect(body.history).toEqual([
      { as_of: '2025-02-28', figure: '25.00' },
      { as_of: '2025-03-31', figure: '52.50' },
    ]);
    for (const point of body.history)
      expect(point.figure).toBe(await reported(point.as_of, 90, (k) => k.cei));
  });

  it('is at risk: DSO at most 40, measured over 31 days, rose from 31.00 in January to 58.90 in March', async () => {
    const goal = await created({
      metric: 'dso',
      target: '40',
      starts_on: '2025-01-31',
      deadline: '2025-04-30',
      window_days: 31,
    });
    const body = await goalAsOf(goal.id, '2025-03-31');
    // 31 days up to 31 January is January; up to 31 March is March (kpis.test.ts' months). The
    // start already met the target, so there is no way covered: 0%. Line: 31 + 9 × 59 ÷ 89 = 36.97.
    expect(body).toMatchObject({
      direction: 'at_most',
      status: 'at_risk',
      status_reason: null,
      baseline: '31.00',
      figure: '58.90',
      expected: '36.97',
      progress_percent: 0,
    });
    // The window to 28 February (29 January on) sold −100.00 (the credit note) against 2900.00
    // owed: −899 days, as the KPI definition gives.
    expect(body.history).toEqual([
      { as_of: '2025-01-31', figure: '31.00' },
      { as_of: '2025-02-28', figure: '-899.00' },
      { as_of: '2025-03-31', figure: '58.90' },
    ]);
    for (const point of body.history)
      expect(point.figure).toBe(await reported(point.as_of, 31, (k) => k.dso));
    // After the deadline it is judged on 30 April, whose 31 days sold nothing: no DSO, missed.
    expect(await goalAsOf(goal.id, '2025-05-15')).toMatchObject({
      evaluated_on: '2025-04-30',
      status: 'missed',
      status_reason: 'figure_unavailable',
      figure: null,
      progress_percent: null,
    });
  });

  it('is missed: DSO at most 40 by the end of March was 58.90 on the deadline', async () => {
    const goal = await created({
      metric: 'dso',
      target: '40',
      starts_on: '2025-01-31',
      deadline: '2025-03-31',
      window_days: 31,
    });
    const body = await goalAsOf(goal.id, '2025-04-15');
    expect(body).toMatchObject({
      evaluated_on: '2025-03-31',
      status: 'missed',
      figure: '58.90',
      expected: '40.00',
    });
    expect(body.history.map((point: { as_of: string }) => point.as_of)).toEqual([
      '2025-01-31',
      '2025-02-28',
      '2025-03-31',
    ]);
  });

  it('is met: total overdue at most 2000.00 by the end of March was 1900.00 (B, past due) on the deadline', async () => {
    const goal = await created({
      metric: 'total_overdue',
      target: '2000',
      starts_on: '2025-01-31',
      deadline: '2025-03-31',
    });
    const body = await goalAsOf(goal.id, '2025-06-30');
    // On 31 January nothing was past due (A paid the day before, B due 14 February).
    expect(body).toMatchObject({
      name: 'Total overdue at most 2000.00 EUR by 2025-03-31',
      unit: 'money',
      target: '2000.00',
      direction: 'at_most',
      evaluated_on: '2025-03-31',
      status: 'met',
      baseline: '0.00',
      figure: '1900.00',
      progress_percent: 100,
    });
    // On 28 February B's 3000.00 was past due (the unapplied credit note is not an invoice).
    expect(body.history).toEqual([
      { as_of: '2025-01-31', figure: '0.00' },
      { as_of: '2025-02-28', figure: '3000.00' },
      { as_of: '2025-03-31', figure: '1900.00' },
    ]);
    for (const point of body.history)
      expect(point.figure).toBe(await reported(point.as_of, 90, (k) => k.endingPastDueMinor));
  });

  it('is at risk without data, saying so: no DSO in a currency the customer never used; nothing overdue there meets the goal', async () => {
    const goal = await created({
      metric: 'dso',
      target: '30',
      currency: 'USD',
      customer_id: customerId,
      starts_on: '2025-01-31',
      deadline: '2025-06-30',
    });
    expect(await goalAsOf(goal.id, '2025-03-31')).toMatchObject({
      currency: 'USD',
      scope: 'customer',
      customer_id: customerId,
      status: 'at_risk',
      status_reason: 'figure_unavailable',
      baseline: null,
      figure: null,
    });
    const overdue = await created({
      metric: 'total_overdue',
      target: '0',
      currency: 'USD',
      customer_id: customerId,
      starts_on: '2025-01-31',
      deadline: '2025-06-30',
    });
    expect(await goalAsOf(overdue.id, '2025-03-31')).toMatchObject({
      currency: 'USD',
      status: 'met',
      figure: '0.00',
    });
  });

  it("defaults a customer's goal to the customer's currency, and lists goals with status and figure", async () => {
    const goal = await created({
      metric: 'percent_current',
      target: '80',
      customer_id: customerId,
      starts_on: '2025-01-31',
      deadline: '2025-12-31',
    });
    const body = await goalAsOf(goal.id, '2025-03-31');
    expect(body).toMatchObject({
      currency: 'EUR',
      direction: 'at_least',
      figure: '50.00',
      baseline: '100.00',
      status: 'at_risk',
    });
    const list = await client.request('GET', `/goals?as_of=2025-03-31&owner_id=${ana}`);
    expect(list.statusCode, list.body).toBe(200);
    const items = list.json().items as {
      id: string;
      status: string;
      figure: string | null;
      history?: unknown;
      deadline: string;
    }[];
    expect(items.length).toBeGreaterThanOrEqual(6);
    expect(items.map((item) => item.deadline)).toEqual(
      [...items.map((item) => item.deadline)].sort(),
    );
    expect(items.find((item) => item.id === goal.id)).toMatchObject({
      status: 'at_risk',
      figure: '50.00',
    });
    expect(items[0]!.history).toBeUndefined();
    const nobody = await client.request('GET', `/goals?owner_id=${client.ownerId}`);
    expect(nobody.json().items).toEqual([]);
  });
});

describe('validation', () => {
  const base = { metric: 'dso', target: '40', deadline: daysFromToday(200) };
  const refused = async (body: Record<string, unknown>) => {
    const response = await client.request('POST', '/goals', { owner_id: ana, ...base, ...body });
    return { status: response.statusCode, error: response.json().error };
  };

  it('names the field of bad terms', async () => {
    expect(await refused({ metric: 'profit' })).toEqual({
      status: 400,
      error: expect.objectContaining({ code: 'goal_metric_unknown', field: 'metric' }),
    });
    expect(await refused({ target: '40.123' })).toEqual({
      status: 400,
      error: expect.objectContaining({ code: 'goal_target_invalid', field: 'target' }),
    });
    expect(await refused({ metric: 'total_overdue', target: '10.005' })).toEqual({
      status: 400,
      error: expect.objectContaining({ code: 'goal_target_invalid', field: 'target' }),
    });
    expect(await refused({ starts_on: '2025-01-31', deadline: '2025-01-30' })).toEqual({
      status: 400,
      error: expect.objectContaining({ code: 'goal_deadline_invalid', field: 'deadline' }),
    });
    expect(await refused({ direction: 'down' })).toEqual({
      status: 400,
      error: expect.objectContaining({ code: 'goal_direction_invalid', field: 'direction' }),
    });
    expect(await refused({ window_days: 400 })).toEqual({
      status: 400,
      error: expect.objectContaining({ code: 'goal_window_invalid', field: 'window_days' }),
    });
    expect(await refused({ tag: 'vip', customer_id: customerId })).toEqual({
      status: 400,
      error: expect.objectContaining({ code: 'goal_scope_invalid', field: 'tag' }),
    });
    expect(await refused({ starts_on: '2999-01-01', deadline: '2999-12-31' })).toEqual({
      status: 400,
      error: expect.objectContaining({ code: 'goal_starts_on_invalid', field: 'starts_on' }),
    });
  });

  it('refuses an owner, customer or collector of another organization as not found', async () => {
    expect(await refused({ owner_id: intruder.ownerId })).toEqual({
      status: 404,
      error: expect.objectContaining({ code: 'owner_not_found', field: 'owner_id' }),
    });
    expect(await refused({ collector_id: intruder.ownerId })).toEqual({
      status: 404,
      error: expect.objectContaining({ code: 'collector_not_found', field: 'collector_id' }),
    });
    const theirs = (
      await intruder.request('POST', '/customers', {
        ref: 'THEIRS',
        name: 'Theirs',
        currency: 'EUR',
      })
    ).json().id as string;
    expect(await refused({ customer_id: theirs })).toEqual({
      status: 404,
      error: expect.objectContaining({ code: 'customer_not_found', field: 'customer_id' }),
    });
  });

  it('refuses a disabled owner, and lets only owners and admins set goals', async () => {
    const gone = await createUser(database, actor, {
      email: `gone-${client.orgId.slice(-6)}@example.test`,
      name: 'Gone',
      role: 'viewer',
      password: 'correct horse battery staple',
    });
    const token = await tokenOf(database, actor.orgId, gone);
    const asViewer = await app.inject({
      method: 'POST',
      url: '/api/v1/goals',
      headers: { authorization: `Bearer ${token.token}` },
      payload: { owner_id: ana, ...base },
    });
    expect(asViewer.statusCode).toBe(403);
    const readable = await app.inject({
      method: 'GET',
      url: '/api/v1/goals',
      headers: { authorization: `Bearer ${token.token}` },
    });
    expect(readable.statusCode).toBe(200);
    await database.db
      .updateTable('users')
      .set({ disabled_at: now() })
      .where('org_id', '=', client.orgId)
      .where('id', '=', gone.id)
      .execute();
    expect(await refused({ owner_id: gone.id })).toEqual({
      status: 400,
      error: expect.objectContaining({ code: 'owner_disabled', field: 'owner_id' }),
    });
  });
});

describe('changes', () => {
  it('changes the target, deadline, owner and name with before and after in the audit log, then archives', async () => {
    const goal = await created({
      metric: 'dso',
      target: '40',
      starts_on: '2025-01-31',
      deadline: '2025-04-30',
      window_days: 31,
    });
    const patched = await client.request('PATCH', `/goals/${goal.id}`, {
      target: '60',
      deadline: '2025-05-31',
      owner_id: client.ownerId,
      name: 'DSO under 60 by May',
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({
      name: 'DSO under 60 by May',
      target: '60.00',
      deadline: '2025-05-31',
      owner_id: client.ownerId,
      starts_on: '2025-01-31',
      window_days: 31,
    });
    // Back to the derived name, which follows the new terms.
    const renamed = await client.request('PATCH', `/goals/${goal.id}`, { name: null });
    expect(renamed.json().name).toBe('DSO at most 60 days by 2025-05-31');
    // After March, 58.90 meets 60: met while the deadline is still ahead.
    expect(await goalAsOf(goal.id, '2025-03-31')).toMatchObject({
      status: 'met',
      figure: '58.90',
      progress_percent: 100,
    });

    const badTarget = await client.request('PATCH', `/goals/${goal.id}`, { target: 'sixty' });
    expect(badTarget.json().error).toMatchObject({ code: 'goal_target_invalid', field: 'target' });
    const badDeadline = await client.request('PATCH', `/goals/${goal.id}`, {
      deadline: '2025-01-01',
    });
    expect(badDeadline.json().error).toMatchObject({
      code: 'goal_deadline_invalid',
      field: 'deadline',
    });
    const fixedField = await client.request('PATCH', `/goals/${goal.id}`, { metric: 'cei' });
    expect(fixedField.statusCode).toBe(400);

    const archived = await client.request('DELETE', `/goals/${goal.id}`);
    expect(archived.statusCode).toBe(204);
    expect((await client.request('DELETE', `/goals/${goal.id}`)).statusCode).toBe(204);
    const after = await client.request('GET', `/goals/${goal.id}`);
    expect(after.json().archived_at).not.toBeNull();
    expect(
      (await client.request('GET', '/goals')).json().items.map((item: { id: string }) => item.id),
    ).not.toContain(goal.id);
    expect(
      (await client.request('GET', '/goals?include_archived=true'))
        .json()
        .items.map((item: { id: string }) => item.id),
    ).toContain(goal.id);
    const change = await client.request('PATCH', `/goals/${goal.id}`, { target: '50' });
    expect(change.statusCode).toBe(409);
    expect(change.json().error).toMatchObject({ code: 'goal_archived' });

    const events = (await client.request('GET', `/audit-events?entity_id=${goal.id}`)).json()
      .items as {
      action: string;
      before: Record<string, unknown> | null;
      after: Record<string, unknown> | null;
    }[];
    expect(events.map((event) => event.action)).toEqual([
      'goal.archived',
      'goal.updated',
      'goal.updated',
      'goal.created',
    ]);
    const [archive, rename, update, create] = events;
    expect(create!.before).toBeNull();
    expect(create!.after).toMatchObject({
      metric: 'dso',
      target: '40.00',
      owner_id: ana,
      name: null,
    });
    expect(update!.before).toMatchObject({
      target: '40.00',
      deadline: '2025-04-30',
      owner_id: ana,
      name: null,
    });
    expect(update!.after).toMatchObject({
      target: '60.00',
      deadline: '2025-05-31',
      owner_id: client.ownerId,
      name: 'DSO under 60 by May',
    });
    expect(rename!.after).toMatchObject({ name: null });
    expect(archive!.before).toMatchObject({ archived_at: null });
    expect(archive!.after).toMatchObject({ archived_at: expect.any(String) });
  });
});

describe('tenancy', () => {
  it('lets another organization neither read, list, change nor archive a goal', async () => {
    const goal = await created({ metric: 'dso', target: '40', deadline: daysFromToday(200) });
    const before = (await client.request('GET', `/goals/${goal.id}`)).body;
    expect((await intruder.request('GET', `/goals/${goal.id}`)).statusCode).toBe(404);
    expect((await intruder.request('PATCH', `/goals/${goal.id}`, { target: '1' })).statusCode).toBe(
      404,
    );
    expect((await intruder.request('DELETE', `/goals/${goal.id}`)).statusCode).toBe(404);
    const listed = await intruder.request('GET', '/goals?include_archived=true');
    expect(listed.statusCode).toBe(200);
    expect(listed.json().items).toEqual([]);
    expect((await client.request('GET', `/goals/${goal.id}`)).body).toBe(before);
  });
});

describe('settle goals', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await importedCliBook('settle-goals-', [
      ['customers', smallBookCsv.customers],
      ['invoices', smallBookCsv.invoices],
      [
        'payments',
        'ref,customer_ref,received_date,currency,amount,invoice_number\nP-1,ACME,2026-03-10,EUR,100.00,INV-1\n',
      ],
    ]);
  }, 180_000);
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('adds a goal for a customer and lists it with its status and figure', async () => {
    const added = await runSettle(
      dir,
      'goal',
      'add',
      '--metric',
      'total_overdue',
      '--target',
      '200',
      '--deadline',
      '2026-06-30',
      '--owner',
      'owner@settle.local',
      '--customer',
      'ACME',
      '--starts-on',
      '2026-02-28',
      '--format',
      'json',
    );
    expect(added.code, added.stderr).toBe(0);
    const goal = JSON.parse(added.stdout);
    expect(goal).toMatchObject({
      metric: 'total_overdue',
      scope: 'customer',
      currency: 'EUR',
      target: '200.00',
      created_by: null,
    });

    const json = await runSettle(dir, 'goals', '--as-of', '2026-03-31', '--format', 'json');
    expect(json.code, json.stderr).toBe(0);
    // On 28 February INV-1 (100.00) was past due; on 31 March INV-2 (250.00): worse than the line
    // from 100 towards 200 — which the start already met, so no progress.
    expect(JSON.parse(json.stdout)).toEqual([
      expect.objectContaining({
        name: 'Total overdue at most 200.00 EUR by 2026-06-30',
        status: 'at_risk',
        baseline: '100.00',
        figure: '250.00',
        expected: '125.41',
        progress_percent: 0,
      }),
    ]);
    const table = await runSettle(dir, 'goals', '--as-of', '2026-03-31');
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(
      /^Total overdue at most 200\.00 EUR by 2026-06-30\s+at_risk\s+250\.00 EUR\s+≤ 200\.00 EUR\s+0\.00 %\s+2026-06-30\s+Owner\s+[0-9a-f-]{36}$/m,
    );

    const shown = await runSettle(dir, 'goal', 'show', goal.id, '--as-of', '2026-03-31');
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toMatch(/^2026-02-28\s+100\.00 EUR$/m);
    expect(shown.stdout).toMatch(/^2026-03-31\s+250\.00 EUR$/m);

    const unknown = await runSettle(
      dir,
      'goal',
      'add',
      '--metric',
      'dso',
      '--target',
      '40',
      '--deadline',
      '2026-06-30',
      '--owner',
      'nobody@settle.local',
    );
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('[owner_not_found]');
    const metric = await runSettle(
      dir,
      'goal',
      'add',
      '--metric',
      'profit',
      '--target',
      '40',
      '--deadline',
      daysFromToday(200),
      '--owner',
      'owner@settle.local',
    );
    expect(metric.code).toBe(1);
    expect(metric.stderr).toContain('(field: metric) [goal_metric_unknown]');
  }, 180_000);
});
