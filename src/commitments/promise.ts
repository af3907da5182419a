import {
  addDays,
  compareDates,
  parseCalendarDate,
  type CalendarDate,
} from '../core/calendar-date.js';
import { limits } from '../core/limits.js';
import { formatAmount, parseAmount } from '../core/money.js';
import { fail, ok, type Result } from '../core/result.js';
import { checkOpenInvoice } from '../ledger/invoice-status.js';

/**
 * Promises to pay: a customer's word to pay an amount by a date, for some invoices or for the
 * account as a whole. Whether it was kept is decided from the ledger (the payments applied in its
 * window), never by hand, so this module only judges figures the caller gathered.
 */
export type PromiseStatus = 'open' | 'kept' | 'broken' | 'cancelled';
export const promiseStatuses: readonly PromiseStatus[] = ['open', 'kept', 'broken', 'cancelled'];

/**
 * Days after the promised date before a promise counts as broken: a payment sent on the day
 * often reaches the bank a day or two later.
 */
export const promiseGraceDays = 2;

export interface PromiseTerms {
  readonly amountMinor: bigint;
  readonly madeOn: CalendarDate;
  readonly promisedOn: CalendarDate;
}

/** The last day a payment can still arrive before the promise is broken. */
export function promiseGraceEnd(promisedOn: CalendarDate): CalendarDate {
  return addDays(promisedOn, promiseGraceDays);
}

/**
 * Kept once the payments applied from madeOn to promisedOn reach the amount, whenever that is
 * noticed; broken once the grace after promisedOn has passed without that; open in between.
 * `paidMinor` is the sum of those payments (net of reversals), gathered by the caller.
 */
export function decidePromise(
  terms: PromiseTerms,
  paidMinor: bigint,
  today: CalendarDate,
): PromiseStatus {
  if (paidMinor >= terms.amountMinor) return 'kept';
  if (compareDates(today, promiseGraceEnd(terms.promisedOn)) > 0) return 'broken';
  return 'open';
}

/** What a covered invoice has to be for a promise or plan: gathered from the ledger. */
export interface CoveredInvoice {
  readonly id: string;
  readonly number: string | null;
  readonly customerId: string;
  readonly currency: string;
  readonly status: string;
  readonly openMinor: bigint;
}

export interface CoveredInvoices {
  readonly currency: string;
  readonly openMinor: bigint;
}

function invoiceRepeated(ids: readonly string[]): number {
  const seen = new Set<string>();
  return ids.findIndex((id) => (seen.has(id) ? true : (seen.add(id), false)));
}

function checkOne(
  invoice: CoveredInvoice | undefined,
  customerId: string,
  currency: string,
  field: string,
): Result<CoveredInvoice> {
  if (!invoice) return fail('invoice_not_found', 'The invoice does not exist.', field);
  if (invoice.customerId !== customerId)
    return fail(
      'invoice_customer_mismatch',
      `Invoice ${invoice.number} belongs to another customer.`,
      field,
    );
  const open = checkOpenInvoice(invoice, field);
  if (!open.ok) return open;
  if (invoice.currency !== currency)
    return fail(
      'currency_mismatch',
      `Invoice ${invoice.number} is in ${invoice.currency}, not ${currency}.`,
      field,
    );
  return ok(invoice);
}

/**
 * Checks the invoices a promise or plan names: each exists, is the customer's, is issued and
 * open, and all share one currency (the first one's). `found` holds whatever the database had;
 * `ids` is not empty (an account-level promise names none and is not checked here).
 */
export function checkCoveredInvoices(
  ids: readonly string[],
  found: ReadonlyMap<string, CoveredInvoice>,
  customerId: string,
  field = 'invoice_ids',
): Result<CoveredInvoices> {
  if (ids.length > limits.invoicesPerCommitmentMax) {
    return fail('too_many_invoices', `At most ${limits.invoicesPerCommitmentMax} invoices.`, field);
  }
  const repeated = invoiceRepeated(ids);
  if (repeated >= 0)
    return fail('invoice_repeated', 'An invoice appears twice.', `${field}[${repeated}]`);
  const currency = found.get(ids[0] ?? '')?.currency ?? '';
  let openMinor = 0n;
  for (const [index, id] of ids.entries()) {
    const checked = checkOne(found.get(id), customerId, currency, `${field}[${index}]`);
    if (!checked.ok) return fail(checked.error.code, checked.error.message, checked.error.field);
    openMinor += checked.value.openMinor;
  }
  return ok({ currency, openMinor });
}

export interface PromiseInput {
  readonly amount: string;
  readonly promisedOn: string;
  readonly madeOn?: string | undefined;
  readonly notes?: string | null | undefined;
}

export interface PromiseFields extends PromiseTerms {
  readonly notes: string | null;
}

/** Free-text notes: trimmed, empty as null, bounded. */
export function parseNotes(notes: string | null | undefined, field: string): Result<string | null> {
  const text = notes?.trim() || null;
  if (text !== null && text.length > limits.textLengthMax)
    return fail('text_too_long', `At most ${limits.textLengthMax} characters.`, field);
  return ok(text);
}

function parsePromiseDates(
  input: PromiseInput,
  today: CalendarDate,
): Result<{ madeOn: CalendarDate; promisedOn: CalendarDate }> {
  const madeOn =
    input.madeOn === undefined ? ok(today) : parseCalendarDate(input.madeOn, 'made_on');
  if (!madeOn.ok) return madeOn;
  if (madeOn.value > today)
    return fail(
      'made_on_in_future',
      `A promise is recorded once made; ${madeOn.value} is after today (${today}).`,
      'made_on',
    );
  const promisedOn = parseCalendarDate(input.promisedOn, 'promised_on');
  if (!promisedOn.ok) return promisedOn;
  if (promisedOn.value < madeOn.value) {
    return fail(
      'promised_on_before_made_on',
      `The promised date ${promisedOn.value} is before the promise was made (${madeOn.value}).`,
      'promised_on',
    );
  }
  return ok({ madeOn: madeOn.value, promisedOn: promisedOn.value });
}

/**
 * Checks a promise's terms against what is open: the amount is positive and at most the open
 * total of what it covers, made no later than today, and due no earlier than it was made.
 */
export function parsePromiseInput(
  input: PromiseInput,
  currency: string,
  openMinor: bigint,
  today: CalendarDate,
): Result<PromiseFields> {
  const amount = parseAmount(input.amount, currency, 'amount');
  if (!amount.ok) return amount;
  if (amount.value <= 0n)
    return fail('amount_not_positive', 'A promise is for more than zero.', 'amount');
  if (amount.value > openMinor) {
    return fail(
      'promise_exceeds_open_balance',
      `${formatAmount(openMinor, currency)} ${currency} is open; a promise of ${input.amount} is more.`,
      'amount',
    );
  }
  const dates = parsePromiseDates(input, today);
  if (!dates.ok) return dates;
  const notes = parseNotes(input.notes, 'notes');
  if (!notes.ok) return notes;
  return ok({ amountMinor: amount.value, ...dates.value, notes: notes.value });
}
