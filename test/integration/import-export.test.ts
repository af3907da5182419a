// Proves the CSV imports and exports on a real database: each kind imports with the right
// balances, statuses and journal (the trial balance ties out), a file with any bad row writes
// nothing and lists every bad row, open balances are respected across rows and across imports,
// an export imported into another organization exports byte for byte the same, the CLI reports
// and exits as documented, and a file of 100,000 invoices imports whole.
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/core/actor.js';
import { calendarDate } from '../../src/core/calendar-date.js';
import { AppError } from '../../src/core/errors.js';
import { createCreditNote } from '../../src/invoicing/create-credit-note.service.js';
import { exportCreditNotes } from '../../src/exports/export-credit-notes.service.js';
import { exportCustomers } from '../../src/exports/export-customers.service.js';
import { exportInvoices } from '../../src/exports/export-invoices.service.js';
import { exportPayments } from '../../src/exports/export-payments.service.js';
import { importCreditNotes } from '../../src/imports/import-credit-notes.service.js';
import { importCustomers } from '../../src/imports/import-customers.service.js';
import { importInvoices } from '../../src/imports/import-invoices.service.js';
import { importPayments } from '../../src/imports/import-payments.service.js';
import { createInvoice } from '../../src/invoicing/create-invoice.service.js';
import { findInvoiceByNumber } from '../../src/invoicing/invoice.sql.js';
import { getTrialBalance } from '../../src/ledger/trial-balance.service.js';
import { recordPayment } from '../../src/payments/record-payment.service.js';
import type { Database } from '../../src/platform/db/database.js';
import type { TableName } from '../../src/platform/db/schema.js';
import { newCliDirectory, runSettle } from '../support/cli.js';
import { newOrganization } from '../support/organization.js';
import { openTestDatabase } from '../support/test-database.js';
import { todayNoEarlierThan } from '../support/clock.js';

// The book below lies on fixed dates up to late 2026, and money is posted about it "today".
todayNoEarlierThan('2026-12-05');

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

const csv = (...lines: string[]) => `${lines.join('\n')}\n`;

const customersCsv = csv(
  'ref,name,email,currency,terms',
  'ACME,"Acme, Inc.",ap@acme.test,EUR,2/10_NET30',
  'BETA,"Beta ""the second"" GmbH",,EUR,NET30_EOM',
  'YEN,Nippon KK,billing@nippon.test,JPY,',
);

async function withCustomers() {
  const { actor } = await newOrganization(database);
  await importCustomers(database, actor, { csv: customersCsv });
  return actor;
}

async function invoice(actor: Actor, number: string) {
  const row = await findInvoiceByNumber(database.db, actor.orgId, number);
  if (!row) throw new Error(`no invoice ${number}`);
  return row;
}

const ledgerTables: TableName[] = [
  'customers',
  'contacts',
  'invoices',
  'invoice_lines',
  'credit_notes',
  'credit_note_lines',
  'payments',
  'applications',
  'journal_entries',
  'journal_lines',
  'audit_events',
];

/** Rows of the organization in every table an import writes to. */
async function rowCounts(actor: Actor): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of ledgerTables) {
    const row = await database.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<string>().as('count'))
      .where('org_id', '=', actor.orgId)
      .executeTakeFirstOrThrow();
    counts[table] = Number(row.count);
  }
  return counts;
}

/** Runs an import that must be rejected: returns its errors, and checks that nothing was written. */
async function rejected(actor: Actor, run: () => Promise<unknown>) {
  const before = await rowCounts(actor);
  const error = await run().then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(AppError);
  const appError = error as AppError;
  expect(appError.code).toBe('import_rejected');
  expect(await rowCounts(actor)).toEqual(before);
  const details = appError.details as {
    line: number;
    field: string;
    code: string;
    message: string;
  }[];
  return {
    message: appError.message,
    errors: details.map(({ line, field, code }) => [line, field, code]),
    details,
  };
}

async function expectTiesOut(actor: Actor) {
  const balance = await getTrialBalance(database, actor, calendarDate('2026-12-31'));
  for (const currency of balance.currencies) {
    expect(currency.debitMinor, currency.currency).toBe(currency.creditMinor);
    expect(currency.differenceMinor, currency.currency).toBe(0n);
  }
  return balance;
}

type Exporter = (
  database: Database,
  actor: Actor,
  input: { output: Writable },
  options?: { batchSize?: number },
) => Promise<number>;

async function exported(exporter: Exporter, actor: Actor, batchSize?: number): Promise<string> {
  const chunks: Buffer[] = [];
  const output = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(Buffer.from(chunk));
      done();
    },
  });
  await exporter(database, actor, { output }, { batchSize });
  return Buffer.concat(chunks).toString('utf8');
}

describe('importing customers', () => {
  it('creates customers with their terms, and a reminder contact for each e-mail address', async () => {
    const { actor } = await newOrganization(database);
    const result = await importCustomers(database, actor, {
      csv: customersCsv,
      fileName: 'customers.csv',
    });
    expect(result).toEqual({ customers: 3, contacts: 2 });
    const customers = await database.db
      .selectFrom('customers')
      .selectAll()
      .where('org_id', '=', actor.orgId)
      .orderBy('ref')
      .execute();
    expect(customers.map((c) => [c.ref, c.name, c.currency, c.terms_code])).toEqual([
      ['ACME', 'Acme, Inc.', 'EUR', '2/10_NET30'],
      ['BETA', 'Beta "the second" GmbH', 'EUR', 'NET30_EOM'],
      ['YEN', 'Nippon KK', 'JPY', 'NET30'],
    ]);
    const contacts = await database.db
      .selectFrom('contacts')
      .selectAll()
      .where('org_id', '=', actor.orgId)
      .orderBy('email')
      .execute();
    expect(contacts.map((c) => [c.name, c.email, c.role, c.receives_reminders])).toEqual([
      ['Acme, Inc.', 'ap@acme.test', 'accounts_payable', true],
      ['Nippon KK', 'billing@nippon.test', 'accounts_payable', true],
    ]);
    const audit = await database.db
      .selectFrom('audit_events')
      .select('action')
      .where('org_id', '=', actor.orgId)
      .where('action', 'like', 'customer%')
      .execute();
    expect(audit).toHaveLength(4);
  });

  it("refuses refs already in the ledger along with the file's own errors, writing nothing", async () => {
    const actor = await withCustomers();
    const { errors, message } = await rejected(actor, () =>
      importCustomers(database, actor, {
        csv: csv('ref,name,currency', 'NEW,New Ltd,EUR', 'ACME,Acme again,EUR', 'BAD,Bad,EURO'),
      }),
    );
    expect(errors).toEqual([
      [3, 'ref', 'customer_ref_taken'],
      [4, 'currency', 'currency_unknown'],
    ]);
    expect(message).toBe('2 rows are wrong; nothing was imported.');
  });
});

describe('importing invoices', () => {
  it('keeps numbers and dates, takes due dates and discounts from the terms, and moves the sequence past the numbers', async () => {
    const actor = await withCustomers();
    const result = await importInvoices(database, actor, {
      csv: csv(
        'number,customer_ref,issue_date,due_date,currency,total,description,po_number',
        'INV-000100,ACME,2026-01-10,,EUR,1000.00,"Consulting, January",PO-1',
        'INV-000101,BETA,2026-03-12,,EUR,250.00,,',
        'INV-000102,BETA,2026-03-12,2026-03-20,EUR,99.99,,',
        'OLD-7,YEN,2026-01-05,,JPY,5000,,',
      ),
    });
    expect(result.invoices).toBe(4);
    const acme = await invoice(actor, 'INV-000100');
    expect(acme).toMatchObject({
      status: 'open',
      origin: 'import',
      issued_on: '2026-01-10',
      due_on: '2026-02-09',
      discount_on: '2026-01-20',
      discount_minor: 2000n,
      total_minor: 100000n,
      open_minor: 100000n,
      tax_minor: 0n,
      po_number: 'PO-1',
      terms_code: '2/10_NET30',
    });
    const lines = await database.db
      .selectFrom('invoice_lines')
      .selectAll()
      .where('org_id', '=', actor.orgId)
      .where('invoice_id', '=', acme.id)
      .execute();
    expect(
      lines.map((line) => [line.description, line.quantity, line.unit_price_minor, line.net_minor]),
    ).toEqual([['Consulting, January', '1.000000', 100000n, 100000n]]);
    // NET30_EOM: 30 days after the end of March.
    expect((await invoice(actor, 'INV-000101')).due_on).toBe('2026-04-30');
    expect((await invoice(actor, 'INV-000102')).due_on).toBe('2026-03-20');
    expect((await invoice(actor, 'OLD-7')).total_minor).toBe(5000n);
    const customer = await database.db
      .selectFrom('customers')
      .select('id')
      .where('org_id', '=', actor.orgId)
      .where('ref', '=', 'ACME')
      .executeTakeFirstOrThrow();
    const next = await createInvoice(database, actor, {
      customerId: customer.id,
      issuedOn: '2026-04-01',
      issue: true,
      lines: [{ description: 'New', quantity: '1', unitPrice: '1.00' }],
    });
    expect(next.number).toBe('INV-000103');
    const balance = await expectTiesOut(actor);
    expect(balance.currencies.find((c) => c.currency === 'EUR')!.openInvoicesMinor).toBe(
      100000n + 25000n + 9999n + 100n,
    );
  });

  it('rejects a file with bad rows, unknown customers and numbers already in the ledger, listing every one and writing nothing', async () => {
    const actor = await withCustomers();
    await importInvoices(database, actor, {
      csv: csv('number,customer_ref,issue_date,currency,total', 'INV-1,ACME,2026-01-10,EUR,10'),
    });
    const { errors, details, message } = await rejected(actor, () =>
      importInvoices(database, actor, {
        csv: csv(
          'number,customer_ref,issue_date,due_date,currency,total',
          'INV-2,ACME,2026-01-10,,EUR,10.00',
          'INV-3,NOBODY,2026-01-10,,EUR,10.00',
          'INV-1,ACME,2026-01-10,,EUR,10.00',
          'INV-4,ACME,2026-01-32,,EUR,10.00',
          'INV-5,ACME,2026-01-10,,EUR,10.001',
          'INV-2,ACME,2026-01-10,,EUR,10.00',
        ),
      }),
    );
    expect(errors).toEqual([
      [3, 'customer_ref', 'customer_not_found'],
      [4, 'number', 'invoice_number_taken'],
      [5, 'issue_date', 'date_invalid'],
      [6, 'total', 'amount_too_precise'],
      [7, 'number', 'number_repeated'],
    ]);
    expect(message).toBe('5 rows are wrong; nothing was imported.');
    expect(details[1]!.message).toBe('Invoice INV-1 is already in the ledger.');
  });
});

describe('importing credit notes', () => {
  it('applies a credit note to its invoice and keeps one without an invoice as unapplied credit', async () => {
    const actor = await withCustomers();
    await importInvoices(database, actor, {
      csv: csv('number,customer_ref,issue_date,currency,total', 'INV-1,ACME,2026-01-10,EUR,100.00'),
    });
    const result = await importCreditNotes(database, actor, {
      csv: csv(
        'number,customer_ref,issue_date,currency,total,invoice_number',
        'CN-000007,ACME,2026-01-15,EUR,30.00,INV-1',
        'CN-000008,ACME,2026-01-16,EUR,5.00,',
      ),
    });
    expect(result).toMatchObject({ creditNotes: 2, applications: 1 });
    expect(await invoice(actor, 'INV-1')).toMatchObject({
      status: 'partially_paid',
      open_minor: 7000n,
    });
    const notes = await database.db
      .selectFrom('credit_notes')
      .selectAll()
      .where('org_id', '=', actor.orgId)
      .orderBy('number')
      .execute();
    expect(
      notes.map((note) => [note.number, note.total_minor, note.invoice_id !== null, note.origin]),
    ).toEqual([
      ['CN-000007', 3000n, true, 'import'],
      ['CN-000008', 500n, false, 'import'],
    ]);
    const balance = await expectTiesOut(actor);
    expect(balance.currencies[0]).toMatchObject({
      openInvoicesMinor: 7000n,
      unappliedCreditMinor: 500n,
    });
    const customer = await database.db
      .selectFrom('customers')
      .select('id')
      .where('org_id', '=', actor.orgId)
      .where('ref', '=', 'ACME')
      .executeTakeFirstOrThrow();
    const next = await createCreditNote(database, actor, {
      customerId: customer.id,
      issuedOn: '2026-02-01',
      lines: [{ description: 'x', quantity: '1', unitPrice: '1' }],
    });
    expect(next.number).toBe('CN-000009');
  });

  it('refuses credit beyond the open balance, counting every row of the file and what was paid before', async () => {
    const actor = await withCustomers();
    await importInvoices(database, actor, {
      csv: csv(
        'number,customer_ref,issue_date,currency,total',
        'INV-1,ACME,2026-01-10,EUR,100.00',
        'INV-2,BETA,2026-01-10,EUR,50.00',
        'INV-3,YEN,2026-01-10,JPY,500',
      ),
    });
    const acme = await invoice(actor, 'INV-1');
    await recordPayment(database, actor, {
      customerId: acme.customer_id,
      amount: '60.00',
      receivedOn: '2026-01-12',
      applications: [{ invoiceId: acme.id, amount: '60.00', takeDiscount: false }],
    });
    const { errors, details } = await rejected(actor, () =>
      importCreditNotes(database, actor, {
        csv: csv(
          'number,customer_ref,issue_date,currency,total,invoice_number',
          'CN-1,ACME,2026-01-15,EUR,30.00,INV-1',
          'CN-2,ACME,2026-01-16,EUR,20.00,INV-1',
          'CN-3,ACME,2026-01-16,EUR,1.00,INV-2',
          'CN-4,ACME,2026-01-16,EUR,1.00,INV-404',
          'CN-5,YEN,2026-01-16,EUR,1.00,INV-3',
          'CN-6,BETA,2026-01-09,EUR,1.00,INV-2',
          'CN-7,GHOST,2026-01-16,EUR,1.00,',
        ),
      }),
    );
    expect(errors).toEqual([
      [3, 'total', 'credit_exceeds_open_balance'],
      [4, 'invoice_number', 'invoice_customer_mismatch'],
      [5, 'invoice_number', 'invoice_not_found'],
      [6, 'invoice_number', 'currency_mismatch'],
      [7, 'invoice_number', 'application_before_issue'],
      [8, 'customer_ref', 'customer_not_found'],
    ]);
    expect(details[0]!.message).toBe(
      'Invoice INV-1 has 40.00 open; the rows on lines 2, 3 apply 50.00.',
    );
  });
});

describe('importing payments', () => {
  const paymentsHeader = 'ref,customer_ref,received_date,currency,amount,invoice_number';

  it('records one payment per ref, applied on its received date, the rest kept as unapplied credit', async () => {
    const actor = await withCustomers();
    await importInvoices(database, actor, {
      csv: csv(
        'number,customer_ref,issue_date,currency,total',
        'INV-1,ACME,2026-01-10,EUR,100.00',
        'INV-2,ACME,2026-01-11,EUR,40.00',
        'INV-3,YEN,2026-01-12,JPY,5000',
      ),
    });
    const result = await importPayments(database, actor, {
      csv: csv(
        paymentsHeader,
        'BANK-1,ACME,2026-02-01,EUR,50.00,INV-1',
        'BANK-1,ACME,2026-02-01,EUR,40.00,INV-2',
        'BANK-1,ACME,2026-02-01,EUR,15.00,',
        'BANK-2,YEN,2026-02-02,JPY,5000,INV-3',
      ),
    });
    expect(result).toMatchObject({ payments: 2, applications: 3 });
    expect(await invoice(actor, 'INV-1')).toMatchObject({
      status: 'partially_paid',
      open_minor: 5000n,
    });
    expect(await invoice(actor, 'INV-2')).toMatchObject({ status: 'paid', open_minor: 0n });
    expect(await invoice(actor, 'INV-3')).toMatchObject({ status: 'paid', open_minor: 0n });
    const payments = await database.db
      .selectFrom('payments')
      .selectAll()
      .where('org_id', '=', actor.orgId)
      .orderBy('reference')
      .execute();
    expect(
      payments.map((p) => [p.reference, p.amount_minor, p.currency, p.received_on, p.origin]),
    ).toEqual([
      ['BANK-1', 10500n, 'EUR', '2026-02-01', 'import'],
      ['BANK-2', 5000n, 'JPY', '2026-02-02', 'import'],
    ]);
    const applications = await database.db
      .selectFrom('applications')
      .select(['applied_on', 'amount_minor'])
      .where('org_id', '=', actor.orgId)
      .orderBy('amount_minor')
      .execute();
    expect(applications).toEqual([
      { applied_on: '2026-02-01', amount_minor: 4000n },
      { applied_on: '2026-02-01', amount_minor: 5000n },
      { applied_on: '2026-02-02', amount_minor: 5000n },
    ]);
    const balance = await expectTiesOut(actor);
    expect(balance.currencies.find((c) => c.currency === 'EUR')).toMatchObject({
      openInvoicesMinor: 5000n,
      unappliedCreditMinor: 1500n,
    });
    // As of the day before the payment, the invoices were still wholly open.
    const before = await getTrialBalance(database, actor, calendarDate('2026-01-31'));
    expect(before.currencies.find((c) => c.currency === 'EUR')).toMatchObject({
      openInvoicesMinor: 14000n,
      unappliedCreditMinor: 0n,
      differenceMinor: 0n,
    });
  });

  it('refuses an over-application spread over two rows of the same file, writing nothing', async () => {
    const actor = await withCustomers();
    await importInvoices(database, actor, {
      csv: csv('number,customer_ref,issue_date,currency,total', 'INV-1,ACME,2026-01-10,EUR,100.00'),
    });
    const { errors, details } = await rejected(actor, () =>
      importPayments(database, actor, {
        csv: csv(
          paymentsHeader,
          'P-1,ACME,2026-02-01,EUR,60.00,INV-1',
          'P-2,ACME,2026-02-02,EUR,40.00,INV-1',
          'P-3,ACME,2026-02-03,EUR,0.01,INV-1',
        ),
      }),
    );
    expect(errors).toEqual([[4, 'amount', 'application_exceeds_open_balance']]);
    expect(details[0]!.message).toBe(
      'Invoice INV-1 has 100.00 open; the rows on lines 2, 3, 4 apply 100.01.',
    );
    expect(await invoice(actor, 'INV-1')).toMatchObject({ status: 'open', open_minor: 10000n });
  });

  it("respects what earlier imports applied, and refuses refs already in the ledger, other customers' invoices and dates before the invoice", async () => {
    const actor = await withCustomers();
    await importInvoices(database, actor, {
      csv: csv(
        'number,customer_ref,issue_date,currency,total',
        'INV-1,ACME,2026-01-10,EUR,100.00',
        'INV-2,BETA,2026-01-20,EUR,100.00',
      ),
    });
    await importPayments(database, actor, {
      csv: csv(paymentsHeader, 'P-1,ACME,2026-02-01,EUR,70.00,INV-1'),
    });
    const { errors } = await rejected(actor, () =>
      importPayments(database, actor, {
        csv: csv(
          paymentsHeader,
          'P-2,ACME,2026-02-02,EUR,30.01,INV-1', // 2: 30.00 left
          'P-1,ACME,2026-02-02,EUR,1.00,', // 3: ref taken
          'P-3,ACME,2026-02-02,EUR,1.00,INV-2', // 4: BETA's invoice
          'P-4,BETA,2026-01-19,EUR,1.00,INV-2', // 5: before issue
          'P-5,BETA,2026-01-21,EUR,abc,INV-2', // 6: not an amount
        ),
      }),
    );
    expect(errors).toEqual([
      [2, 'amount', 'application_exceeds_open_balance'],
      [3, 'ref', 'payment_ref_taken'],
      [4, 'invoice_number', 'invoice_customer_mismatch'],
      [5, 'invoice_number', 'application_before_issue'],
      [6, 'amount', 'amount_invalid'],
    ]);
    await importPayments(database, actor, {
      csv: csv(paymentsHeader, 'P-2,ACME,2026-02-02,EUR,30.00,INV-1'),
    });
    expect(await invoice(actor, 'INV-1')).toMatchObject({ status: 'paid', open_minor: 0n });
    await expectTiesOut(actor);
  });

  it('refuses a paid invoice as every other way of applying money does, not as an over-application', async () => {
    const actor = await withCustomers();
    await importInvoices(database, actor, {
      csv: csv('number,customer_ref,issue_date,currency,total', 'INV-1,ACME,2026-01-10,EUR,100.00'),
    });
    await importPayments(database, actor, {
      csv: csv(paymentsHeader, 'P-1,ACME,2026-02-01,EUR,100.00,INV-1'),
    });
    const { errors, details } = await rejected(actor, () =>
      importPayments(database, actor, {
        csv: csv(paymentsHeader, 'P-2,ACME,2026-02-02,EUR,1.00,INV-1'),
      }),
    );
    expect(errors).toEqual([[2, 'invoice_number', 'invoice_not_open']]);
    expect(details[0]!.message).toBe('Invoice INV-1 is paid.');
  });
});

describe('export and round trip', () => {
  it('exports what it imported, and an export imported into another organization exports the same bytes', async () => {
    const source = await withCustomers();
    await importInvoices(database, source, {
      csv: csv(
        'number,customer_ref,issue_date,due_date,currency,total,description,po_number',
        'INV-000001,ACME,2026-01-10,,EUR,1000.00,"Design, ""phase"" one",PO-77',
        'INV-000002,BETA,2026-01-11,2026-03-01,EUR,250.00,"Two\nlines",',
        'INV-000003,YEN,2026-01-12,,JPY,5000,,',
        'INV-000004,ACME,2026-01-13,,EUR,80.00,,',
      ),
    });
    await importCreditNotes(database, source, {
      csv: csv(
        'number,customer_ref,issue_date,currency,total,invoice_number',
        'CN-000001,ACME,2026-01-20,EUR,100.00,INV-000001',
        'CN-000002,BETA,2026-01-21,EUR,10.00,',
      ),
    });
    await importPayments(database, source, {
      csv: csv(
        'ref,customer_ref,received_date,currency,amount,invoice_number',
        'BANK-1,ACME,2026-02-25,EUR,400.00,INV-000001',
        'BANK-1,ACME,2026-02-25,EUR,80.00,INV-000004',
        'BANK-1,ACME,2026-02-25,EUR,20.00,',
        'BANK-2,YEN,2026-02-26,JPY,5000,INV-000003',
      ),
    });
    // Documents made by hand are exported too: a taxed invoice (as its total), a payment without a
    // reference (under its id), and a draft, which is not exported.
    const beta = await database.db
      .selectFrom('customers')
      .select('id')
      .where('org_id', '=', source.orgId)
      .where('ref', '=', 'BETA')
      .executeTakeFirstOrThrow();
    const taxed = await createInvoice(database, source, {
      customerId: beta.id,
      issuedOn: '2026-03-01',
      issue: true,
      lines: [{ description: 'Licence', quantity: '2', unitPrice: '10.00', taxRate: '20' }],
    });
    await createInvoice(database, source, {
      customerId: beta.id,
      lines: [{ description: 'Draft', quantity: '1', unitPrice: '1.00' }],
    });
    const handPayment = await recordPayment(database, source, {
      customerId: beta.id,
      amount: '30.00',
      receivedOn: '2026-03-05',
      applications: [{ invoiceId: taxed.id, amount: '24.00' }],
    });

    const kinds = [
      ['customers', exportCustomers, importCustomers],
      ['invoices', exportInvoices, importInvoices],
      ['credit-notes', exportCreditNotes, importCreditNotes],
      ['payments', exportPayments, importPayments],
    ] as const;
    const first: Record<string, string> = {};
    // Batches of 2 rows cross several batch boundaries.
    for (const [kind, exporter] of kinds) first[kind] = await exported(exporter, source, 2);
    expect(first.customers).toBe(
      csv(
        'ref,name,email,currency,terms',
        'ACME,"Acme, Inc.",ap@acme.test,EUR,2/10_NET30',
        'BETA,"Beta ""the second"" GmbH",,EUR,NET30_EOM',
        'YEN,Nippon KK,billing@nippon.test,JPY,NET30',
      ),
    );
    expect(first.invoices).toBe(
      csv(
        'number,customer_ref,issue_date,due_date,currency,total,description,po_number',
        'INV-000001,ACME,2026-01-10,2026-02-09,EUR,1000.00,"Design, ""phase"" one",PO-77',
        'INV-000002,BETA,2026-01-11,2026-03-01,EUR,250.00,"Two\nlines",',
        'INV-000003,YEN,2026-01-12,2026-02-11,JPY,5000,Imported invoice,',
        'INV-000004,ACME,2026-01-13,2026-02-12,EUR,80.00,Imported invoice,',
        `${taxed.number},BETA,2026-03-01,2026-04-30,EUR,24.00,Licence,`,
      ),
    );
    expect(first['credit-notes']).toBe(
      csv(
        'number,customer_ref,issue_date,currency,total,invoice_number',
        'CN-000001,ACME,2026-01-20,EUR,100.00,INV-000001',
        'CN-000002,BETA,2026-01-21,EUR,10.00,',
      ),
    );
    expect(first.payments).toBe(
      csv(
        'ref,customer_ref,received_date,currency,amount,invoice_number',
        // Ordered by ref: the id (a UUIDv7, starting with a digit) comes before the letters.
        `${handPayment.id},BETA,2026-03-05,EUR,24.00,${taxed.number}`,
        `${handPayment.id},BETA,2026-03-05,EUR,6.00,`,
        'BANK-1,ACME,2026-02-25,EUR,400.00,INV-000001',
        'BANK-1,ACME,2026-02-25,EUR,80.00,INV-000004',
        'BANK-1,ACME,2026-02-25,EUR,20.00,',
        'BANK-2,YEN,2026-02-26,JPY,5000,INV-000003',
      ),
    );

    const { actor: target } = await newOrganization(database);
    for (const [kind, , importer] of kinds)
      await importer(database, target, { csv: Buffer.from(first[kind]!) });
    for (const [kind, exporter] of kinds)
      expect(await exported(exporter, target), kind).toBe(first[kind]);

    const [sourceBalance, targetBalance] = [
      await expectTiesOut(source),
      await expectTiesOut(target),
    ];
    const subledger = (balance: typeof sourceBalance) =>
      balance.currencies.map((c) => [c.currency, c.openInvoicesMinor, c.unappliedCreditMinor]);
    expect(subledger(targetBalance)).toEqual(subledger(sourceBalance));
    for (const number of ['INV-000001', 'INV-000002', 'INV-000004', taxed.number!]) {
      const [a, b] = [await invoice(source, number), await invoice(target, number)];
      expect([b.status, b.open_minor, b.due_on], number).toEqual([
        a.status,
        a.open_minor,
        a.due_on,
      ]);
    }
  });

  it('writes only a header for an empty book, which imports as nothing', async () => {
    const { actor } = await newOrganization(database);
    const text = await exported(exportInvoices, actor);
    expect(text).toBe(
      'number,customer_ref,issue_date,due_date,currency,total,description,po_number\n',
    );
    expect(await importInvoices(database, actor, { csv: text })).toMatchObject({ invoices: 0 });
  });
});

describe('the settle CLI', () => {
  const cli = runSettle;

  it('imports a file, reports what it wrote, and exits 1 listing every bad row of a bad file', async () => {
    const [good, bad] = [
      await newCliDirectory('settle-cli-'),
      await newCliDirectory('settle-cli-'),
    ];
    try {
      await writeFile(join(good, 'customers.csv'), customersCsv);
      await writeFile(
        join(good, 'invoices.csv'),
        csv(
          'number,customer_ref,issue_date,currency,total',
          'INV-1,ACME,2026-01-10,EUR,10.00',
          'INV-2,YEN,2026-01-10,JPY,700',
        ),
      );
      await writeFile(
        join(bad, 'invoices.csv'),
        csv(
          'number,customer_ref,issue_date,currency,total',
          'INV-1,ACME,2026-01-10,EUR,10.00',
          'INV-2,ACME,2026-02-30,EUR,1.00',
        ),
      );
      const [imported, refused] = await Promise.all([
        (async () => {
          const customers = await cli(good, 'import', 'customers', 'customers.csv');
          expect(customers.code, customers.stderr).toBe(0);
          expect(customers.stderr).toContain('Created the organization');
          return cli(good, 'import', 'invoices', 'invoices.csv');
        })(),
        // A new data directory: the CLI creates the organization, which has no customers yet.
        cli(bad, 'import', 'invoices', 'invoices.csv'),
      ]);
      expect(imported.code, imported.stderr).toBe(0);
      expect(imported.stdout).toMatch(/^Imported 2 invoices from invoices\.csv in \d+\.\d s\.\n$/);
      expect(refused.code).toBe(1);
      expect(refused.stdout).toBe('');
      expect(refused.stderr).toContain(
        'error: 2 rows are wrong; nothing was imported. [import_rejected]',
      );
      expect(refused.stderr).toContain(
        '  line 2, customer_ref: There is no customer with ref ACME.',
      );
      expect(refused.stderr).toContain(
        '  line 3, issue_date: "2026-02-30" is not a real calendar date.',
      );
    } finally {
      await Promise.all([
        rm(good, { recursive: true, force: true }),
        rm(bad, { recursive: true, force: true }),
      ]);
    }
  });
});

describe('a large file', () => {
  it('imports 100,000 invoices in one go', async () => {
    const { actor } = await newOrganization(database);
    const customerCount = 1000;
    const invoiceCount = 100_000;
    const customers = ['ref,name,email,currency,terms'];
    for (let i = 0; i < customerCount; i++)
      customers.push(
        `C${i},Customer ${i},c${i}@example.test,EUR,${i % 2 ? 'NET30' : '2/10_NET30'}`,
      );
    await importCustomers(database, actor, { csv: csv(...customers) });
    const invoices = ['number,customer_ref,issue_date,due_date,currency,total'];
    let expectedMinor = 0n;
    for (let i = 0; i < invoiceCount; i++) {
      const minor = 10_000n + BigInt((i * 7919) % 1_000_000);
      expectedMinor += minor;
      const total = `${minor / 100n}.${String(minor % 100n).padStart(2, '0')}`;
      invoices.push(
        `INV-${String(i + 1).padStart(6, '0')},C${i % customerCount},2026-0${1 + (i % 9)}-${String(1 + (i % 28)).padStart(2, '0')},,EUR,${total}`,
      );
    }
    const phases = new Set<string>();
    const started = performance.now();
    const result = await importInvoices(
      database,
      actor,
      { csv: csv(...invoices) },
      { onProgress: (_done, _total, phase) => phases.add(phase) },
    );
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `Imported ${invoiceCount} invoices in ${seconds.toFixed(1)} s on ${database.engine}.`,
    );
    expect(result.invoices).toBe(invoiceCount);
    expect([...phases]).toEqual(['reading', 'checking', 'writing', 'finishing']);
    const totals = await database.db
      .selectFrom('invoices')
      .select((eb) => [
        eb.fn.countAll<string>().as('count'),
        eb.fn.sum<string>('open_minor').as('open'),
      ])
      .where('org_id', '=', actor.orgId)
      .executeTakeFirstOrThrow();
    expect([Number(totals.count), BigInt(totals.open)]).toEqual([invoiceCount, expectedMinor]);
    const balance = await expectTiesOut(actor);
    expect(balance.currencies[0]!.openInvoicesMinor).toBe(expectedMinor);
  }, 300_000);
});
