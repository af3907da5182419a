/**
 * Splitting a bank line over a customer's invoices: the amounts typed are added in the currency's
 * minor units as BigInt (payments/allocation.ts), never as floating point, and the split may not
 * apply more than the line brought; what it does not apply stays as the customer's credit.
 */
import { allocationTotals, currencyDecimals, fromMinor, toMinor } from '../payments/allocation';

export type SplitCheck =
  | {
      readonly ok: true;
      readonly applied: string;
      /** What stays as the customer's unapplied credit. */
      readonly credit: string;
    }
  | { readonly ok: false; readonly problem: 'not_amounts'; readonly invoiceIds: readonly string[] }
  | {
      readonly ok: false;
      readonly problem: 'exceeds_line';
      readonly applied: string;
      /** By how much the amounts are more than the line. */
      readonly over: string;
    };

/** Whether the amounts typed can be sent for a line of `lineAmount`, and what they add up to. */
export function checkSplit(
  lineAmount: string,
  currency: string,
  amounts: Readonly<Record<string, string>>,
): SplitCheck {
  const decimals = currencyDecimals(currency);
  const lineMinor = toMinor(lineAmount, decimals) ?? 0n;
  const totals = allocationTotals(lineMinor, amounts, decimals);
  if (!totals.ok)
    return { ok: false, problem: 'not_amounts', invoiceIds: totals.invalidInvoiceIds };
  if (totals.leftMinor < 0n)
    return {
      ok: false,
      problem: 'exceeds_line',
      applied: fromMinor(totals.appliedMinor, decimals),
      over: fromMinor(-totals.leftMinor, decimals),
    };
  return {
    ok: true,
    applied: fromMinor(totals.appliedMinor, decimals),
    credit: fromMinor(totals.leftMinor, decimals),
  };
}
