import type { Actor } from '../core/actor.js';
import { parseCalendarDate } from '../core/calendar-date.js';
import { AppError, unwrap } from '../core/errors.js';
import { newId } from '../core/ids.js';
import { formatAmount, parseAmount } from '../core/money.js';
import { refundPaidEntry } from '../ledger/journal.js';
import { insertJournalEntries } from '../ledger/post-to-ledger.service.js';
import { organizationToday } from '../organizations/find-organization.service.js';
import { recordAudit } from '../platform/audit/audit.sql.js';
import type { Database } from '../platform/db/database.js';
import { idempotent } from '../platform/idempotency/idempotency.sql.js';
import { lockUnappliedSource } from './lock-unapplied-source.service.js';
import { paymentMethods } from './payment.js';
import { insertRefund } from './payment.sql.js';

export interface RefundInput {
  readonly sourceType: 'payment' | 'credit_note';
  readonly sourceId: string;
  /** Decimal string; defaults to everything left unapplied. */
  readonly amount?: string | undefined;
  readonly refundedOn?: string | undefined;
  readonly method?: string | undefined;
  readonly reference?: string | null | undefined;
}

/**
 * Pays unapplied credit back to the customer. Only what is not applied can be refunded.
 * Codes: payment_not_found, credit_note_not_found, payment_reversed, nothing_to_refund,
 * refund_exceeds_unapplied, amount_invalid, amount_too_precise, payment_method_invalid,
 * refund_before_source, idempotency_key_reused.
 */
export async function refundUnapplied(
  database: Database,
  actor: Actor,
  input: RefundInput,
  options: { idempotencyKey?: string | undefined } = {},
) {
  return database.transaction((tx) =>
    idempotent(tx, actor, options.idempotencyKey, 'credit.refund', input, async () => {
      const { db } = tx;
      const source = await lockUnappliedSource(db, actor.orgId, input.sourceType, input.sourceId);
      const amountMinor =
        input.amount === undefined
          ? source.availableMinor
          : unwrap(parseAmount(input.amount, source.currency));
      if (source.availableMinor === 0n)
        throw new AppError(
          'conflict',
          'nothing_to_refund',
          `${source.label} has nothing left unapplied.`,
        );
      if (amountMinor <= 0n)
        throw new AppError(
          'invalid',
          'amount_not_positive',
          'A refund is more than zero.',
          'amount',
        );
      if (amountMinor > source.availableMinor) {
        throw new AppError(
          'conflict',
          'refund_exceeds_unapplied',
          `${source.label} has ${formatAmount(source.availableMinor, source.currency)} unapplied.`,
          'amount',
        );
      }
      const method = input.method ?? 'bank_transfer';
      if (!(paymentMethods as readonly string[]).includes(method)) {
        throw new AppError(
          'invalid',
          'payment_method_invalid',
          `"${method}" is not a payment method.`,
          'method',
        );
      }
      const refundedOn = input.refundedOn
        ? unwrap(parseCalendarDate(input.refundedOn, 'refunded_on'))
        : await organizationToday(db, actor.orgId);
      if (refundedOn < source.date) {
        throw new AppError(
          'invalid',
          'refund_before_source',
          `${source.label} is dated ${source.date}.`,
          'refunded_on',
        );
      }
      const id = newId();
      const refund = {
        id,
        customerId: source.customerId,
        sourceType: source.type,
        sourceId: source.id,
        refundedOn,
        amountMinor,
        currency: source.currency,
        method,
        reference: input.reference?.trim() || null,
      };
      await insertRefund(db, actor.orgId, refund);
      await insertJournalEntries(db, actor.orgId, [
        refundPaidEntry({
          on: refundedOn,
          sourceId: id,
          customerId: source.customerId,
          currency: source.currency,
          description: `Refund of ${source.label}`,
          amountMinor,
        }),
      ]);
      await recordAudit(db, actor, [
        { action: 'refund.paid', entityType: 'refund', entityId: id, after: refund },
      ]);
      return refund;
    }),
  );
}
