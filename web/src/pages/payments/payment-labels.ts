import type { Payment } from '../../api/types';

export const methodLabels: Readonly<Record<Payment['method'], string>> = {
  bank_transfer: 'Bank transfer',
  card: 'Card',
  cheque: 'Cheque',
  cash: 'Cash',
  direct_debit: 'Direct debit',
  other: 'Other',
};

/** How a payment is named to people: its reference when it has one (the bank's or the cheque's). */
export function paymentName(payment: Pick<Payment, 'reference' | 'received_on'>): string {
  return payment.reference ? `Payment ${payment.reference}` : `Payment of ${payment.received_on}`;
}
