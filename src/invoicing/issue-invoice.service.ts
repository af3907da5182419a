import type { Actor } from '../core/actor.js';
import type { CalendarDate } from '../core/calendar-date.js';
import { checkInvoiceCredit } from '../customers/manage-credit-limits.service.js';
import type { CreditWarning } from '../customers/credit-limit.js';
import { AppError, unwrap } from '../core/errors.js';
import { invoiceIssuedEntry, invoiceVoidedEntry } from '../ledger/journal.js';
import { hasApplications } from '../ledger/list-applications.service.js';
import { insertJournalEntries } from '../ledger/post-to-ledger.service.js';
import { organizationToday } from '../organizations/find-organization.service.js';
import { partiesNow } from './find-parties.service.js';
import { runInvoiceIssuedHooks } from './invoice-hooks.js';
import { recordAudit } from '../platform/audit/audit.sql.js';
import type { Database, Db } from '../platform/db/database.js';
import { issueSchedule } from './invoice.js';
import {
  findInvoice,
  markIssued,
  markVoided,
  takeDocumentNumber,
  type InvoiceRow,
} from './invoice.sql.js';
import { parsePaymentTerms } from '../customers/payment-terms.js';

/**
 * Issues a locked draft inside the caller's transaction: takes the next gapless number, fixes
 * the dates from the terms, freezes the seller's and the buyer's details onto it, opens the
 * balance and posts the journal entry. The issued hooks run last (messaging queues the invoice
 * e-mail when `send` is true: the routes ask for it unless the request says otherwise; services
 * calling this directly (imports, the collections run, tests building a book) do not); what they
 * did comes back as `notices`.
 */
export async function issueDraft(
  db: Db,
  actor: Actor,
  draft: InvoiceRow,
  issuedOnInput?: CalendarDate,
  options: { send?: boolean | undefined } = {},
): Promise<InvoiceRow & { readonly notices: readonly string[] }> {
  const issuedOn =
    issuedOnInput ??
    (draft.issued_on as CalendarDate | null) ??
    (await organizationToday(db, actor.orgId));
  const terms = unwrap(parsePaymentTerms(draft.terms_code));
  const schedule = unwrap(
    issueSchedule(terms, issuedOn, draft.due_on as CalendarDate | null, draft.total_minor),
  );
  const number = await takeDocumentNumber(db, actor.orgId, 'invoice');
  const parties = await partiesNow(db, actor.orgId, draft.customer_id);
  await markIssued(db, actor.orgId, draft.id, {
    ...parties,
    number,
    issuedOn: schedule.issuedOn,
    dueOn: schedule.dueOn,
    discountOn: schedule.discountOn,
    discountMinor: schedule.discountMinor,
    openMinor: draft.total_minor,
  });
  const entry = invoiceIssuedEntry({
    on: schedule.issuedOn,
    sourceId: draft.id,
    customerId: draft.customer_id,
    currency: draft.currency,
    description: `Invoice ${number}`,
    subtotalMinor: draft.subtotal_minor,
    taxMinor: draft.tax_minor,
    imported: false,
    lateFee: draft.kind === 'late_fee',
  });
  await insertJournalEntries(db, actor.orgId, [entry]);
  const issued = (await findInvoice(db, actor.orgId, draft.id))!;
  await recordAudit(db, actor, [
    {
      action: 'invoice.issued',
      entityType: 'invoice',
      entityId: draft.id,
      before: draft,
      after: issued,
    },
  ]);
  const notices = await runInvoiceIssuedHooks(db, actor, {
    invoiceId: draft.id,
    customerId: draft.customer_id,
    send: options.send ?? false,
  });
  return { ...issued, notices };
}

/**
 * Issues a draft invoice, after credit control: in warn mode the result carries the warnings, in
 * block mode a customer on hold or over its limit is refused and the draft stays a draft.
 * Codes: invoice_not_found, invoice_not_draft, due_before_issue, date_invalid,
 * customer_on_credit_hold, credit_limit_exceeded.
 */
export async function issueInvoice(
  database: Database,
  actor: Actor,
  invoiceId: string,
  options: { issuedOn?: CalendarDate | undefined; send?: boolean | undefined } = {},
): Promise<
  InvoiceRow & {
    readonly warnings: readonly CreditWarning[];
    readonly notices: readonly string[];
  }
> {
  return database.transaction(async ({ db }) => {
    const draft = await findInvoice(db, actor.orgId, invoiceId, { forUpdate: true });
    if (!draft) throw AppError.notFound('invoice');
    if (draft.status !== 'draft') {
      throw new AppError(
        'conflict',
        'invoice_not_draft',
        `Invoice ${draft.number} is already issued.`,
      );
    }
    const warnings = await checkInvoiceCredit(db, actor, {
      customerId: draft.customer_id,
      currency: draft.currency,
      totalMinor: draft.total_minor,
      stage: 'issue',
    });
    return {
      ...(await issueDraft(db, actor, draft, options.issuedOn, { send: options.send })),
      warnings,
    };
  });
}

/**
 * Voids an issued invoice on which nothing has been applied (otherwise it is corrected with a
 * credit note). The issue entry is reversed.
 * Codes: invoice_not_found, invoice_is_draft, invoice_already_void, invoice_has_applications.
 */
export async function voidInvoice(
  database: Database,
  actor: Actor,
  invoiceId: string,
  input: { reason: string; voidedOn?: CalendarDate | undefined },
) {
  const reason = input.reason.trim();
  if (!reason)
    throw new AppError('invalid', 'reason_required', 'Say why the invoice is voided.', 'reason');
  return database.transaction(async ({ db }) => {
    const invoice = await findInvoice(db, actor.orgId, invoiceId, { forUpdate: true });
    if (!invoice) throw AppError.notFound('invoice');
    if (invoice.status === 'draft')
      throw new AppError('conflict', 'invoice_is_draft', 'A draft is deleted, not voided.');
    if (invoice.status === 'void')
      throw new AppError('conflict', 'invoice_already_void', `Invoice ${invoice.number} is void.`);
    const applied = await hasApplications(db, actor.orgId, invoiceId);
    if (applied || invoice.open_minor !== invoice.total_minor) {
      throw new AppError(
        'conflict',
        'invoice_has_applications',
        `Invoice ${invoice.number} has payments, credits or write-offs applied: correct it with a credit note.`,
      );
    }
    const voidedOn = input.voidedOn ?? (await organizationToday(db, actor.orgId));
    if (voidedOn < (invoice.issued_on as string)) {
      throw new AppError(
        'invalid',
        'void_before_issue',
        'An invoice cannot be voided before its issue date.',
        'voided_on',
      );
    }
    await markVoided(db, actor.orgId, invoiceId, voidedOn, reason);
    await insertJournalEntries(db, actor.orgId, [
      invoiceVoidedEntry({
        on: voidedOn,
        sourceId: invoice.id,
        customerId: invoice.customer_id,
        currency: invoice.currency,
        description: `Void of invoice ${invoice.number}`,
        subtotalMinor: invoice.subtotal_minor,
        taxMinor: invoice.tax_minor,
        imported: invoice.origin === 'import',
        lateFee: invoice.kind === 'late_fee',
      }),
    ]);
    const after = (await findInvoice(db, actor.orgId, invoiceId))!;
    await recordAudit(db, actor, [
      {
        action: 'invoice.voided',
        entityType: 'invoice',
        entityId: invoiceId,
        before: invoice,
        after,
      },
    ]);
    return after;
  });
}
