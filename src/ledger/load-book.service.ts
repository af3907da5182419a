import type { Actor } from '../core/actor.js';
import { recordAudit, recordAuditBulk, type AuditEvent } from '../platform/audit/audit.sql.js';
import { withIndexesRebuilt } from '../platform/db/bulk-indexes.sql.js';
import type { Tx } from '../platform/db/database.js';
import type { TableName } from '../platform/db/schema.js';
import { balancesOf, journalOf, type Book } from './book.js';
import { copyBook } from './book.sql.js';

export interface LoadedBook {
  readonly invoices: number;
  readonly creditNotes: number;
  readonly payments: number;
  readonly applications: number;
  readonly writeOffs: number;
  readonly reversals: number;
}

function* documentEvents(book: Book): Generator<AuditEvent> {
  const action = book.origin === 'import' ? 'imported' : 'generated';
  for (const invoice of book.invoices) {
    yield {
      action: `invoice.${action}`,
      entityType: 'invoice',
      entityId: invoice.id,
      after: { number: invoice.number, total: invoice.totals.totalMinor },
    };
  }
  for (const note of book.creditNotes) {
    yield {
      action: `credit_note.${action}`,
      entityType: 'credit_note',
      entityId: note.id,
      after: { number: note.number, total: note.totals.totalMinor },
    };
  }
  for (const payment of book.payments) {
    yield {
      action: `payment.${action}`,
      entityType: 'payment',
      entityId: payment.id,
      after: { reference: payment.reference, amount: payment.amountMinor },
    };
  }
}

/**
 * Writes a batch of ledger history (an imported or generated book) in the caller's transaction:
 * checks it, derives balances and journal entries, writes it all with COPY and records it in the
 * audit log, one event per document for imports. A generated demo book gets one summary event.
 */
export async function loadBook(
  tx: Tx,
  actor: Actor,
  book: Book,
  label: string,
): Promise<LoadedBook> {
  const balances = balancesOf(book);
  await copyBook(tx, actor.orgId, book, balances, journalOf(book));
  const counts: LoadedBook = {
    invoices: book.invoices.length,
    creditNotes: book.creditNotes.length,
    payments: book.payments.length,
    applications: book.applications.length,
    writeOffs: book.writeOffs.length,
    reversals: book.reversals.length,
  };
  if (book.origin === 'import') await recordAuditBulk(tx, actor, documentEvents(book));
  await recordAudit(tx.db, actor, [
    {
      action: `book.${book.origin === 'import' ? 'imported' : 'generated'}`,
      entityType: 'organization',
      entityId: actor.orgId,
      after: { label, ...counts },
    },
  ]);
  return counts;
}

/**
 * The tables a book load writes whose secondary indexes nothing reads during the load: the
 * balance refresh reads documents by primary key, and applications by their secondary indexes,
 * so applications and balance_periods keep theirs.
 */
const rebuiltTables: readonly TableName[] = [
  'invoices',
  'invoice_lines',
  'credit_notes',
  'credit_note_lines',
  'payments',
  'journal_entries',
  'journal_lines',
  'audit_events',
];

/**
 * Runs `work`, a load of about `documents` documents in several loadBook calls of the caller's
 * transaction, with the indexes of the tables it at least doubles built once at the end
 * (withIndexesRebuilt: PGlite only).
 */
export function withBookIndexesRebuilt<T>(
  tx: Tx,
  documents: number,
  work: () => Promise<T>,
): Promise<T> {
  return withIndexesRebuilt(tx, rebuiltTables, documents, work);
}
