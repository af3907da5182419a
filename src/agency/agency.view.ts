import { formatAmount } from '../core/money.js';
import { formatPercent } from '../core/percent.js';
import type { Placement, PlacementDetail, Recovery } from './agency.sql.js';

/**
 * Placements as the API, `settle agency … --format json` and the audit log give them: amounts are
 * decimal strings in major units of the placement's currency, the commission a percent string.
 */
export function placementAuditView(placement: Placement) {
  return {
    id: placement.id,
    customer_id: placement.customerId,
    agency: placement.agency,
    channel: placement.channel,
    placed_on: placement.placedOn,
    currency: placement.currency,
    amount: formatAmount(placement.amountMinor, placement.currency),
    commission_percent: formatPercent(placement.commissionPercentScaled),
    invoice_ids: [...placement.invoiceIds],
    status: placement.status,
    closed_on: placement.closedOn,
    notes: placement.notes,
    created_by: placement.createdBy,
    created_at: placement.createdAt.toISOString(),
  };
}

export function recoveryView(recovery: Recovery, currency: string) {
  return {
    id: recovery.id,
    recovered_on: recovery.recoveredOn,
    amount: formatAmount(recovery.amountMinor, currency),
    commission: formatAmount(recovery.commissionMinor, currency),
    net: formatAmount(recovery.amountMinor - recovery.commissionMinor, currency),
    payment_id: recovery.paymentId,
    created_at: recovery.createdAt.toISOString(),
  };
}

export function placementView(detail: PlacementDetail) {
  const { placement } = detail;
  const money = (minor: bigint) => formatAmount(minor, placement.currency);
  return {
    ...placementAuditView(placement),
    customer_ref: detail.customer.ref,
    customer_name: detail.customer.name,
    recovered: money(detail.recoveredMinor),
    commission: money(detail.commissionMinor),
    open: money(detail.openMinor),
  };
}

export function placementDetailView(detail: PlacementDetail) {
  const currency = detail.placement.currency;
  return {
    ...placementView(detail),
    invoices: detail.invoices.map((invoice) => ({
      id: invoice.id,
      number: invoice.number,
      issued_on: invoice.issuedOn,
      due_on: invoice.dueOn,
      total: formatAmount(invoice.totalMinor, currency),
      open: formatAmount(invoice.openMinor, currency),
      status: invoice.status,
    })),
    recoveries: detail.recoveries.map((recovery) => recoveryView(recovery, currency)),
  };
}
