import { assert } from '../core/assert.js';

/**
 * An issued invoice's status follows its balance: open until something is applied, then
 * partially paid, and once nothing is open either paid or, when a write-off closed it, written
 * off. Void is set by voiding and never changes again; draft only by creating.
 */
export type InvoiceStatus = 'draft' | 'open' | 'partially_paid' | 'paid' | 'written_off' | 'void';

export const invoiceStatuses: readonly InvoiceStatus[] = ['draft', 'open', 'partially_paid', 'paid', 'written_off', 'void'];

export function balanceStatus(totalMinor: bigint, openMinor: bigint, writtenOffMinor: bigint): InvoiceStatus {
  assert(openMinor >= 0n && openMinor <= totalMinor, 'open balance must lie between zero and the total');
  if (openMinor === 0n && totalMinor > 0n) return writtenOffMinor > 0n ? 'written_off' : 'paid';
  if (openMinor === 0n) return 'paid';
  return openMinor === totalMinor ? 'open' : 'partially_paid';
}
