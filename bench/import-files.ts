import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { formatAmount } from '../src/core/money.js';
import { Random } from '../src/demo/generator/random.js';

export interface ImportFiles {
  readonly customers: string;
  readonly invoices: string;
  readonly creditNotes: string;
  readonly payments: string;
  readonly counts: {
    readonly customers: number;
    readonly invoices: number;
    readonly creditNotes: number;
    readonly payments: number;
  };
}

/** Writes lines to `path` as they come, waiting when the stream is full: the files never sit in memory. */
async function writeLines(path: string, lines: Iterable<string>): Promise<void> {
  const out = createWriteStream(path);
  let chunk = '';
  for (const line of lines) {
    chunk += `${line}\n`;
    if (chunk.length >= 1 << 16) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
}

const invoiceNumber = (i: number) => `IMP-${String(i + 1).padStart(7, '0')}`;

/**
 * The CSV files of a book moving to Settle: `invoices` invoices over nine months for one customer
 * per 50 invoices (no due date: the customers' terms give it), a credit note on every 20th invoice
 * and a payment of every 4th invoice in full. The same seed gives the same files.
 */
export async function writeImportFiles(
  dir: string,
  invoices: number,
  seed: number,
): Promise<ImportFiles> {
  const customers = Math.max(1, Math.round(invoices / 50));
  const random = new Random(seed);
  const totals = new Map<number, number>();
  const files = {
    customers: join(dir, 'customers.csv'),
    invoices: join(dir, 'invoices.csv'),
    creditNotes: join(dir, 'credit-notes.csv'),
    payments: join(dir, 'payments.csv'),
  };
  await writeLines(
    files.customers,
    (function* () {
      yield 'ref,name,email,currency,terms';
      for (let i = 0; i < customers; i++)
        yield `C${i},Customer ${i},ap${i}@example.test,EUR,${i % 3 === 0 ? '2/10_NET30' : 'NET30'}`;
    })(),
  );
  const month = (i: number) => String(1 + (i % 9)).padStart(2, '0');
  const day = (i: number) => String(1 + (i % 28)).padStart(2, '0');
  await writeLines(
    files.invoices,
    (function* () {
      yield 'number,customer_ref,issue_date,due_date,currency,total,description';
      for (let i = 0; i < invoices; i++) {
        const minor = random.int(1_000, 2_500_000);
        if (i % 4 === 0 || i % 20 === 1) totals.set(i, minor);
        yield `${invoiceNumber(i)},C${i % customers},2026-${month(i)}-${day(i)},,EUR,${formatAmount(BigInt(minor), 'EUR')},Services ${month(i)}/2026`;
      }
    })(),
  );
  let creditNotes = 0;
  await writeLines(
    files.creditNotes,
    (function* () {
      yield 'number,customer_ref,issue_date,currency,total,invoice_number';
      for (let i = 1; i < invoices; i += 20) {
        creditNotes++;
        const minor = Math.max(1, Math.floor(totals.get(i)! / 10));
        yield `CN-${String(creditNotes).padStart(7, '0')},C${i % customers},2026-${month(i)}-${day(i)},EUR,${formatAmount(BigInt(minor), 'EUR')},${invoiceNumber(i)}`;
      }
    })(),
  );
  let payments = 0;
  await writeLines(
    files.payments,
    (function* () {
      yield 'ref,customer_ref,received_date,currency,amount,invoice_number';
      for (let i = 0; i < invoices; i += 4) {
        payments++;
        yield `PAY-${String(payments).padStart(7, '0')},C${i % customers},2026-${month(i)}-28,EUR,${formatAmount(BigInt(totals.get(i)!), 'EUR')},${invoiceNumber(i)}`;
      }
    })(),
  );
  return { ...files, counts: { customers, invoices, creditNotes, payments } };
}
