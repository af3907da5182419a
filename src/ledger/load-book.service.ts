import type { Actor } from '../core/actor.js';
import { recordAudit, recordAuditBulk, type AuditEvent } from '../platform/audit/audit.sql.js';
import { withIndexesRebuilt } from '../platform/db/bulk-indexes.sql.js';
import type { Tx } from '../platform/db/database.js';
import type { TableName } from '../platform/db/schema.js';
import { balancesOf, journalOf, nothingLoaded, type Book, type LoadedBook } from './book.js';
import { copyBook, refreshWholeOrganization, refreshesWholeOrganization } from './book.sql.js';

export type { LoadedBook } from './book.js';

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

function countsOf(book: Book): LoadedBook {
  return {
    invoices: book.invoices.length,
    creditNotes: book.creditNotes.length,
    payments: book.payments.length,
    applications: book.applications.length,
    writeOffs: book.writeOffs.length,
    reversals: book.reversals.length,
  };
}

function added(a: LoadedBook, b: LoadedBook): LoadedBook {
  return {
    invoices: a.invoices + b.invoices,
    creditNotes: a.creditNotes + b.creditNotes,
    payments: a.payments + b.payments,
    applications: a.applications + b.applications,
    writeOffs: a.writeOffs + b.writeOffs,
    reversals: a.reversals + b.reversals,
  };
}

/** Checks and writes one book, with one audit event per document for imports. */
async function writeBook(
  tx: Tx,
  actor: Actor,
  book: Book,
  refresh: 'now' | 'at the end',
): Promise<LoadedBook> {
  const balances = balancesOf(book);
  await copyBook(tx, actor.orgId, book, balances, journalOf(book), refresh);
  if (book.origin === 'import') await recordAuditBulk(tx, actor, documentEvents(book));
  return countsOf(book);
}

async function recordBookLoaded(
  tx: Tx,
  actor: Actor,
  origin: Book['origin'],
  label: string,
  counts: LoadedBook,
): Promise<void> {
  await recordAudit(tx.db, actor, [
    {
      action: `book.${origin === 'import' ? 'imported' : 'generated'}`,
      entityType: 'organization',
      entityId: actor.orgId,
      after: { label, ...counts },
    },
  ]);
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
  const counts = await writeBook(tx, actor, book, 'now');
  await recordBookLoaded(tx, actor, book.origin, label, counts);
  return counts;
}

/**
 * loadBook for a book that comes in parts, each a Book on its own (a generated one, customer by
 * customer): only one part is in memory at a time, however large the whole. `items` is about how
 * many invoices, payments and credit notes all the parts hold: a large load into an empty
 * organization refreshes its balance steps once at the end, and on PGlite builds the indexes of
 * the tables it fills once (withBookIndexesRebuilt). One summary event for the whole.
 */
export async function loadBookInParts(
  tx: Tx,
  actor: Actor,
  parts: Iterable<Book>,
  items: number,
  label: string,
  onPart: (loaded: LoadedBook) => void = () => undefined,
): Promise<LoadedBook> {
  const atTheEnd = await refreshesWholeOrganization(tx, actor.orgId, items);
  let loaded = nothingLoaded;
  let origin: Book['origin'] | undefined;
  await withBookIndexesRebuilt(tx, items, async () => {
    for (const book of parts) {
      origin = book.origin;
      loaded = added(loaded, await writeBook(tx, actor, book, atTheEnd ? 'at the end' : 'now'));
      onPart(loaded);
    }
    if (atTheEnd) await refreshWholeOrganization(tx, actor.orgId);
  });
  if (origin) await recordBookLoaded(tx, actor, origin, label, loaded);
  return loaded;
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
