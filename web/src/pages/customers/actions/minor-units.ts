/**
 * Sums of amounts for a payment plan's schedule, exact to the minor unit: the API sends and takes
 * amounts as decimal strings, and a schedule must add up to exactly what its invoices have open,
 * so the form adds them as BigInt counts of the currency's minor unit, never as floating numbers.
 */

/** The currency's decimals: JPY 0, EUR 2, KWD 3. */
export function currencyDecimals(currency: string): number {
  return (
    new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
      .maximumFractionDigits ?? 2
  );
}

/** "12.5" in EUR → 1250n; undefined when the text is not an amount in that currency. */
export function toMinor(amount: string, decimals: number): bigint | undefined {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(amount.trim());
  if (!match) return undefined;
  const [, sign, whole, fraction = ''] = match;
  if (fraction.length > decimals) return undefined;
  const minor = BigInt(whole! + fraction.padEnd(decimals, '0'));
  return sign === '-' ? -minor : minor;
}

/** 1250n in EUR → "12.50". */
export function fromMinor(minor: bigint, decimals: number): string {
  const negative = minor < 0n;
  const digits = (negative ? -minor : minor).toString().padStart(decimals + 1, '0');
  const whole = digits.slice(0, digits.length - decimals);
  const fraction = digits.slice(digits.length - decimals);
  return `${negative ? '-' : ''}${whole}${decimals > 0 ? `.${fraction}` : ''}`;
}

/**
 * The exact sum of decimal amounts in a currency, or undefined when one of them is not an amount
 * (so that a half-typed schedule shows no misleading total).
 */
export function sumAmounts(amounts: readonly string[], currency: string): string | undefined {
  const decimals = currencyDecimals(currency);
  let total = 0n;
  for (const amount of amounts) {
    const minor = toMinor(amount, decimals);
    if (minor === undefined) return undefined;
    total += minor;
  }
  return fromMinor(total, decimals);
}

/** a − b, exactly, when both are amounts in the currency. */
export function subtractAmounts(a: string, b: string, currency: string): string | undefined {
  const decimals = currencyDecimals(currency);
  const left = toMinor(a, decimals);
  const right = toMinor(b, decimals);
  return left === undefined || right === undefined ? undefined : fromMinor(left - right, decimals);
}
