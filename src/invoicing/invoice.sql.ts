import { now } from '../core/clock.js';
import { sql } from 'kysely';
import { formatScaledDecimal } from '../core/decimal.js';
import { limits } from '../core/limits.js';
import { formatPercent } from '../core/percent.js';
import { balanceStatus } from '../ledger/invoice-status.js';
import type { Db } from '../platform/db/database.js';
import {
  paginate,
  sortKeySelection,
  type PageRequest,
  type SortSpec,
} from '../platform/db/pagination.js';
import type { DocumentLine } from '../ledger/document-math.js';
import type { Draft } from './invoice.js';

export function lineValues(line: DocumentLine) {
  return {
    position: line.position,
    description: line.description,
    quantity: formatScaledDecimal(line.quantityScaled, limits.quantityScale),
    unit_price_minor: line.unitPriceMinor,
    tax_rate: formatScaledDecimal(line.taxRateScaled, limits.taxRateScale),
    net_minor: line.netMinor,
    tax_minor: line.taxMinor,
    unit_code: line.unitCode,
    vat_category: line.vatCategory,
    exemption_reason: line.exemptionReason,
    discount_minor: line.discountMinor,
    discount_percent:
      line.discountPercentScaled === null ? null : formatPercent(line.discountPercentScaled),
    discount_reason: line.discountReason,
  };
}

export async function insertInvoiceLines(
  db: Db,
  orgId: string,
  invoiceId: string,
  lines: readonly DocumentLine[],
) {
  await db
    .insertInto('invoice_lines')
    .values(lines.map((line) => ({ org_id: orgId, invoice_id: invoiceId, ...lineValues(line) })))
    .execute();
}

export async function deleteInvoiceLines(db: Db, orgId: string, invoiceId: string) {
  await db
    .deleteFrom('invoice_lines')
    .where('org_id', '=', orgId)
    .where('invoice_id', '=', invoiceId)
    .execute();
}

export async function findInvoice(
  db: Db,
  orgId: string,
  id: string,
  options: { forUpdate?: boolean } = {},
) {
  let query = db
    .selectFrom('invoices')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', id);
  if (options.forUpdate) query = query.forUpdate();
  return query.executeTakeFirst();
}

export type InvoiceRow = NonNullable<Awaited<ReturnType<typeof findInvoice>>>;

export async function findInvoiceByNumber(db: Db, orgId: string, number: string) {
  return db
    .selectFrom('invoices')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('number', '=', number)
    .executeTakeFirst();
}

/** Invoice ids by number, for the CLI's --invoice options: one query for the list. */
export async function invoiceIdsByNumber(
  db: Db,
  orgId: string,
  numbers: readonly string[],
): Promise<Map<string, string>> {
  if (numbers.length === 0) return new Map();
  const rows = await db
    .selectFrom('invoices')
    .select(['id', 'number'])
    .where('org_id', '=', orgId)
    .where('number', '=', sql<string>`any(${sql.val([...numbers])}::text[])`)
    .execute();
  return new Map(rows.map((row) => [row.number!, row.id]));
}

export async function invoiceLines(db: Db, orgId: string, invoiceId: string) {
  return db
    .selectFrom('invoice_lines')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('invoice_id', '=', invoiceId)
    .orderBy('position')
    .execute();
}

/**
 * Takes the next number of a gapless sequence. The row stays locked until the transaction ends,
 * so numbers are handed out one transaction at a time and a rollback gives the number back.
 */
export async function takeDocumentNumber(
  db: Db,
  orgId: string,
  kind: 'invoice' | 'credit_note',
): Promise<string> {
  const row = await db
    .updateTable('document_sequences')
    .set({ next_number: sql`next_number + 1` })
    .where('org_id', '=', orgId)
    .where('kind', '=', kind)
    .returning(['prefix', sql<bigint>`next_number - 1`.as('number')])
    .executeTakeFirstOrThrow();
  return `${row.prefix}${String(row.number).padStart(6, '0')}`;
}

/**
 * After an import of documents that carry their own numbers: when they follow the sequence's
 * pattern (prefix and digits), the sequence moves past the highest, so new numbers never collide.
 */
export async function advanceSequencePast(
  db: Db,
  orgId: string,
  kind: 'invoice' | 'credit_note',
  table: 'invoices' | 'credit_notes',
) {
  await sql`
    UPDATE document_sequences AS s
    SET next_number = greatest(s.next_number, m.highest + 1)
    FROM (
      SELECT max(substring(d.number FROM length(q.prefix) + 1)::numeric)::int8 AS highest
      FROM ${sql.table(table)} d, document_sequences q
      WHERE d.org_id = ${orgId} AND q.org_id = ${orgId} AND q.kind = ${kind}
        AND d.number LIKE q.prefix || '%' AND substring(d.number FROM length(q.prefix) + 1) ~ '^[0-9]{1,18}$'
    ) AS m
    WHERE s.org_id = ${orgId} AND s.kind = ${kind} AND m.highest IS NOT NULL
  `.execute(db);
}

export const invoiceSorts: Record<string, SortSpec> = {
  created_at: { expression: 'invoices.created_at', idColumn: 'invoices.id', cast: 'timestamptz' },
  issued_on: {
    expression: 'invoices.issued_on',
    idColumn: 'invoices.id',
    cast: 'date',
    nullsAs: '9999-12-31',
  },
  due_on: {
    expression: 'invoices.due_on',
    idColumn: 'invoices.id',
    cast: 'date',
    nullsAs: '9999-12-31',
  },
  number: { expression: 'invoices.number', idColumn: 'invoices.id', cast: 'text', nullsAs: '' },
  total: { expression: 'invoices.total_minor', idColumn: 'invoices.id', cast: 'bigint' },
  open: { expression: 'invoices.open_minor', idColumn: 'invoices.id', cast: 'bigint' },
};

export interface InvoiceFilter {
  readonly customerId?: string | undefined;
  readonly status?: readonly string[] | undefined;
  readonly currency?: string | undefined;
  readonly issuedFrom?: string | undefined;
  readonly issuedTo?: string | undefined;
  readonly dueFrom?: string | undefined;
  readonly dueTo?: string | undefined;
  readonly number?: string | undefined;
}

export async function listInvoices(
  db: Db,
  orgId: string,
  filter: InvoiceFilter,
  sort: SortSpec,
  page: PageRequest,
) {
  let query = db
    .selectFrom('invoices')
    .innerJoin('customers', (join) =>
      join
        .onRef('customers.org_id', '=', 'invoices.org_id')
        .onRef('customers.id', '=', 'invoices.customer_id'),
    )
    .selectAll('invoices')
    .select(['customers.ref as customer_ref', 'customers.name as customer_name'])
    .select(sortKeySelection(sort))
    .where('invoices.org_id', '=', orgId);
  if (filter.customerId) query = query.where('invoices.customer_id', '=', filter.customerId);
  if (filter.status && filter.status.length > 0)
    query = query.where('invoices.status', 'in', filter.status);
  if (filter.currency) query = query.where('invoices.currency', '=', filter.currency);
  if (filter.issuedFrom) query = query.where('invoices.issued_on', '>=', filter.issuedFrom);
  if (filter.issuedTo) query = query.where('invoices.issued_on', '<=', filter.issuedTo);
  if (filter.dueFrom) query = query.where('invoices.due_on', '>=', filter.dueFrom);
  if (filter.dueTo) query = query.where('invoices.due_on', '<=', filter.dueTo);
  if (filter.number) query = query.where('invoices.number', '=', filter.number);
  return paginate(query, sort, page);
}

function draftColumns(customerId: string, currency: string, draft: Draft) {
  return {
    customer_id: customerId,
    currency,
    issued_on: draft.issuedOn,
    due_on: draft.dueOn,
    terms_code: draft.terms.code,
    subtotal_minor: draft.totals.subtotalMinor,
    tax_minor: draft.totals.taxMinor,
    total_minor: draft.totals.totalMinor,
    po_number: draft.poNumber,
    memo: draft.memo,
  };
}

export async function insertDraftRow(
  db: Db,
  orgId: string,
  id: string,
  customerId: string,
  currency: string,
  draft: Draft,
) {
  await db
    .insertInto('invoices')
    .values({
      org_id: orgId,
      id,
      status: 'draft',
      discount_minor: 0n,
      open_minor: 0n,
      ...draftColumns(customerId, currency, draft),
    })
    .execute();
}

export async function updateDraftRow(
  db: Db,
  orgId: string,
  id: string,
  customerId: string,
  currency: string,
  draft: Draft,
) {
  await db
    .updateTable('invoices')
    .set(draftColumns(customerId, currency, draft))
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .where('status', '=', 'draft')
    .execute();
}

export async function deleteDraftRow(db: Db, orgId: string, id: string) {
  await db
    .deleteFrom('invoices')
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .where('status', '=', 'draft')
    .execute();
}

/** Marks a locked draft issued with its number and schedule, and opens its balance. */
export async function markIssued(
  db: Db,
  orgId: string,
  id: string,
  issue: {
    number: string;
    issuedOn: string;
    dueOn: string;
    discountOn: string | null;
    discountMinor: bigint;
    openMinor: bigint;
    seller: string;
    buyer: string;
  },
) {
  await db
    .updateTable('invoices')
    .set({
      number: issue.number,
      seller: issue.seller,
      buyer: issue.buyer,
      // A document that totals zero owes nothing from the start.
      status: balanceStatus(issue.openMinor, issue.openMinor, 0n),
      issued_on: issue.issuedOn,
      due_on: issue.dueOn,
      discount_on: issue.discountOn,
      discount_minor: issue.discountMinor,
      open_minor: issue.openMinor,
      issued_at: now(),
    })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .where('status', '=', 'draft')
    .execute();
}

export async function markVoided(
  db: Db,
  orgId: string,
  id: string,
  voidedOn: string,
  reason: string,
) {
  await db
    .updateTable('invoices')
    .set({
      status: 'void',
      open_minor: 0n,
      voided_on: voidedOn,
      void_reason: reason,
      voided_at: now(),
    })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .execute();
}

export async function markLateFeeDraft(db: Db, orgId: string, invoiceId: string): Promise<void> {
  await db
    .updateTable('invoices')
    .set({ kind: 'late_fee' })
    .where('org_id', '=', orgId)
    .where('id', '=', invoiceId)
    .where('status', '=', 'draft')
    .execute();
}

/**
 * Issued invoices whose number starts with `prefix`, in any case, for the header's search: a
 * range scan of invoices_number_prefix (migration 0014), with the customer each belongs to.
 */
export async function invoicesByNumberPrefix(db: Db, orgId: string, prefix: string, limit: number) {
  const pattern = `${prefix.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return db
    .selectFrom('invoices')
    .innerJoin('customers', (join) =>
      join
        .onRef('customers.org_id', '=', 'invoices.org_id')
        .onRef('customers.id', '=', 'invoices.customer_id'),
    )
    .select([
      'invoices.id',
      'invoices.number',
      'invoices.customer_id',
      'customers.name as customer_name',
      'invoices.currency',
      'invoices.status',
      'invoices.open_minor',
    ])
    .where('invoices.org_id', '=', orgId)
    .where('invoices.number', 'is not', null)
    .where(sql`lower(invoices.number)`, 'like', pattern)
    .orderBy(sql`lower(invoices.number)`)
    .orderBy('invoices.id')
    .limit(limit)
    .execute();
}

/**
 * Freezes the parties of a document issued before Settle kept them, or imported: once, and only
 * while none are stored (the database refuses to change them after).
 */
export async function freezeParties(
  db: Db,
  orgId: string,
  table: 'invoices' | 'credit_notes',
  id: string,
  parties: { seller: string; buyer: string },
): Promise<void> {
  await db
    .updateTable(table)
    .set({ seller: parties.seller, buyer: parties.buyer })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .where('seller', 'is', null)
    .execute();
}
