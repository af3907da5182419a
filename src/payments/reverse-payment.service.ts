import type { Actor } from '../core/actor.js';
import { parseCalendarDate, type CalendarDate } from '../core/calendar-date.js';
import { AppError, unwrap } from '../core/errors.js';
import { newId } from '../core/ids.js';
import { paymentReversedEntry } from '../ledger/journal.js';
import { netApplicationsOfSource } from '../ledger/list-applications.service.js';
import {
  insertApplications,
  insertJournalEntries,
  lockOpenInvoices,
  recomputeInvoiceBalances,
  type ApplicationRow,
} from '../ledger/post-to-ledger.service.js';
import { organizationToday } from '../organizations/find-organization.service.js';
import { recordAudit } from '../platform/audit/audit.sql.js';
import type { Database } from '../platform/db/database.js';
import { idempotent } from '../platform/idempotency/idempotency.sql.js';
import { findPayment, insertPaymentReversal, latestApplicationOn } from './payment.sql.js';

/**
 * Reverses a payment that did not happen after all (a bounced cheque, a charge-back): appends a
 * negative application for everything it and its early-payment discounts settled, which re-opens
 * those invoices, takes back its unapplied remainder and posts the reversing entry. The payment
 * itself never changes; a second reversal is refused.
 * Codes: payment_not_found, payment_already_reversed, payment_refunded, reason_required,
 * reversal_before_application, date_invalid, idempotency_key_reused.
 */
export async function reversePayment(
  database: Database,
  actor: Actor,
  paymentId: string,
  input: { reason: string; reversedOn?: string | undefined },
  options: { idempotencyKey?: string | undefined } = {},
) {
  const reason = input.reason.trim();
  if (!reason)
    throw new AppError(
      'invalid',
      'reason_required',
      'Say why the payment is reversed (e.g. cheque bounced).',
      'reason',
    );
  return database.transaction((tx) =>
    idempotent(
      tx,
      actor,
      options.idempotencyKey,
      'payment.reverse',
      { paymentId, ...input },
      async () => {
        const { db } = tx;
        const payment = await findPayment(db, actor.orgId, paymentId, { forUpdate: true });
        if (!payment) throw AppError.notFound('payment');
        if (payment.reversed_on !== null)
          throw new AppError(
            'conflict',
            'payment_already_reversed',
            'The payment is already reversed.',
          );
        if (payment.refunded_minor > 0n) {
          throw new AppError(
            'conflict',
            'payment_refunded',
            'Part of this payment was refunded; it cannot be reversed.',
          );
        }
        const reversedOn = input.reversedOn
          ? unwrap(parseCalendarDate(input.reversedOn, 'reversed_on'))
          : await organizationToday(db, actor.orgId);
        const latest =
          (await latestApplicationOn(db, actor.orgId, paymentId)) ?? payment.received_on;
        if (reversedOn < latest) {
          throw new AppError(
            'invalid',
            'reversal_before_application',
            `The payment was last applied on ${latest}.`,
            'reversed_on',
          );
        }
        const id = newId();
        const net = await netApplicationsOfSource(db, actor.orgId, paymentId);
        await lockOpenInvoices(
          db,
          actor.orgId,
          net.map((row) => row.invoice_id),
          reversedOn as CalendarDate,
        );
        await insertPaymentReversal(db, actor.orgId, { id, paymentId, reversedOn, reason });
        const rows: ApplicationRow[] = net.map((row) => ({
          customerId: row.customer_id,
          invoiceId: row.invoice_id,
          sourceType: row.source_type as ApplicationRow['sourceType'],
          sourceId: paymentId,
          amountMinor: -row.amount_minor,
          currency: row.currency,
          appliedOn: reversedOn as CalendarDate,
          reversalId: id,
        }));
        await insertApplications(db, actor.orgId, rows);
        await recomputeInvoiceBalances(
          db,
          actor.orgId,
          net.map((row) => row.invoice_id),
        );
        const discountMinor = net
          .filter((row) => row.source_type === 'discount')
          .reduce((sum, row) => sum + row.amount_minor, 0n);
        await insertJournalEntries(db, actor.orgId, [
          paymentReversedEntry({
            on: reversedOn,
            sourceId: id,
            customerId: payment.customer_id,
            currency: payment.currency,
            description: `Reversal of payment ${payment.reference ?? paymentId}: ${reason}`,
            amountMinor: payment.amount_minor,
            discountMinor,
          }),
        ]);
        const after = (await findPayment(db, actor.orgId, paymentId))!;
        await recordAudit(db, actor, [
          {
            action: 'payment.reversed',
            entityType: 'payment',
            entityId: paymentId,
            before: payment,
            after: { ...after, reason },
          },
        ]);
        return after;
      },
    ),
  );
}
