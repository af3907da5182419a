import { addDays, daysBetween, maxDate, type CalendarDate } from '../core/calendar-date.js';
import { divideRoundHalfUp } from '../core/money.js';
import { formatPercent, percentUnit } from '../core/percent.js';
import { fail, ok, type Result } from '../core/result.js';

/**
 * Late fees and interest on an overdue invoice, charged as a late-fee invoice (issue #5). Rates are
 * percentages kept as integers scaled by 10^4 ("8.25" → 82500n); interest is simple interest per
 * day on a 365-day year, rounded half-up once per charge.
 *
 * A charge covers a period: the days from the day after the invoice fell due (or after the last
 * day already charged) to the day of the run. Charging a period that starts after the last one
 * charged is what keeps interest from being charged twice for the same days, whatever the run
 * schedule; one-off amounts (a fixed fee, a percentage, the statutory compensation) are charged
 * once per invoice.
 */
export type LateChargeRule =
  | { readonly kind: 'fixed'; readonly amountMinor: bigint }
  | { readonly kind: 'percentage'; readonly percentScaled: bigint }
  | { readonly kind: 'monthly_interest'; readonly percentPerMonthScaled: bigint }
  /** UK Late Payment of Commercial Debts (Interest) Act 1998: 8 % over the Bank of England base rate, and fixed compensation by debt size. */
  | { readonly kind: 'statutory_uk'; readonly referencePercentScaled: bigint }
  /** EU Directive 2011/7/EU: 8 points over the ECB reference rate, and EUR 40 compensation. */
  | { readonly kind: 'statutory_eu'; readonly referencePercentScaled: bigint };

const statutoryMarginScaled = 8n * percentUnit;

export interface OverdueInvoice {
  readonly currency: string;
  readonly dueOn: CalendarDate;
  /** The balance the charge is worked out on. */
  readonly openMinor: bigint;
}

export interface ChargedSoFar {
  /**
   * The last day of the last interest line charged; null if none was. Days whose interest rounded
   * to nothing produced no line and stay uncharged, to be covered by the next charge.
   */
  readonly interestThrough: CalendarDate | null;
  /** Whether the one-off part (a fee, a percentage, the statutory compensation) was charged. */
  readonly oneOffCharged: boolean;
}

export interface LateChargeLine {
  readonly kind: 'fee' | 'interest' | 'compensation';
  readonly description: string;
  readonly amountMinor: bigint;
  /** For interest: the days it covers. */
  readonly from?: CalendarDate;
  readonly through?: CalendarDate;
}

/** UK fixed compensation by the size of the debt, in pence. */
export function ukCompensationMinor(debtMinor: bigint): bigint {
  if (debtMinor < 100_000n) return 4_000n;
  if (debtMinor < 1_000_000n) return 7_000n;
  return 10_000n;
}

/** Simple interest on `openMinor` at an annual rate over `days` days, to the minor unit, half up. */
export function simpleInterestMinor(
  openMinor: bigint,
  annualPercentScaled: bigint,
  days: number,
): bigint {
  if (days <= 0 || openMinor <= 0n) return 0n;
  return divideRoundHalfUp(
    openMinor * annualPercentScaled * BigInt(days),
    100n * percentUnit * 365n,
  );
}

/**
 * What to charge on `today` under a rule, given what was charged before. Nothing before the day
 * after the due date, and nothing on nothing open. Codes: late_charge_currency_invalid (the
 * statutory presets are for GBP and EUR debts: their fixed compensation is in that currency).
 */
export function lateChargeLines(
  rule: LateChargeRule,
  invoice: OverdueInvoice,
  charged: ChargedSoFar,
  today: CalendarDate,
): Result<LateChargeLine[]> {
  if (rule.kind === 'statutory_uk' && invoice.currency !== 'GBP') {
    return fail(
      'late_charge_currency_invalid',
      'The UK statutory preset applies to debts in GBP.',
      'currency',
    );
  }
  if (rule.kind === 'statutory_eu' && invoice.currency !== 'EUR') {
    return fail(
      'late_charge_currency_invalid',
      'The EU statutory preset applies to debts in EUR.',
      'currency',
    );
  }
  const firstLateDay = addDays(invoice.dueOn, 1);
  if (invoice.openMinor <= 0n || today < firstLateDay) return ok([]);
  const lines: LateChargeLine[] = [];
  const oneOff = !charged.oneOffCharged;
  const interest = (annualScaled: bigint, label: string) => {
    const from =
      charged.interestThrough === null
        ? firstLateDay
        : maxDate(firstLateDay, addDays(charged.interestThrough, 1));
    const days = daysBetween(from, today) + 1;
    const amountMinor = simpleInterestMinor(invoice.openMinor, annualScaled, days);
    if (amountMinor > 0n) {
      lines.push({
        kind: 'interest',
        description: `${label}, ${days} days from ${from} to ${today}`,
        amountMinor,
        from,
        through: today,
      });
    }
  };
  switch (rule.kind) {
    case 'fixed':
      if (oneOff && rule.amountMinor > 0n)
        lines.push({ kind: 'fee', description: 'Late payment fee', amountMinor: rule.amountMinor });
      break;
    case 'percentage': {
      const amountMinor = divideRoundHalfUp(
        invoice.openMinor * rule.percentScaled,
        100n * percentUnit,
      );
      if (oneOff && amountMinor > 0n)
        lines.push({
          kind: 'fee',
          description: `Late payment fee, ${formatPercent(rule.percentScaled)} %`,
          amountMinor,
        });
      break;
    }
    case 'monthly_interest':
      // A month is a twelfth of the year: the monthly rate times twelve, per day.
      interest(
        rule.percentPerMonthScaled * 12n,
        `Interest at ${formatPercent(rule.percentPerMonthScaled)} % a month`,
      );
      break;
    case 'statutory_uk': {
      const rate = rule.referencePercentScaled + statutoryMarginScaled;
      interest(
        rate,
        `Statutory interest at ${formatPercent(rate)} % a year (8 % over the base rate of ${formatPercent(rule.referencePercentScaled)} %)`,
      );
      if (oneOff)
        lines.push({
          kind: 'compensation',
          description: 'Fixed compensation for late payment',
          amountMinor: ukCompensationMinor(invoice.openMinor),
        });
      break;
    }
    case 'statutory_eu': {
      const rate = rule.referencePercentScaled + statutoryMarginScaled;
      interest(
        rate,
        `Statutory interest at ${formatPercent(rate)} % a year (8 points over the reference rate of ${formatPercent(rule.referencePercentScaled)} %)`,
      );
      if (oneOff)
        lines.push({
          kind: 'compensation',
          description: 'Fixed compensation for recovery costs',
          amountMinor: 4_000n,
        });
      break;
    }
  }
  return ok(lines);
}
