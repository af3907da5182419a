import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/core/ids.js';
import type { Database, Db } from '../../src/platform/db/database.js';
import { migrate } from '../../src/platform/db/migrate.js';
import { engine, isPostgres, openTestDatabase } from '../support/test-database.js';
import {
  clockShiftDays,
  clockShiftMs,
  now,
  setClockShiftDays,
  setClockShiftTimeMs,
} from '../../src/core/clock.js';

/**
 * Goal: prove that the test harness hands out a migrated database and that the database layer
 * behaves the same on whichever engine this run uses. Method: write rows through Kysely and COPY,
 * read them back, and try the changes the ledger's triggers must refuse.
 */

const restrictViolation = '23001';
/** Above 2^53: a value that a float would round, so reading it back exactly proves `bigint`. */
const largeMinor = 9_007_199_254_740_993n;

interface Seed {
  orgId: string;
  customerId: string;
}

async function seedCustomer(db: Db): Promise<Seed> {
  const orgId = newId();
  const customerId = newId();
  await db
    .insertInto('organizations')
    .values({ id: orgId, slug: `org-${orgId}`, name: 'Acme Ltd', base_currency: 'EUR' })
    .execute();
  await db
    .insertInto('customers')
    .values({
      org_id: orgId,
      id: customerId,
      ref: 'C-0001',
      name: 'Globex',
      legal_name: null,
      tax_id: null,
      billing_address: null,
      currency: 'EUR',
      terms_code: 'net30',
      credit_limit_minor: largeMinor,
      notes: null,
    })
    .execute();
  return { orgId, customerId };
}

async function insertInvoice(
  db: Db,
  seed: Seed,
  issue: { number: string; issuedOn: string; dueOn: string } | null,
): Promise<string> {
  const id = newId();
  await db
    .insertInto('invoices')
    .values({
      org_id: seed.orgId,
      id,
      customer_id: seed.customerId,
      number: issue?.number ?? null,
      status: issue ? 'open' : 'draft',
      currency: 'EUR',
      issued_on: issue?.issuedOn ?? null,
      due_on: issue?.dueOn ?? '2024-02-29',
      terms_code: 'net30',
      discount_on: null,
      discount_minor: 0n,
      subtotal_minor: 10_000n,
      tax_minor: 2_000n,
      total_minor: 12_000n,
      open_minor: 12_000n,
      po_number: null,
      memo: null,
      issued_at: issue ? now() : null,
      voided_at: null,
      voided_on: null,
      void_reason: null,
    })
    .execute();
  return id;
}

async function countCustomers(db: Db, orgId: string): Promise<bigint> {
  const row = await db
    .selectFrom('customers')
    .select((eb) => eb.fn.countAll<bigint>().as('count'))
    .where('org_id', '=', orgId)
    .executeTakeFirstOrThrow();
  return row.count;
}

describe(`the database layer on ${engine}`, () => {
  let database: Database;

  beforeAll(async () => {
    database = await openTestDatabase();
  });

  afterAll(async () => {
    await database?.close();
  });

  it('hands out a database of the expected engine with every migration applied', async () => {
    expect(database.engine).toBe(engine);
    const versions = await database.db.selectFrom('schema_migrations').select('version').execute();
    expect(versions.map((row) => row.version)).toContain('0001-ledger');
    expect(await migrate(database)).toEqual([]);
  });

  it("writes default timestamps from Settle's clock, moved or not, in a transaction or not", async () => {
    const shiftAtStart = clockShiftDays();
    const timeShiftAtStart = clockShiftMs() - shiftAtStart * 86_400_000;
    const createdAt = async (customerId: string) =>
      (
        await database.db
          .selectFrom('customers')
          .select('created_at')
          .where('id', '=', customerId)
          .executeTakeFirstOrThrow()
      ).created_at as Date;
    const within = (at: Date, expected: Date) =>
      expect(Math.abs(at.getTime() - expected.getTime())).toBeLessThan(60_000);
    try {
      const hour = 3_600_000;
      for (const [days, timeMs] of [
        [0, 0],
        [3650, 5 * hour],
        [-400, -7 * hour],
      ] as const) {
        setClockShiftDays(shiftAtStart + days);
        setClockShiftTimeMs(timeMs);
        const expected = now();
        const seed = await database.transaction(async (tx) => seedCustomer(tx.db));
        within(await createdAt(seed.customerId), expected);
      }
    } finally {
      setClockShiftDays(shiftAtStart);
      setClockShiftTimeMs(timeShiftAtStart);
    }
    // Outside a transaction, a connection keeps the shift it opened with: the run's own.
    const seed = await seedCustomer(database.db);
    within(await createdAt(seed.customerId), now());
  });

  it('reads int8 back as bigint and date as a YYYY-MM-DD string', async () => {
    const seed = await seedCustomer(database.db);
    const invoiceId = await insertInvoice(database.db, seed, null);

    const customer = await database.db
      .selectFrom('customers')
      .select(['credit_limit_minor', 'tags', 'credit_hold'])
      .where('org_id', '=', seed.orgId)
      .where('id', '=', seed.customerId)
      .executeTakeFirstOrThrow();
    expect(customer.credit_limit_minor).toBe(largeMinor);
    expect(customer.tags).toEqual([]);
    expect(customer.credit_hold).toBe(false);

    const invoice = await database.db
      .selectFrom('invoices')
      .select(['status', 'total_minor', 'due_on', 'issued_on', 'kind', 'created_at'])
      .where('org_id', '=', seed.orgId)
      .where('id', '=', invoiceId)
      .executeTakeFirstOrThrow();
    expect(invoice.status).toBe('draft');
    expect(invoice.total_minor).toBe(12_000n);
    expect(invoice.due_on).toBe('2024-02-29');
    expect(invoice.issued_on).toBeNull();
    expect(invoice.kind).toBe('standard');
    expect(invoice.created_at).toBeInstanceOf(Date);

    const computed = await sql<{ sum: bigint; day: string }>`
      SELECT ${largeMinor}::bigint + 1 AS sum, DATE '2024-12-31' + 1 AS day`.execute(database.db);
    expect(computed.rows).toEqual([{ sum: largeMinor + 1n, day: '2025-01-01' }]);
  });

  it('copies rows inside a transaction', async () => {
    const seed = await seedCustomer(database.db);
    const columns = [
      'org_id',
      'id',
      'ref',
      'name',
      'billing_address',
      'currency',
      'terms_code',
      'tags',
      'notes',
    ];
    const rows = Array.from({ length: 250 }, (_, i) => [
      seed.orgId,
      newId(),
      `C-${String(i + 2).padStart(4, '0')}`,
      `Customer\t${i}\nwith "escapes" \\ here`,
      { city: 'Zürich', lines: ['1 Main St'] },
      'CHF',
      'net30',
      ['key account', 'a,b'],
      null,
    ]);

    const copied = await database.transaction(async (tx) => {
      const count = await tx.copy('customers', columns, rows);
      expect(await countCustomers(tx.db, seed.orgId)).toBe(251n);
      return count;
    });
    expect(copied).toBe(250);
    expect(await countCustomers(database.db, seed.orgId)).toBe(251n);

    const first = await database.db
      .selectFrom('customers')
      .select(['name', 'billing_address', 'tags', 'notes'])
      .where('org_id', '=', seed.orgId)
      .where('ref', '=', 'C-0002')
      .executeTakeFirstOrThrow();
    expect(first).toEqual({
      name: 'Customer\t0\nwith "escapes" \\ here',
      billing_address: { city: 'Zürich', lines: ['1 Main St'] },
      tags: ['key account', 'a,b'],
      notes: null,
    });
  });

  it('rolls a copy back when the transaction throws', async () => {
    const seed = await seedCustomer(database.db);
    const columns = ['org_id', 'id', 'ref', 'name', 'currency', 'terms_code'];
    const rows = Array.from({ length: 100 }, (_, i) => [
      seed.orgId,
      newId(),
      `R-${i}`,
      `Rolled ${i}`,
      'EUR',
      'net30',
    ]);
    const failure = new Error('abandon the transaction');

    await expect(
      database.transaction(async (tx) => {
        await tx.copy('customers', columns, rows);
        expect(await countCustomers(tx.db, seed.orgId)).toBe(101n);
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(await countCustomers(database.db, seed.orgId)).toBe(1n);
  });

  // A copy reads its rows as it sends them (on PostgreSQL the server stores one piece of COPY text
  // while the next is made): rows made on the way arrive whole, and a row that cannot be made
  // halfway through leaves nothing behind and a connection that goes on working.
  it('copies rows made as they are read, and writes none when making one fails halfway', async () => {
    const seed = await seedCustomer(database.db);
    const columns = ['org_id', 'id', 'ref', 'name', 'currency', 'terms_code'];
    // About 1 kB a row, so that 3,000 rows make many pieces of COPY text.
    const made = function* (count: number, failAt?: number) {
      for (let i = 0; i < count; i++) {
        if (i === failAt) throw new Error(`row ${i} cannot be made`);
        yield [seed.orgId, newId(), `M-${i}`, `Made ${i} ${'x'.repeat(1000)}`, 'EUR', 'net30'];
      }
    };
    expect(await database.transaction((tx) => tx.copy('customers', columns, made(0)))).toBe(0);
    expect(await database.transaction((tx) => tx.copy('customers', columns, made(3000)))).toBe(
      3000,
    );
    expect(await countCustomers(database.db, seed.orgId)).toBe(3001n);

    await expect(
      database.transaction((tx) => tx.copy('customers', columns, made(3000, 2500))),
    ).rejects.toThrow('row 2500 cannot be made');
    expect(await countCustomers(database.db, seed.orgId)).toBe(3001n);
    // Every connection of the pool still works after the abandoned COPY.
    const counts = await Promise.all(
      Array.from({ length: 3 }, () =>
        database.transaction((tx) => countCustomers(tx.db, seed.orgId)),
      ),
    );
    expect(counts).toEqual([3001n, 3001n, 3001n]);
  });

  it('refuses to update or delete an application', async () => {
    const seed = await seedCustomer(database.db);
    const issue = { number: 'INV-0001', issuedOn: '2024-01-31', dueOn: '2024-03-01' };
    const invoiceId = await insertInvoice(database.db, seed, issue);
    // The money applied is a real payment: the day totals (0026) refuse an application from none.
    const paymentId = newId();
    await database.db
      .insertInto('payments')
      .values({
        org_id: seed.orgId,
        id: paymentId,
        customer_id: seed.customerId,
        received_on: '2024-02-15',
        amount_minor: 5_000n,
        currency: 'EUR',
        method: 'bank_transfer',
        reference: null,
        payer: null,
        memo: null,
      })
      .execute();
    const applicationId = newId();
    await database.db
      .insertInto('applications')
      .values({
        org_id: seed.orgId,
        id: applicationId,
        customer_id: seed.customerId,
        invoice_id: invoiceId,
        source_type: 'payment',
        source_id: paymentId,
        amount_minor: 5_000n,
        currency: 'EUR',
        applied_on: '2024-02-15',
        reversal_id: null,
      })
      .execute();
    const byKey = { org_id: seed.orgId, id: applicationId };

    await expect(
      database.db
        .updateTable('applications')
        .set({ amount_minor: 6_000n })
        .where('org_id', '=', byKey.org_id)
        .where('id', '=', byKey.id)
        .execute(),
    ).rejects.toMatchObject({ code: restrictViolation });
    await expect(
      database.db
        .deleteFrom('applications')
        .where('org_id', '=', byKey.org_id)
        .where('id', '=', byKey.id)
        .execute(),
    ).rejects.toMatchObject({ code: restrictViolation });

    const application = await database.db
      .selectFrom('applications')
      .select(['amount_minor', 'applied_on'])
      .where('org_id', '=', byKey.org_id)
      .where('id', '=', byKey.id)
      .executeTakeFirstOrThrow();
    expect(application).toEqual({ amount_minor: 5_000n, applied_on: '2024-02-15' });
  });

  it('refuses a payment application whose payment is not there, rather than leave it out of the day totals', async () => {
    const seed = await seedCustomer(database.db);
    const issue = { number: 'INV-0002', issuedOn: '2024-01-31', dueOn: '2024-03-01' };
    const invoiceId = await insertInvoice(database.db, seed, issue);
    const missingPayment = newId();
    await expect(
      database.db
        .insertInto('applications')
        .values({
          org_id: seed.orgId,
          id: newId(),
          customer_id: seed.customerId,
          invoice_id: invoiceId,
          source_type: 'payment',
          source_id: missingPayment,
          amount_minor: 1_000n,
          currency: 'EUR',
          applied_on: '2024-02-15',
          reversal_id: null,
        })
        .execute(),
    ).rejects.toThrow(/names no issued invoice or no payment/);
    const written = await database.db
      .selectFrom('applications')
      .select('id')
      .where('org_id', '=', seed.orgId)
      .where('invoice_id', '=', invoiceId)
      .execute();
    expect(written).toEqual([]);
  });

  it('refuses to renumber or delete an issued invoice, but lets its balance move', async () => {
    const seed = await seedCustomer(database.db);
    const issue = { number: 'INV-0002', issuedOn: '2024-01-31', dueOn: '2024-03-01' };
    const invoiceId = await insertInvoice(database.db, seed, issue);
    const invoice = () =>
      database.db
        .updateTable('invoices')
        .where('org_id', '=', seed.orgId)
        .where('id', '=', invoiceId);

    await expect(invoice().set({ number: 'INV-9999' }).execute()).rejects.toMatchObject({
      code: restrictViolation,
    });
    await expect(
      database.db
        .deleteFrom('invoices')
        .where('org_id', '=', seed.orgId)
        .where('id', '=', invoiceId)
        .execute(),
    ).rejects.toMatchObject({ code: restrictViolation });

    await invoice().set({ status: 'partially_paid', open_minor: 7_000n }).execute();
    const after = await database.db
      .selectFrom('invoices')
      .select(['number', 'status', 'open_minor'])
      .where('org_id', '=', seed.orgId)
      .where('id', '=', invoiceId)
      .executeTakeFirstOrThrow();
    expect(after).toEqual({ number: 'INV-0002', status: 'partially_paid', open_minor: 7_000n });
  });

  it('refuses any change to a void invoice and any return to draft', async () => {
    const seed = await seedCustomer(database.db);
    const invoiceId = await insertInvoice(database.db, seed, {
      number: 'INV-0003',
      issuedOn: '2024-01-31',
      dueOn: '2024-03-01',
    });
    const invoice = () =>
      database.db
        .updateTable('invoices')
        .where('org_id', '=', seed.orgId)
        .where('id', '=', invoiceId);
    await expect(invoice().set({ status: 'draft' }).execute()).rejects.toMatchObject({
      code: restrictViolation,
    });
    await invoice()
      .set({
        status: 'void',
        open_minor: 0n,
        voided_on: '2024-02-01',
        void_reason: 'Wrong customer',
      })
      .execute();
    await expect(
      invoice().set({ status: 'open', open_minor: 10_000n }).execute(),
    ).rejects.toMatchObject({ code: restrictViolation });
    await expect(invoice().set({ void_reason: 'Another reason' }).execute()).rejects.toMatchObject({
      code: restrictViolation,
    });
  });

  it('guards every column of an issued invoice but the five its balance and voiding move', async () => {
    // The content guard lists columns (so that balance updates run no function); a column added
    // to invoices must be added to it, or to the five below with a reason. The parties frozen at
    // issue have a guard of their own, which lets them be written once (see the next test).
    const movable = ['status', 'open_minor', 'voided_at', 'voided_on', 'void_reason'];
    const frozenOnce = ['seller', 'buyer'];
    const result = await sql<{ column_name: string; guarded: boolean }>`
      SELECT c.attname AS column_name, c.attnum = ANY (t.tgattr::int2[]) AS guarded
      FROM pg_attribute c
      JOIN pg_trigger t ON t.tgrelid = c.attrelid AND t.tgname = 'invoices_content_guard'
      WHERE c.attrelid = 'invoices'::regclass AND c.attnum > 0 AND NOT c.attisdropped
    `.execute(database.db);
    expect(result.rows.length).toBeGreaterThan(movable.length);
    for (const row of result.rows)
      expect([row.column_name, row.guarded]).toEqual([
        row.column_name,
        !movable.includes(row.column_name) && !frozenOnce.includes(row.column_name),
      ]);
  });

  it("writes an issued document's parties once, and refuses to change them after", async () => {
    const seed = await seedCustomer(database.db);
    const invoiceId = await insertInvoice(database.db, seed, {
      number: 'INV-PARTIES',
      issuedOn: '2024-01-31',
      dueOn: '2024-02-29',
    });
    const setParties = (name: string) =>
      database.db
        .updateTable('invoices')
        .set({ seller: JSON.stringify({ name }), buyer: JSON.stringify({ name: 'Buyer' }) })
        .where('org_id', '=', seed.orgId)
        .where('id', '=', invoiceId)
        .execute();
    await setParties('Seller as issued');
    await expect(setParties('Seller renamed')).rejects.toThrow(/issued invoice/i);
    const row = await database.db
      .selectFrom('invoices')
      .select('seller')
      .where('org_id', '=', seed.orgId)
      .where('id', '=', invoiceId)
      .executeTakeFirstOrThrow();
    expect(row.seller).toEqual({ name: 'Seller as issued' });
  });

  it('lets a draft invoice be updated and deleted', async () => {
    const seed = await seedCustomer(database.db);
    const invoiceId = await insertInvoice(database.db, seed, null);

    await database.db
      .updateTable('invoices')
      .set({ memo: 'Revised', due_on: '2024-03-31' })
      .where('org_id', '=', seed.orgId)
      .where('id', '=', invoiceId)
      .execute();
    const draft = await database.db
      .selectFrom('invoices')
      .select(['memo', 'due_on'])
      .where('org_id', '=', seed.orgId)
      .where('id', '=', invoiceId)
      .executeTakeFirstOrThrow();
    expect(draft).toEqual({ memo: 'Revised', due_on: '2024-03-31' });

    const deleted = await database.db
      .deleteFrom('invoices')
      .where('org_id', '=', seed.orgId)
      .where('id', '=', invoiceId)
      .executeTakeFirstOrThrow();
    expect(deleted.numDeletedRows).toBe(1n);
  });

  it.skipIf(!isPostgres)(
    'survives the server closing an idle connection, with a warning',
    async () => {
      const warnings: string[] = [];
      const onWarning = (warning: Error) => warnings.push(warning.message);
      process.on('warning', onWarning);
      try {
        // Two connections: this transaction holds one and kills the other, which the pool
        // holds idle once the read inside has given it back.
        await database.transaction(async (tx) => {
          const idle = await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(
            database.db,
          );
          const { rows } = await sql<{ killed: boolean }>`
          SELECT pg_terminate_backend(${idle.rows[0]!.pid}) AS killed`.execute(tx.db);
          expect(rows).toEqual([{ killed: true }]);
        });
        await expect.poll(() => warnings.length).toBeGreaterThan(0);
        expect(warnings[0]).toMatch(/idle postgres connection was closed/);
        const after = await sql<{ one: number }>`SELECT 1 AS one`.execute(database.db);
        expect(after.rows).toEqual([{ one: 1 }]);
      } finally {
        process.off('warning', onWarning);
      }
    },
  );

  it.skipIf(!isPostgres)(
    'fails a transaction whose connection the server closes, and goes on',
    async () => {
      const killed = database.transaction(async (tx) => {
        const own = await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(tx.db);
        await sql`SELECT pg_terminate_backend(${own.rows[0]!.pid})`.execute(database.db);
        await sql`SELECT 1`.execute(tx.db);
      });
      // Which words depends on whether the FATAL message or the closed socket arrives first.
      await expect(killed).rejects.toThrow(/connection/i);
      const after = await database.transaction(
        async (tx) => (await sql<{ one: number }>`SELECT 1 AS one`.execute(tx.db)).rows,
      );
      expect(after).toEqual([{ one: 1 }]);
    },
  );
});
