import type { CalendarDate } from '../core/calendar-date.js';

/**
 * An application: money from a source (payment, credit note, write-off, early-payment discount)
 * to an invoice, dated. Positive applies, negative un-applies (a reversal sets `reversalId`).
 */
export interface ApplicationRow {
  readonly customerId: string;
  readonly invoiceId: string;
  readonly sourceType: 'payment' | 'credit_note' | 'write_off' | 'discount';
  readonly sourceId: string;
  readonly amountMinor: bigint;
  readonly currency: string;
  readonly appliedOn: CalendarDate;
  readonly reversalId?: string | null;
}
