import type { CalendarDate } from '../../core/calendar-date.js';
import { amountReadings, type Reading } from './amount-combinations.js';

/** An open invoice as the readings see it. */
export interface ReadingInvoice {
  readonly id: string;
  readonly openMinor: bigint;
  readonly dueOn: CalendarDate;
  readonly discountOn: CalendarDate | null;
  readonly discountMinor: bigint;
  /** A discount already taken is not offered again. */
  readonly discountTaken: boolean;
}

export interface AmountReading {
  readonly allocations: readonly {
    readonly invoiceId: string;
    readonly amountMinor: bigint;
    readonly takeDiscount: boolean;
  }[];
  /** short_payment, over_payment, discount_taken_late. */
  readonly flags: readonly string[];
}

export interface LineReadings {
  readonly readings: readonly AmountReading[];
  /** How many ways the amount reads: 1 is the only count the matcher may apply alone. */
  readonly distinct: number;
}

function asQueryInvoices(invoices: readonly ReadingInvoice[]) {
  return invoices.map((invoice) => ({
    id: invoice.id,
    openMinor: invoice.openMinor,
    dueDate: invoice.dueOn,
    discountMinor: invoice.discountTaken ? 0n : invoice.discountMinor,
    discountUntil: invoice.discountOn,
  }));
}

function asReading(reading: Reading): AmountReading {
  return {
    allocations: reading.parts.map((part) => ({
      invoiceId: part.invoiceId,
      amountMinor: part.paidMinor,
      // An earned discount settles the invoice; one taken late leaves the difference open.
      takeDiscount: part.discount === 'earned',
    })),
    flags: reading.lateDiscount ? ['discount_taken_late'] : [],
  };
}

function countOf(outcome: string, found: number): number {
  if (outcome === 'unique') return 1;
  if (outcome === 'none') return 0;
  // 'several', or a search that stopped early: not one reading, whatever was found.
  return Math.max(found, 2);
}

/**
 * How a line's amount reads against invoices. Against the invoices the line names (`named`), a
 * payment that is not exactly some of them still has one reading when it can only mean one
 * thing: less than the one invoice named is a short payment of it; more than all of them is
 * those paid with the rest left as credit, unless the rest is itself exactly other open invoices
 * of the customer (then it reads two ways). Against a customer's open invoices at large, only
 * exact amounts read at all, and only at full value or less an earned discount.
 */
export function lineReadings(
  amountMinor: bigint,
  invoices: readonly ReadingInvoice[],
  paidOn: CalendarDate,
  named: { readonly others: readonly ReadingInvoice[] } | null,
): LineReadings {
  const exact = amountReadings({
    amountMinor,
    paymentDate: paidOn,
    invoices: asQueryInvoices(invoices),
  });
  if (named === null) {
    // The amount alone picks the invoices here, and a set that adds up only with a discount
    // taken after its last day is no reading of it: it is proposed, but counts for nothing, so
    // it neither decides the line nor stands in the way of the one reading at full value.
    const onTime = exact.readings.filter((reading) => !reading.lateDiscount).length;
    return {
      readings: exact.readings.map(asReading),
      distinct: exact.searchedAll ? onTime : Math.max(onTime, 2),
    };
  }
  if (exact.outcome !== 'none') {
    return {
      readings: exact.readings.map(asReading),
      distinct: countOf(exact.outcome, exact.readings.length),
    };
  }
  const sorted = [...invoices].sort((a, b) =>
    a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : a.id < b.id ? -1 : 1,
  );
  const total = sorted.reduce((sum, invoice) => sum + invoice.openMinor, 0n);
  if (amountMinor > total) {
    const rest = amountReadings({
      amountMinor: amountMinor - total,
      paymentDate: paidOn,
      invoices: asQueryInvoices(named.others),
    });
    return {
      readings: [
        {
          allocations: sorted.map((invoice) => ({
            invoiceId: invoice.id,
            amountMinor: invoice.openMinor,
            takeDiscount: false,
          })),
          flags: ['over_payment'],
        },
      ],
      distinct: rest.outcome === 'none' ? 1 : 2,
    };
  }
  // Less than what the invoices named have open: oldest first, the last one paid in part. One
  // reading only when one invoice is named; with several, which is short is a person's call.
  const allocations: { invoiceId: string; amountMinor: bigint; takeDiscount: boolean }[] = [];
  let left = amountMinor;
  for (const invoice of sorted) {
    if (left === 0n) break;
    const paid = left < invoice.openMinor ? left : invoice.openMinor;
    allocations.push({ invoiceId: invoice.id, amountMinor: paid, takeDiscount: false });
    left -= paid;
  }
  return {
    readings: [{ allocations, flags: ['short_payment'] }],
    distinct: sorted.length === 1 ? 1 : 2,
  };
}
