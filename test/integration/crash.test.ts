// Proves that a process killed in the middle of a payment, an invoice import or a bank statement import leaves nothing
// half-written on an embedded (PGlite) data directory: after SIGKILL the next process takes over the dead one's lock,
// sees every committed row and none of the killed transaction's, and the books still tie out; and
// that while a process holds the directory, a second one is refused with an error naming it.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importBankStatement } from '../../src/banking/import-bank-statement.service.js';
import type { Actor } from '../../src/core/actor.js';
import { AppError } from '../../src/core/errors.js';
import { createCustomer } from '../../src/customers/create-customer.service.js';
import { importInvoices } from '../../src/imports/import-invoices.service.js';
import { createInvoice } from '../../src/invoicing/create-invoice.service.js';
import { findInvoice } from '../../src/invoicing/invoice.sql.js';
import { getTrialBalance } from '../../src/ledger/trial-balance.service.js';
import { recordPayment } from '../../src/payments/record-payment.service.js';
import { openDatabase, type Database } from '../../src/platform/db/database.js';
import { migrate } from '../../src/platform/db/migrate.js';
import { newCustomer, newOrganization } from '../support/organization.js';
import { isPostgres } from '../support/test-database.js';

const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));
const childScript = fileURLToPath(new URL('../support/crash-child.ts', import.meta.url));
const uncommittedMarker = 'uncommitted_crash_rows';
/** As in crash-child.ts (importing that file would run it). */
const importedInvoiceCount = 30_000;
/**
 * Enough lines for the child to be killed between inserting them and committing; more only
 * lengthen the test (bank-import.test.ts imports a statement of 1,500 lines).
 */
const bankLineCount = 200;
const bankIban = 'DE89370400440532013000';

/**
 * A camt.053 statement of `count` incoming payments, written for the test: each with its own
 * AcctSvcrRef, a payer and a text that names no invoice, so every line is stored and none is paid.
 */
function generatedCamt053(count: number): string {
  const entries: string[] = [];
  for (let i = 1; i <= count; i++) {
    const amount = `${(i % 900) + 100}.${String(i % 100).padStart(2, '0')}`;
    entries.push(
      `<Ntry><Amt Ccy="EUR">${amount}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>` +
        `<BookgDt><Dt>2026-02-05</Dt></BookgDt><ValDt><Dt>2026-02-05</Dt></ValDt>` +
        `<AcctSvcrRef>CRASH-${String(i).padStart(6, '0')}</AcctSvcrRef>` +
        `<NtryDtls><TxDtls><RltdPties><Dbtr><Nm>Payer ${i}</Nm></Dbtr></RltdPties>` +
        `<RmtInf><Ustrd>Donation ${i}</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>`,
    );
  }
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt>',
    '<GrpHdr><MsgId>CRASH-1</MsgId><CreDtTm>2026-02-05T08:00:00</CreDtTm></GrpHdr>',
    `<Stmt><Id>CRASH-STATEMENT</Id><CreDtTm>2026-02-05T08:00:00</CreDtTm>`,
    `<Acct><Id><IBAN>${bankIban}</IBAN></Id><Ccy>EUR</Ccy></Acct>`,
    ...entries,
    '</Stmt></BkToCstmrStmt></Document>',
    '',
  ].join('\n');
}

interface Child {
  readonly process: ChildProcess;
  readonly pid: number;
  /** Resolves with the id on the first stdout line `<step> <id>`. */
  waitFor(step: string): Promise<string>;
  /** Resolves when the process has exited (and been reaped). */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Runs crash-child.ts in its own Node process, collecting its stdout lines and stderr. */
function startChild(args: readonly string[]): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', childScript, ...args], {
    cwd: repositoryRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const waiters: { step: string; resolve: (id: string) => void }[] = [];
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  createInterface({ input: child.stdout! }).on('line', (line) => {
    lines.push(line);
    for (const waiter of [...waiters]) {
      if (line.startsWith(`${waiter.step} `)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(line.slice(waiter.step.length + 1));
      }
    }
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('exit', (code, signal) => resolve({ code, signal }));
  });
  return {
    process: child,
    pid: child.pid!,
    exited,
    waitFor(step) {
      const seen = lines.find((line) => line.startsWith(`${step} `));
      if (seen) return Promise.resolve(seen.slice(step.length + 1));
      return new Promise((resolve, reject) => {
        waiters.push({ step, resolve });
        void exited.then(({ code, signal }) =>
          reject(
            new Error(
              `The child exited (${code ?? signal}) before "${step}".\nstdout: ${lines.join('\n')}\nstderr: ${stderr}`,
            ),
          ),
        );
      });
    },
  };
}

async function kill(child: Child) {
  if (child.process.exitCode === null && child.process.signalCode === null)
    child.process.kill('SIGKILL');
  return child.exited;
}

async function expectTiesOut(database: Database, actor: Actor) {
  for (const asOf of [undefined, '2026-02-01', '2026-02-02'] as const) {
    const balance = await getTrialBalance(database, actor, asOf as never);
    for (const currency of balance.currencies) {
      expect(currency.debitMinor).toBe(currency.creditMinor);
      expect(currency.differenceMinor).toBe(0n);
    }
  }
}

// Embedded data directories only: the PostgreSQL pass of the suite has nothing to add here.
describe.skipIf(isPostgres)(
  'a PGlite data directory and a killed process',
  () => {
    let dataDir: string;
    let actor: Actor;
    let customerId: string;
    let invoiceId: string;
    let parentPaymentId: string;
    const children: Child[] = [];

    beforeAll(async () => {
      dataDir = await mkdtemp(join(tmpdir(), 'settle-crash-'));
      const database = await openDatabase({ dataDir, command: 'crash.test setup' });
      try {
        await migrate(database);
        ({ actor } = await newOrganization(database));
        customerId = (await newCustomer(database, actor)).id;
        const invoice = await createInvoice(database, actor, {
          customerId,
          issuedOn: '2026-01-10',
          lines: [{ description: 'Consulting', quantity: '1', unitPrice: '100.00', taxRate: '0' }],
          issue: true,
        });
        invoiceId = invoice.id;
        const payment = await recordPayment(database, actor, {
          customerId,
          amount: '30.00',
          receivedOn: '2026-01-20',
          applications: [{ invoiceId, amount: '30.00' }],
        });
        parentPaymentId = payment.id;
      } finally {
        await database.close();
      }
    });

    afterAll(async () => {
      await Promise.all(children.map(kill));
      if (dataDir) await rm(dataDir, { recursive: true, force: true });
    });

    it('refuses a second process while one holds the directory, naming the holder', async () => {
      const holder = startChild([dataDir, 'hold']);
      children.push(holder);
      expect(await holder.waitFor('opened')).toBe(String(holder.pid));
      const refusal = await openDatabase({ dataDir, command: 'crash.test second opener' }).then(
        async (database) => {
          await database.close();
          return null;
        },
        (error: unknown) => error,
      );
      expect(refusal).toBeInstanceOf(AppError);
      expect(refusal).toMatchObject({ code: 'data_dir_locked' });
      expect((refusal as AppError).message).toContain(`process ${holder.pid} `);
      await kill(holder);
    });

    it('keeps what was committed and nothing of the transaction that was killed', async () => {
      const child = startChild([dataDir, 'crash', actor.orgId, customerId, invoiceId]);
      children.push(child);
      const committedId = await child.waitFor('committed');
      const killedId = await child.waitFor('in-transaction');
      const { signal } = await kill(child);
      expect(signal).toBe('SIGKILL');
      // The dead process never released its lock: the next opener must see that its pid is gone.
      const lockPath = join(dataDir, 'settle.lock');
      expect(existsSync(lockPath)).toBe(true);
      expect(JSON.parse(readFileSync(lockPath, 'utf8'))).toMatchObject({ pid: child.pid });

      const database = await openDatabase({ dataDir, command: 'crash.test after the crash' });
      try {
        const payments = await database.db
          .selectFrom('payments')
          .select(['id', 'reference'])
          .where('org_id', '=', actor.orgId)
          .orderBy('id')
          .execute();
        expect(payments.map((payment) => payment.id).sort()).toEqual(
          [parentPaymentId, committedId].sort(),
        );
        const leftovers = await Promise.all([
          database.db.selectFrom('payments').select('id').where('id', '=', killedId).execute(),
          database.db
            .selectFrom('applications')
            .select('id')
            .where('source_id', '=', killedId)
            .execute(),
          database.db
            .selectFrom('journal_entries')
            .select('id')
            .where('source_id', '=', killedId)
            .execute(),
          database.db
            .selectFrom('journal_entries')
            .select('id')
            .where('source_type', '=', uncommittedMarker)
            .limit(1)
            .execute(),
          database.db
            .selectFrom('audit_events')
            .select('id')
            .where('entity_id', '=', killedId)
            .execute(),
        ]);
        expect(leftovers.map((rows) => rows.length)).toEqual([0, 0, 0, 0, 0]);
        const invoice = (await findInvoice(database.db, actor.orgId, invoiceId))!;
        expect(invoice.open_minor).toBe(10000n - 3000n - 2000n);
        expect(invoice.status).toBe('partially_paid');
        const applications = await database.db
          .selectFrom('applications')
          .select('amount_minor')
          .where('org_id', '=', actor.orgId)
          .execute();
        expect(applications.map((row) => row.amount_minor).sort()).toEqual([2000n, 3000n]);
        await expectTiesOut(database, actor);
        // The directory is usable: a new payment commits and settles the invoice.
        await recordPayment(database, actor, {
          customerId,
          amount: '50.00',
          receivedOn: '2026-02-03',
          applications: [{ invoiceId, amount: '50.00' }],
        });
        expect((await findInvoice(database.db, actor.orgId, invoiceId))!.status).toBe('paid');
        await expectTiesOut(database, actor);
      } finally {
        await database.close();
      }
      // Closing released the lock.
      expect(existsSync(lockPath)).toBe(false);
    });

    it('keeps nothing of an import killed after writing its first part, and takes the same file again', async () => {
      const setup = await openDatabase({ dataDir, command: 'crash.test import setup' });
      try {
        await createCustomer(setup, actor, {
          ref: 'CRASH',
          name: 'Crash Test Ltd',
          currency: 'EUR',
        });
      } finally {
        await setup.close();
      }
      const child = startChild([dataDir, 'import', actor.orgId]);
      children.push(child);
      const written = Number(await child.waitFor('writing'));
      expect(written).toBeGreaterThan(0);
      expect(written).toBeLessThan(importedInvoiceCount);
      expect((await kill(child)).signal).toBe('SIGKILL');

      const database = await openDatabase({
        dataDir,
        command: 'crash.test after the killed import',
      });
      try {
        const imported = () =>
          database.db
            .selectFrom('invoices')
            .select('id')
            .where('org_id', '=', actor.orgId)
            .where('origin', '=', 'import')
            .execute();
        expect(await imported()).toHaveLength(0);
        const events = await database.db
          .selectFrom('audit_events')
          .select('id')
          .where('org_id', '=', actor.orgId)
          .where('action', 'like', '%imported')
          .execute();
        expect(events).toHaveLength(0);
        await expectTiesOut(database, actor);
        // Nothing to clean up: the same file imports whole on the next try.
        const rows = ['number,customer_ref,issue_date,currency,total'];
        for (let i = 1; i <= importedInvoiceCount; i++)
          rows.push(`IMP-${String(i).padStart(6, '0')},CRASH,2026-01-15,EUR,10.00`);
        const result = await importInvoices(database, actor, { csv: `${rows.join('\n')}\n` });
        expect(result.invoices).toBe(importedInvoiceCount);
        expect(await imported()).toHaveLength(importedInvoiceCount);
        await expectTiesOut(database, actor);
      } finally {
        await database.close();
      }
    });

    it('keeps nothing of a bank statement import killed after inserting its lines, and takes the same file again', async () => {
      const statementPath = join(dataDir, '..', `${dataDir.split('/').at(-1)}-statement.xml`);
      const statement = generatedCamt053(bankLineCount);
      writeFileSync(statementPath, statement);
      const before = await openDatabase({ dataDir, command: 'crash.test bank import setup' });
      const paymentsBefore = await before.db
        .selectFrom('payments')
        .select('id')
        .where('org_id', '=', actor.orgId)
        .execute();
      await before.close();
      try {
        const child = startChild([dataDir, 'bank-import', actor.orgId, statementPath]);
        children.push(child);
        expect(Number(await child.waitFor('inserted'))).toBe(bankLineCount);
        expect((await kill(child)).signal).toBe('SIGKILL');

        const database = await openDatabase({
          dataDir,
          command: 'crash.test after the killed bank import',
        });
        try {
          const count = async (table: 'bank_files' | 'bank_lines' | 'bank_accounts') =>
            (
              await database.db
                .selectFrom(table)
                .select('id')
                .where('org_id', '=', actor.orgId)
                .execute()
            ).length;
          const payments = () =>
            database.db
              .selectFrom('payments')
              .select('id')
              .where('org_id', '=', actor.orgId)
              .execute();
          // The account the statement named was created in the same transaction: gone with it.
          expect([
            await count('bank_files'),
            await count('bank_lines'),
            await count('bank_accounts'),
          ]).toEqual([0, 0, 0]);
          expect(await payments()).toEqual(paymentsBefore);
          const events = await database.db
            .selectFrom('audit_events')
            .select('id')
            .where('org_id', '=', actor.orgId)
            .where('action', 'like', 'bank_%')
            .execute();
          expect(events).toHaveLength(0);
          await expectTiesOut(database, actor);

          // Nothing to clean up: the same file imports whole on the next try.
          const result = await importBankStatement(
            database,
            actor,
            { text: statement, fileName: 'crash.camt053.xml' },
            { autoApply: true, dryRun: false },
          );
          expect(result.imported.alreadyImported).toBe(false);
          expect(result.imported.lines).toHaveLength(bankLineCount);
          expect(result.imported.lines.every((line) => line.added)).toBe(true);
          expect(result.imported.file.lines_added).toBe(bankLineCount);
          expect([
            await count('bank_files'),
            await count('bank_lines'),
            await count('bank_accounts'),
          ]).toEqual([1, bankLineCount, 1]);
          const lines = await database.db
            .selectFrom('bank_lines')
            .select(['position', 'ref', 'amount_minor'])
            .where('org_id', '=', actor.orgId)
            .orderBy('position')
            .execute();
          expect(lines.at(0)).toEqual({ position: 1, ref: 'CRASH-000001', amount_minor: 10101n });
          expect(lines.at(-1)).toMatchObject({
            position: bankLineCount,
            ref: `CRASH-${String(bankLineCount).padStart(6, '0')}`,
          });
          // Donations name no invoice: nothing was applied, so no payment came from the file.
          expect(await payments()).toEqual(paymentsBefore);
          await expectTiesOut(database, actor);
        } finally {
          await database.close();
        }
      } finally {
        await rm(statementPath, { force: true });
      }
    });
  },
  180_000,
);
