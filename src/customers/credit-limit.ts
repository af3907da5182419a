import { formatAmount } from '../core/money.js';
import { fail, ok, type Result } from '../core/result.js';

/**
 * Credit control (issue #5): whether a new invoice may go to a customer on credit hold or over
 * its credit limit. Pure: the service loads the customer's position and the organization's mode.
 *
 * - `off`: nothing is checked.
 * - `warn`: the invoice goes out and carries warnings.
 * - `block`: issuing is refused. Drafts are never refused (see `draftCreditMode`): a draft
 *   commits nobody, and refusing it would only lose the work of typing it.
 *
 * Exposure is what the customer owes now in its own currency: open invoice balances minus
 * unapplied credit (payments and credit notes not yet applied). An invoice goes over the limit
 * when exposure plus its total is more than the limit. The limit is in the customer's currency
 * and Settle converts no currencies, so an invoice in another currency is checked for the hold
 * only.
 */
export const creditControlModes = ['off', 'warn', 'block'] as const;
export type CreditControlMode = (typeof creditControlModes)[number];

export interface CreditPosition {
  readonly currency: string;
  readonly creditHold: boolean;
  /** In minor units of `currency`; null for no limit. */
  readonly creditLimitMinor: bigint | null;
  /** Open invoices minus unapplied credit, in `currency`; negative when the customer is in credit. */
  readonly exposureMinor: bigint;
}

export interface NewInvoice {
  readonly currency: string;
  readonly totalMinor: bigint;
}

export interface CreditWarning {
  readonly code: 'customer_on_credit_hold' | 'credit_limit_exceeded';
  readonly message: string;
}

export function parseCreditControlMode(text: string, field = 'mode'): Result<CreditControlMode> {
  const mode = text.trim().toLowerCase();
  if (!(creditControlModes as readonly string[]).includes(mode)) {
    return fail(
      'credit_control_mode_invalid',
      `"${text}" is not one of ${creditControlModes.join(', ')}.`,
      field,
    );
  }
  return ok(mode as CreditControlMode);
}

/** A draft is checked like an issue in warn mode, never more: see the note at the top. */
export function draftCreditMode(mode: CreditControlMode): CreditControlMode {
  return mode === 'block' ? 'warn' : mode;
}

/** What is wrong with sending this invoice, hold first; empty when nothing is. */
export function creditFindings(position: CreditPosition, invoice: NewInvoice): CreditWarning[] {
  const findings: CreditWarning[] = [];
  if (position.creditHold) {
    findings.push({ code: 'customer_on_credit_hold', message: 'The customer is on credit hold.' });
  }
  const limit = position.creditLimitMinor;
  if (
    limit !== null &&
    invoice.currency === position.currency &&
    position.exposureMinor + invoice.totalMinor > limit
  ) {
    const money = (minor: bigint) =>
      `${formatAmount(minor, position.currency)} ${position.currency}`;
    findings.push({
      code: 'credit_limit_exceeded',
      message:
        `The customer's credit limit is ${money(limit)}; it owes ${money(position.exposureMinor)} and this invoice of ` +
        `${money(invoice.totalMinor)} would take it to ${money(position.exposureMinor + invoice.totalMinor)}.`,
    });
  }
  return findings;
}

/**
 * The decision: ok with the warnings to show (none when off or when nothing is wrong), or, in
 * block mode, a refusal naming the first finding, on the field `customer_id`.
 */
export function checkCredit(
  mode: CreditControlMode,
  position: CreditPosition,
  invoice: NewInvoice,
): Result<CreditWarning[]> {
  if (mode === 'off') return ok([]);
  const findings = creditFindings(position, invoice);
  const first = findings[0];
  if (mode === 'block' && first !== undefined)
    return fail(first.code, first.message, 'customer_id');
  return ok(findings);
}
