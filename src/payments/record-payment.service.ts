import type { Actor } from '../core/actor.js';
import { daysBetween, type CalendarDate } from '../core/calendar-date.js';
import { AppError, unwrap } from '../core/errors.js';
import { newId } from '../core/ids.js';
import { limits } from '../core/limits.js';
import { parseAmount } from '../core/money.js';
import { findCustomer } from '../customers/find-customer.service.js';
import { paymentReceivedEntry } from '../ledger/journal.js';
import { insertJournalEntries } from '../ledger/post-to-ledger.service.js';
import { postApplications, type ApplicationPlan } from '../ledger/post-applications.service.js';
import { organizationToday } from '../organizations/find-organization.service.js';
import { recordAudit } from '../platform/audit/audit.sql.js';
import type { Database, Db } from '../platform/db/database.js';
import { idempotent } from '../platform/idempotency/idempotency.sql.js';
import { parsePaymentInput, type PaymentInput } from './payment.js';
import { findPayment, insertPayment } from './payment.sql.js';

export interface ApplicationInput {
  readonly invoiceId: string;
  /** Decimal string in major units. */
  readonly amount: string;
  readonly takeDiscount?: boolean | undefined;
}

export interface RecordPaymentInput extends PaymentInput {
  /** `oldest_first` spreads the payment automatically; `none` keeps it all as credit. Default: given applications, else none. */
  readonly apply?: 'oldest_first' | 'none' | undefined;
  readonly applications?: readonly ApplicationInput[] | undefined;
}

/** Turns the API's application list (amounts in major units) into a plan, naming bad fields. */
export function manualPlan(
  applications: readonly ApplicationInput[],
  currency: string,
): ApplicationPlan {
  return {
    mode: 'manual',
    requests: applications.map((application, index) => ({
      invoiceId: application.invoiceId,
      amountMinor: unwrap(
        parseAmount(application.amount, currency, `applications[${index}].amount`),
      ),
      takeDiscount: application.takeDiscount,
    })),
  };
}

export function planFor(
  input: { apply?: string | undefined; applications?: readonly ApplicationInput[] | undefined },
  currency: string,
): ApplicationPlan | null {
  if (input.apply === 'oldest_first') {
    if (input.applications?.length) {
      throw new AppError(
        'invalid',
        'applications_conflict',
        'Give applications or apply oldest_first, not both.',
        'apply',
      );
    }
    return { mode: 'oldest_first' };
  }
  if (input.applications?.length) return manualPlan(input.applications, currency);
  return null;
}

/** Loads a payment with its applications for the response. */
export async function paymentResult(db: Db, orgId: string, paymentId: string) {
  const payment = await findPayment(db, orgId, paymentId);
  if (!payment) throw AppError.notFound('payment');
  return payment;
}

/**
 * Records a receipt and applies it: to the invoices named, or oldest first, keeping any remainder
 * as the customer's unapplied credit. One transaction: if any application is refused, nothing is
 * recorded. Idempotent with a key.
 * Codes: customer_not_found, currency_unknown, amount_invalid, amount_too_precise,
 * amount_not_positive, date_invalid, payment_method_invalid,
 * applications_conflict, idempotency_key_reused, and postApplications' codes.
 */
export async function recordPayment(
  database: Database,
  actor: Actor,
  input: RecordPaymentInput,
  options: { idempotencyKey?: string | undefined } = {},
) {
  return database.transaction((tx) =>
    idempotent(tx, actor, options.idempotencyKey, 'payment.record', input, async () => {
      const { db } = tx;
      const customer = await findCustomer(db, actor.orgId, input.customerId);
      if (!customer) throw AppError.notFound('customer', 'customer_id');
      const fields = unwrap(parsePaymentInput(input, customer.currency));
      const plan = planFor(input, fields.currency);
      const today = await organizationToday(db, actor.orgId);
      const receivedOn = fields.receivedOn ?? today;
      if (daysBetween(today, receivedOn) > limits.paymentDaysAheadMax) {
        throw new AppError(
          'invalid',
          'date_too_far_ahead',
          `A payment is dated at most ${limits.paymentDaysAheadMax} days after today (${today}); ${receivedOn} is further.`,
          'received_on',
        );
      }
      const id = newId();
      await insertPayment(db, actor.orgId, { id, customerId: customer.id, ...fields, receivedOn });
      await insertJournalEntries(db, actor.orgId, [
        paymentReceivedEntry({
          on: receivedOn,
          sourceId: id,
          customerId: customer.id,
          currency: fields.currency,
          description: `Payment ${fields.reference ?? id}`,
          amountMinor: fields.amountMinor,
        }),
      ]);
      if (plan) {
        await postApplications(
          db,
          actor,
          {
            type: 'payment',
            id,
            customerId: customer.id,
            currency: fields.currency,
            availableMinor: fields.amountMinor,
            label: `Payment ${fields.reference ?? id}`,
          },
          plan,
          receivedOn as CalendarDate,
        );
      }
      const result = await paymentResult(db, actor.orgId, id);
      await recordAudit(db, actor, [
        {
          action: 'payment.recorded',
          entityType: 'payment',
          entityId: id,
          after: { ...result, plan },
        },
      ]);
      return result;
    }),
  );
}
