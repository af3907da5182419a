import { formatScaledDecimal } from '../core/decimal.js';
import { limits } from '../core/limits.js';
import { formatPercent } from '../core/percent.js';
import type { DocumentLine } from './document-math.js';
import type { Tx } from '../platform/db/database.js';
import type { Book, InvoiceBalance } from './book.js';
import {
  deferBalancePeriods,
  hasLedgerItems,
  refreshBalancePeriods,
} from './balance-periods.sql.js';
import { applicationColumns, applicationValues, copyJournalEntries } from './ledger.sql.js';
import type { JournalEntry } from './journal.js';
import { now } from '../core/clock.js';

const lineColumns = [
  'position',
  'description',
  'quantity',
  'unit_price_minor',
  'tax_rate',
  'net_minor',
  'tax_minor',
  'unit_code',
  'vat_category',
  'exemption_reason',
  'discount_minor',
  'discount_percent',
  'discount_reason',
] as const;

function lineCells(line: DocumentLine) {
  return [
    line.position,
    line.description,
    formatScaledDecimal(line.quantityScaled, limits.quantityScale),
    line.unitPriceMinor,
    formatScaledDecimal(line.taxRateScaled, limits.taxRateScale),
    line.netMinor,
    line.taxMinor,
    line.unitCode,
    line.vatCategory,
    line.exemptionReason,
    line.discountMinor,
    line.discountPercentScaled === null ? null : formatPercent(line.discountPercentScaled),
    line.discountReason,
  ] as const;
}

/**
 * From this many documents, a load into an empty organization refreshes balance_periods for the
 * whole organization, planned with hash joins; smaller loads refresh their items by key. The
 * whole-organization plan is only good when the statistics are: on PGlite, after ANALYZE had seen
 * a few rows, it took 13 s for the first 10,000 invoices of an import, against 0.5 s by key.
 */
const wholeOrganizationRefreshItems = 200_000;

/**
 * Whether a load of about `items` invoices, payments and credit notes refreshes the balance steps
 * of the whole organization once at the end (see wholeOrganizationRefreshItems) rather than of
 * its items as it goes.
 */
export async function refreshesWholeOrganization(
  tx: Tx,
  orgId: string,
  items: number,
): Promise<boolean> {
  return items >= wholeOrganizationRefreshItems && !(await hasLedgerItems(tx.db, orgId));
}

/** The end of a load whose parts were copied with `refresh: 'at the end'`. */
export async function refreshWholeOrganization(tx: Tx, orgId: string): Promise<void> {
  await refreshBalancePeriods(tx.db, orgId, 'all');
  await deferBalancePeriods(tx.db, false);
}

/**
 * Writes a checked book with COPY, all inside the caller's transaction, and refreshes the balance
 * steps of its items; of the whole organization when it is a large load into an empty one; or,
 * for one part of a load of several, not at all: the caller ends it with refreshWholeOrganization.
 */
export async function copyBook(
  tx: Tx,
  orgId: string,
  book: Book,
  balances: ReadonlyMap<string, InvoiceBalance>,
  journal: Iterable<JournalEntry>,
  refresh: 'now' | 'at the end' = 'now',
): Promise<void> {
  const issuedAt = now();
  const itemCount = book.invoices.length + book.payments.length + book.creditNotes.length;
  const wholeOrganization =
    refresh === 'now' && (await refreshesWholeOrganization(tx, orgId, itemCount));
  await deferBalancePeriods(tx.db, true);
  await tx.copy(
    'invoices',
    [
      'org_id',
      'id',
      'customer_id',
      'number',
      'status',
      'currency',
      'issued_on',
      'due_on',
      'terms_code',
      'discount_on',
      'discount_minor',
      'subtotal_minor',
      'tax_minor',
      'total_minor',
      'open_minor',
      'po_number',
      'memo',
      'origin',
      'issued_at',
    ],
    book.invoices.map((invoice) => {
      const balance = balances.get(invoice.id)!;
      return [
        orgId,
        invoice.id,
        invoice.customerId,
        invoice.number,
        balance.status,
        invoice.currency,
        invoice.issuedOn,
        invoice.dueOn,
        invoice.termsCode,
        invoice.discountOn,
        invoice.discountMinor,
        invoice.totals.subtotalMinor,
        invoice.totals.taxMinor,
        invoice.totals.totalMinor,
        balance.openMinor,
        invoice.poNumber,
        invoice.memo,
        book.origin,
        issuedAt,
      ];
    }),
  );
  await tx.copy(
    'invoice_lines',
    ['org_id', 'invoice_id', ...lineColumns],
    book.invoices.flatMap((invoice) =>
      invoice.lines.map((line) => [orgId, invoice.id, ...lineCells(line)]),
    ),
  );
  await tx.copy(
    'credit_notes',
    [
      'org_id',
      'id',
      'number',
      'customer_id',
      'invoice_id',
      'currency',
      'issued_on',
      'subtotal_minor',
      'tax_minor',
      'total_minor',
      'reason',
      'origin',
    ],
    book.creditNotes.map((note) => [
      orgId,
      note.id,
      note.number,
      note.customerId,
      note.invoiceId,
      note.currency,
      note.issuedOn,
      note.totals.subtotalMinor,
      note.totals.taxMinor,
      note.totals.totalMinor,
      note.reason,
      book.origin,
    ]),
  );
  await tx.copy(
    'credit_note_lines',
    ['org_id', 'credit_note_id', ...lineColumns],
    book.creditNotes.flatMap((note) =>
      note.lines.map((line) => [orgId, note.id, ...lineCells(line)]),
    ),
  );
  await tx.copy(
    'payments',
    [
      'org_id',
      'id',
      'customer_id',
      'received_on',
      'amount_minor',
      'currency',
      'method',
      'reference',
      'payer',
      'origin',
    ],
    book.payments.map((p) => [
      orgId,
      p.id,
      p.customerId,
      p.receivedOn,
      p.amountMinor,
      p.currency,
      p.method,
      p.reference,
      p.payer,
      book.origin,
    ]),
  );
  await tx.copy(
    'write_offs',
    [
      'org_id',
      'id',
      'customer_id',
      'invoice_id',
      'written_off_on',
      'amount_minor',
      'currency',
      'reason',
    ],
    book.writeOffs.map((w) => [
      orgId,
      w.id,
      w.customerId,
      w.invoiceId,
      w.writtenOffOn,
      w.amountMinor,
      w.currency,
      w.reason,
    ]),
  );
  await tx.copy(
    'payment_reversals',
    ['org_id', 'id', 'payment_id', 'reversed_on', 'reason'],
    book.reversals.map((r) => [orgId, r.id, r.paymentId, r.reversedOn, r.reason]),
  );
  await tx.copy(
    'applications',
    applicationColumns,
    book.applications.map((a) => applicationValues(orgId, a)),
  );
  await copyJournalEntries(tx, orgId, journal);
  if (refresh === 'at the end') return;
  await refreshBalancePeriods(
    tx.db,
    orgId,
    wholeOrganization
      ? 'all'
      : [
          ...book.invoices.map((invoice) => invoice.id),
          ...book.payments.map((payment) => payment.id),
          ...book.creditNotes.map((note) => note.id),
        ],
  );
  await deferBalancePeriods(tx.db, false);
}
