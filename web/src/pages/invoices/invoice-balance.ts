import { formatAmount, parseAmount } from '../../../../src/core/money';
import type { Amount, Application } from '../../api/types';

export type SourceType = Application['source_type'];

/** What was applied to an invoice, per kind of money, net of reversals (negative applications). */
export type AppliedByKind = Readonly<Record<SourceType, Amount>>;

/**
 * Adds up an invoice's applications per kind (payments, credit notes, write-offs, discounts) in
 * minor units as BigInt: the API sends each amount as an exact decimal string, and a bounced
 * payment's reversal as a negative one, so the sums are exact whatever their size.
 */
export function appliedByKind(
  applications: readonly Application[],
  currency: string,
): AppliedByKind {
  const sums: Record<SourceType, bigint> = {
    payment: 0n,
    credit_note: 0n,
    write_off: 0n,
    discount: 0n,
  };
  for (const application of applications) {
    const minor = parseAmount(application.amount, currency, 'amount', { allowNegative: true });
    if (!minor.ok) throw new Error(`The API sent an amount that is not one: ${application.amount}`);
    sums[application.source_type] += minor.value;
  }
  return {
    payment: formatAmount(sums.payment, currency),
    credit_note: formatAmount(sums.credit_note, currency),
    write_off: formatAmount(sums.write_off, currency),
    discount: formatAmount(sums.discount, currency),
  };
}

/** Whether anything is applied now: voiding is allowed only then (a reversed payment counts as none). */
export function hasMoneyApplied(applications: readonly Application[], currency: string): boolean {
  const sums = appliedByKind(applications, currency);
  return Object.values(sums).some((amount) => /[1-9]/.test(amount));
}
