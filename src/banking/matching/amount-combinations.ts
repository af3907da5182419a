import { compareDates, type CalendarDate } from '../../core/calendar-date.js';

/**
 * Which of a customer's open invoices a payment's amount can be read as paying: one invoice, or
 * several whose open amounts (each possibly less its early-payment discount) add up to the
 * amount to the cent. The matcher applies a payment by amount alone only when there is exactly
 * one reading, so the answer says how many there are, and says so honestly when the search had to
 * stop before it knew: a search that ran out of budget has not shown that there is no reading.
 *
 * Bounded by design: at most 40 invoices enter the search for combinations (the oldest, as
 * customers pay the oldest first), at most 6 in one reading, and a step budget counted in search
 * steps rather than time, so the same input always gives the same answer.
 */

export interface OpenInvoice {
  readonly id: string;
  /** What is still open on the invoice, in minor units; invoices with nothing open are skipped. */
  readonly openMinor: bigint;
  readonly dueDate: CalendarDate;
  /** The early-payment discount the customer may deduct, in minor units; 0 or absent for none. */
  readonly discountMinor?: bigint | undefined;
  /** The last day on which paying counts as early. */
  readonly discountUntil?: CalendarDate | null | undefined;
}

export interface AmountQuery {
  /** The payment, in minor units of the invoices' currency. */
  readonly amountMinor: bigint;
  /** The day the customer paid (the line's value date): decides whether a discount was earned. */
  readonly paymentDate: CalendarDate;
  readonly invoices: readonly OpenInvoice[];
}

export interface SearchLimits {
  /** Invoices that enter the search for combinations; the oldest are kept. */
  readonly invoicesMax: number;
  /** Invoices in one reading. */
  readonly partsMax: number;
  /** Search steps before the search gives up and says so. */
  readonly stepsMax: number;
  /** Readings returned; the search stops at this many, as the answer is "several" by then. */
  readonly readingsMax: number;
}

export const defaultSearchLimits: SearchLimits = {
  invoicesMax: 40,
  partsMax: 6,
  stepsMax: 200_000,
  readingsMax: 10,
};

/** How a part of a reading pays its invoice. */
export type PartDiscount =
  /** The whole open amount. */
  | 'none'
  /** Open amount less the discount, paid by the discount's last day. */
  | 'earned'
  /** Open amount less the discount, paid after its last day: the matcher flags it. */
  | 'late';

export interface ReadingPart {
  readonly invoiceId: string;
  /** What the payment pays on the invoice. */
  readonly paidMinor: bigint;
  /** The discount the customer deducted on it; 0 when none. */
  readonly discountMinor: bigint;
  readonly discount: PartDiscount;
}

export type ReadingKind =
  'single' | 'single-with-discount' | 'combination' | 'combination-with-discount';

export interface Reading {
  readonly kind: ReadingKind;
  /** Oldest invoice first. */
  readonly parts: readonly ReadingPart[];
  /** Some part deducts a discount after its last day. */
  readonly lateDiscount: boolean;
}

export type AmountOutcome =
  /** The whole search ran and found no reading. */
  | 'none'
  /** The whole search ran and found exactly one: the only case the matcher may apply alone. */
  | 'unique'
  /** At least two readings (known as soon as two are found, whether the search finished or not). */
  | 'several'
  /** The search stopped (budget, or invoices left out) having found fewer than two: unknown. */
  | 'incomplete';

export interface AmountReadings {
  readonly outcome: AmountOutcome;
  /** Preferred first: no discount, then earned, then late; fewer invoices; oldest first. */
  readonly readings: readonly Reading[];
  /** Whether every reading within the limits was looked at. */
  readonly searchedAll: boolean;
  /** Why not, when not: amounts too large to add exactly are searched for single invoices only. */
  readonly stoppedBy: 'steps' | 'readings' | 'invoices' | 'amounts' | null;
  /** Open invoices left out of the search for combinations by `invoicesMax`. */
  readonly invoicesLeftOut: number;
  readonly steps: number;
}

interface Option {
  readonly paidMinor: bigint;
  readonly discountMinor: bigint;
  readonly discount: PartDiscount;
}

interface Item {
  readonly invoice: OpenInvoice;
  /** What the invoice can be paid with: its open amount, and that less its discount. */
  readonly options: readonly Option[];
}

function optionsOf(invoice: OpenInvoice, paymentDate: CalendarDate): Option[] {
  const options: Option[] = [{ paidMinor: invoice.openMinor, discountMinor: 0n, discount: 'none' }];
  const discount = invoice.discountMinor ?? 0n;
  // A discount without a last day cannot be told earned or late, and one as large as what is
  // open is no discount but a write-off: neither is a reading.
  if (discount > 0n && discount < invoice.openMinor && invoice.discountUntil) {
    options.push({
      paidMinor: invoice.openMinor - discount,
      discountMinor: discount,
      discount: compareDates(paymentDate, invoice.discountUntil) <= 0 ? 'earned' : 'late',
    });
  }
  return options;
}

function byAge(a: OpenInvoice, b: OpenInvoice): number {
  return compareDates(a.dueDate, b.dueDate) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * The readings of a payment's amount over one customer's open invoices (see the module's
 * comment), with how sure the count is.
 */
export function amountReadings(
  query: AmountQuery,
  limits: SearchLimits = defaultSearchLimits,
): AmountReadings {
  const open = query.invoices.filter((invoice) => invoice.openMinor > 0n).sort(byAge);
  const searched = open.slice(0, limits.invoicesMax);
  const invoicesLeftOut = open.length - searched.length;
  const items: Item[] = searched.map((invoice) => ({
    invoice,
    options: optionsOf(invoice, query.paymentDate),
  }));
  const target = query.amountMinor;

  const found: Reading[] = [];
  let steps = 0;
  let stoppedBy: AmountReadings['stoppedBy'] = null;

  // A single invoice is cheap to look for among all of them, also those left out of the
  // combinations, so a one-invoice reading is never missed for want of budget.
  if (target > 0n) {
    for (const invoice of open) {
      for (const option of optionsOf(invoice, query.paymentDate)) {
        if (option.paidMinor === target) found.push(readingOf([{ invoice, option }]));
      }
    }
  }

  if (target > 0n && found.length < limits.readingsMax) {
    // The search adds amounts as numbers, exact while every sum stays below 2^53 minor units.
    // Amounts whose sums could pass that are searched for single invoices only, and say so.
    const largestSum = items.reduce((sum, item) => sum + item.options[0]!.paidMinor, target);
    if (largestSum > BigInt(Number.MAX_SAFE_INTEGER)) {
      stoppedBy = 'amounts';
    } else {
      steps = searchCombinations(items, Number(target), limits, (chosen) => {
        found.push(readingOf(chosen));
        return found.length < limits.readingsMax;
      });
      if (steps > limits.stepsMax) stoppedBy = 'steps';
      else if (found.length >= limits.readingsMax) stoppedBy = 'readings';
    }
  } else if (found.length >= limits.readingsMax) stoppedBy = 'readings';

  const searchedAll = stoppedBy === null && invoicesLeftOut === 0;
  const outcome: AmountOutcome =
    found.length >= 2
      ? 'several'
      : !searchedAll
        ? 'incomplete'
        : found.length === 1
          ? 'unique'
          : 'none';
  const dueDateOf = new Map(open.map((invoice) => [invoice.id, invoice.dueDate]));
  return {
    outcome,
    readings: found.sort((a, b) => preferred(a, b, dueDateOf)),
    searchedAll,
    stoppedBy: stoppedBy ?? (invoicesLeftOut > 0 ? 'invoices' : null),
    invoicesLeftOut,
    steps,
  };
}

/**
 * Every set of two to `partsMax` items, one option each, whose amounts add up to `target`, in
 * order (items by index, each item's options in turn): `onFound` is called with each and says
 * whether to go on. Returns the steps taken (one per option tried); past `stepsMax` it stops.
 *
 * A branch is cut when no completion can reach the target: what the remaining slots can still
 * add at most (the largest amounts from here on, as many as slots are left) falls short, or the
 * smallest amount from here on already passes it. Cutting only branches without a reading keeps
 * the readings and their order as a full search finds them; it only spares steps.
 */
function searchCombinations(
  items: readonly Item[],
  target: number,
  limits: SearchLimits,
  onFound: (chosen: readonly { invoice: OpenInvoice; option: Option }[]) => boolean,
): number {
  const count = items.length;
  const slots = limits.partsMax;
  // Flat arrays and an index stack: the search visits up to stepsMax options, and allocating
  // per step was most of its time.
  const amounts = new Float64Array(count * 2);
  const optionCounts = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const options = items[i]!.options;
    optionCounts[i] = options.length;
    for (let o = 0; o < options.length; o++) amounts[i * 2 + o] = Number(options[o]!.paidMinor);
  }
  // most[i * (slots + 1) + k]: the k largest full amounts among items i.. added up.
  const most = new Float64Array((count + 1) * (slots + 1));
  const least = new Float64Array(count + 1).fill(Infinity);
  const largest: number[] = [];
  for (let i = count - 1; i >= 0; i--) {
    const full = amounts[i * 2]!;
    least[i] = Math.min(least[i + 1]!, full, optionCounts[i] === 2 ? amounts[i * 2 + 1]! : full);
    let at = largest.findIndex((amount) => amount < full);
    if (at === -1) at = largest.length;
    largest.splice(at, 0, full);
    if (largest.length > slots) largest.pop();
    let sum = 0;
    for (let k = 1; k <= slots; k++) {
      sum += largest[k - 1] ?? 0;
      most[i * (slots + 1) + k] = sum;
    }
  }

  let steps = 0;
  let stopped = false;
  const stepsMax = limits.stepsMax;
  /** item * 2 + option, for each part chosen so far. */
  const chosen = new Int32Array(slots);
  const found = (depth: number) =>
    onFound(
      Array.from(chosen.subarray(0, depth), (at) => ({
        invoice: items[at >> 1]!.invoice,
        option: items[at >> 1]!.options[at & 1]!,
      })),
    );
  const search = (from: number, sum: number, depth: number): void => {
    const bound = slots + 1;
    const left = slots - depth;
    for (let i = from; i < count; i++) {
      if (sum + most[i * bound + left]! < target || sum + least[i]! > target) return;
      for (let o = 0; o < optionCounts[i]!; o++) {
        if (++steps > stepsMax) {
          stopped = true;
          return;
        }
        const next = sum + amounts[i * 2 + o]!;
        if (next > target) continue;
        chosen[depth] = i * 2 + o;
        if (next === target) {
          // One invoice alone is counted by the caller.
          if (depth >= 1 && !found(depth + 1)) stopped = true;
        } else if (depth + 1 < slots) {
          search(i + 1, next, depth + 1);
        }
        if (stopped) return;
      }
    }
  };
  search(0, 0, 0);
  return steps;
}

function readingOf(chosen: readonly { invoice: OpenInvoice; option: Option }[]): Reading {
  const parts = [...chosen]
    .sort((a, b) => byAge(a.invoice, b.invoice))
    .map(({ invoice, option }) => ({ invoiceId: invoice.id, ...option }));
  const discounted = parts.some((part) => part.discount !== 'none');
  const kind: ReadingKind =
    parts.length === 1
      ? discounted
        ? 'single-with-discount'
        : 'single'
      : discounted
        ? 'combination-with-discount'
        : 'combination';
  return { kind, parts, lateDiscount: parts.some((part) => part.discount === 'late') };
}

function discountRank(reading: Reading): number {
  if (reading.lateDiscount) return 2;
  return reading.parts.some((part) => part.discount === 'earned') ? 1 : 0;
}

/** No discount before an earned one before a late one; fewer invoices; the oldest invoices. */
function preferred(a: Reading, b: Reading, dueDateOf: ReadonlyMap<string, CalendarDate>): number {
  const byDiscount = discountRank(a) - discountRank(b);
  if (byDiscount !== 0) return byDiscount;
  if (a.parts.length !== b.parts.length) return a.parts.length - b.parts.length;
  // Parts are oldest first, so comparing them in turn prefers the reading of older invoices.
  for (let i = 0; i < a.parts.length; i++) {
    const byDate = compareDates(
      dueDateOf.get(a.parts[i]!.invoiceId)!,
      dueDateOf.get(b.parts[i]!.invoiceId)!,
    );
    if (byDate !== 0) return byDate;
  }
  const aIds = a.parts.map((part) => part.invoiceId).join('\u0000');
  const bIds = b.parts.map((part) => part.invoiceId).join('\u0000');
  return aIds < bIds ? -1 : aIds > bIds ? 1 : 0;
}

export interface SmallSetLimits {
  /** Invoices in one reading. */
  readonly partsMax: 1 | 2 | 3;
  /** Open invoices the search takes at most; with more it says it did not search. */
  readonly invoicesMax: number;
  /** Readings returned; the search stops at this many, as the answer is "several" by then. */
  readonly readingsMax: number;
}

export const defaultSmallSetLimits: SmallSetLimits = {
  partsMax: 3,
  invoicesMax: 400,
  readingsMax: 10,
};

export interface SmallSetReadings {
  /** Preferred first, as amountReadings orders them. */
  readonly readings: readonly Reading[];
  /** Whether every set of at most partsMax of the invoices was looked at. */
  readonly searchedAll: boolean;
  /**
   * Every set of up to this many invoices is among the readings (the readings cap can stop the
   * search among larger sets); 0 when nothing was searched.
   */
  readonly completeUpTo: number;
}

/**
 * Every set of at most `partsMax` (three) of the open invoices, each at full value or less its
 * discount, that adds up to the amount: all of them, not the oldest 40, and with no step budget.
 * Looking up what is left to find in a table of the amounts makes it quadratic in the options
 * (about 320,000 look-ups for 400 invoices) where the general search is exponential, so a known
 * payer with hundreds of open invoices still gets an answer, not "incomplete".
 */
export function smallSetReadings(
  query: AmountQuery,
  limits: SmallSetLimits = defaultSmallSetLimits,
): SmallSetReadings {
  const open = query.invoices.filter((invoice) => invoice.openMinor > 0n).sort(byAge);
  const target = query.amountMinor;
  if (target <= 0n) return { readings: [], searchedAll: true, completeUpTo: limits.partsMax };
  if (open.length > limits.invoicesMax)
    return { readings: [], searchedAll: false, completeUpTo: 0 };
  const items: Item[] = open.map((invoice) => ({
    invoice,
    options: optionsOf(invoice, query.paymentDate),
  }));
  // Sums are added as numbers, exact below 2^53 minor units.
  const largest = items.reduce(
    (most, item) => (item.options[0]!.paidMinor > most ? item.options[0]!.paidMinor : most),
    0n,
  );
  if (target + largest * 3n > BigInt(Number.MAX_SAFE_INTEGER))
    return { readings: [], searchedAll: false, completeUpTo: 0 };

  const amounts: number[] = [];
  /** The flat option (item * 2 + option) of each amount, by amount. */
  const byAmount = new Map<number, number[]>();
  items.forEach((item, i) =>
    item.options.forEach((option, o) => {
      const amount = Number(option.paidMinor);
      amounts[i * 2 + o] = amount;
      const at = byAmount.get(amount);
      if (at) at.push(i * 2 + o);
      else byAmount.set(amount, [i * 2 + o]);
    }),
  );
  const flats = [...byAmount.values()].flat().sort((a, b) => a - b);
  const goal = Number(target);
  const found: Reading[] = [];
  const pick = (...chosen: number[]) =>
    readingOf(
      chosen.map((at) => ({
        invoice: items[at >> 1]!.invoice,
        option: items[at >> 1]!.options[at & 1]!,
      })),
    );
  const enough = () => found.length >= limits.readingsMax;

  // By size, so that the readings of the fewer invoices are all found before the cap stops it.
  let complete = 0;
  for (const at of byAmount.get(goal) ?? []) {
    found.push(pick(at));
    if (enough()) break;
  }
  if (!enough()) complete = 1;
  // Each set once: its parts in increasing item order, one option per item.
  if (complete === 1 && limits.partsMax >= 2) {
    for (const first of flats) {
      if (enough()) break;
      for (const second of byAmount.get(goal - amounts[first]!) ?? []) {
        if (second >> 1 <= first >> 1) continue;
        found.push(pick(first, second));
        if (enough()) break;
      }
    }
    if (!enough()) complete = 2;
  }
  if (complete === 2 && limits.partsMax >= 3) {
    for (const first of flats) {
      if (enough()) break;
      const rest = goal - amounts[first]!;
      for (const second of flats) {
        if (second >> 1 <= first >> 1) continue;
        const last = rest - amounts[second]!;
        if (last <= 0) continue;
        for (const third of byAmount.get(last) ?? []) {
          if (third >> 1 <= second >> 1) continue;
          found.push(pick(first, second, third));
          if (enough()) break;
        }
        if (enough()) break;
      }
    }
    if (!enough()) complete = 3;
  }
  const dueDateOf = new Map(open.map((invoice) => [invoice.id, invoice.dueDate]));
  return {
    readings: found.sort((a, b) => preferred(a, b, dueDateOf)),
    searchedAll: complete === limits.partsMax,
    completeUpTo: complete,
  };
}
