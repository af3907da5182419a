import type { Actor } from '../core/actor.js';
import type { CalendarDate } from '../core/calendar-date.js';
import { AppError, unwrap } from '../core/errors.js';
import { newId } from '../core/ids.js';
import { formatAmount, parseCurrency } from '../core/money.js';
import { checkInvoiceCredit } from '../customers/manage-credit-limits.service.js';
import type { CreditWarning } from '../customers/credit-limit.js';
import { findCustomer } from '../customers/find-customer.service.js';
import { recordAudit } from '../platform/audit/audit.sql.js';
import type { Database, Db } from '../platform/db/database.js';
import { parseDraft, type DraftInput } from './invoice.js';
import {
  deleteDraftRow,
  deleteInvoiceLines,
  findInvoice,
  insertDraftRow,
  insertInvoiceLines,
  invoiceLines,
  updateDraftRow,
  type InvoiceRow,
} from './invoice.sql.js';
import { issueDraft } from './issue-invoice.service.js';

export interface CreateInvoiceInput extends DraftInput {
  readonly customerId: string;
  /** Defaults to the customer's currency. */
  readonly currency?: string | undefined;
  /** Issue at once instead of leaving a draft. */
  readonly issue?: boolean | undefined;
  /** With issue: e-mail the invoice to the customer (the default) or not. */
  readonly send?: boolean | undefined;
}

/** An invoice as written, with what credit control had to say about it (issue #5). */
export type CheckedInvoice = InvoiceRow & {
  readonly warnings: readonly CreditWarning[];
  readonly notices?: readonly string[];
};

/**
 * Credit control's findings on the draft as it stands: a warning on a draft (never a refusal), the
 * organization's mode when it is being issued, which in block mode throws and rolls everything back.
 */
async function creditWarnings(
  db: Db,
  actor: Actor,
  draft: InvoiceRow,
  issuing: boolean | undefined,
) {
  return checkInvoiceCredit(db, actor, {
    customerId: draft.customer_id,
    currency: draft.currency,
    totalMinor: draft.total_minor,
    stage: issuing ? 'issue' : 'draft',
  });
}

/**
 * Creates a draft invoice, and issues it when asked.
 * Codes: customer_not_found, currency_unknown, lines_required, too_many_lines, decimal_invalid,
 * decimal_too_precise, amount_too_precise, quantity_zero, tax_rate_invalid, terms_invalid,
 * due_before_issue, date_invalid; with issue, in credit-control block mode, customer_on_credit_hold
 * and credit_limit_exceeded (nothing is written).
 */
export async function createInvoice(
  database: Database,
  actor: Actor,
  input: CreateInvoiceInput,
): Promise<CheckedInvoice> {
  return database.transaction(async ({ db }) => {
    const customer = await findCustomer(db, actor.orgId, input.customerId);
    if (!customer) throw AppError.notFound('customer', 'customer_id');
    const currency = input.currency ? unwrap(parseCurrency(input.currency)) : customer.currency;
    const draft = unwrap(parseDraft(input, currency, customer.terms_code));
    const id = newId();
    await insertDraftRow(db, actor.orgId, id, customer.id, currency, draft);
    await insertInvoiceLines(db, actor.orgId, id, draft.lines);
    const created = (await findInvoice(db, actor.orgId, id, { forUpdate: true }))!;
    await recordAudit(db, actor, [
      {
        action: 'invoice.created',
        entityType: 'invoice',
        entityId: id,
        after: { ...created, lines: draft.lines },
      },
    ]);
    const warnings = await creditWarnings(db, actor, created, input.issue);
    if (!input.issue) return { ...created, warnings };
    return {
      ...(await issueDraft(db, actor, created, draft.issuedOn ?? undefined, { send: input.send })),
      warnings,
    };
  });
}

/**
 * Replaces a draft's content. Only drafts change; an issued invoice is corrected by a credit note.
 * Codes: as createInvoice, plus invoice_not_found, invoice_not_draft.
 */
export async function updateDraftInvoice(
  database: Database,
  actor: Actor,
  invoiceId: string,
  input: Partial<CreateInvoiceInput>,
): Promise<CheckedInvoice> {
  return database.transaction(async ({ db }) => {
    const before = await findInvoice(db, actor.orgId, invoiceId, { forUpdate: true });
    if (!before) throw AppError.notFound('invoice');
    if (before.status !== 'draft')
      throw new AppError(
        'conflict',
        'invoice_not_draft',
        `Invoice ${before.number} is issued and cannot change.`,
      );
    const customerId = input.customerId ?? before.customer_id;
    const customer = await findCustomer(db, actor.orgId, customerId);
    if (!customer) throw AppError.notFound('customer', 'customer_id');
    const currency = input.currency ? unwrap(parseCurrency(input.currency)) : before.currency;
    const lines = input.lines ?? (await currentLineInputs(db, actor.orgId, invoiceId, currency));
    const draft = unwrap(
      parseDraft(
        {
          lines,
          issuedOn: input.issuedOn !== undefined ? input.issuedOn : before.issued_on,
          dueOn: input.dueOn !== undefined ? input.dueOn : before.due_on,
          terms: input.terms ?? before.terms_code,
          poNumber: input.poNumber !== undefined ? input.poNumber : before.po_number,
          memo: input.memo !== undefined ? input.memo : before.memo,
        },
        currency,
        customer.terms_code,
      ),
    );
    await updateDraftRow(db, actor.orgId, invoiceId, customerId, currency, draft);
    await deleteInvoiceLines(db, actor.orgId, invoiceId);
    await insertInvoiceLines(db, actor.orgId, invoiceId, draft.lines);
    const after = (await findInvoice(db, actor.orgId, invoiceId))!;
    await recordAudit(db, actor, [
      {
        action: 'invoice.updated',
        entityType: 'invoice',
        entityId: invoiceId,
        before,
        after: { ...after, lines: draft.lines },
      },
    ]);
    const warnings = await creditWarnings(db, actor, after, input.issue);
    if (input.issue)
      return {
        ...(await issueDraft(
          db,
          actor,
          after,
          (draft.issuedOn as CalendarDate | null) ?? undefined,
          { send: input.send },
        )),
        warnings,
      };
    return { ...after, warnings };
  });
}

async function currentLineInputs(db: Db, orgId: string, invoiceId: string, currency: string) {
  const rows = await invoiceLines(db, orgId, invoiceId);
  return rows.map((row) => ({
    description: row.description,
    quantity: row.quantity,
    unitPrice: formatAmount(row.unit_price_minor, currency),
    taxRate: row.tax_rate,
    unitCode: row.unit_code,
    vatCategory: row.vat_category,
    exemptionReason: row.exemption_reason,
    // A percent is the discount as given; its amount follows from the line.
    discountAmount:
      row.discount_percent !== null || row.discount_minor === 0n
        ? null
        : formatAmount(row.discount_minor, currency),
    discountPercent: row.discount_percent,
    discountReason: row.discount_reason,
  }));
}

/** Deletes a draft. Codes: invoice_not_found, invoice_not_draft. */
export async function deleteDraftInvoice(database: Database, actor: Actor, invoiceId: string) {
  await database.transaction(async ({ db }) => {
    const before = await findInvoice(db, actor.orgId, invoiceId, { forUpdate: true });
    if (!before) throw AppError.notFound('invoice');
    if (before.status !== 'draft')
      throw new AppError(
        'conflict',
        'invoice_not_draft',
        `Invoice ${before.number} is issued: void it instead.`,
      );
    await deleteDraftRow(db, actor.orgId, invoiceId);
    await recordAudit(db, actor, [
      { action: 'invoice.deleted', entityType: 'invoice', entityId: invoiceId, before },
    ]);
  });
}
