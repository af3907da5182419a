// Proves that a demo business written into an organization is a consistent ledger: the trial
// balance ties out today and as of past dates, every invoice's cached status and open balance
// match its applications, document numbers continue after the generated ones, and a second demo
// into the same organization is refused; and that its master data is complete enough for every
// demo invoice and credit note to render as a PDF and leave as an EN 16931 e-invoice.
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
import { pdfPagesText } from '../support/pdf.js';
import { findIssuedDocument } from '../../src/invoicing/get-issued-document.service.js';
import { getDocumentPdf } from '../../src/rendering/get-document-pdf.service.js';
import { getDocumentUbl } from '../../src/rendering/get-document-ubl.service.js';
import { ublOf } from '../../src/rendering/ubl/ubl-invoice.js';

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

/** The demo's own documents: the tests above add an invoice and a credit note after them. */
async function demoDocuments() {
  const invoices = await database.db
    .selectFrom('invoices as i')
    .innerJoin('customers as c', (join) =>
      join.onRef('c.org_id', '=', 'i.org_id').onRef('c.id', '=', 'i.customer_id'),
    )
    .select(['i.id', 'i.number', 'c.ref', 'c.name'])
    .where('i.org_id', '=', actor.orgId)
    .where('i.number', '<=', 'INV-000800')
    .orderBy('i.number')
    .execute();
  const creditNotes = await database.db
    .selectFrom('credit_notes as n')
    .innerJoin('customers as c', (join) =>
      join.onRef('c.org_id', '=', 'n.org_id').onRef('c.id', '=', 'n.customer_id'),
    )
    .select(['n.id', 'n.number', 'c.ref', 'c.name'])
    .where('n.org_id', '=', actor.orgId)
    .where('n.number', '<=', `CN-${String(summary.creditNotes).padStart(6, '0')}`)
    .orderBy('n.number')
    .execute();
  return { invoices, creditNotes };
}

describe('the demo documents', () => {
  it('writes every demo invoice and credit note as an e-invoice, refusing none', async () => {
    const { invoices, creditNotes } = await demoDocuments();
    expect(invoices).toHaveLength(800);
    expect(creditNotes).toHaveLength(summary.creditNotes);
    const categories = new Set<string>();
    const units = new Set<string>();
    let sendsUbl = 0;
    // One transaction: the first reading of each document freezes its parties.
    await database.transaction(async ({ db }) => {
      for (const [kind, rows] of [
        ['invoice', invoices],
        ['credit_note', creditNotes],
      ] as const) {
        for (const row of rows) {
          const doc = await findIssuedDocument(db, actor.orgId, kind, row.id);
          const xml = ublOf(doc);
          expect(xml).toContain(`<cbc:ID>${row.number}</cbc:ID>`);
          expect(doc.buyer.name).toBe(row.name);
          for (const line of doc.lines) {
            categories.add(line.vatCategory);
            units.add(line.unitCode);
          }
        }
      }
      const customers = await db
        .selectFrom('customers')
        .select('send_ubl')
        .where('org_id', '=', actor.orgId)
        .execute();
      sendsUbl = customers.filter((customer) => customer.send_ubl).length;
    });
    expect(categories).toEqual(new Set(['S', 'Z']));
    expect(units).toEqual(new Set(['HUR', 'MON', 'C62']));
    expect(sendsUbl).toBeGreaterThan(0);
  }, 300_000);

  it('renders a sample as PDFs and schema-checked e-invoices, non-Latin names included', async () => {
    const { invoices, creditNotes } = await demoDocuments();
    // Every 50th invoice, the Greek customer's first ones, and the first and last credit notes.
    const greek = invoices.filter((row) => row.name === 'Παπαδόπουλος Α.Ε.').slice(0, 3);
    expect(greek.length).toBeGreaterThan(0);
    const sample = [
      ...invoices.filter((_, index) => index % 50 === 0).map((row) => ['invoice', row] as const),
      ...greek.map((row) => ['invoice', row] as const),
      ...[creditNotes[0]!, creditNotes.at(-1)!].map((row) => ['credit_note', row] as const),
    ];
    expect(sample.length).toBeGreaterThanOrEqual(20);
    for (const [kind, row] of sample) {
      const pdf = await getDocumentPdf(database, actor, kind, row.id);
      expect(pdf.fileName).toBe(`${row.number}.pdf`);
      const text = (await pdfPagesText(pdf.content)).join('\n');
      expect(text).toContain(row.number);
      expect(text).toContain(row.name);
      const ubl = await getDocumentUbl(database, actor, kind, row.id);
      expect(ubl.xml).toContain(`<cbc:ID>${row.number}</cbc:ID>`);
      expect(ubl.xml).toContain(row.name.replace(/&/g, '&amp;'));
    }
  }, 300_000);
});
