import type { Actor } from '../core/actor.js';
import { parseCalendarDate, type CalendarDate } from '../core/calendar-date.js';
import { AppError, unwrap } from '../core/errors.js';
import { isId, newId } from '../core/ids.js';
import { limits } from '../core/limits.js';
import { formatAmount } from '../core/money.js';
import { findInvoice } from '../invoicing/find-invoice.service.js';
import { isOpenStatus } from '../ledger/invoice-status.js';
import { organizationToday } from '../organizations/find-organization.service.js';
import { recordAudit } from '../platform/audit/audit.sql.js';
import type { Database, Db } from '../platform/db/database.js';
import {
  insertReason,
  listReasonRows,
  reasonReport,
  type NonpaymentReasonRecord,
} from './nonpayment-reasons.sql.js';

/** Why a customer says an invoice is not paid, as the collector heard it. */
export const nonpaymentReasons = [
  'cash_flow',
  'dispute',
  'lost_invoice',
  'wrong_contact',
  'awaiting_approval',
  'missing_po',
  'bank_error',
  'other',
] as const;
export type NonpaymentReason = (typeof nonpaymentReasons)[number];

export function nonpaymentReasonView(record: NonpaymentReasonRecord) {
  return {
    id: record.id,
    invoice_id: record.invoiceId,
    reason: record.reason,
    note: record.note,
    recorded_by: record.recordedBy,
    recorded_by_name: record.recordedByName,
    recorded_at: record.recordedAt.toISOString(),
  };
}

function parseReason(value: string): NonpaymentReason {
  if ((nonpaymentReasons as readonly string[]).includes(value)) return value as NonpaymentReason;
  throw new AppError(
    'invalid',
    'nonpayment_reason_invalid',
    `The reason is one of ${nonpaymentReasons.join(', ')}, not "${value}".`,
    'reason',
  );
}

function parseNote(value: string | null | undefined): string | null {
  const note = value?.trim() ?? '';
  if (note.length > limits.textLengthMax)
    throw new AppError(
      'invalid',
      'note_too_long',
      `A note has at most ${limits.textLengthMax} characters.`,
      'note',
    );
  return note === '' ? null : note;
}

async function loadInvoice(db: Db, orgId: string, id: string) {
  const invoice = isId(id) ? await findInvoice(db, orgId, id) : undefined;
  if (!invoice) throw AppError.notFound('invoice', 'id');
  return invoice;
}

/**
 * Records why an invoice is not paid; the latest reason is the one that counts, the earlier ones
 * stay as its history. Codes: invoice_not_found, invoice_not_open (a draft, paid, written-off or
 * void invoice), nonpayment_reason_invalid, note_too_long.
 */
export async function recordNonpaymentReason(
  database: Database,
  actor: Actor,
  invoiceId: string,
  input: { readonly reason: string; readonly note?: string | null | undefined },
): Promise<NonpaymentReasonRecord> {
  const reason = parseReason(input.reason);
  const note = parseNote(input.note);
  return database.transaction(async ({ db }) => {
    const invoice = await loadInvoice(db, actor.orgId, invoiceId);
    // Not requireOpenInvoice: a reason moves no money, and its refusal says why in its own words.
    if (!isOpenStatus(invoice.status)) {
      throw new AppError(
        'conflict',
        'invoice_not_open',
        `The invoice is ${invoice.status.replace(/_/g, ' ')}: only an unpaid invoice has a reason for it.`,
        'id',
      );
    }
    const record = await insertReason(db, actor.orgId, {
      id: newId(),
      invoiceId: invoice.id,
      reason,
      note,
      recordedBy: actor.id,
    });
    await recordAudit(db, actor, [
      {
        action: 'nonpayment_reason.recorded',
        entityType: 'invoice',
        entityId: invoice.id,
        after: nonpaymentReasonView(record),
      },
    ]);
    return record;
  });
}

/** An invoice's reasons, the latest first. Codes: invoice_not_found, limit_invalid, cursor_invalid. */
export async function listNonpaymentReasons(
  database: Database,
  actor: Actor,
  invoiceId: string,
  page: { readonly limit?: number | undefined; readonly cursor?: string | undefined } = {},
) {
  const invoice = await loadInvoice(database.db, actor.orgId, invoiceId);
  return listReasonRows(database.db, actor.orgId, invoice.id, page);
}

export interface NonpaymentReasonReport {
  readonly asOf: CalendarDate;
  readonly rows: readonly {
    readonly reason: string;
    readonly currency: string;
    readonly invoices: number;
    readonly openMinor: bigint;
  }[];
}

/**
 * Per reason and currency, the invoices open on a date whose latest reason by then it is, and
 * their open balance on that date. Codes: date_invalid (as_of).
 */
export async function getNonpaymentReasonReport(
  database: Database,
  actor: Actor,
  query: { readonly asOf?: string | undefined } = {},
): Promise<NonpaymentReasonReport> {
  const asOf =
    query.asOf === undefined
      ? await organizationToday(database.db, actor.orgId)
      : unwrap(parseCalendarDate(query.asOf, 'as_of'));
  const rows = await reasonReport(database.db, actor.orgId, asOf);
  return {
    asOf,
    rows: rows.map((row) => ({
      reason: row.reason,
      currency: row.currency,
      invoices: row.invoices,
      openMinor: row.open_minor,
    })),
  };
}

export function nonpaymentReasonReportView(report: NonpaymentReasonReport) {
  return {
    as_of: report.asOf,
    rows: report.rows.map((row) => ({
      reason: row.reason,
      currency: row.currency,
      invoices: row.invoices,
      open: formatAmount(row.openMinor, row.currency),
    })),
  };
}
