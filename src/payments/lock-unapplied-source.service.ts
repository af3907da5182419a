import { AppError } from '../core/errors.js';
import { findCreditNote, unappliedOfCreditNote } from '../invoicing/find-invoice.service.js';
import type { UnappliedSource } from '../ledger/post-applications.service.js';
import type { Db } from '../platform/db/database.js';
import { findPayment, unappliedOfPayment } from './payment.sql.js';

/**
 * Locks a payment or credit note and says what is left of it. Locking the source first, then the
 * invoices, is the one order every money operation takes locks in.
 */
export async function lockUnappliedSource(
  db: Db,
  orgId: string,
  type: 'payment' | 'credit_note',
  id: string,
): Promise<UnappliedSource & { date: string }> {
  if (type === 'payment') {
    const payment = await findPayment(db, orgId, id, { forUpdate: true });
    if (!payment) throw AppError.notFound('payment');
    if (payment.reversed_on !== null)
      throw new AppError('conflict', 'payment_reversed', 'The payment was reversed.');
    return {
      type,
      id,
      customerId: payment.customer_id,
      currency: payment.currency,
      availableMinor: unappliedOfPayment(payment),
      label: `Payment ${payment.reference ?? id}`,
      date: payment.received_on,
    };
  }
  const note = await findCreditNote(db, orgId, id, { forUpdate: true });
  if (!note) throw AppError.notFound('credit_note');
  return {
    type,
    id,
    customerId: note.customer_id,
    currency: note.currency,
    availableMinor: unappliedOfCreditNote(note),
    label: `Credit note ${note.number}`,
    date: note.issued_on,
  };
}
