import { findUser } from '../auth/find-user.service.js';
import { can } from '../core/roles.js';
import type { Actor } from '../core/actor.js';
import { parseCalendarDate, type CalendarDate } from '../core/calendar-date.js';
import { AppError, unwrap } from '../core/errors.js';
import { isId, newId } from '../core/ids.js';
import { limits } from '../core/limits.js';
import { formatAmount, parseAmount } from '../core/money.js';
import { fail, ok, type Result } from '../core/result.js';
import { createCreditNote } from '../invoicing/create-credit-note.service.js';
import { findInvoice } from '../invoicing/find-invoice.service.js';
import { requireOpenInvoice } from '../ledger/invoice-status.js';
import { organizationToday } from '../organizations/find-organization.service.js';
import { recordAudit } from '../platform/audit/audit.sql.js';
import { transactionAsDatabase, type Database, type Db, type Tx } from '../platform/db/database.js';
import {
  closeDisputeRow,
  disputeDocumentList,
  disputeReportRows,
  findDispute,
  findDisputeDocument,
  insertDispute,
  insertEvidence,
  listDisputeRows,
  openDisputeOn,
  type DisputeDetail,
  type DisputeDocumentInfo,
  type DisputeReport,
  type DisputeRow,
} from './commitments.sql.js';
import { disputeView } from './commitments.view.js';
import { checkListQuery, type CommitmentListQuery } from './manage-promises.service.js';
import { parseNotes } from './promise.js';

export const disputeReasons = [
  'pricing',
  'quantity',
  'damaged',
  'not_received',
  'duplicate',
  'other',
] as const;
export type DisputeReason = (typeof disputeReasons)[number];
export const disputeStatuses = ['open', 'resolved', 'rejected'] as const;

export interface DisputeRequest {
  readonly invoiceId: string;
  /** The disputed part in major units; absent for the whole invoice. */
  readonly amount?: string | null | undefined;
  readonly reason: string;
  /** Who works the dispute (default: the user opening it). */
  readonly ownerId?: string | null | undefined;
  readonly openedOn?: string | undefined;
  readonly notes?: string | null | undefined;
}

export interface ResolveRequest {
  /** Issue a credit note against the invoice (needs adjustments.post). */
  readonly creditNote?: boolean | undefined;
  /** The credit in major units (default: the disputed part, or what the invoice has open). */
  readonly amount?: string | undefined;
  readonly resolvedOn?: string | undefined;
  readonly note?: string | null | undefined;
}

export interface RejectRequest {
  readonly resolvedOn?: string | undefined;
  readonly note?: string | null | undefined;
}

export interface EvidenceRequest {
  readonly fileName: string;
  readonly contentType: string;
  readonly contentBase64: string;
}

// ---------------------------------------------------------------------------------------------
// Checks

function parseReason(reason: string): Result<DisputeReason> {
  const found = disputeReasons.find((known) => known === reason.trim());
  return found
    ? ok(found)
    : fail(
        'dispute_reason_invalid',
        `The reason is one of ${disputeReasons.join(', ')}.`,
        'reason',
      );
}

/** A date given for an event: valid, not after today, and not before `notBefore`. */
function eventDate(
  text: string | undefined,
  field: string,
  today: CalendarDate,
  notBefore?: { on: string; code: string },
): CalendarDate {
  const on = text === undefined ? today : unwrap(parseCalendarDate(text, field));
  if (on > today)
    throw new AppError('invalid', `${field}_in_future`, `${on} is after today (${today}).`, field);
  if (notBefore && on < notBefore.on)
    throw new AppError('invalid', notBefore.code, `${on} is before ${notBefore.on}.`, field);
  return on;
}

async function checkOwner(db: Db, orgId: string, ownerId: string | null): Promise<string | null> {
  if (ownerId === null) return null;
  const user = isId(ownerId) ? await findUser(db, orgId, ownerId) : undefined;
  if (!user)
    throw new AppError(
      'not_found',
      'owner_not_found',
      'The owner is not a user of this organization.',
      'owner_id',
    );
  if (user.disabled_at !== null)
    throw new AppError(
      'invalid',
      'owner_disabled',
      'The user is disabled and cannot own a dispute.',
      'owner_id',
    );
  return user.id;
}

async function loadOpenInvoice(db: Db, orgId: string, invoiceId: string) {
  const invoice = isId(invoiceId) ? await findInvoice(db, orgId, invoiceId) : undefined;
  if (!invoice) throw AppError.notFound('invoice', 'invoice_id');
  requireOpenInvoice(invoice, 'invoice_id');
  return invoice;
}

function disputedAmount(
  text: string | null | undefined,
  currency: string,
  openMinor: bigint,
): bigint | null {
  if (text === undefined || text === null) return null;
  const amount = unwrap(parseAmount(text, currency, 'amount'));
  if (amount <= 0n)
    throw new AppError(
      'invalid',
      'amount_not_positive',
      'A disputed part is more than zero.',
      'amount',
    );
  if (amount > openMinor) {
    throw new AppError(
      'conflict',
      'dispute_exceeds_open_balance',
      `The invoice has ${formatAmount(openMinor, currency)} open; ${text} is more.`,
      'amount',
    );
  }
  return amount;
}

// ---------------------------------------------------------------------------------------------
// Opening, reading and listing

/**
 * Opens a dispute on an open invoice, whole or in part; follow-up of the invoice pauses while it
 * is open. One open dispute per invoice: a second complaint is a note on the first.
 * Codes: invoice_not_found, invoice_not_open, dispute_already_open, dispute_reason_invalid,
 * amount_invalid, amount_too_precise, amount_not_positive, dispute_exceeds_open_balance,
 * owner_not_found, owner_disabled, date_invalid, opened_on_in_future, text_too_long.
 */
export async function openDispute(
  database: Database,
  actor: Actor,
  request: DisputeRequest,
): Promise<DisputeDetail> {
  return database.transaction(async ({ db }) => {
    const invoice = await loadOpenInvoice(db, actor.orgId, request.invoiceId);
    if (await openDisputeOn(db, actor.orgId, invoice.id)) {
      throw new AppError(
        'conflict',
        'dispute_already_open',
        `Invoice ${invoice.number} already has an open dispute.`,
        'invoice_id',
      );
    }
    const reason = unwrap(parseReason(request.reason));
    const amountMinor = disputedAmount(request.amount, invoice.currency, invoice.open_minor);
    const ownerId = await checkOwner(
      db,
      actor.orgId,
      request.ownerId === undefined ? actor.id : request.ownerId,
    );
    const today = await organizationToday(db, actor.orgId);
    const openedOn = eventDate(request.openedOn, 'opened_on', today);
    const notes = unwrap(parseNotes(request.notes, 'notes'));
    const id = newId();
    await insertDispute(db, actor.orgId, {
      id,
      customerId: invoice.customer_id,
      invoiceId: invoice.id,
      amountMinor,
      reason,
      ownerId,
      openedOn,
      notes,
      createdBy: actor.id,
    });
    const dispute = (await findDispute(db, actor.orgId, id))!;
    await recordAudit(db, actor, [
      {
        action: 'dispute.opened',
        entityType: 'dispute',
        entityId: id,
        after: disputeView(dispute),
      },
    ]);
    return { dispute, documents: [] };
  });
}

async function loadDispute(
  db: Db,
  orgId: string,
  id: string,
  forUpdate = false,
): Promise<DisputeRow> {
  const dispute = isId(id) ? await findDispute(db, orgId, id, { forUpdate }) : undefined;
  if (!dispute) throw AppError.notFound('dispute', 'id');
  return dispute;
}

/** A dispute with its evidence (without the bytes). Codes: dispute_not_found. */
export async function getDispute(
  database: Database,
  actor: Actor,
  id: string,
): Promise<DisputeDetail> {
  const dispute = await loadDispute(database.db, actor.orgId, id);
  return { dispute, documents: await disputeDocumentList(database.db, actor.orgId, dispute.id) };
}

export interface DisputeListQuery extends CommitmentListQuery {
  readonly invoiceId?: string | undefined;
}

/** Disputes, most recently opened first. Codes: status_invalid, customer_id_invalid, invoice_id_invalid, limit_invalid, cursor_invalid. */
export async function listDisputes(database: Database, actor: Actor, query: DisputeListQuery = {}) {
  checkListQuery(query, disputeStatuses);
  if (query.invoiceId !== undefined && !isId(query.invoiceId)) {
    throw new AppError(
      'invalid',
      'invoice_id_invalid',
      `"${query.invoiceId}" is not an invoice id.`,
      'invoice_id',
    );
  }
  const page = await listDisputeRows(database.db, actor.orgId, query, {
    limit: query.limit,
    cursor: query.cursor,
  });
  return { items: page.items as DisputeRow[], nextCursor: page.nextCursor };
}

// ---------------------------------------------------------------------------------------------
// Closing

async function creditNoteFor(
  tx: Tx,
  database: Database,
  actor: Actor,
  dispute: DisputeRow,
  request: ResolveRequest,
  resolvedOn: CalendarDate,
): Promise<string> {
  if (!can(actor.role, 'adjustments.post')) {
    throw new AppError(
      'forbidden',
      'forbidden',
      `The ${actor.role} role may not issue credit notes (adjustments.post).`,
      'credit_note',
    );
  }
  const amountMinor =
    request.amount === undefined
      ? (dispute.amount_minor ?? dispute.invoice_open_minor)
      : unwrap(parseAmount(request.amount, dispute.currency, 'amount'));
  if (amountMinor <= 0n)
    throw new AppError(
      'invalid',
      'amount_not_positive',
      'A credit note credits more than zero.',
      'amount',
    );
  try {
    const note = await createCreditNote(transactionAsDatabase(database, tx), actor, {
      customerId: dispute.customer_id,
      invoiceId: dispute.invoice_id,
      issuedOn: resolvedOn,
      lines: [
        {
          description: `Dispute (${dispute.reason.replace(/_/g, ' ')}) on invoice ${dispute.invoice_number}`,
          quantity: '1',
          unitPrice: formatAmount(amountMinor, dispute.currency),
          taxRate: '0',
        },
      ],
      reason: `dispute_${dispute.reason}`,
      memo: request.note?.trim() || null,
    });
    return note.id;
  } catch (error) {
    // The credit note names its own fields; here the amount is what the caller chose.
    if (error instanceof AppError && error.field === 'lines')
      throw new AppError(error.kind, error.code, error.message, 'amount');
    throw error;
  }
}

async function closeDispute(
  tx: Tx,
  actor: Actor,
  id: string,
  request: RejectRequest,
  close: (
    dispute: DisputeRow,
    resolvedOn: CalendarDate,
  ) => Promise<{ status: 'resolved' | 'rejected'; creditNoteId: string | null }>,
): Promise<DisputeDetail> {
  const { db } = tx;
  const before = await loadDispute(db, actor.orgId, id, true);
  if (before.status !== 'open')
    throw new AppError('conflict', 'dispute_not_open', `The dispute is ${before.status}.`, 'id');
  const today = await organizationToday(db, actor.orgId);
  const resolvedOn = eventDate(request.resolvedOn, 'resolved_on', today, {
    on: before.opened_on,
    code: 'resolved_on_before_opened_on',
  });
  const note = unwrap(parseNotes(request.note, 'note'));
  const outcome = await close(before, resolvedOn);
  await closeDisputeRow(db, actor.orgId, before.id, {
    ...outcome,
    resolvedOn,
    resolutionNote: note,
  });
  const after = (await findDispute(db, actor.orgId, before.id))!;
  await recordAudit(db, actor, [
    {
      action: `dispute.${outcome.status}`,
      entityType: 'dispute',
      entityId: before.id,
      before: disputeView(before),
      after: disputeView(after),
    },
  ]);
  return { dispute: after, documents: await disputeDocumentList(db, actor.orgId, before.id) };
}

/**
 * Resolves an open dispute, by default without a credit note (the customer was satisfied some
 * other way); with `creditNote`, a credit note for the disputed part (or `amount`) is issued
 * against the invoice and applied to it, in the same transaction. A retried request finds the
 * dispute resolved and is refused, so the credit is never issued twice.
 * Codes: dispute_not_found, dispute_not_open, date_invalid, resolved_on_in_future,
 * resolved_on_before_opened_on, amount_without_credit_note, forbidden (no adjustments.post),
 * amount_invalid, amount_too_precise, amount_not_positive, text_too_long, and createCreditNote's
 * codes (invoice_not_open, credit_exceeds_open_balance naming amount).
 */
export async function resolveDispute(
  database: Database,
  actor: Actor,
  id: string,
  request: ResolveRequest = {},
): Promise<DisputeDetail> {
  if (request.amount !== undefined && !request.creditNote) {
    throw new AppError(
      'invalid',
      'amount_without_credit_note',
      "An amount is the credit note's: ask for a credit note too.",
      'amount',
    );
  }
  return database.transaction((tx) =>
    closeDispute(tx, actor, id, request, async (dispute, resolvedOn) => ({
      status: 'resolved',
      creditNoteId: request.creditNote
        ? await creditNoteFor(tx, database, actor, dispute, request, resolvedOn)
        : null,
    })),
  );
}

/** Rejects an open dispute: the invoice stands and follow-up resumes. Codes: those of resolveDispute without the credit note's. */
export async function rejectDispute(
  database: Database,
  actor: Actor,
  id: string,
  request: RejectRequest = {},
): Promise<DisputeDetail> {
  return database.transaction((tx) =>
    closeDispute(tx, actor, id, request, async () => ({ status: 'rejected', creditNoteId: null })),
  );
}

// ---------------------------------------------------------------------------------------------
// Evidence

const fileNameLengthMax = 255;
const contentTypePattern =
  /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*(\s*;\s*[a-z0-9_.-]+=("[^"]*"|[a-z0-9_.+-]+))*$/i;
// A flat character class rather than groups of four: a grouped pattern recurses per group and
// overflows the stack on a document of a few megabytes; the length is checked apart.
const base64Pattern = /^[A-Za-z0-9+/]*={0,2}$/;

/** Checks an upload and decodes it; the size is checked before decoding, so a huge body costs nothing. */
export function parseEvidence(
  request: EvidenceRequest,
): Result<{ fileName: string; contentType: string; content: Buffer }> {
  const fileName = request.fileName.trim();
  // eslint-disable-next-line no-control-regex
  if (
    fileName.length === 0 ||
    fileName.length > fileNameLengthMax ||
    /[/\\\u0000-\u001f\u007f]/.test(fileName)
  ) {
    return fail(
      'file_name_invalid',
      `A file name has 1 to ${fileNameLengthMax} characters and no path.`,
      'file_name',
    );
  }
  const contentType = request.contentType.trim();
  if (contentType.length > 255 || !contentTypePattern.test(contentType))
    return fail(
      'content_type_invalid',
      'The content type is a media type such as application/pdf.',
      'content_type',
    );
  const text = request.contentBase64.replace(/\s+/g, '');
  const bytes = (text.length / 4) * 3 - (text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0);
  if (bytes > limits.documentBytesMax)
    return fail(
      'document_too_large',
      `A document has at most ${limits.documentBytesMax} bytes.`,
      'content_base64',
    );
  if (text.length % 4 !== 0 || !base64Pattern.test(text))
    return fail('content_base64_invalid', 'The content is not base64.', 'content_base64');
  if (text.length === 0) return fail('document_empty', 'The document is empty.', 'content_base64');
  return ok({ fileName, contentType, content: Buffer.from(text, 'base64') });
}

/**
 * Adds a document of evidence to a dispute, open or closed (evidence may arrive late).
 * Codes: dispute_not_found, file_name_invalid, content_type_invalid, content_base64_invalid,
 * document_empty, document_too_large.
 */
export async function addDisputeDocument(
  database: Database,
  actor: Actor,
  disputeId: string,
  request: EvidenceRequest,
): Promise<DisputeDocumentInfo> {
  const evidence = unwrap(parseEvidence(request));
  return database.transaction(async ({ db }) => {
    const dispute = await loadDispute(db, actor.orgId, disputeId);
    const id = newId();
    await insertEvidence(db, actor.orgId, dispute.id, {
      id,
      customerId: dispute.customer_id,
      ...evidence,
      createdBy: actor.id,
    });
    const info = (await disputeDocumentList(db, actor.orgId, dispute.id)).find(
      (document) => document.id === id,
    )!;
    await recordAudit(db, actor, [
      {
        action: 'dispute.document_added',
        entityType: 'dispute',
        entityId: dispute.id,
        after: info,
      },
    ]);
    return info;
  });
}

/** A document of a dispute's evidence with its bytes, exactly as uploaded. Codes: dispute_not_found, document_not_found. */
export async function getDisputeDocument(
  database: Database,
  actor: Actor,
  disputeId: string,
  documentId: string,
) {
  const dispute = await loadDispute(database.db, actor.orgId, disputeId);
  const document = isId(documentId)
    ? await findDisputeDocument(database.db, actor.orgId, dispute.id, documentId)
    : undefined;
  if (!document) throw AppError.notFound('document', 'document_id');
  return {
    id: document.id,
    fileName: document.file_name,
    contentType: document.content_type,
    content: Buffer.from(document.content),
  };
}

// ---------------------------------------------------------------------------------------------
// Report

/**
 * Disputes per currency and reason: open count and amount, resolved and rejected counts, what
 * credit notes gave back, and the days from opening to closing. Codes: customer_id_invalid.
 */
export async function getDisputeReport(
  database: Database,
  actor: Actor,
  query: { customerId?: string | undefined } = {},
): Promise<DisputeReport> {
  checkListQuery(query, disputeStatuses);
  const rows = await disputeReportRows(database.db, actor.orgId, query.customerId);
  const currencies = [...new Set(rows.map((row) => row.currency))];
  return {
    currencies: currencies.map((currency) => ({
      currency,
      reasons: rows.filter((row) => row.currency === currency),
    })),
  };
}
