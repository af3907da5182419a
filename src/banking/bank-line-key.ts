import { createHash } from 'node:crypto';
import type { BankAccountId, BankLine } from './formats/bank-statement.js';
import { fallbackRef } from './formats/bank-statement.js';

/**
 * Which transaction of an account a bank line is, whichever file it came in: the same payment
 * shows up in the day's camt.054 notification and again in the night's camt.053, and in every
 * statement whose period overlaps another. Its key must be the same each time, and differ for
 * every other transaction, so that an import adds only what the account does not hold yet.
 *
 * - A reference the bank gave the line (camt AcctSvcrRef, the MT940 bank reference, the BAI2
 *   bank reference, the OFX FITID) is unique in the account by the bank's own rules: the key is
 *   that reference with the direction, currency and amount (a bank that reuses a reference for a
 *   reversal still gets two keys, and a damaged file cannot match a different amount).
 * - Without one, the key is what the line says: direction, currency, amount, date, the other
 *   party's account and name, every reference and the remittance text. Two payments alike in all
 *   of these are told apart by their `occurrence` in the file (see occurrences below).
 */
export function bankLineKey(account: BankAccountId, line: BankLine): string {
  const head = [line.direction, line.currency, line.amountMinor.toString()];
  if (hasBankReference(account, line)) return [...head, 'ref', line.ref].join('|');
  const content = JSON.stringify([
    line.bookingDate ?? line.valueDate,
    line.payerAccount,
    normalText(line.payerName ?? ''),
    Object.entries(line.references).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    line.remittance.structured.map((item) => item.reference),
    normalText(line.remittance.unstructured.join(' ')),
  ]);
  return [...head, 'content', createHash('sha256').update(content).digest('base64url')].join('|');
}

/** A reference made from the line's place in its file is no identity across files. */
function hasBankReference(account: BankAccountId, line: BankLine): boolean {
  return (
    line.ref !== fallbackRef(account, line.bookingDate ?? line.valueDate, line.position) &&
    line.ref !== fallbackRef(account, line.valueDate, line.position) &&
    line.ref !== fallbackRef(account, line.bookingDate, line.position)
  );
}

/** Banks re-wrap and re-space the same text between a notification and a statement. */
function normalText(text: string): string {
  return text.replace(/\s+/g, '').toUpperCase();
}

/**
 * The occurrence of each line's key within its file, from 1: the second of two identical lines
 * is occurrence 2. Stored with the key, it lets a file with two genuine identical payments add
 * both, while another file holding the same two adds neither (they are occurrences 1 and 2 again).
 */
export function occurrences(keys: readonly string[]): number[] {
  const seen = new Map<string, number>();
  return keys.map((key) => {
    const count = (seen.get(key) ?? 0) + 1;
    seen.set(key, count);
    return count;
  });
}
