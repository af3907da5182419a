import { assert } from '../core/assert.js';
import type { CalendarDate } from '../core/calendar-date.js';

/**
 * How a sum of money is spread over open invoices. Pure: the service loads the invoices, this
 * decides, the service writes.
 */
export interface OpenInvoice {
  readonly id: string;
  readonly number: string;
  readonly issuedOn: CalendarDate;
  readonly dueOn: CalendarDate;
  readonly openMinor: bigint;
  readonly totalMinor: bigint;
  readonly discountOn: CalendarDate | null;
  readonly discountMinor: bigint;
  /** Whether an early-payment discount was already taken on this invoice. */
  readonly discountTaken: boolean;
}

export interface PlannedApplication {
  readonly invoiceId: string;
  readonly amountMinor: bigint;
  /** Early-payment discount applied alongside, when the payment settles the invoice net of it. */
  readonly discountMinor: bigint;
}

/** The discount an application on `appliedOn` may take, or 0: only inside the window, only once. */
export function availableDiscount(invoice: OpenInvoice, appliedOn: CalendarDate): bigint {
  if (invoice.discountOn === null || invoice.discountTaken || invoice.discountMinor === 0n)
    return 0n;
  if (appliedOn > invoice.discountOn) return 0n;
  return invoice.discountMinor < invoice.openMinor ? invoice.discountMinor : 0n;
}

/**
 * The discount taken by applying `amountMinor`: the full available discount when the amount
 * settles the invoice net of it, otherwise none (a partial payment earns no discount).
 */
export function discountFor(
  invoice: OpenInvoice,
  amountMinor: bigint,
  appliedOn: CalendarDate,
): bigint {
  const discount = availableDiscount(invoice, appliedOn);
  return discount > 0n && amountMinor === invoice.openMinor - discount ? discount : 0n;
}

/** Oldest first: by due date, then issue date, then number. */
export function oldestFirst(invoices: readonly OpenInvoice[]): OpenInvoice[] {
  return [...invoices].sort(
    (a, b) =>
      a.dueOn.localeCompare(b.dueOn) ||
      a.issuedOn.localeCompare(b.issuedOn) ||
      a.number.localeCompare(b.number),
  );
}

/**
 * Applies `amountMinor` to the invoices oldest first. An invoice inside its discount window is
 * settled net of the discount when the money covers that; what is left over is returned as
 * unapplied.
 */
export function allocateOldestFirst(
  amountMinor: bigint,
  invoices: readonly OpenInvoice[],
  appliedOn: CalendarDate,
): { applications: PlannedApplication[]; unappliedMinor: bigint } {
  assert(amountMinor >= 0n, 'amount to allocate must not be negative');
  let remaining = amountMinor;
  const applications: PlannedApplication[] = [];
  for (const invoice of oldestFirst(invoices)) {
    if (remaining === 0n) break;
    if (invoice.openMinor === 0n) continue;
    const discount = availableDiscount(invoice, appliedOn);
    const net = invoice.openMinor - discount;
    if (discount > 0n && remaining >= net) {
      applications.push({ invoiceId: invoice.id, amountMinor: net, discountMinor: discount });
      remaining -= net;
      continue;
    }
    const amount = remaining < invoice.openMinor ? remaining : invoice.openMinor;
    applications.push({ invoiceId: invoice.id, amountMinor: amount, discountMinor: 0n });
    remaining -= amount;
  }
  const applied = applications.reduce((sum, a) => sum + a.amountMinor, 0n);
  assert(applied + remaining === amountMinor, 'allocation must account for every unit');
  return { applications, unappliedMinor: remaining };
}
