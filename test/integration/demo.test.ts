// Proves that a demo business written into an organization is a consistent ledger: the trial
// balance ties out today and as of past dates, every invoice's cached status and open balance
// match its applications, document numbers continue after the generated ones, and a second demo
// into the same organization is refused.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, calendarDate } from '../../src/core/calendar-date.js';
import { createCreditNote } from '../../src/invoicing/create-credit-note.service.js';
import { createDemo, generateDemo, type DemoSummary } from '../../src/demo/create-demo.service.js';
import { createInvoice } from '../../src/invoicing/create-invoice.service.js';
import { balancesOf } from '../../src/ledger/book.js';
import { balanceStatus } from '../../src/ledger/invoice-status.js';
import { getTrialBalance } from '../../src/ledger/trial-balance.service.js';
import type { Database } from '../../src/platform/db/database.js';
import { newCustomer, newOrganization } from '../support/organization.js';
import { openTestDatabase } from '../support/test-database.js';

const today = calendarDate('2026-06-30');
const options = { seed: 11, customers: 40, invoices: 800, months: 14, today };

let database: Database;
let actor: Awaited<ReturnType<typeof newOrganization>>['actor'];
let summary: DemoSummary;

beforeAll(async () => {
  database = await openTestDatabase();
  ({ actor } = await newOrganization(database));
  summary = await createDemo(database, actor, options);
});
afterAll(async () => {
  await database?.close();
});

describe('settle demo', () => {
  it('writes the generated customers and book', async () => {
    expect(summary).toMatchObject({ seed: 11, customers: 40, invoices: 800, today });
    expect(summary.payments).toBeGreaterThan(500);
    expect(summary.creditNotes).toBeGreaterThan(0);
    expect(summary.writeOffs).toBeGreaterThan(0);
    expect(summary.reversals).toBeGreaterThan(0);
    const count = async (
      table: 'customers' | 'contacts' | 'invoices' | 'payments' | 'applications',
    ) => {
      const row = await database.db
        .selectFrom(table)
        .select(sql<bigint>`count(*)::int8`.as('n'))
        .where('org_id', '=', actor.orgId)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    };
    expect(await count('customers')).toBe(40);
    expect(await count('contacts')).toBe(summary.contacts);
    expect(await count('invoices')).toBe(800);
    expect(await count('payments')).toBe(summary.payments);
    expect(await count('applications')).toBe(summary.applications);
  });

  it('ties the trial balance out today and as of past dates', async () => {
    const dates = [
      today,
      summary.startOn,
      addDays(summary.startOn, 45),
      addDays(summary.startOn, 200),
      addDays(today, -90),
      addDays(today, -1),
    ];
    for (const asOf of dates) {
      const balance = await getTrialBalance(database, actor, asOf);
      expect(balance.currencies).toHaveLength(1);
      const [eur] = balance.currencies;
      expect(eur!.debitMinor, asOf).toBe(eur!.creditMinor);
      expect(eur!.differenceMinor, asOf).toBe(0n);
    }
    const now = (await getTrialBalance(database, actor, today)).currencies[0]!;
    expect(now.openInvoicesMinor).toBeGreaterThan(0n);
    expect(now.unappliedCreditMinor).toBeGreaterThan(0n);
  });

  it('caches each invoice status and open balance as its applications and the generated book say', async () => {
    const rows = await database.db
      .selectFrom('invoices as i')
      .leftJoin('applications as a', (join) =>
        join.onRef('a.org_id', '=', 'i.org_id').onRef('a.invoice_id', '=', 'i.id'),
      )
      .select([
        'i.id',
        'i.status',
        'i.open_minor',
        'i.total_minor',
        sql<bigint>`coalesce(sum(a.amount_minor), 0)::int8`.as('applied_minor'),
        sql<bigint>`coalesce(sum(a.amount_minor) filter (where a.source_type = 'write_off'), 0)::int8`.as(
          'written_off_minor',
        ),
      ])
      .where('i.org_id', '=', actor.orgId)
      .groupBy(['i.id', 'i.status', 'i.open_minor', 'i.total_minor'])
      .execute();
    const expected = balancesOf(generateDemo(options, 'EUR', today).book);
    expect(rows).toHaveLength(expected.size);
    for (const row of rows) {
      expect(row.open_minor).toBe(row.total_minor - row.applied_minor);
      expect(row.status).toBe(
        balanceStatus(row.total_minor, row.open_minor, row.written_off_minor),
      );
      expect({ openMinor: row.open_minor, status: row.status }).toEqual(expected.get(row.id));
    }
    expect(new Set(rows.map((row) => row.status))).toEqual(
      new Set(['open', 'partially_paid', 'paid', 'written_off']),
    );
  });

  it('continues the invoice and credit-note numbers after the generated ones', async () => {
    const customer = await newCustomer(database, actor);
    const invoice = await createInvoice(database, actor, {
      customerId: customer.id,
      issuedOn: today,
      lines: [{ description: 'After the demo', quantity: '1', unitPrice: '100.00' }],
      issue: true,
    });
    expect(invoice.number).toBe('INV-000801');
    const note = await createCreditNote(database, actor, {
      customerId: customer.id,
      invoiceId: invoice.id,
      issuedOn: today,
      lines: [{ description: 'Goodwill', quantity: '1', unitPrice: '10.00' }],
    });
    expect(note.number).toBe(`CN-${String(summary.creditNotes + 1).padStart(6, '0')}`);
    const balance = await getTrialBalance(database, actor, today);
    expect(balance.currencies[0]!.differenceMinor).toBe(0n);
  });

  it('refuses a second demo into the same organization', async () => {
    await expect(createDemo(database, actor, { ...options, seed: 12 })).rejects.toMatchObject({
      code: 'organization_not_empty',
    });
  });

  it('refuses options out of bounds, naming the option', async () => {
    const { actor: other } = await newOrganization(database);
    await expect(createDemo(database, other, { invoices: -1 })).rejects.toMatchObject({
      code: 'demo_option_invalid',
      field: 'invoices',
    });
    await expect(createDemo(database, other, { months: 0 })).rejects.toMatchObject({
      code: 'demo_option_invalid',
      field: 'months',
    });
  });
});
