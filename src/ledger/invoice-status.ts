import { assert } from '../core/assert.js';
import { AppError } from '../core/errors.js';
import { ok, type DomainError, type Result } from '../core/result.js';

/**
 * An issued invoice's status follows its balance: open until something is applied, then
 * partially paid, and once nothing is open either paid or, when a write-off closed it, written
 * off. Void is set by voiding and never changes again; draft only by creating.
 */
export type InvoiceStatus = 'draft' | 'open' | 'partially_paid' | 'paid' | 'written_off' | 'void';

export const invoiceStatuses: readonly InvoiceStatus[] = [
  'draft',
  'open',
  'partially_paid',
  'paid',
  'written_off',
  'void',
];

/**
 * The statuses in which an invoice takes money (an application, a credit note, a write-off) and can
 * be promised, disputed or placed: issued, not void, and with something open. A tuple so that SQL
 * `in` lists and TypeScript checks read the same two words.
 */
export const openInvoiceStatuses = [
  'open',
  'partially_paid',
] as const satisfies readonly InvoiceStatus[];
export type OpenInvoiceStatus = (typeof openInvoiceStatuses)[number];

export function isOpenStatus(status: string): status is OpenInvoiceStatus {
  return (openInvoiceStatuses as readonly string[]).includes(status);
}

/** What an invoice must show for the one refusal: a draft has no number yet. */
export interface InvoiceLabel {
  readonly number: string | null;
  readonly status: string;
}

/**
 * The one refusal of money aimed at an invoice that is not open: code invoice_not_open, which the
 * API answers with 409. `because` is the caller's reason, said after the status (an agency
 * placement says that only open invoices are placed).
 */
export function notOpenInvoice(
  invoice: InvoiceLabel,
  field?: string,
  because?: string,
): DomainError {
  const message = `Invoice ${invoice.number ?? '(draft)'} is ${invoice.status}${because === undefined ? '' : `: ${because}`}.`;
  return field === undefined
    ? { code: 'invoice_not_open', message }
    : { code: 'invoice_not_open', message, field };
}

export function checkOpenInvoice(
  invoice: InvoiceLabel,
  field?: string,
  because?: string,
): Result<true> {
  return isOpenStatus(invoice.status)
    ? ok(true)
    : { ok: false, error: notOpenInvoice(invoice, field, because) };
}

/** checkOpenInvoice for services, which throw: the refusal as a conflict. */
export function requireOpenInvoice(invoice: InvoiceLabel, field?: string, because?: string): void {
  const open = checkOpenInvoice(invoice, field, because);
  if (!open.ok) throw AppError.fromDomain(open.error, 'conflict');
}

export function balanceStatus(
  totalMinor: bigint,
  openMinor: bigint,
  writtenOffMinor: bigint,
): InvoiceStatus {
  assert(
    openMinor >= 0n && openMinor <= totalMinor,
    'open balance must lie between zero and the total',
  );
  if (openMinor === 0n && totalMinor > 0n) return writtenOffMinor > 0n ? 'written_off' : 'paid';
  if (openMinor === 0n) return 'paid';
  return openMinor === totalMinor ? 'open' : 'partially_paid';
}
