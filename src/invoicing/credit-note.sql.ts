import { sql } from 'kysely';
import type { Db } from '../platform/db/database.js';
import {
  paginate,
  sortKeySelection,
  type PageRequest,
  type SortSpec,
} from '../platform/db/pagination.js';
import type { DocumentLine, DocumentTotals } from '../ledger/document-math.js';
import { lineValues } from './invoice.sql.js';

export async function insertCreditNote(
  db: Db,
  orgId: string,
  note: {
    id: string;
    number: string;
    customerId: string;
    invoiceId: string | null;
    currency: string;
    issuedOn: string;
    totals: DocumentTotals;
    reason: string | null;
    memo: string | null;
    /** The parties as they are at issue, frozen (parties.ts). */
    seller: string;
    buyer: string;
  },
  lines: readonly DocumentLine[],
) {
  await db
    .insertInto('credit_notes')
    .values({
      org_id: orgId,
      id: note.id,
      number: note.number,
      customer_id: note.customerId,
      invoice_id: note.invoiceId,
      currency: note.currency,
      issued_on: note.issuedOn,
      subtotal_minor: note.totals.subtotalMinor,
      tax_minor: note.totals.taxMinor,
      total_minor: note.totals.totalMinor,
      reason: note.reason,
      memo: note.memo,
      seller: note.seller,
      buyer: note.buyer,
    })
    .execute();
  await db
    .insertInto('credit_note_lines')
    .values(lines.map((line) => ({ org_id: orgId, credit_note_id: note.id, ...lineValues(line) })))
    .execute();
}

/** What a credit note has applied and refunded: derived, never stored. */
const creditNoteFigures = [
  sql<bigint>`(select coalesce(sum(a.amount_minor), 0) from applications a
    where a.org_id = credit_notes.org_id and a.source_id = credit_notes.id and a.source_type = 'credit_note')`.as(
    'applied_minor',
  ),
  sql<bigint>`(select coalesce(sum(r.amount_minor), 0) from refunds r
    where r.org_id = credit_notes.org_id and r.source_id = credit_notes.id)`.as('refunded_minor'),
];

export async function findCreditNote(
  db: Db,
  orgId: string,
  id: string,
  options: { forUpdate?: boolean } = {},
) {
  if (options.forUpdate) {
    // Lock first, read after: the figures are sums over other tables, and under READ COMMITTED a
    // statement that waited for the lock would still compute them from its older snapshot.
    const locked = await db
      .selectFrom('credit_notes')
      .select('id')
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!locked) return undefined;
  }
  return db
    .selectFrom('credit_notes')
    .selectAll('credit_notes')
    .select(creditNoteFigures)
    .where('credit_notes.org_id', '=', orgId)
    .where('credit_notes.id', '=', id)
    .executeTakeFirst();
}

export type CreditNoteRow = NonNullable<Awaited<ReturnType<typeof findCreditNote>>>;

export function unappliedOfCreditNote(note: CreditNoteRow): bigint {
  return note.total_minor - note.applied_minor - note.refunded_minor;
}

export async function creditNoteLines(db: Db, orgId: string, creditNoteId: string) {
  return db
    .selectFrom('credit_note_lines')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('credit_note_id', '=', creditNoteId)
    .orderBy('position')
    .execute();
}

export const creditNoteSorts: Record<string, SortSpec> = {
  issued_on: { expression: 'credit_notes.issued_on', idColumn: 'credit_notes.id', cast: 'date' },
  number: { expression: 'credit_notes.number', idColumn: 'credit_notes.id', cast: 'text' },
  total: { expression: 'credit_notes.total_minor', idColumn: 'credit_notes.id', cast: 'bigint' },
  created_at: {
    expression: 'credit_notes.created_at',
    idColumn: 'credit_notes.id',
    cast: 'timestamptz',
  },
};

export interface CreditNoteFilter {
  readonly customerId?: string | undefined;
  readonly invoiceId?: string | undefined;
  readonly currency?: string | undefined;
  readonly issuedFrom?: string | undefined;
  readonly issuedTo?: string | undefined;
}

export async function listCreditNotes(
  db: Db,
  orgId: string,
  filter: CreditNoteFilter,
  sort: SortSpec,
  page: PageRequest,
) {
  let query = db
    .selectFrom('credit_notes')
    .innerJoin('customers', (join) =>
      join
        .onRef('customers.org_id', '=', 'credit_notes.org_id')
        .onRef('customers.id', '=', 'credit_notes.customer_id'),
    )
    .selectAll('credit_notes')
    .select(['customers.ref as customer_ref'])
    .select(creditNoteFigures)
    .select(sortKeySelection(sort))
    .where('credit_notes.org_id', '=', orgId);
  if (filter.customerId) query = query.where('credit_notes.customer_id', '=', filter.customerId);
  if (filter.invoiceId) query = query.where('credit_notes.invoice_id', '=', filter.invoiceId);
  if (filter.currency) query = query.where('credit_notes.currency', '=', filter.currency);
  if (filter.issuedFrom) query = query.where('credit_notes.issued_on', '>=', filter.issuedFrom);
  if (filter.issuedTo) query = query.where('credit_notes.issued_on', '<=', filter.issuedTo);
  return paginate(query, sort, page);
}

export async function creditNoteIdByNumber(db: Db, orgId: string, number: string) {
  const row = await db
    .selectFrom('credit_notes')
    .select('id')
    .where('org_id', '=', orgId)
    .where('number', '=', number)
    .executeTakeFirst();
  return row?.id;
}
