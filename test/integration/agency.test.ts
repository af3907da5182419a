// Proves the hand-over to a collection agency: a placement's amount is the open total of its
// invoices, a recovery is a real payment applied to them oldest first with the commission worked
// out half-up, more than is open is refused naming the field, an invoice is placed once at a
// time, closing and recalling end a placement, and the agency file parses back to the debtor, the
// invoices and the contact history, and the HTTP routes answer in the same terms.
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../src/auth/manage-users.service.js';
import { agencyFileCsv, agencyFileHeader } from '../../src/agency/agency-file.js';
import {
  closePlacement,
  getAgencyFile,
  getPlacement,
  listPlacements,
  placeInvoices,
  recallPlacement,
  recordRecovery,
} from '../../src/agency/manage-placements.service.js';
import type { Actor } from '../../src/core/actor.js';
import { newId } from '../../src/core/ids.js';
import { createCustomer } from '../../src/customers/create-customer.service.js';
import { recordPayment } from '../../src/payments/record-payment.service.js';
import type { Database } from '../../src/platform/db/database.js';
import { buildServer } from '../../src/server/build-server.js';
import { issuedInvoiceDue, newCustomer, newOrganization } from '../support/organization.js';
import { openTestDatabase } from '../support/test-database.js';
import { todayNoEarlierThan } from '../support/clock.js';
import { fromSpreadsheetSafe } from '../../src/core/spreadsheet-cell.js';

// The book below lies on fixed dates up to late 2026, and events about it are recorded "today".
todayNoEarlierThan('2026-12-05');

let database: Database;

beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

async function book() {
  const { actor } = await newOrganization(database);
  const customer = await createCustomer(database, actor, {
    ref: `D-${newId().slice(-6)}`,
    name: 'Acme',
    legalName: 'Acme Trading Ltd',
    taxId: 'GB123456789',
    currency: 'EUR',
    billingAddress: {
      line1: '12 Mill Lane',
      line2: 'Unit 4',
      city: 'Leeds',
      postalCode: 'LS1 2AB',
      country: 'GB',
    },
    contacts: [
      { name: 'Sales Desk', email: 'sales@acme.test', role: 'primary' },
      {
        name: 'Pat Payables',
        email: 'ap@acme.test',
        phone: '+44 113 000',
        role: 'accounts_payable',
        receivesReminders: true,
      },
    ],
  });
  const invoice = (issuedOn: string, dueOn: string, amount: string) =>
    issuedInvoiceDue(database, actor, customer.id, { issuedOn, dueOn }, amount);
  // Created newest first, so that oldest-first is the due date's order, not the creation order.
  const later = await invoice('2026-02-01', '2026-03-03', '500.00');
  const older = await invoice('2026-01-05', '2026-02-04', '1000.00');
  const notDue = await invoice('2026-03-20', '2027-04-19', '70.00');
  return { actor, customer, later, older, notDue };
}

async function paymentsOf(actor: Actor, customerId: string) {
  return database.db
    .selectFrom('payments')
    .selectAll()
    .where('org_id', '=', actor.orgId)
    .where('customer_id', '=', customerId)
    .execute();
}

describe('placing invoices', () => {
  it('records the open total of the chosen invoices as the amount', async () => {
    const { actor, customer, later, older } = await book();
    await recordPayment(database, actor, {
      customerId: customer.id,
      amount: '120.00',
      receivedOn: '2026-03-01',
      applications: [{ invoiceId: later.id, amount: '120.00' }],
    });
    const placed = await placeInvoices(database, actor, {
      customerId: customer.id,
      agency: 'Debt Recovery Partners',
      commissionPercent: '25',
      placedOn: '2026-03-25',
      invoiceIds: [later.id, older.id],
    });
    expect(placed.placement).toMatchObject({
      amountMinor: 138_000n,
      currency: 'EUR',
      status: 'active',
      channel: 'agency',
      commissionPercentScaled: 250_000n,
    });
    expect(placed.openMinor).toBe(138_000n);
    expect(placed.invoices.map((invoice) => invoice.number)).toEqual([older.number, later.number]);
  });

  it('places every overdue invoice with all_overdue, leaves out those not due or already placed, and places an invoice once at a time', async () => {
    const { actor, customer, later, older, notDue } = await book();
    const first = await placeInvoices(database, actor, {
      customerId: customer.id,
      agency: 'A',
      commissionPercent: '20',
      placedOn: '2026-03-25',
      invoiceIds: [older.id],
    });
    await expect(
      placeInvoices(database, actor, {
        customerId: customer.id,
        agency: 'B',
        commissionPercent: '20',
        placedOn: '2026-03-25',
        invoiceIds: [later.id, older.id],
      }),
    ).rejects.toMatchObject({ code: 'invoice_already_placed', field: 'invoice_ids[1]' });
    const rest = await placeInvoices(database, actor, {
      customerId: customer.id,
      agency: 'B',
      channel: 'legal',
      commissionPercent: '0',
      placedOn: '2026-03-25',
      allOverdue: true,
    });
    expect(rest.placement.invoiceIds).toEqual([later.id]);
    expect(rest.placement).toMatchObject({ channel: 'legal', amountMinor: 50_000n });
    expect(rest.placement.invoiceIds).not.toContain(notDue.id);
    await expect(
      placeInvoices(database, actor, {
        customerId: customer.id,
        agency: 'C',
        commissionPercent: '20',
        placedOn: '2026-03-25',
        allOverdue: true,
      }),
    ).rejects.toMatchObject({ code: 'no_overdue_invoices', field: 'all_overdue' });
    // Recalled, the invoice may go to another agency.
    await recallPlacement(database, actor, first.placement.id, {
      on: '2026-03-30',
      reason: 'Customer called',
    });
    const again = await placeInvoices(database, actor, {
      customerId: customer.id,
      agency: 'C',
      commissionPercent: '20',
      placedOn: '2026-03-30',
      invoiceIds: [older.id],
    });
    expect(again.placement.amountMinor).toBe(100_000n);
  });

  it('refuses bad input naming the field', async () => {
    const { actor, customer, older, notDue } = await book();
    const other = await newCustomer(database, actor);
    const base = {
      customerId: customer.id,
      agency: 'A',
      commissionPercent: '25',
      placedOn: '2026-03-25',
      invoiceIds: [older.id],
    };
    const cases: [Partial<typeof base> & Record<string, unknown>, string, string][] = [
      [{ agency: ' ' }, 'agency_required', 'agency'],
      [{ commissionPercent: '100.5' }, 'percent_invalid', 'commission_percent'],
      [{ commissionPercent: 'lots' }, 'decimal_invalid', 'commission_percent'],
      [{ channel: 'bailiff' }, 'channel_invalid', 'channel'],
      [{ placedOn: '2999-01-01' }, 'placed_on_future', 'placed_on'],
      [{ invoiceIds: [] }, 'invoices_required', 'invoice_ids'],
      [{ invoiceIds: [older.id, older.id] }, 'invoice_repeated', 'invoice_ids[1]'],
      [{ invoiceIds: [older.id, newId()] }, 'invoice_not_found', 'invoice_ids[1]'],
      [
        { invoiceIds: [notDue.id], placedOn: '2026-03-01' },
        'placement_before_issue',
        'invoice_ids[0]',
      ],
      [{ customerId: other.id }, 'invoice_customer_mismatch', 'invoice_ids[0]'],
      [{ customerId: newId() }, 'customer_not_found', 'customer_id'],
    ];
    for (const [change, code, field] of cases) {
      await expect(
        placeInvoices(database, actor, { ...base, ...change }),
        code,
      ).rejects.toMatchObject({ code, field });
    }
    expect((await listPlacements(database, actor)).items).toEqual([]);
  });
});

describe('recoveries', () => {
  it('records a payment applied oldest first, with the commission rounded half-up', async () => {
    const { actor, customer, later, older } = await book();
    const { placement } = await placeInvoices(database, actor, {
      customerId: customer.id,
      agency: 'Debt Recovery Partners',
      commissionPercent: '25',
      placedOn: '2026-03-25',
      invoiceIds: [later.id, older.id],
    });
    const recorded = await recordRecovery(database, actor, placement.id, {
      amount: '1234.57',
      recoveredOn: '2026-04-10',
      reference: 'DRP-77',
    });
    // 1,234.57 × 25 % = 308.6425, rounded half-up to 308.64.
    expect(recorded.recovery).toMatchObject({
      amountMinor: 123_457n,
      commissionMinor: 30_864n,
      recoveredOn: '2026-04-10',
    });
    const [payment] = await paymentsOf(actor, customer.id);
    expect(payment).toMatchObject({
      id: recorded.recovery.paymentId,
      amount_minor: 123_457n,
      method: 'other',
      payer: 'Debt Recovery Partners',
      reference: 'DRP-77',
      received_on: '2026-04-10',
    });
    const applications = await database.db
      .selectFrom('applications')
      .select(['invoice_id', 'amount_minor', 'applied_on'])
      .where('org_id', '=', actor.orgId)
      .where('source_id', '=', payment!.id)
      .orderBy('amount_minor', 'desc')
      .execute();
    expect(applications).toEqual([
      { invoice_id: older.id, amount_minor: 100_000n, applied_on: '2026-04-10' },
      { invoice_id: later.id, amount_minor: 23_457n, applied_on: '2026-04-10' },
    ]);
    expect(recorded.placement).toMatchObject({
      recoveredMinor: 123_457n,
      commissionMinor: 30_864n,
      openMinor: 26_543n,
    });
    expect(recorded.placement.invoices.map((invoice) => invoice.status)).toEqual([
      'paid',
      'partially_paid',
    ]);
  });

  it('refuses more than is still open, naming the amount, and writes nothing', async () => {
    const { actor, customer, later, older } = await book();
    const { placement } = await placeInvoices(database, actor, {
      customerId: customer.id,
      agency: 'A',
      commissionPercent: '25',
      placedOn: '2026-03-25',
      invoiceIds: [later.id, older.id],
    });
    await recordRecovery(database, actor, placement.id, {
      amount: '1234.57',
      recoveredOn: '2026-04-10',
    });
    await expect(
      recordRecovery(database, actor, placement.id, {
        amount: '265.44',
        recoveredOn: '2026-04-11',
      }),
    ).rejects.toMatchObject({ code: 'recovery_exceeds_open', field: 'amount', kind: 'conflict' });
    await expect(
      recordRecovery(database, actor, placement.id, { amount: '0', recoveredOn: '2026-04-11' }),
    ).rejects.toMatchObject({ code: 'amount_not_positive', field: 'amount' });
    await expect(
      recordRecovery(database, actor, placement.id, { amount: '1.001', recoveredOn: '2026-04-11' }),
    ).rejects.toMatchObject({ code: 'amount_too_precise', field: 'amount' });
    await expect(
      recordRecovery(database, actor, placement.id, { amount: '1.00', recoveredOn: '2026-03-24' }),
    ).rejects.toMatchObject({ code: 'recovery_before_placement', field: 'recovered_on' });
    expect(await paymentsOf(actor, customer.id)).toHaveLength(1);
    // Exactly what is open is accepted, and settles both invoices.
    const last = await recordRecovery(database, actor, placement.id, {
      amount: '265.43',
      recoveredOn: '2026-04-11',
    });
    expect(last.placement.openMinor).toBe(0n);
    expect(last.recovery.commissionMinor).toBe(6_636n); // 265.43 × 25 % = 66.3575 → 66.36
    const file = parse(
      await agencyFileCsv(
        await getAgencyFile(database, actor, placement.id, { asOf: '2026-04-30' }),
      ),
      { columns: true },
    ) as Record<string, string>[];
    expect(file.map((row) => [row.open, row.days_overdue])).toEqual([
      ['0.00', '0'],
      ['0.00', '0'],
    ]);
  });

  it('replays a retried recovery with its idempotency key instead of recording it twice', async () => {
    const { actor, customer, older } = await book();
    const { placement } = await placeInvoices(database, actor, {
      customerId: customer.id,
      agency: 'A',
      commissionPercent: '10',
      placedOn: '2026-03-25',
      invoiceIds: [older.id],
    });
    const first = await recordRecovery(
      database,
      actor,
      placement.id,
      { amount: '100.00', recoveredOn: '2026-04-01' },
      { idempotencyKey: 'remit-1' },
    );
    const again = await recordRecovery(
      database,
      actor,
      placement.id,
      { amount: '100.00', recoveredOn: '2026-04-01' },
      { idempotencyKey: 'remit-1' },
    );
    expect(again.recovery.id).toBe(first.recovery.id);
    expect(again.placement.recoveries).toHaveLength(1);
    await expect(
      recordRecovery(
        database,
        actor,
        placement.id,
        { amount: '99.00', recoveredOn: '2026-04-01' },
        { idempotencyKey: 'remit-1' },
      ),
    ).rejects.toMatchObject({ code: 'idempotency_key_reused' });
  });

  it('ends a placement once: closed or recalled, after which nothing is recovered through it', async () => {
    const { actor, customer, later, older } = await book();
    const closing = await placeInvoices(database, actor, {
      customerId: customer.id,
      agency: 'A',
      commissionPercent: '10',
      placedOn: '2026-03-25',
      invoiceIds: [older.id],
    });
    const closed = await closePlacement(database, actor, closing.placement.id, {
      on: '2026-05-01',
      reason: 'Agency gave up',
    });
    expect(closed.placement).toMatchObject({
      status: 'closed',
      closedOn: '2026-05-01',
      notes: 'Closed on 2026-05-01: Agency gave up',
    });
    await expect(
      recordRecovery(database, actor, closing.placement.id, { amount: '1.00' }),
    ).rejects.toMatchObject({ code: 'placement_not_active' });
    await expect(recallPlacement(database, actor, closing.placement.id)).rejects.toMatchObject({
      code: 'placement_not_active',
    });
    const recalling = await placeInvoices(database, actor, {
      customerId: customer.id,
      agency: 'B',
      commissionPercent: '10',
      placedOn: '2026-03-25',
      invoiceIds: [later.id],
    });
    await expect(
      recallPlacement(database, actor, recalling.placement.id, { on: '2026-03-24' }),
    ).rejects.toMatchObject({ code: 'end_before_placement', field: 'on' });
    expect(
      (await recallPlacement(database, actor, recalling.placement.id, { on: '2026-04-02' }))
        .placement.status,
    ).toBe('recalled');
    expect((await listPlacements(database, actor, { status: 'active' })).items).toEqual([]);
    // Latest first: same day, so the later placement first.
    expect(
      (await listPlacements(database, actor, { customerId: customer.id })).items.map(
        (item) => item.placement.status,
      ),
    ).toEqual(['recalled', 'closed']);
  });

  it('keeps each organization to its own placements', async () => {
    const { actor, customer, older } = await book();
    const { placement } = await placeInvoices(database, actor, {
      customerId: customer.id,
      agency: 'A',
      commissionPercent: '10',
      placedOn: '2026-03-25',
      invoiceIds: [older.id],
    });
    const intruder = (await newOrganization(database)).actor;
    await expect(getPlacement(database, intruder, placement.id)).rejects.toMatchObject({
      code: 'placement_not_found',
    });
    await expect(
      recordRecovery(database, intruder, placement.id, { amount: '1.00' }),
    ).rejects.toMatchObject({ code: 'placement_not_found' });
    await expect(
      placeInvoices(database, intruder, {
        customerId: customer.id,
        agency: 'A',
        commissionPercent: '1',
        invoiceIds: [older.id],
      }),
    ).rejects.toMatchObject({ code: 'customer_not_found' });
    expect((await listPlacements(database, intruder)).items).toEqual([]);
  });
});

describe('the agency file', () => {
  it('parses back to the debtor, one row per placed invoice and the contact history, oldest first', async () => {
    const { actor, customer, later, older } = await book();
    const { placement } = await placeInvoices(database, actor, {
      customerId: customer.id,
      agency: 'Debt Recovery Partners',
      commissionPercent: '25',
      placedOn: '2026-03-25',
      invoiceIds: [later.id, older.id],
    });
    const at = (text: string) => new Date(text);
    await database.db
      .insertInto('outbox_messages')
      .values([
        {
          org_id: actor.orgId,
          id: newId(),
          customer_id: customer.id,
          kind: 'reminder',
          to_addresses: ['ap@acme.test'],
          subject: 'Invoice overdue',
          body_text: 'x',
          status: 'sent',
          sent_at: at('2026-02-11T09:00:00Z'),
        },
        {
          org_id: actor.orgId,
          id: newId(),
          customer_id: customer.id,
          kind: 'reminder',
          to_addresses: ['ap@acme.test'],
          subject: 'Never went out',
          body_text: 'x',
          status: 'failed',
        },
      ])
      .execute();
    await database.db
      .insertInto('collection_tasks')
      .values([
        {
          org_id: actor.orgId,
          id: newId(),
          customer_id: customer.id,
          kind: 'call',
          title: 'Call about INV',
          due_on: '2026-02-20',
          status: 'done',
          outcome: 'promised',
          notes: 'Will pay, "soon", they say',
          source: 'manual',
          completed_at: at('2026-02-20T15:00:00Z'),
        },
        {
          org_id: actor.orgId,
          id: newId(),
          customer_id: customer.id,
          kind: 'call',
          title: 'Still open',
          due_on: '2026-03-20',
          source: 'manual',
        },
      ])
      .execute();
    await database.db
      .insertInto('customer_notes')
      .values({
        org_id: actor.orgId,
        id: newId(),
        customer_id: customer.id,
        body: 'Director unreachable,\nletters returned',
        created_at: at('2026-03-01T10:00:00Z'),
      })
      .execute();

    const csv = await agencyFileCsv(
      await getAgencyFile(database, actor, placement.id, { asOf: '2026-03-26' }),
    );
    // A phone number starting with + is written neutralised against spreadsheet formulas.
    expect(csv).toContain("'+44 113 000");
    // Read as Settle's importers read: the neutralising apostrophe comes off.
    const rows = (parse(csv, { columns: true }) as Record<string, string>[]).map((row) =>
      Object.fromEntries(
        Object.entries(row).map(([key, value]) => [key, fromSpreadsheetSafe(value)]),
      ),
    );
    expect(Object.keys(rows[0]!)).toEqual([...agencyFileHeader]);
    const debtor = {
      placement_id: placement.id,
      agency: 'Debt Recovery Partners',
      channel: 'agency',
      placed_on: '2026-03-25',
      debtor_ref: customer.ref,
      debtor_name: 'Acme',
      legal_name: 'Acme Trading Ltd',
      tax_id: 'GB123456789',
      address_line1: '12 Mill Lane',
      address_line2: 'Unit 4',
      postal_code: 'LS1 2AB',
      city: 'Leeds',
      region: '',
      country: 'GB',
      contact_name: 'Pat Payables',
      contact_email: 'ap@acme.test',
      contact_phone: '+44 113 000',
    };
    expect(rows.map((row) => row.record)).toEqual([
      'invoice',
      'invoice',
      'history',
      'history',
      'history',
    ]);
    for (const row of rows) expect(row).toMatchObject(debtor);
    expect(
      rows
        .slice(0, 2)
        .map((row) => [
          row.invoice_number,
          row.issue_date,
          row.due_date,
          row.currency,
          row.total,
          row.open,
          row.days_overdue,
        ]),
    ).toEqual([
      [older.number, '2026-01-05', '2026-02-04', 'EUR', '1000.00', '1000.00', '50'],
      [later.number, '2026-02-01', '2026-03-03', 'EUR', '500.00', '500.00', '23'],
    ]);
    expect(
      rows
        .slice(2)
        .map((row) => [
          row.history_date,
          row.history_type,
          row.history_summary,
          row.invoice_number,
        ]),
    ).toEqual([
      ['2026-02-11', 'email_sent', 'Invoice overdue (to ap@acme.test)', ''],
      [
        '2026-02-20',
        'task_call',
        'Call about INV — outcome: promised — Will pay, "soon", they say',
        '',
      ],
      ['2026-03-01', 'note', 'Director unreachable,\nletters returned', ''],
    ]);
  });
});

describe('the HTTP routes', () => {
  it('place, recover, read, export and recall through the API', async () => {
    const app = await buildServer({ database });
    try {
      const { actor, customer, later, older } = await book();
      const token = await createApiToken(database, actor, { name: 'tests' });
      const call = (method: 'GET' | 'POST', url: string, payload?: object) =>
        app.inject({
          method,
          url: `/api/v1${url}`,
          headers: { authorization: `Bearer ${token.token}` },
          ...(payload ? { payload } : {}),
        });
      const created = await call('POST', '/agency-placements', {
        customer_id: customer.id,
        agency: 'DRP',
        commission_percent: '17.5',
        placed_on: '2026-03-25',
        invoice_ids: [later.id, older.id],
      });
      expect(created.statusCode, created.body).toBe(201);
      expect(created.json()).toMatchObject({
        amount: '1500.00',
        commission_percent: '17.5',
        customer_ref: customer.ref,
        open: '1500.00',
        recoveries: [],
      });
      const id = created.json().id as string;
      const recovered = await call('POST', `/agency-placements/${id}/recoveries`, {
        amount: '200.00',
        recovered_on: '2026-04-01',
      });
      expect(recovered.statusCode, recovered.body).toBe(201);
      expect(recovered.json().recovery).toMatchObject({
        amount: '200.00',
        commission: '35.00',
        net: '165.00',
      });
      const over = await call('POST', `/agency-placements/${id}/recoveries`, { amount: '1300.01' });
      expect(over.statusCode).toBe(409);
      expect(over.json().error).toMatchObject({ code: 'recovery_exceeds_open', field: 'amount' });
      expect((await call('GET', `/agency-placements/${id}`)).json()).toMatchObject({
        recovered: '200.00',
        open: '1300.00',
      });
      expect(
        (await call('GET', '/agency-placements?status=active'))
          .json()
          .items.map((item: { id: string }) => item.id),
      ).toEqual([id]);
      const file = await call('GET', `/agency-placements/${id}/file.csv?as_of=2026-04-01`);
      expect(file.headers['content-type']).toContain('text/csv');
      expect(
        (parse(file.body, { columns: true }) as { open: string; days_overdue: string }[]).map(
          (row) => [row.open, row.days_overdue],
        ),
      ).toEqual([
        ['800.00', '56'],
        ['500.00', '29'],
      ]);
      const recalled = await call('POST', `/agency-placements/${id}/recall`, {
        reason: 'Paying us directly',
      });
      expect(recalled.json()).toMatchObject({ status: 'recalled' });
      expect((await call('POST', `/agency-placements/${id}/close`, {})).statusCode).toBe(409);
      expect((await call('GET', `/agency-placements/${newId()}`)).statusCode).toBe(404);
    } finally {
      await app.close();
    }
  });
});
