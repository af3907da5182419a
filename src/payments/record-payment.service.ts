import type { Actor } from '../core/actor.js';
import { daysBetween, type CalendarDate } from '../core/calendar-date.js';
import { AppError, unwrap } from '../core/errors.js';
import { newId } from '../core/ids.js';
import { limits } from '../core/limits.js';
import { parseAmount } from '../core/money.js';
import { findCustomerAndToday } from '../customers/find-customer.service.js';
import { paymentReceivedEntry } from '../ledger/journal.js';
import { journalEntriesWrites } from '../ledger/post-to-ledger.service.js';
import {
  planApplications,
  writePlannedApplications,
  type ApplicationPlan,
  type WrittenApplication,
} from '../ledger/post-applications.service.js';
import { auditEventsWrites } from '../platform/audit/audit.sql.js';
import type { Database } from '../platform/db/database.js';
import { executeWrites } from '../platform/db/one-statement.sql.js';
import { now } from '../core/clock.js';
import { idempotent } from '../platform/idempotency/idempotency.sql.js';
import { parsePaymentInput, type PaymentInput } from './payment.js';
import { paymentOriginDefault, paymentWrite, type PaymentRow } from './payment.sql.js';

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
      const found = await findCustomerAndToday(db, actor.orgId, input.customerId);
      if (!found) throw AppError.notFound('customer', 'customer_id');
      const { customer, today } = found;
      const fields = unwrap(parsePaymentInput(input, customer.currency));
      const plan = planFor(input, fields.currency);
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
      const values = { id, customerId: customer.id, ...fields, receivedOn };
      const label = `Payment ${fields.reference ?? id}`;
      // Checked and locked first, written after: the payment, its journal entry, its
      // applications, the invoices' balances and the audit event then go in one statement.
      const planned = plan
        ? await planApplications(
            db,
            actor,
            {
              type: 'payment',
              id,
              customerId: customer.id,
              currency: fields.currency,
              availableMinor: fields.amountMinor,
              label,
            },
            plan,
            receivedOn as CalendarDate,
          )
        : null;
      const result: PaymentRow = {
        org_id: actor.orgId,
        id,
        customer_id: customer.id,
        received_on: receivedOn,
        amount_minor: fields.amountMinor,
        currency: fields.currency,
        method: fields.method,
        reference: fields.reference,
        payer: fields.payer,
        memo: fields.memo,
        origin: paymentOriginDefault,
        created_at: now(),
        applied_minor: planned?.appliedMinor ?? 0n,
        refunded_minor: 0n,
        reversed_on: null,
      };
      const writes = [
        paymentWrite(actor.orgId, values, result.created_at),
        ...journalEntriesWrites(actor.orgId, [
          paymentReceivedEntry({
            on: receivedOn,
            sourceId: id,
            customerId: customer.id,
            currency: fields.currency,
            description: label,
            amountMinor: fields.amountMinor,
          }),
        ]),
        ...auditEventsWrites(actor, [
          {
            action: 'payment.recorded',
            entityType: 'payment',
            entityId: id,
            after: { ...result, plan },
          },
        ]),
      ];
      let applications: readonly WrittenApplication[] = [];
      if (planned) applications = await writePlannedApplications(db, actor, planned, writes);
      else await executeWrites(db, writes);
      return { ...result, applications };
    }),
  );
}
