import type { CalendarDate } from '../core/calendar-date.js';
import { parseScaledDecimal } from '../core/decimal.js';
import { AppError, unwrap } from '../core/errors.js';
import { limits } from '../core/limits.js';
import { percentScale } from '../core/percent.js';
import { makeRfReference } from '../core/rf-reference.js';
import type { VatCategory } from '../core/vat-category.js';
import { parsePaymentTerms, termsInWords } from '../customers/payment-terms.js';
import type { Db } from '../platform/db/database.js';
import { creditNoteLines, findCreditNote } from './credit-note.sql.js';
import { partiesNow } from './find-parties.service.js';
import { freezeParties, findInvoice, invoiceLines } from './invoice.sql.js';
import type { IssuedDocument, IssuedLine } from './issued-document.js';
import { buyerOf, sellerOf } from './parties.js';

type LineRow = Omit<Awaited<ReturnType<typeof invoiceLines>>[number], 'invoice_id'>;

function issuedLine(row: LineRow): IssuedLine {
  return {
    position: row.position,
    description: row.description,
    quantityScaled: unwrap(parseScaledDecimal(row.quantity, limits.quantityScale, 'quantity')),
    unitCode: row.unit_code,
    unitPriceMinor: row.unit_price_minor,
    netMinor: row.net_minor,
    taxMinor: row.tax_minor,
    vatCategory: row.vat_category as VatCategory,
    taxRateScaled: unwrap(parseScaledDecimal(row.tax_rate, limits.taxRateScale, 'tax_rate')),
    exemptionReason: row.exemption_reason,
    discountMinor: row.discount_minor,
    discountPercentScaled:
      row.discount_percent === null
        ? null
        : unwrap(parseScaledDecimal(row.discount_percent, percentScale, 'discount_percent')),
    discountReason: row.discount_reason,
  };
}

/** The RF reference of a number, or none when the number has more than an RF carries. */
function creditorReferenceOf(number: string): string | null {
  try {
    return makeRfReference(number);
  } catch {
    return null;
  }
}

async function partiesOf(
  db: Db,
  orgId: string,
  table: 'invoices' | 'credit_notes',
  row: { id: string; customer_id: string; seller: unknown; buyer: unknown },
) {
  if (row.seller !== null && row.buyer !== null) return { seller: row.seller, buyer: row.buyer };
  // Issued before Settle froze parties, or imported: frozen now, at the first rendering.
  const now = await partiesNow(db, orgId, row.customer_id);
  await freezeParties(db, orgId, table, row.id, now);
  return { seller: JSON.parse(now.seller) as unknown, buyer: JSON.parse(now.buyer) as unknown };
}

/**
 * An issued invoice or credit note as the customer receives it (issued-document.ts), inside the
 * caller's transaction. Codes: invoice_not_found, credit_note_not_found, invoice_is_draft,
 * invoice_is_void.
 */
export async function findIssuedDocument(
  db: Db,
  orgId: string,
  kind: 'invoice' | 'credit_note',
  id: string,
): Promise<IssuedDocument> {
  if (kind === 'credit_note') {
    const note = await findCreditNote(db, orgId, id);
    if (!note) throw AppError.notFound('credit_note');
    const parties = await partiesOf(db, orgId, 'credit_notes', note);
    const invoice = note.invoice_id ? await findInvoice(db, orgId, note.invoice_id) : undefined;
    return {
      kind,
      id: note.id,
      number: note.number,
      issuedOn: note.issued_on as CalendarDate,
      dueOn: null,
      currency: note.currency,
      seller: sellerOf(parties.seller),
      buyer: buyerOf(parties.buyer),
      lines: (await creditNoteLines(db, orgId, id)).map(issuedLine),
      subtotalMinor: note.subtotal_minor,
      taxMinor: note.tax_minor,
      totalMinor: note.total_minor,
      termsText: null,
      discount: null,
      creditorReference: null,
      poNumber: null,
      memo: note.memo,
      invoiceReference:
        invoice?.number && invoice.issued_on
          ? { number: invoice.number, issuedOn: invoice.issued_on as CalendarDate }
          : null,
      reason: note.reason,
    };
  }
  const invoice = await findInvoice(db, orgId, id);
  if (!invoice) throw AppError.notFound('invoice');
  if (invoice.status === 'draft' || invoice.number === null) {
    throw new AppError(
      'conflict',
      'invoice_is_draft',
      'A draft has no document yet: it gets its number, and its PDF and e-invoice, when it is issued.',
    );
  }
  if (invoice.status === 'void') {
    throw new AppError(
      'conflict',
      'invoice_is_void',
      `Invoice ${invoice.number} is void: it is no longer a document the customer owes on.`,
    );
  }
  const parties = await partiesOf(db, orgId, 'invoices', invoice);
  const terms = parsePaymentTerms(invoice.terms_code);
  return {
    kind,
    id: invoice.id,
    number: invoice.number,
    issuedOn: invoice.issued_on as CalendarDate,
    dueOn: invoice.due_on as CalendarDate,
    currency: invoice.currency,
    seller: sellerOf(parties.seller),
    buyer: buyerOf(parties.buyer),
    lines: (await invoiceLines(db, orgId, id)).map(issuedLine),
    subtotalMinor: invoice.subtotal_minor,
    taxMinor: invoice.tax_minor,
    totalMinor: invoice.total_minor,
    termsText: terms.ok ? termsInWords(terms.value) : null,
    discount:
      invoice.discount_minor > 0n && invoice.discount_on
        ? { minor: invoice.discount_minor, lastDay: invoice.discount_on as CalendarDate }
        : null,
    creditorReference: creditorReferenceOf(invoice.number),
    poNumber: invoice.po_number,
    memo: invoice.memo,
    invoiceReference: null,
    reason: null,
  };
}
