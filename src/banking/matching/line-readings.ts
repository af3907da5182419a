import { compareDates, type CalendarDate } from '../../core/calendar-date.js';
import {
  amountReadings,
  defaultSearchLimits,
  smallSetReadings,
  type Reading,
} from './amount-combinations.js';
import { chanceSums } from './chance-sums.js';

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
  /**
   * Whether it is a reading at all, against a customer's open invoices at large: why not, when
   * not. `late_discount`: it adds up only with a discount taken after its last day; `large_set`:
   * more than smallSetMax invoices, and not every such set was seen; `chance`: sets of its size
   * add up by chance too often among the customer's open invoices. Null: it is a reading (always,
   * against invoices named).
   */
  readonly notCounted: 'late_discount' | 'large_set' | 'chance' | null;
}

/**
 * Sets of up to this many of a customer's open invoices are looked for among all of them, however
 * many; larger ones only among the oldest 40 (amount-combinations.ts).
 */
export const smallSetMax = 3;

/**
 * A set of a customer's invoices counts as a reading of an amount only when the expected number
 * of sets of its size adding up to that amount by chance is at most this (chance-sums.ts). The
 * precision asked of automatic applications is 99.9 %: an amount that pays none of the invoices
 * (a part payment, a payment of something else) may then find a chance set of one of the three
 * sizes at most 3 × 0.0003 of the time.
 */
export const chanceSetsMax = 0.0003;

/**
 * Sets of more than smallSetMax invoices are looked for, to be shown to a person, only when sets
 * of their size add up by chance this rarely (one time in ten): otherwise what the search finds
 * is likelier chance than the payment.
 */
export const chanceSetsShown = 0.1;

/**
 * The general search's limits when what it finds can only be shown, not counted: a tenth of the
 * steps. A payer with 40 open invoices and an amount that none of its small sets makes used the
 * whole budget (2 ms a line), and such searches were most of the time the general search took,
 * for proposals a person weighs anyway.
 */
const shownSearchLimits = { ...defaultSearchLimits, stepsMax: defaultSearchLimits.stepsMax / 10 };

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

function asReading(
  reading: Reading,
  notCounted: AmountReading['notCounted'] = null,
): AmountReading {
  return {
    notCounted,
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
 * those paid with the rest left as credit, unless the rest itself reads as other open invoices of
 * the customer (then it reads two ways; the rest reads as the amount alone does, see atLarge).
 * Against a customer's open invoices at large, only exact amounts read at all, and only at full
 * value or less an earned discount.
 */
export function lineReadings(
  amountMinor: bigint,
  invoices: readonly ReadingInvoice[],
  paidOn: CalendarDate,
  named: { readonly others: readonly ReadingInvoice[] } | null,
): LineReadings {
  if (named === null) return atLarge(amountMinor, invoices, paidOn);
  const exact = amountReadings({
    amountMinor,
    paymentDate: paidOn,
    invoices: asQueryInvoices(invoices),
  });
  if (exact.outcome !== 'none') {
    return {
      readings: exact.readings.map((reading) => asReading(reading)),
      distinct: countOf(exact.outcome, exact.readings.length),
    };
  }
  const sorted = [...invoices].sort((a, b) =>
    a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : a.id < b.id ? -1 : 1,
  );
  const total = sorted.reduce((sum, invoice) => sum + invoice.openMinor, 0n);
  if (amountMinor > total) {
    // The rest is read as the amount alone reads a known payer's invoices: a set that adds up
    // to it by chance among many open invoices does not make the over payment a second reading.
    const restMinor = amountMinor - total;
    const rest = atLarge(restMinor, named.others, paidOn);
    return {
      readings: [
        {
          allocations: sorted.map((invoice) => ({
            invoiceId: invoice.id,
            amountMinor: invoice.openMinor,
            takeDiscount: false,
          })),
          flags: ['over_payment'],
          notCounted: null,
        },
      ],
      distinct: rest.distinct === 0 ? 1 : 2,
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
    readings: [{ allocations, flags: ['short_payment'], notCounted: null }],
    distinct: sorted.length === 1 ? 1 : 2,
  };
}

/**
 * Against a customer's open invoices at large (the payer is known, no invoice is named), the
 * amount alone picks the invoices, so only sets that rarely add up by chance are readings: sets
 * of a size whose chance sets are few (chanceSetsMax), each invoice in full or less an earned
 * discount. Sets of up to smallSetMax invoices are looked for among all the open invoices; larger
 * ones count only when the general search (the oldest 40, within its budget) saw every set. The
 * others are proposed for a person and count for nothing, neither deciding the line nor standing
 * in the way of the one reading. A set that adds up only with a discount taken late is such a
 * proposal too.
 */
function atLarge(
  amountMinor: bigint,
  invoices: readonly ReadingInvoice[],
  paidOn: CalendarDate,
): LineReadings {
  const query = { amountMinor, paymentDate: paidOn, invoices: asQueryInvoices(invoices) };
  const small = smallSetReadings(query);
  const open = invoices.filter((invoice) => invoice.openMinor > 0n);
  const withDiscount = open.filter(
    (invoice) =>
      !invoice.discountTaken &&
      invoice.discountMinor > 0n &&
      invoice.discountOn !== null &&
      compareDates(paidOn, invoice.discountOn) <= 0,
  ).length;
  const chance = chanceSums(
    amountMinor,
    open.map((invoice) => invoice.openMinor),
    1 + withDiscount / Math.max(open.length, 1),
    defaultSearchLimits.partsMax,
  );
  // The general search (the oldest 40, within a budget) looks for the larger sets only when one
  // could count (few invoices), or could mean something to the person who decides when no small
  // set counts: among many invoices, the sets of four to six it finds are chance, not evidence,
  // and looking for them took half of deciding a statement's lines.
  const smallCounts = small.readings.some(
    (reading) =>
      !reading.lateDiscount && chance.expected[reading.parts.length - 1]! <= chanceSetsMax,
  );
  const larger = chance.expected.slice(smallSetMax);
  const largerCount = larger.some((e) => e <= chanceSetsMax);
  const general =
    largerCount || (!smallCounts && larger.some((e) => e <= chanceSetsShown))
      ? amountReadings(query, largerCount ? defaultSearchLimits : shownSearchLimits)
      : { readings: [] as readonly Reading[], searchedAll: false };
  const notCountedOf = (reading: Reading): AmountReading['notCounted'] =>
    reading.lateDiscount
      ? 'late_discount'
      : // A larger set counts only when the general search saw every set of its size.
        reading.parts.length > smallSetMax && !general.searchedAll
        ? 'large_set'
        : chance.expected[reading.parts.length - 1]! > chanceSetsMax
          ? 'chance'
          : null;
  const idsOf = (reading: Reading) => reading.parts.map((part) => part.invoiceId).join(' ');
  const seen = new Set(small.readings.map(idsOf));
  // The general search's larger sets, for the person who decides.
  const readings = [
    ...small.readings,
    ...general.readings.filter((reading) => !seen.has(idsOf(reading))),
  ];
  const counted = readings.filter((reading) => notCountedOf(reading) === null).length;
  return {
    readings: readings.map((reading) => asReading(reading, notCountedOf(reading))),
    // Not knowing every small set (too many invoices to look through), the count is not one;
    // the larger sets count only when all were seen.
    distinct: small.completeUpTo >= smallSetMax ? counted : Math.max(counted, 2),
  };
}
