/**
 * A separate process for crash.test.ts, run as `node --import tsx crash-child.ts <dataDir> <mode> …`.
 * It opens an embedded data directory and, in mode `hold`, just keeps it open; in mode `crash`,
 * commits one payment, then records another inside a transaction that it never ends (with many
 * more rows copied in, so that uncommitted data reaches the files), and says so on stdout for the
 * parent to kill it there with SIGKILL; in mode `import`, runs a real invoice import of a large
 * file and announces `writing <rows>` once the first part of it is written, for the parent to kill
 * it midway; in mode `bank-import`, imports the bank statement file it is given through
 * importBankStatement and announces `inserted <rows>` once the first INSERT of its lines has run,
 * then holds the transaction there. Each step is announced as one
 * line: `<step> <id>`.
 */
import { readFileSync } from 'node:fs';
import { InsertQueryNode, type KyselyPlugin } from 'kysely';
import type { Actor } from '../../src/core/actor.js';
import { calendarDate } from '../../src/core/calendar-date.js';
import { newId } from '../../src/core/ids.js';
import { paymentReceivedEntry } from '../../src/ledger/journal.js';
import { insertJournalEntries, journalEntryColumns } from '../../src/ledger/ledger.sql.js';
import { postApplications } from '../../src/ledger/post-applications.service.js';
import { insertPayment } from '../../src/payments/payment.sql.js';
import { recordPayment } from '../../src/payments/record-payment.service.js';
import { importInvoices } from '../../src/imports/import-invoices.service.js';
import { importBankStatement } from '../../src/banking/import-bank-statement.service.js';
import { openDatabase, type Database } from '../../src/platform/db/database.js';
import { registerHooks } from '../../src/server/register-hooks.js';

/** Marks the rows the killed transaction copies in, so that the parent can look for them. */
const uncommittedMarker = 'uncommitted_crash_rows';
const copyRounds = 4;
const rowsPerRound = 50_000;

registerHooks();
const [dataDir, mode, orgId, customerId, invoiceId] = process.argv.slice(2);

function say(line: string) {
  process.stdout.write(`${line}\n`);
}

// Never outlive a parent that failed to kill this process.
setTimeout(() => process.exit(3), 120_000);

async function crash(database: Awaited<ReturnType<typeof openDatabase>>) {
  const actor: Actor = {
    orgId: orgId!,
    type: 'system',
    id: null,
    name: 'crash child',
    role: 'owner',
  };
  const committed = await recordPayment(database, actor, {
    customerId: customerId!,
    amount: '20.00',
    receivedOn: '2026-02-01',
    reference: 'COMMITTED-BY-CHILD',
    applications: [{ invoiceId: invoiceId!, amount: '20.00' }],
  });
  say(`committed ${committed.id}`);
  await database.transaction(async (tx) => {
    // What recordPayment does, step by step, so that the transaction can be held open midway.
    const id = newId();
    const receivedOn = calendarDate('2026-02-02');
    await insertPayment(tx.db, actor.orgId, {
      id,
      customerId: customerId!,
      receivedOn,
      amountMinor: 5000n,
      currency: 'EUR',
      method: 'bank_transfer',
      reference: 'KILLED-MIDWAY',
      payer: null,
      memo: null,
    });
    await insertJournalEntries(tx.db, actor.orgId, [
      paymentReceivedEntry({
        on: receivedOn,
        sourceId: id,
        customerId: customerId!,
        currency: 'EUR',
        description: 'Payment KILLED-MIDWAY',
        amountMinor: 5000n,
      }),
    ]);
    await postApplications(
      tx.db,
      actor,
      {
        type: 'payment',
        id,
        customerId: customerId!,
        currency: 'EUR',
        availableMinor: 5000n,
        label: 'Payment KILLED-MIDWAY',
      },
      { mode: 'manual', requests: [{ invoiceId: invoiceId!, amountMinor: 5000n }] },
      receivedOn,
    );
    say(`applied ${id}`);
    for (let round = 0; round < copyRounds; round++) {
      await tx.copy(
        'journal_entries',
        journalEntryColumns,
        Array.from({ length: rowsPerRound }, () => [
          actor.orgId,
          newId(),
          receivedOn,
          uncommittedMarker,
          id,
          'never committed',
        ]),
      );
    }
    say(`in-transaction ${id}`);
    await new Promise(() => undefined);
  });
}

/** Invoices for the customer with ref CRASH, twice as many as one part of an import writes. */
const importedInvoiceCount = 30_000;

async function importMidway(database: Awaited<ReturnType<typeof openDatabase>>) {
  const actor: Actor = {
    orgId: orgId!,
    type: 'system',
    id: null,
    name: 'crash child',
    role: 'owner',
  };
  const rows = ['number,customer_ref,issue_date,currency,total'];
  for (let i = 1; i <= importedInvoiceCount; i++)
    rows.push(`IMP-${String(i).padStart(6, '0')},CRASH,2026-01-15,EUR,10.00`);
  let announced = false;
  await importInvoices(
    database,
    actor,
    { csv: `${rows.join('\n')}\n` },
    {
      onProgress: (done, _total, phase) => {
        if (phase === 'writing' && done > 0 && !announced) {
          announced = true;
          say(`writing ${done}`);
          // Hold the transaction open here, part-written, until the parent kills the process.
          holdUntilKilled();
        }
      },
    },
  );
  say('finished 0');
}

/** Holds the thread, and so the open transaction, until the parent kills the process. */
function holdUntilKilled() {
  const until = performance.now() + 60_000;
  while (performance.now() < until)
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1000);
}

async function bankImportMidway(database: Database, statementPath: string) {
  const actor: Actor = {
    orgId: orgId!,
    type: 'system',
    id: null,
    name: 'crash child',
    role: 'owner',
  };
  // The import has no progress callback: a Kysely plugin on its transaction sees each statement
  // go by, so the process stops right after the first INSERT of bank lines has run, its rows
  // written and the transaction (file row, account, lines, matching, audit) not yet committed.
  const lineInserts = new Set<unknown>();
  const watch: KyselyPlugin = {
    transformQuery({ node, queryId }) {
      if (InsertQueryNode.is(node) && node.into?.table.identifier.name === 'bank_lines') {
        lineInserts.add(queryId);
      }
      return node;
    },
    transformResult: async ({ result, queryId }) => {
      if (lineInserts.has(queryId)) {
        say(`inserted ${result.rows.length}`);
        holdUntilKilled();
      }
      return result;
    },
  };
  const watched: Database = {
    ...database,
    transaction: (work) =>
      database.transaction((tx) => work({ ...tx, db: tx.db.withPlugin(watch) })),
  };
  await importBankStatement(
    watched,
    actor,
    { text: readFileSync(statementPath, 'utf8'), fileName: 'crash.camt053.xml' },
    { autoApply: true, dryRun: false },
  );
  say('finished 0');
}

async function main() {
  if (!dataDir || !['hold', 'crash', 'import', 'bank-import'].includes(mode ?? '')) {
    throw new Error(
      'usage: crash-child.ts <dataDir> hold|crash|import|bank-import [orgId customerId invoiceId | orgId statementPath]',
    );
  }
  const database = await openDatabase({ dataDir, command: `crash-child ${mode}` });
  // Keep the event loop alive while waiting to be killed.
  setInterval(() => undefined, 60_000);
  say(`opened ${process.pid}`);
  if (mode === 'crash') await crash(database);
  if (mode === 'import') await importMidway(database);
  // Its third argument is the statement file's path.
  if (mode === 'bank-import') await bankImportMidway(database, customerId!);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(2);
});
