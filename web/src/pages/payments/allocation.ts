/**
 * The arithmetic of spreading a payment over invoices, in the currency's minor units as BigInt:
 * the API sends amounts as exact decimal strings, and a sum of them in floating point would be off
 * by a cent now and then, which a clerk balancing a bank deposit would notice first.
 */

/** Digits after the decimal point of a currency (JPY 0, EUR 2, KWD 3), from its currency format. */
export function currencyDecimals(currency: string): number {
  try {
    return (
      new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
        .maximumFractionDigits ?? 2
    );
  } catch {
    return 2;
  }
}

/**
 * "1234.5" → 123450n in a two-decimal currency; null for anything that is not a plain
 * non-negative decimal with at most the currency's decimals (the API refuses those, never rounds).
 * Blank is zero: an invoice row left empty takes nothing.
 */
export function toMinor(amount: string, decimals: number): bigint | null {
  const text = amount.trim().replace(/,/g, '');
  if (text === '') return 0n;
  const match = /^(\d+)(?:\.(\d*))?$/.exec(text);
  if (!match) return null;
  const fraction = match[2] ?? '';
  if (fraction.length > decimals) return null;
  return BigInt(match[1]! + fraction.padEnd(decimals, '0'));
}

/** 123450n → "1234.50": the API's form of an amount. */
export function fromMinor(minor: bigint, decimals: number): string {
  const negative = minor < 0n;
  const digits = (negative ? -minor : minor).toString().padStart(decimals + 1, '0');
  const whole = digits.slice(0, digits.length - decimals);
  const fraction = digits.slice(digits.length - decimals);
  return `${negative ? '-' : ''}${whole}${decimals > 0 ? `.${fraction}` : ''}`;
}

export interface OpenInvoice {
  readonly id: string;
  readonly number: string | null;
  readonly issued_on: string | null;
  readonly due_on: string | null;
  readonly open: string;
}

/** Oldest first as the API applies it: by due date, then issue date, then number. */
export function oldestFirst<Invoice extends OpenInvoice>(invoices: readonly Invoice[]): Invoice[] {
  return [...invoices].sort(
    (a, b) =>
      (a.due_on ?? '').localeCompare(b.due_on ?? '') ||
      (a.issued_on ?? '').localeCompare(b.issued_on ?? '') ||
      (a.number ?? '').localeCompare(b.number ?? ''),
  );
}

/**
 * The amount to put on each invoice when `available` is spread oldest first: each takes its whole
 * open balance until the money runs out. Keyed by invoice id, as decimal strings ('' for none),
 * ready to be shown in the form's inputs.
 */
export function suggestOldestFirst(
  availableMinor: bigint,
  invoices: readonly OpenInvoice[],
  decimals: number,
): Record<string, string> {
  const suggestion: Record<string, string> = {};
  let left = availableMinor > 0n ? availableMinor : 0n;
  for (const invoice of oldestFirst(invoices)) {
    const open = toMinor(invoice.open, decimals) ?? 0n;
    const take = open < left ? open : left;
    suggestion[invoice.id] = take > 0n ? fromMinor(take, decimals) : '';
    left -= take;
  }
  return suggestion;
}

export type AllocationTotals =
  | {
      readonly ok: true;
      readonly appliedMinor: bigint;
      /** What stays as the customer's unapplied credit; negative when more is applied than there is. */
      readonly leftMinor: bigint;
    }
  | { readonly ok: false; readonly invalidInvoiceIds: readonly string[] };

/** What the rows add up to against the money available, or which rows are not amounts. */
export function allocationTotals(
  availableMinor: bigint,
  amounts: Readonly<Record<string, string>>,
  decimals: number,
): AllocationTotals {
  let appliedMinor = 0n;
  const invalidInvoiceIds: string[] = [];
  for (const [invoiceId, amount] of Object.entries(amounts)) {
    const minor = toMinor(amount, decimals);
    if (minor === null) invalidInvoiceIds.push(invoiceId);
    else appliedMinor += minor;
  }
  if (invalidInvoiceIds.length > 0) return { ok: false, invalidInvoiceIds };
  return { ok: true, appliedMinor, leftMinor: availableMinor - appliedMinor };
}

/**
 * The applications to send, in the order of the invoices shown, leaving out rows of zero, with
 * the invoice of each so that an error naming `applications[2].amount` can mark its row.
 */
export function applicationsToSend(
  invoices: readonly OpenInvoice[],
  amounts: Readonly<Record<string, string>>,
  decimals: number,
): { invoice_id: string; amount: string }[] {
  const applications: { invoice_id: string; amount: string }[] = [];
  for (const invoice of invoices) {
    const minor = toMinor(amounts[invoice.id] ?? '', decimals);
    if (minor === null || minor === 0n) continue;
    applications.push({ invoice_id: invoice.id, amount: fromMinor(minor, decimals) });
  }
  return applications;
}
