import type { DisputeReport, NonpaymentReasonReport } from '../../api/types';

type DisputeReason = DisputeReport['currencies'][number]['reasons'][number]['reason'];
type NonpaymentReason = NonpaymentReasonReport['rows'][number]['reason'];

/** The words for the API's reason codes, shared by the dashboard and the disputes report. */
export const disputeReasonLabels: Record<DisputeReason, string> = {
  pricing: 'Pricing',
  quantity: 'Quantity',
  damaged: 'Damaged goods',
  not_received: 'Not received',
  duplicate: 'Duplicate invoice',
  other: 'Other',
};

export const nonpaymentReasonLabels: Record<NonpaymentReason, string> = {
  cash_flow: 'Cash flow',
  dispute: 'Dispute',
  lost_invoice: 'Lost invoice',
  wrong_contact: 'Wrong contact',
  awaiting_approval: 'Awaiting approval',
  missing_po: 'Missing purchase order',
  bank_error: 'Bank error',
  other: 'Other',
};
