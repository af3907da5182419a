import type { CalendarDate } from '../../../../../src/core/calendar-date';
import { formatAmount as formatMinor, parseAmount } from '../../../../../src/core/money';
import type { Result } from '../../../../../src/core/result';
import {
  parsePaymentTerms,
  scheduleFor,
  type PaymentTerms,
} from '../../../../../src/customers/payment-terms';

/**
 * What payment terms mean for one invoice, worked out by the same pure module the API uses when it
 * issues an invoice (src/customers/payment-terms.ts), so the example on the page is the due date
 * and discount Settle would give. Amounts stay exact: minor units in BigInt, decimal strings out.
 */
export interface TermsExample {
  readonly terms: PaymentTerms;
  readonly meaning: string;
  readonly dueOn: string;
  readonly discountOn: string | null;
  /** Decimal strings in major units of the example's currency. */
  readonly discount: string;
  readonly payableWithDiscount: string;
}

export function termsMeaning(terms: PaymentTerms): string {
  if (terms.netDays === 0 && !terms.endOfMonth) return 'Due on the day of issue.';
  const from = terms.endOfMonth ? 'the end of the month of issue' : 'the issue date';
  const net = `Due ${terms.netDays} days after ${from}`;
  if (!terms.discount) return `${net}.`;
  const rate = (terms.discount.rateBasisPoints / 100).toFixed(2).replace(/\.?0+$/, '');
  return `${net}; ${rate} % off when paid within ${terms.discount.days} days of ${from}.`;
}

export function termsExample(
  code: string,
  issuedOn: CalendarDate,
  amount: string,
  currency: string,
): Result<TermsExample> {
  const terms = parsePaymentTerms(code);
  if (!terms.ok) return terms;
  const total = parseAmount(amount, currency, 'amount');
  if (!total.ok) return total;
  const schedule = scheduleFor(terms.value, issuedOn, total.value);
  return {
    ok: true,
    value: {
      terms: terms.value,
      meaning: termsMeaning(terms.value),
      dueOn: schedule.dueOn,
      discountOn: schedule.discountOn,
      discount: formatMinor(schedule.discountMinor, currency),
      payableWithDiscount: formatMinor(total.value - schedule.discountMinor, currency),
    },
  };
}

/** The terms Settle's users meet most, shown with a worked example each. */
export const commonTerms = [
  'DUE_ON_RECEIPT',
  'NET15',
  'NET30',
  'NET60',
  'NET30_EOM',
  '2/10_NET30',
  '1.5/15_NET45_EOM',
] as const;
