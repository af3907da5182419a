import { addDays, endOfMonth, type CalendarDate } from '../core/calendar-date.js';
import { divideRoundHalfUp } from '../core/money.js';
import { limits } from '../core/limits.js';
import { fail, ok, type Result } from '../core/result.js';

/**
 * Payment terms, written as a code: `DUE_ON_RECEIPT`, `NET30`, `NET30_EOM`, `2/10_NET30`,
 * `1.5/15_NET45_EOM`.
 *
 * - NET n: due n days after the issue date.
 * - _EOM (end of month): the days count from the last day of the month of issue, so an invoice
 *   issued on 12 March with NET30_EOM is due on 30 April. The discount window counts from the same
 *   base date.
 * - p/d: an early-payment discount of p percent (up to two decimals) of the invoice total when it
 *   is settled within d days.
 */
export interface PaymentTerms {
  readonly code: string;
  readonly netDays: number;
  readonly endOfMonth: boolean;
  readonly discount: { readonly rateBasisPoints: number; readonly days: number } | null;
}

export interface TermsSchedule {
  readonly dueOn: CalendarDate;
  readonly discountOn: CalendarDate | null;
  readonly discountMinor: bigint;
}

const termsPattern = /^(?:(\d{1,2}(?:\.\d{1,2})?)\/(\d{1,4})_)?NET(\d{1,4})(_EOM)?$/;

export function parsePaymentTerms(text: string, field = 'terms'): Result<PaymentTerms> {
  // People write "Net 30", "2/10 net 30" or "net 30 EOM": join NET to its days, then spaces to _.
  const code = text
    .trim()
    .toUpperCase()
    .replace(/NET\s+(?=\d)/g, 'NET')
    .replace(/\s+/g, '_');
  if (code === 'DUE_ON_RECEIPT' || code === 'NET0') {
    return ok({ code: 'DUE_ON_RECEIPT', netDays: 0, endOfMonth: false, discount: null });
  }
  const match = termsPattern.exec(code);
  if (!match) {
    return fail(
      'terms_invalid',
      `"${text}" is not a payment terms code such as NET30, DUE_ON_RECEIPT, NET30_EOM or 2/10_NET30.`,
      field,
    );
  }
  const [, rate, discountDays, netDays, eom] = match;
  const net = Number(netDays);
  if (net > limits.termDaysMax)
    return fail('terms_invalid', `Net days must be at most ${limits.termDaysMax}.`, field);
  let discount: PaymentTerms['discount'] = null;
  if (rate !== undefined) {
    const [whole, fraction = ''] = rate.split('.');
    const rateBasisPoints = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
    const days = Number(discountDays);
    if (rateBasisPoints <= 0 || rateBasisPoints >= 10_000) {
      return fail(
        'terms_invalid',
        'The discount must be more than 0 % and less than 100 %.',
        field,
      );
    }
    if (days >= net)
      return fail('terms_invalid', 'The discount days must be fewer than the net days.', field);
    discount = { rateBasisPoints, days };
  }
  return ok({ code, netDays: net, endOfMonth: eom !== undefined, discount });
}

/** The due date, discount date and discount amount that the terms give an invoice. */
export function scheduleFor(
  terms: PaymentTerms,
  issuedOn: CalendarDate,
  totalMinor: bigint,
): TermsSchedule {
  const base = terms.endOfMonth ? endOfMonth(issuedOn) : issuedOn;
  const dueOn = addDays(base, terms.netDays);
  if (terms.discount === null) return { dueOn, discountOn: null, discountMinor: 0n };
  return {
    dueOn,
    discountOn: addDays(base, terms.discount.days),
    discountMinor: divideRoundHalfUp(totalMinor * BigInt(terms.discount.rateBasisPoints), 10_000n),
  };
}

/**
 * The terms as an invoice states them: "Net 30 days", "Net 30 days after the end of the month",
 * "Due on receipt", with the early-payment discount first ("2 % discount if paid within 10 days,
 * otherwise net 30 days"). The invoice prints the discount's amount and last day beside it.
 */
export function termsInWords(terms: PaymentTerms): string {
  const net =
    terms.netDays === 0 && !terms.endOfMonth
      ? 'due on receipt'
      : `net ${terms.netDays} days${terms.endOfMonth ? ' after the end of the month' : ''}`;
  if (terms.discount === null) return net.charAt(0).toUpperCase() + net.slice(1);
  const points = terms.discount.rateBasisPoints;
  const percent = `${Math.trunc(points / 100)}${
    points % 100 === 0
      ? ''
      : `.${String(points % 100)
          .padStart(2, '0')
          .replace(/0$/, '')}`
  }`;
  return `${percent} % discount if paid within ${terms.discount.days} days, otherwise ${net}`;
}
