import type { CalendarDate } from '../core/calendar-date.js';
import type { BulkPayment } from '../payments/post-payments-in-bulk.service.js';

/**
 * The payment a bank line becomes: received on its value date (the day the money was the
 * organization's), by bank transfer, its reference the bank's, so that an export of payments
 * shows which line paid which invoice. The matcher and a person post it the same way.
 */
export function bankLinePayment(
  line: {
    readonly id: string;
    readonly value_date: string | null;
    readonly booking_date: string | null;
    readonly amount_minor: bigint;
    readonly currency: string;
    readonly ref: string;
    readonly payer_name: string | null;
  },
  customerId: string,
  applications: BulkPayment['applications'],
): BulkPayment {
  return {
    key: line.id,
    customerId,
    receivedOn: (line.value_date ?? line.booking_date) as CalendarDate,
    amountMinor: line.amount_minor,
    currency: line.currency,
    method: 'bank_transfer',
    reference: line.ref,
    payer: line.payer_name,
    memo: null,
    origin: 'bank',
    applications,
  };
}
