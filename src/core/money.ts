import { assert } from './assert.js';
import { limits } from './limits.js';
import { fail, ok, type Result } from './result.js';

/** An amount of money: an integer count of the currency's minor units. Never a float. */
export interface Money {
  readonly minor: bigint;
  readonly currency: string;
}

/**
 * ISO 4217 minor-unit exponents for the currencies in use (list of 2026). Currencies not listed
 * here are refused rather than guessed at, because a wrong exponent mis-states every amount.
 */
const exponentByCurrency: Readonly<Record<string, number>> = (() => {
  const table: Record<string, number> = {};
  const twoDecimal =
    'AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BRL BSD BTN BWP BYN BZD ' +
    'CAD CDF CHF CNY COP CRC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD ' +
    'GTQ GYD HKD HNL HTG HUF IDR ILS INR IRR JMD KES KGS KHR KPW KYD KZT LAK LBP LKR LRD LSL MAD ' +
    'MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD PAB PEN PGK PHP ' +
    'PKR PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS ' +
    'TMT TOP TRY TTD TWD TZS UAH USD UYU UZS VES WST XCD XCG YER ZAR ZMW ZWG';
  const zeroDecimal = 'BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF';
  const threeDecimal = 'BHD IQD JOD KWD LYD OMR TND';
  const fourDecimal = 'CLF UYW';
  for (const code of twoDecimal.split(' ')) table[code] = 2;
  for (const code of zeroDecimal.split(' ')) table[code] = 0;
  for (const code of threeDecimal.split(' ')) table[code] = 3;
  for (const code of fourDecimal.split(' ')) table[code] = 4;
  return Object.freeze(table);
})();

export function isCurrency(code: string): boolean {
  return Object.hasOwn(exponentByCurrency, code);
}

/** The number of decimal places of the currency's minor unit (JPY 0, EUR 2, KWD 3). */
export function currencyExponent(currency: string): number {
  const exponent = exponentByCurrency[currency];
  assert(exponent !== undefined, `unknown currency ${currency}`);
  return exponent;
}

export function parseCurrency(value: string, field = 'currency'): Result<string> {
  const code = value.trim().toUpperCase();
  if (!isCurrency(code))
    return fail('currency_unknown', `"${value}" is not an ISO 4217 currency code.`, field);
  return ok(code);
}

const amountPattern = /^(-)?(\d{1,22})(?:\.(\d+))?$/;

/**
 * Parses a decimal string in major units ("1234.50") into minor units. More decimals than the
 * currency has is an error, never a silent rounding: "10.005" EUR is refused.
 */
export function parseAmount(
  text: string,
  currency: string,
  field = 'amount',
  options: { allowNegative?: boolean } = {},
): Result<bigint> {
  const match = amountPattern.exec(text.trim());
  if (!match)
    return fail('amount_invalid', `"${text}" is not a decimal amount such as 1234.50.`, field);
  const [, sign, whole, fraction = ''] = match;
  const exponent = currencyExponent(currency);
  if (fraction.length > exponent) {
    return fail(
      'amount_too_precise',
      `"${text}" has ${fraction.length} decimals; ${currency} has ${exponent}.`,
      field,
    );
  }
  if (sign && !options.allowNegative)
    return fail('amount_negative', `"${text}" must not be negative.`, field);
  const minor = BigInt(whole! + fraction.padEnd(exponent, '0'));
  if (minor > limits.amountMinorMax) {
    return fail(
      'amount_too_large',
      `"${text}" is more than the ${formatAmount(limits.amountMinorMax, currency)} ${currency} Settle accepts for one amount.`,
      field,
    );
  }
  return ok(sign ? -minor : minor);
}

/** Formats minor units as a decimal string in major units: 123450n EUR → "1234.50". */
export function formatAmount(minor: bigint, currency: string): string {
  const exponent = currencyExponent(currency);
  const negative = minor < 0n;
  const digits = (negative ? -minor : minor).toString().padStart(exponent + 1, '0');
  const whole = digits.slice(0, digits.length - exponent);
  const fraction = digits.slice(digits.length - exponent);
  return `${negative ? '-' : ''}${whole}${exponent > 0 ? `.${fraction}` : ''}`;
}

/** Integer division rounding half away from zero: the commercial rounding of invoices. */
export function divideRoundHalfUp(numerator: bigint, denominator: bigint): bigint {
  assert(denominator !== 0n, 'division by zero');
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const quotient = (n * 2n + d) / (d * 2n);
  return negative ? -quotient : quotient;
}

/**
 * Splits `total` into parts proportional to `ratios` so that the parts sum exactly to the total
 * and each part is less than one unit from its exact share. Each part is first floored; the
 * remaining units go one at a time to the parts with the largest fractional remainders (the
 * largest-remainder method), ties going to the larger ratio and then to the lower index. The
 * order is fixed, so the split is reproducible.
 *
 * Example: allocate(100n, [1n, 1n, 1n]) → [34n, 33n, 33n]; allocate(7n, [2n, 1n, 1n]) → [3n, 2n, 2n].
 */
export function allocate(total: bigint, ratios: readonly bigint[]): bigint[] {
  assert(ratios.length > 0, 'allocate needs at least one ratio');
  assert(
    ratios.every((ratio) => ratio >= 0n),
    'allocate ratios must not be negative',
  );
  const ratioSum = ratios.reduce((sum, ratio) => sum + ratio, 0n);
  assert(ratioSum > 0n, 'allocate ratios must not all be zero');
  if (total < 0n) return allocate(-total, ratios).map((part) => -part);

  const parts = ratios.map((ratio) => (total * ratio) / ratioSum);
  let remainder = total - parts.reduce((sum, part) => sum + part, 0n);
  const order = ratios
    .map((ratio, index) => ({ ratio, index, fraction: (total * ratio) % ratioSum }))
    .filter(({ fraction }) => fraction > 0n)
    .sort((a, b) =>
      a.fraction !== b.fraction
        ? a.fraction > b.fraction
          ? -1
          : 1
        : a.ratio !== b.ratio
          ? a.ratio > b.ratio
            ? -1
            : 1
          : a.index - b.index,
    );
  // The fractions sum to remainder × ratioSum and each is below ratioSum, so there are at least
  // `remainder` parts with a fraction and one pass is enough.
  for (const { index } of order) {
    if (remainder === 0n) break;
    parts[index]! += 1n;
    remainder -= 1n;
  }
  assert(remainder === 0n, 'allocate left a remainder');
  assert(
    parts.reduce((sum, part) => sum + part, 0n) === total,
    'allocate parts do not sum to the total',
  );
  return parts;
}

/** Splits `total` into `count` parts that differ by at most one unit, earlier parts larger. */
export function allocateEvenly(total: bigint, count: number): bigint[] {
  return allocate(
    total,
    Array.from({ length: count }, () => 1n),
  );
}

export function sumMinor(values: Iterable<bigint>): bigint {
  let sum = 0n;
  for (const value of values) sum += value;
  return sum;
}
