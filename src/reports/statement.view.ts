import { formatAmount } from '../core/money.js';
import { addressView } from '../customers/customer.view.js';
import type { Statement } from './get-statement.service.js';

/** The statement as the API and `settle statement --format json` give it: amounts as decimal strings. */
export function statementView(statement: Statement) {
  return {
    customer: {
      id: statement.customer.id,
      ref: statement.customer.ref,
      name: statement.customer.name,
      legal_name: statement.customer.legalName,
      billing_address: addressView(statement.customer.billingAddress),
    },
    from: statement.from,
    to: statement.to,
    aging_basis: statement.agingBasis,
    aging_buckets: statement.agingBuckets.map((b) => ({
      label: b.label,
      from_days: b.fromDays,
      to_days: b.toDays,
    })),
    currencies: statement.currencies.map((section) => {
      const money = (minor: bigint) => formatAmount(minor, section.currency);
      return {
        currency: section.currency,
        opening_balance: money(section.openingMinor),
        lines: section.lines.map((line) => ({
          date: line.on,
          type: line.type,
          document_type: line.documentType,
          document_id: line.documentId,
          number: line.number,
          description: line.description,
          amount: money(line.amountMinor),
          balance: money(line.balanceMinor),
        })),
        closing_balance: money(section.closingMinor),
        aging: {
          buckets: section.aging.bucketsMinor.map(money),
          unapplied: money(section.aging.unappliedMinor),
          balance: money(section.aging.balanceMinor),
        },
      };
    }),
  };
}
