import type { Actor } from '../core/actor.js';
import type { CalendarDate } from '../core/calendar-date.js';
import { formatAmount } from '../core/money.js';
import { discountFor, type PlannedApplication } from '../ledger/allocation.js';
import { runApplicationsPostedHooks } from '../ledger/application-hooks.js';
import { discountTakenEntry, paymentReceivedEntry, type JournalEntry } from '../ledger/journal.js';
import {
  asOpenInvoice,
  existingInvoiceIds,
  insertApplications,
  insertJournalEntries,
  lockOpenInvoices,
  recomputeInvoiceBalances,
  type ApplicationRow,
  type LockedInvoice,
} from '../ledger/post-to-ledger.service.js';
import { newId } from '../core/ids.js';
import type { Db } from '../platform/db/database.js';
import { insertPayments } from './payment.sql.js';

/** One payment of a batch, with the invoices it pays; what it does not apply stays unapplied. */
export interface BulkPayment {
  /** The caller's name for it (a bank line's id): results are keyed by it. */
  readonly key: string;
  readonly customerId: string;
  readonly receivedOn: CalendarDate;
  readonly amountMinor: bigint;
  readonly currency: string;
  readonly method: string;
  readonly reference: string | null;
  readonly payer: string | null;
  readonly memo: string | null;
  /** Where it came from ('bank' for a statement line), as payments.origin records. */
  readonly origin: 'api' | 'import' | 'bank';
  readonly applications: readonly {
    readonly invoiceId: string;
    readonly amountMinor: bigint;
    /** Settle the invoice net of its early-payment discount when the amount is exactly that. */
    readonly takeDiscount: boolean;
  }[];
}

export interface BulkPosted {
  readonly key: string;
  readonly paymentId: string;
  readonly applications: readonly PlannedApplication[];
}

export interface BulkRefused {
  readonly key: string;
  readonly code: string;
  readonly reason: string;
}

/**
 * Posts many payments in the caller's transaction with a few statements instead of a service
 * call each: the invoices of the whole batch are locked at once (oldest first, the one order every
 * writer of applications locks them in, so a person recording a payment on the same invoice at the
 * same moment waits or is waited for, never deadlocks; see holdingLocks for a caller that already
 * holds some), each payment is checked against what is still
 * applicable after the payments before it in the batch, and the payments, journal entries and
 * applications are written in bulk, the invoices' balances recomputed once and the hooks run
 * once per date. A payment that no longer fits (an invoice paid meanwhile, voided, another
 * customer's) is refused whole and returned with the reason; the others are posted.
 */
export async function postPaymentsInBulk(
  db: Db,
  actor: Actor,
  payments: readonly BulkPayment[],
  options: {
    /**
     * The caller's transaction already holds invoice locks from an earlier batch, taken in the
     * lock order of that batch alone: waiting now for an invoice another transaction holds could
     * close a cycle with it. A payment needing such an invoice is refused (code invoice_busy)
     * instead, without waiting.
     */
    readonly holdingLocks?: boolean;
  } = {},
): Promise<{ posted: BulkPosted[]; refused: BulkRefused[] }> {
  if (payments.length === 0) return { posted: [], refused: [] };
  // Each invoice is checked from the earliest date the batch applies money to it.
  const earliest = new Map<string, CalendarDate>();
  for (const payment of payments) {
    for (const application of payment.applications) {
      const known = earliest.get(application.invoiceId);
      if (known === undefined || payment.receivedOn < known)
        earliest.set(application.invoiceId, payment.receivedOn);
    }
  }
  const locked = await lockOpenInvoices(db, actor.orgId, [...earliest.keys()], earliest, {
    skipBusy: options.holdingLocks === true,
  });
  const invoices = new Map<string, LockedInvoice>(locked.map((row) => [row.id, { ...row }]));
  const left = [...earliest.keys()].filter((id) => !invoices.has(id));
  const busy =
    options.holdingLocks === true && left.length > 0
      ? await existingInvoiceIds(db, actor.orgId, left)
      : new Set<string>();

  const posted: BulkPosted[] = [];
  const refused: BulkRefused[] = [];
  const applicationRows: ApplicationRow[] = [];
  const entries: JournalEntry[] = [];
  const touched = new Set<string>();
  const customersByDate = new Map<CalendarDate, Set<string>>();
  for (const payment of payments) {
    const planned = plan(payment, invoices, busy);
    if ('code' in planned) {
      refused.push({ key: payment.key, ...planned });
      continue;
    }
    const paymentId = newId();
    const label = `Payment ${payment.reference ?? paymentId}`;
    entries.push(
      paymentReceivedEntry({
        on: payment.receivedOn,
        sourceId: paymentId,
        customerId: payment.customerId,
        currency: payment.currency,
        description: label,
        amountMinor: payment.amountMinor,
      }),
    );
    let discountMinor = 0n;
    for (const application of planned) {
      const base = {
        customerId: payment.customerId,
        invoiceId: application.invoiceId,
        currency: payment.currency,
        appliedOn: payment.receivedOn,
      };
      applicationRows.push({
        ...base,
        sourceType: 'payment',
        sourceId: paymentId,
        amountMinor: application.amountMinor,
      });
      if (application.discountMinor > 0n) {
        applicationRows.push({
          ...base,
          sourceType: 'discount',
          sourceId: paymentId,
          amountMinor: application.discountMinor,
        });
        discountMinor += application.discountMinor;
      }
      touched.add(application.invoiceId);
    }
    if (discountMinor > 0n) {
      entries.push(
        discountTakenEntry({
          on: payment.receivedOn,
          sourceId: paymentId,
          customerId: payment.customerId,
          currency: payment.currency,
          description: `Early-payment discount on ${label}`,
          amountMinor: discountMinor,
        }),
      );
    }
    if (planned.length > 0) {
      const customers = customersByDate.get(payment.receivedOn) ?? new Set<string>();
      customers.add(payment.customerId);
      customersByDate.set(payment.receivedOn, customers);
    }
    posted.push({ key: payment.key, paymentId, applications: planned });
  }
  const byKey = new Map(payments.map((payment) => [payment.key, payment]));
  await insertPayments(
    db,
    actor.orgId,
    posted.map(({ key, paymentId }) => {
      const payment = byKey.get(key)!;
      return {
        id: paymentId,
        customerId: payment.customerId,
        receivedOn: payment.receivedOn,
        amountMinor: payment.amountMinor,
        currency: payment.currency,
        method: payment.method,
        reference: payment.reference,
        payer: payment.payer,
        memo: payment.memo,
        origin: payment.origin,
      };
    }),
  );
  if (entries.length > 0) await insertJournalEntries(db, actor.orgId, entries);
  await insertApplications(db, actor.orgId, applicationRows);
  await recomputeInvoiceBalances(db, actor.orgId, [...touched]);
  for (const [appliedOn, customers] of customersByDate) {
    await runApplicationsPostedHooks(db, actor, { appliedOn, customerIds: [...customers] });
  }
  return { posted, refused };
}

/**
 * Checks a payment's applications against the invoices as the batch has left them, and takes
 * what it applies off them; or says why it cannot be posted, leaving them as they were.
 */
function plan(
  payment: BulkPayment,
  invoices: Map<string, LockedInvoice>,
  busy: ReadonlySet<string>,
): PlannedApplication[] | { code: string; reason: string } {
  const planned: PlannedApplication[] = [];
  let total = 0n;
  const seen = new Set<string>();
  for (const application of payment.applications) {
    const invoice = invoices.get(application.invoiceId);
    if (!invoice && busy.has(application.invoiceId))
      return {
        code: 'invoice_busy',
        reason: 'An invoice was being changed by someone else at the same moment.',
      };
    if (!invoice) return { code: 'invoice_not_found', reason: 'An invoice is no longer there.' };
    const name = invoice.number ?? invoice.id;
    if (seen.has(invoice.id))
      return { code: 'invoice_repeated', reason: `Invoice ${name} appears twice.` };
    seen.add(invoice.id);
    if (invoice.customer_id !== payment.customerId)
      return {
        code: 'invoice_customer_mismatch',
        reason: `Invoice ${name} is another customer's.`,
      };
    if (invoice.currency !== payment.currency)
      return {
        code: 'currency_mismatch',
        reason: `Invoice ${name} is in ${invoice.currency}, not ${payment.currency}.`,
      };
    if (!['open', 'partially_paid'].includes(invoice.status))
      return { code: 'invoice_not_open', reason: `Invoice ${name} is ${invoice.status}.` };
    if ((invoice.issued_on as string) > payment.receivedOn)
      return {
        code: 'application_before_issue',
        reason: `Invoice ${name} was issued after ${payment.receivedOn}.`,
      };
    if (application.amountMinor <= 0n || application.amountMinor > invoice.applicable_minor)
      return {
        code: 'application_exceeds_open_balance',
        reason: `Invoice ${name} has ${formatAmount(invoice.applicable_minor, invoice.currency)} ${invoice.currency} left; ${formatAmount(application.amountMinor, invoice.currency)} cannot be applied.`,
      };
    const discount = application.takeDiscount
      ? discountFor(asOpenInvoice(invoice), application.amountMinor, payment.receivedOn)
      : 0n;
    planned.push({
      invoiceId: invoice.id,
      amountMinor: application.amountMinor,
      discountMinor: discount,
    });
    total += application.amountMinor;
  }
  if (total > payment.amountMinor)
    return {
      code: 'application_exceeds_unapplied',
      reason: `The applications add up to more than the payment's ${formatAmount(payment.amountMinor, payment.currency)}.`,
    };
  // Accepted: what it applies (and the discount it takes) is no longer there for the next one.
  for (const application of planned) {
    const invoice = invoices.get(application.invoiceId)!;
    const taken = application.amountMinor + application.discountMinor;
    invoices.set(invoice.id, {
      ...invoice,
      applicable_minor: invoice.applicable_minor - taken,
      open_minor: invoice.open_minor - taken,
      discount_taken: invoice.discount_taken || application.discountMinor > 0n,
    });
  }
  return planned;
}
