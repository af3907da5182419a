import type { CalendarDate } from '../core/calendar-date.js';
import { daysBetween } from '../core/calendar-date.js';
import { formatAmount } from '../core/money.js';
import type {
  DisputeDetail,
  DisputeDocumentInfo,
  DisputeReport,
  DisputeRow,
  PlanDetail,
  PlanRow,
  PromiseDetail,
  PromiseRow,
} from './commitments.sql.js';
import { installmentGraceEnd } from './payment-plan.js';
import { promiseGraceEnd } from './promise.js';

/**
 * Promises, disputes and plans as the API, the CLI's JSON and the audit log give them: amounts
 * as decimal strings in major units beside their currency, dates as YYYY-MM-DD.
 */
const instant = (value: Date | string) => new Date(value).toISOString();

export function promiseView(row: PromiseRow) {
  return {
    id: row.id,
    customer_id: row.customer_id,
    customer_ref: row.customer_ref,
    amount: formatAmount(row.amount_minor, row.currency),
    currency: row.currency,
    made_on: row.made_on,
    promised_on: row.promised_on,
    grace_ends_on: promiseGraceEnd(row.promised_on as CalendarDate),
    scope: row.invoice_ids.length === 0 ? ('account' as const) : ('invoices' as const),
    invoice_ids: row.invoice_ids,
    status: row.status,
    decided_on: row.decided_on,
    notes: row.notes,
    created_by: row.created_by,
    created_at: instant(row.created_at),
  };
}

export function promiseDetailView(detail: PromiseDetail) {
  return {
    ...promiseView(detail.promise),
    paid: formatAmount(detail.paidMinor, detail.promise.currency),
  };
}

export function disputeView(row: DisputeRow) {
  return {
    id: row.id,
    customer_id: row.customer_id,
    customer_ref: row.customer_ref,
    invoice_id: row.invoice_id,
    invoice_number: row.invoice_number,
    currency: row.currency,
    amount: row.amount_minor === null ? null : formatAmount(row.amount_minor, row.currency),
    reason: row.reason,
    owner_id: row.owner_id,
    status: row.status,
    opened_on: row.opened_on,
    resolved_on: row.resolved_on,
    days_to_resolve:
      row.resolved_on === null
        ? null
        : daysBetween(row.opened_on as CalendarDate, row.resolved_on as CalendarDate),
    resolution_note: row.resolution_note,
    credit_note_id: row.credit_note_id,
    notes: row.notes,
    created_by: row.created_by,
    created_at: instant(row.created_at),
  };
}

export function disputeDocumentView(document: DisputeDocumentInfo) {
  return {
    id: document.id,
    file_name: document.file_name,
    content_type: document.content_type,
    size_bytes: Number(document.size_bytes),
    created_by: document.created_by,
    created_at: instant(document.created_at),
  };
}

export function disputeDetailView(detail: DisputeDetail) {
  return { ...disputeView(detail.dispute), documents: detail.documents.map(disputeDocumentView) };
}

export function planView(row: PlanRow) {
  return {
    id: row.id,
    customer_id: row.customer_id,
    customer_ref: row.customer_ref,
    currency: row.currency,
    total: formatAmount(row.total_minor, row.currency),
    invoice_ids: row.invoice_ids,
    starts_on: row.starts_on,
    status: row.status,
    decided_on: row.decided_on,
    notes: row.notes,
    created_by: row.created_by,
    created_at: instant(row.created_at),
  };
}

export function planDetailView(detail: PlanDetail) {
  const currency = detail.plan.currency;
  const paid = detail.installments.reduce((sum, installment) => sum + installment.paidMinor, 0n);
  return {
    ...planView(detail.plan),
    as_of: detail.asOf,
    paid: formatAmount(paid, currency),
    remaining: formatAmount(detail.plan.total_minor - paid, currency),
    installments: detail.installments.map((installment) => ({
      position: installment.position,
      due_on: installment.dueOn,
      grace_ends_on: installmentGraceEnd(installment.dueOn),
      amount: formatAmount(installment.amountMinor, currency),
      is_down_payment: installment.isDownPayment,
      paid: formatAmount(installment.paidMinor, currency),
      remaining: formatAmount(installment.remainingMinor, currency),
      state: installment.state,
    })),
  };
}

/** Averages are days rounded half-up to two decimals; null without closed disputes. */
function averageDays(totalDays: number, count: number): number | null {
  return count === 0 ? null : Math.round((totalDays * 100) / count) / 100;
}

export function disputeReportView(report: DisputeReport) {
  return {
    currencies: report.currencies.map((currency) => ({
      currency: currency.currency,
      reasons: currency.reasons.map((row) => ({
        reason: row.reason,
        open_count: row.open_count,
        open_amount: formatAmount(row.open_minor, currency.currency),
        resolved_count: row.resolved_count,
        rejected_count: row.rejected_count,
        credited_amount: formatAmount(row.credited_minor, currency.currency),
        average_days_to_resolve: averageDays(
          row.days_to_resolve_total,
          row.resolved_count + row.rejected_count,
        ),
      })),
    })),
  };
}
