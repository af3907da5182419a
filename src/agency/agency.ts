import { assert } from '../core/assert.js';
import { daysBetween, parseCalendarDate, type CalendarDate } from '../core/calendar-date.js';
import { parseScaledDecimal } from '../core/decimal.js';
import { limits } from '../core/limits.js';
import { divideRoundHalfUp, formatAmount, sumMinor } from '../core/money.js';
import { parsePercent, percentScale, percentUnit } from '../core/percent.js';
import { fail, ok, type Result } from '../core/result.js';
import { allocateOldestFirst, type PlannedApplication } from '../ledger/allocation.js';
import { checkOpenInvoice } from '../ledger/invoice-status.js';
import type { BillingAddress } from '../customers/customer.js';

/**
 * Hand-over of a customer's unpaid invoices to a collection agency or to legal (issue #5). Pure:
 * the service loads the invoices and the placement, these functions decide.
 *
 * A placement covers chosen open invoices of one customer in one currency. Its amount is their
 * open total on the day of placement, computed, never typed. While it is active the collections
 * run leaves its invoices alone; it ends closed (everything recovered, or the agency gave up) or
 * recalled (taken back, and the run follows the invoices up again).
 *
 * A recovery is money the agency collected, gross of its commission. It is recorded as a payment
 * applied to the placed invoices oldest first, and can never exceed what is still open on them.
 * The commission is the recovered amount times the placement's percent, rounded half-up to the
 * minor unit, once per recovery: 1,234.57 at 25 % is 308.6425, so 308.64.
 */
export const placementChannels = ['agency', 'legal'] as const;
export type PlacementChannel = (typeof placementChannels)[number];
export const placementStatuses = ['active', 'closed', 'recalled'] as const;
export type PlacementStatus = (typeof placementStatuses)[number];

const agencyLengthMax = 200;

export interface PlacementInput {
  readonly customerId: string;
  readonly agency: string;
  readonly channel?: string | undefined;
  readonly placedOn?: string | undefined;
  /** Percent of what is recovered, as a decimal string ("25", "17.5"). */
  readonly commissionPercent: string;
  /** The invoices to place; or `allOverdue` for every open invoice past due on the placement date. */
  readonly invoiceIds?: readonly string[] | undefined;
  readonly allOverdue?: boolean | undefined;
  /** With allOverdue: the currency (default the customer's). */
  readonly currency?: string | undefined;
  readonly notes?: string | null | undefined;
}

export interface PlacementTerms {
  readonly agency: string;
  readonly channel: PlacementChannel;
  readonly placedOn: CalendarDate;
  readonly commissionPercentScaled: bigint;
  readonly selection:
    | { readonly kind: 'invoices'; readonly invoiceIds: readonly string[] }
    | { readonly kind: 'all_overdue' };
  readonly notes: string | null;
}

/** An invoice as a placement sees it. */
/** Who owes, as the agency file names them; the contact is the first who receives reminders. */
export interface Debtor {
  readonly ref: string;
  readonly name: string;
  readonly legalName: string | null;
  readonly taxId: string | null;
  readonly address: BillingAddress | null;
  readonly contact: {
    readonly name: string;
    readonly email: string | null;
    readonly phone: string | null;
  } | null;
}

export interface PlaceableInvoice {
  readonly id: string;
  readonly number: string | null;
  readonly customerId: string;
  readonly currency: string;
  readonly status: string;
  readonly issuedOn: CalendarDate | null;
  readonly dueOn: CalendarDate | null;
  readonly totalMinor: bigint;
  readonly openMinor: bigint;
}

function parseSelection(input: PlacementInput): Result<PlacementTerms['selection']> {
  const ids = input.invoiceIds ?? [];
  if (input.allOverdue && ids.length > 0)
    return fail(
      'invoice_selection_conflict',
      'Give invoice_ids or all_overdue, not both.',
      'invoice_ids',
    );
  if (input.allOverdue) return ok({ kind: 'all_overdue' });
  if (ids.length === 0)
    return fail(
      'invoices_required',
      'Name the invoices to place, or ask for all overdue invoices.',
      'invoice_ids',
    );
  if (ids.length > limits.invoicesPerCommitmentMax) {
    return fail(
      'too_many_invoices',
      `At most ${limits.invoicesPerCommitmentMax} invoices in one placement.`,
      'invoice_ids',
    );
  }
  const repeated = ids.findIndex((id, index) => ids.indexOf(id) !== index);
  if (repeated >= 0)
    return fail('invoice_repeated', 'An invoice appears twice.', `invoice_ids[${repeated}]`);
  return ok({ kind: 'invoices', invoiceIds: [...ids] });
}

function parseAgency(text: string): Result<string> {
  const agency = text.trim();
  if (!agency)
    return fail('agency_required', 'Name the agency (or the lawyer) the invoices go to.', 'agency');
  if (agency.length > agencyLengthMax)
    return fail('text_too_long', `At most ${agencyLengthMax} characters.`, 'agency');
  return ok(agency);
}

function parseChannel(text: string | undefined): Result<PlacementChannel> {
  const channel = (text ?? 'agency').trim().toLowerCase();
  if (!(placementChannels as readonly string[]).includes(channel)) {
    return fail(
      'channel_invalid',
      `"${text}" is not one of ${placementChannels.join(', ')}.`,
      'channel',
    );
  }
  return ok(channel as PlacementChannel);
}

function parseNotes(text: string | null | undefined): Result<string | null> {
  if (text === undefined || text === null || text.trim() === '') return ok(null);
  if (text.length > limits.textLengthMax)
    return fail('text_too_long', `At most ${limits.textLengthMax} characters.`, 'notes');
  return ok(text.trim());
}

/** Checks a placement's fields; `today` is the default placement date and the latest allowed. */
export function parsePlacementInput(
  input: PlacementInput,
  today: CalendarDate,
): Result<PlacementTerms> {
  const agency = parseAgency(input.agency);
  if (!agency.ok) return agency;
  const channel = parseChannel(input.channel);
  if (!channel.ok) return channel;
  const placedOn =
    input.placedOn === undefined ? ok(today) : parseCalendarDate(input.placedOn, 'placed_on');
  if (!placedOn.ok) return placedOn;
  if (placedOn.value > today)
    return fail(
      'placed_on_future',
      `A placement is recorded once made; ${placedOn.value} is after today.`,
      'placed_on',
    );
  const percent = parsePercent(input.commissionPercent, 'commission_percent');
  if (!percent.ok) return percent;
  const selection = parseSelection(input);
  if (!selection.ok) return selection;
  const notes = parseNotes(input.notes);
  if (!notes.ok) return notes;
  return ok({
    agency: agency.value,
    channel: channel.value,
    placedOn: placedOn.value,
    commissionPercentScaled: percent.value,
    selection: selection.value,
    notes: notes.value,
  });
}

/** Every open invoice past due on the placement date, in the currency: what `--all-overdue` places. */
export function overdueInvoices(
  invoices: readonly PlaceableInvoice[],
  currency: string,
  placedOn: CalendarDate,
): PlaceableInvoice[] {
  return invoices.filter(
    (invoice) =>
      invoice.currency === currency &&
      invoice.openMinor > 0n &&
      invoice.dueOn !== null &&
      invoice.dueOn < placedOn &&
      invoice.issuedOn !== null &&
      invoice.issuedOn <= placedOn,
  );
}

function checkPlaceable(
  invoice: PlaceableInvoice,
  customerId: string,
  currency: string,
  placedOn: CalendarDate,
  field: string,
): Result<true> {
  const label = `Invoice ${invoice.number ?? '(draft)'}`;
  if (invoice.customerId !== customerId)
    return fail('invoice_customer_mismatch', `${label} belongs to another customer.`, field);
  const open = checkOpenInvoice(invoice, field, 'only open invoices are placed');
  if (!open.ok) return open;
  if (invoice.currency !== currency)
    return fail(
      'currency_mismatch',
      `${label} is in ${invoice.currency}, the others in ${currency}.`,
      field,
    );
  if (invoice.issuedOn === null || invoice.issuedOn > placedOn)
    return fail('placement_before_issue', `${label} was issued after ${placedOn}.`, field);
  return ok(true);
}

/**
 * The placement's currency and amount: the open total of its invoices, which must all be open,
 * the customer's, in one currency and issued by the placement date. `fields` names each invoice
 * in the request (`invoice_ids[2]`).
 */
export function placementAmount(
  invoices: readonly PlaceableInvoice[],
  customerId: string,
  placedOn: CalendarDate,
  fields: readonly string[],
): Result<{ currency: string; amountMinor: bigint }> {
  const currency = invoices[0]?.currency;
  if (currency === undefined)
    return fail(
      'no_overdue_invoices',
      `The customer has no open invoice past due on ${placedOn} that is not already placed.`,
      'all_overdue',
    );
  for (const [index, invoice] of invoices.entries()) {
    const checked = checkPlaceable(
      invoice,
      customerId,
      currency,
      placedOn,
      fields[index] ?? 'invoice_ids',
    );
    if (!checked.ok) return checked;
  }
  return ok({ currency, amountMinor: sumMinor(invoices.map((invoice) => invoice.openMinor)) });
}

/** The agency's share of a recovery: amount × percent ÷ 100, rounded half-up to the minor unit. */
export function commissionMinor(recoveredMinor: bigint, commissionPercentScaled: bigint): bigint {
  return divideRoundHalfUp(recoveredMinor * commissionPercentScaled, 100n * percentUnit);
}

/**
 * Spreads a recovery over the placed invoices oldest first (by due date, then issue date, then
 * number), refusing more than is open on them. No early-payment discount is ever taken: an
 * invoice handed to an agency is long past its discount window.
 */
export function planRecovery(
  recoveredMinor: bigint,
  invoices: readonly PlaceableInvoice[],
  recoveredOn: CalendarDate,
  currency: string,
): Result<PlannedApplication[]> {
  if (recoveredMinor <= 0n)
    return fail('amount_not_positive', 'A recovery is more than zero.', 'amount');
  const open = invoices.filter(
    (invoice) => invoice.openMinor > 0n && invoice.issuedOn !== null && invoice.dueOn !== null,
  );
  const openMinor = sumMinor(open.map((invoice) => invoice.openMinor));
  if (recoveredMinor > openMinor) {
    return fail(
      'recovery_exceeds_open',
      `${formatAmount(openMinor, currency)} ${currency} is still open on the placed invoices; ${formatAmount(recoveredMinor, currency)} cannot be recovered.`,
      'amount',
    );
  }
  const { applications } = allocateOldestFirst(
    recoveredMinor,
    open.map((invoice) => ({
      id: invoice.id,
      number: invoice.number ?? '',
      issuedOn: invoice.issuedOn!,
      dueOn: invoice.dueOn!,
      openMinor: invoice.openMinor,
      totalMinor: invoice.totalMinor,
      discountOn: null,
      discountMinor: 0n,
      discountTaken: false,
    })),
    recoveredOn,
  );
  return ok(applications);
}

/** Days past due on a date; 0 when not yet due. */
export function daysOverdue(dueOn: CalendarDate | null, on: CalendarDate): number {
  if (dueOn === null) return 0;
  return Math.max(0, daysBetween(dueOn, on));
}

/** The percent as numeric(7,4) stores it ("25.0000"), and back. */
export function percentColumn(scaled: bigint): string {
  return `${scaled / percentUnit}.${(scaled % percentUnit).toString().padStart(percentScale, '0')}`;
}

export function percentFromColumn(text: string): bigint {
  const parsed = parseScaledDecimal(text, percentScale, 'commission_percent');
  assert(parsed.ok, `commission_percent column holds "${text}"`);
  return parsed.value;
}
