import type { Actor } from '../core/actor.js';
import type { CalendarDate } from '../core/calendar-date.js';
import { AppError } from '../core/errors.js';
import { limits } from '../core/limits.js';
import { formatAmount } from '../core/money.js';
import {
  allocateOldestFirst,
  discountFor,
  type OpenInvoice,
  type PlannedApplication,
} from './allocation.js';
import type { Db } from '../platform/db/database.js';
import type { Write } from '../platform/db/one-statement.sql.js';
import { applicationsPostedProbes, runApplicationsPostedHooks } from './application-hooks.js';
import { requireOpenInvoice } from './invoice-status.js';
import { discountTakenEntry } from './journal.js';
import {
  asOpenInvoice,
  insertApplicationsWithBalances,
  journalEntriesWrites,
  lockOldestOpenInvoices,
  lockOpenInvoices,
  type ApplicationRow,
  type LockedInvoice,
  type OldestFirstPosition,
} from './ledger.sql.js';

/** Money that can be applied to invoices: a payment or a credit note, with what is left of it. */
export interface UnappliedSource {
  readonly type: 'payment' | 'credit_note';
  readonly id: string;
  readonly customerId: string;
  readonly currency: string;
  readonly availableMinor: bigint;
  /** A description for journal entries, e.g. "Payment REF-1". */
  readonly label: string;
}

export interface ApplicationRequest {
  readonly invoiceId: string;
  readonly amountMinor: bigint;
  /** Take the early-payment discount when this amount settles the invoice net of it (default true). */
  readonly takeDiscount?: boolean | undefined;
}

export type ApplicationPlan =
  | { readonly mode: 'manual'; readonly requests: readonly ApplicationRequest[] }
  | { readonly mode: 'oldest_first' };

export interface PostedApplications {
  readonly applications: readonly PlannedApplication[];
  readonly appliedMinor: bigint;
}

function checkInvoice(
  invoice: LockedInvoice | undefined,
  source: UnappliedSource,
  appliedOn: CalendarDate,
  field: string,
): LockedInvoice {
  if (!invoice) throw AppError.notFound('invoice', field);
  if (invoice.customer_id !== source.customerId) {
    throw new AppError(
      'invalid',
      'invoice_customer_mismatch',
      `Invoice ${invoice.number} belongs to another customer.`,
      field,
    );
  }
  if (invoice.currency !== source.currency) {
    throw new AppError(
      'invalid',
      'currency_mismatch',
      `Invoice ${invoice.number} is in ${invoice.currency}, not ${source.currency}.`,
      field,
    );
  }
  requireOpenInvoice(invoice, field);
  if (appliedOn < (invoice.issued_on as string)) {
    throw new AppError(
      'invalid',
      'application_before_issue',
      `Invoice ${invoice.number} was issued after ${appliedOn}.`,
      field,
    );
  }
  return invoice;
}

/** Says why, when the limit is a later reversal rather than today's balance. */
export function exceedsOpenMessage(
  invoice: LockedInvoice,
  amountMinor: bigint,
  on: CalendarDate,
): string {
  const asked = formatAmount(amountMinor, invoice.currency);
  if (invoice.applicable_minor < invoice.open_minor) {
    return (
      `Invoice ${invoice.number} has ${formatAmount(invoice.open_minor, invoice.currency)} open today, but only ` +
      `${formatAmount(invoice.applicable_minor, invoice.currency)} from ${on} on (it was re-opened later); ${asked} cannot be applied on ${on}.`
    );
  }
  return `Invoice ${invoice.number} has ${formatAmount(invoice.open_minor, invoice.currency)} open; ${asked} cannot be applied to it.`;
}

function planManual(
  requests: readonly ApplicationRequest[],
  byId: Map<string, LockedInvoice>,
  source: UnappliedSource,
  appliedOn: CalendarDate,
): PlannedApplication[] {
  if (requests.length > limits.applicationsPerRequestMax) {
    throw new AppError(
      'invalid',
      'too_many_applications',
      `At most ${limits.applicationsPerRequestMax} applications at once.`,
      'applications',
    );
  }
  const seen = new Set<string>();
  return requests.map((request, index) => {
    const field = `applications[${index}]`;
    if (seen.has(request.invoiceId)) {
      throw new AppError(
        'invalid',
        'invoice_repeated',
        'An invoice appears twice in one request.',
        `${field}.invoice_id`,
      );
    }
    seen.add(request.invoiceId);
    const invoice = checkInvoice(
      byId.get(request.invoiceId),
      source,
      appliedOn,
      `${field}.invoice_id`,
    );
    if (request.amountMinor <= 0n) {
      throw new AppError(
        'invalid',
        'amount_not_positive',
        'An application moves more than zero.',
        `${field}.amount`,
      );
    }
    if (request.amountMinor > invoice.applicable_minor) {
      throw new AppError(
        'conflict',
        'application_exceeds_open_balance',
        exceedsOpenMessage(invoice, request.amountMinor, appliedOn),
        `${field}.amount`,
      );
    }
    const discount =
      request.takeDiscount === false
        ? 0n
        : discountFor(asOpenInvoice(invoice), request.amountMinor, appliedOn);
    return { invoiceId: invoice.id, amountMinor: request.amountMinor, discountMinor: discount };
  });
}

/** The first group of invoices an oldest-first application locks; each next group is twice as big. */
const oldestFirstFirstGroup = 4;
const oldestFirstGroupMax = 512;

/**
 * Spreads the source's money over the customer's open invoices oldest first, locking them a group
 * at a time (4, 8, 16, … in the allocation's order) until the money is spent or none are left, so
 * that a payment locks the invoices it pays and a few after them, not every invoice the customer
 * has open. The allocation runs over everything locked so far, so it is the one allocateOldestFirst
 * would make over all of them: the invoices not locked come after every one locked. The walk's
 * order breaks ties of due and issue dates by id, the allocation's by number; so while the money
 * runs out within the dates of the last invoice locked, an invoice of the same dates may still be
 * waiting, and one more group is locked.
 */
async function planOldestFirst(
  db: Db,
  orgId: string,
  source: UnappliedSource,
  appliedOn: CalendarDate,
  invoiceNumbers: Map<string, string | null>,
): Promise<PlannedApplication[]> {
  const locked: OpenInvoice[] = [];
  let after: OldestFirstPosition | null = null;
  for (let count = oldestFirstFirstGroup; ; count = Math.min(count * 2, oldestFirstGroupMax)) {
    const group = await lockOldestOpenInvoices(
      db,
      orgId,
      { id: source.customerId, currency: source.currency },
      appliedOn,
      after,
      count,
    );
    locked.push(...group.map(asOpenInvoice));
    for (const row of group) invoiceNumbers.set(row.id, row.number);
    const { applications, unappliedMinor } = allocateOldestFirst(
      source.availableMinor,
      locked,
      appliedOn,
    );
    const last = group.at(-1);
    if (group.length < count || last === undefined) return applications;
    if (unappliedMinor === 0n) {
      const paidLast = locked.find((invoice) => invoice.id === applications.at(-1)?.invoiceId);
      const lastDates = `${last.due_on as string} ${last.issued_on as string}`;
      if (!paidLast || `${paidLast.dueOn} ${paidLast.issuedOn}` < lastDates) return applications;
    }
    after = { dueOn: last.due_on as string, issuedOn: last.issued_on as string, id: last.id };
  }
}

/** Applications planned and checked, with their invoices locked, not yet written. */
export interface PlannedApplications extends PostedApplications {
  readonly source: UnappliedSource;
  readonly appliedOn: CalendarDate;
  /** The number of each invoice planned, for an answer built from what was written. */
  readonly invoiceNumbers: ReadonlyMap<string, string | null>;
}

/** An application as written: the row the payment's answer lists. */
export interface WrittenApplication {
  readonly id: string;
  readonly invoice_id: string;
  readonly invoice_number: string | null;
  readonly source_type: string;
  readonly amount_minor: bigint;
  readonly applied_on: string;
  readonly reversal_id: string | null;
}

/**
 * The first half of postApplications: locks the invoices and checks every rule, writing nothing,
 * so that the caller can write the applications together with its own rows
 * (writePlannedApplications). Codes: as postApplications.
 */
export async function planApplications(
  db: Db,
  actor: Actor,
  source: UnappliedSource,
  plan: ApplicationPlan,
  appliedOn: CalendarDate,
): Promise<PlannedApplications> {
  let planned: PlannedApplication[];
  const invoiceNumbers = new Map<string, string | null>();
  if (plan.mode === 'manual') {
    const locked = await lockOpenInvoices(
      db,
      actor.orgId,
      plan.requests.map((request) => request.invoiceId),
      appliedOn,
    );
    for (const row of locked) invoiceNumbers.set(row.id, row.number);
    planned = planManual(
      plan.requests,
      new Map(locked.map((row) => [row.id, row])),
      source,
      appliedOn,
    );
  } else {
    planned = await planOldestFirst(db, actor.orgId, source, appliedOn, invoiceNumbers);
  }
  const appliedMinor = planned.reduce((sum, application) => sum + application.amountMinor, 0n);
  if (appliedMinor > source.availableMinor) {
    throw new AppError(
      'conflict',
      'application_exceeds_unapplied',
      `${source.label} has ${formatAmount(source.availableMinor, source.currency)} left to apply; ` +
        `${formatAmount(appliedMinor, source.currency)} was asked for.`,
      'applications',
    );
  }
  return { applications: planned, appliedMinor, source, appliedOn, invoiceNumbers };
}

/**
 * The second half: appends the planned application rows (and discount rows with their journal
 * entry), recomputes the invoices' balances, all in one statement that also carries the caller's
 * `writes` (platform/db/one-statement.sql.ts), then runs the hooks registered for money applied.
 * Returns the rows written, ordered as the payment's answer lists them.
 */
export async function writePlannedApplications(
  db: Db,
  actor: Actor,
  planned: PlannedApplications,
  writes: readonly Write[] = [],
): Promise<WrittenApplication[]> {
  const { source, appliedOn } = planned;
  const rows: ApplicationRow[] = [];
  for (const application of planned.applications) {
    const base = {
      customerId: source.customerId,
      invoiceId: application.invoiceId,
      currency: source.currency,
      appliedOn,
    };
    rows.push({
      ...base,
      sourceType: source.type,
      sourceId: source.id,
      amountMinor: application.amountMinor,
    });
    if (application.discountMinor > 0n) {
      rows.push({
        ...base,
        sourceType: 'discount',
        sourceId: source.id,
        amountMinor: application.discountMinor,
      });
    }
  }
  const discountMinor = planned.applications.reduce(
    (sum, application) => sum + application.discountMinor,
    0n,
  );
  const discountEntry =
    discountMinor > 0n
      ? journalEntriesWrites(actor.orgId, [
          discountTakenEntry({
            on: appliedOn,
            sourceId: source.id,
            customerId: source.customerId,
            currency: source.currency,
            description: `Early-payment discount on ${source.label}`,
            amountMinor: discountMinor,
          }),
        ])
      : [];
  const customerIds = [source.customerId];
  const { ids, probes } = await insertApplicationsWithBalances(
    db,
    actor.orgId,
    rows,
    [...writes, ...discountEntry],
    applicationsPostedProbes(actor.orgId, customerIds),
  );
  // In the same transaction, so that a promise is kept (or a plan completed) as the money lands.
  if (rows.length > 0)
    await runApplicationsPostedHooks(db, actor, { appliedOn, customerIds }, probes);
  return rows
    .map((row, index) => ({
      id: ids[index]!,
      invoice_id: row.invoiceId,
      invoice_number: planned.invoiceNumbers.get(row.invoiceId) ?? null,
      source_type: row.sourceType,
      amount_minor: row.amountMinor,
      applied_on: row.appliedOn,
      reversal_id: null,
    }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * Applies money from a source to invoices inside the caller's transaction: locks the invoices,
 * checks every rule, appends the application rows (and discount rows with their journal entry),
 * recomputes the invoices' balances, and runs the hooks registered for money applied (the
 * customer's promises kept and plans completed by it: commitments/commitments.hooks.ts). Throws
 * before writing anything when a rule is broken.
 * Codes: invoice_not_found, invoice_customer_mismatch, currency_mismatch, invoice_not_open,
 * application_before_issue, amount_not_positive, application_exceeds_open_balance,
 * application_exceeds_unapplied, invoice_repeated, too_many_applications.
 */
export async function postApplications(
  db: Db,
  actor: Actor,
  source: UnappliedSource,
  plan: ApplicationPlan,
  appliedOn: CalendarDate,
): Promise<PostedApplications> {
  const planned = await planApplications(db, actor, source, plan, appliedOn);
  await writePlannedApplications(db, actor, planned);
  return { applications: planned.applications, appliedMinor: planned.appliedMinor };
}
