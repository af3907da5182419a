import { assert } from './assert.js';
import { fail, ok, type Result } from './result.js';

/**
 * Parses a non-negative decimal string into an integer scaled by 10^scale ("1.5", 6 → 1500000n).
 * Quantities and tax rates are exact decimals, so they are kept as scaled integers, never floats.
 */
export function parseScaledDecimal(text: string, scale: number, field: string): Result<bigint> {
  const match = /^(\d{1,12})(?:\.(\d+))?$/.exec(text.trim());
  if (!match)
    return fail('decimal_invalid', `"${text}" is not a decimal number such as 1.5.`, field);
  const [, whole, fraction = ''] = match;
  if (fraction.length > scale) {
    return fail('decimal_too_precise', `"${text}" has more than ${scale} decimals.`, field);
  }
  return ok(BigInt(whole! + fraction.padEnd(scale, '0')));
}

/** Formats a scaled integer back to its shortest decimal string (1500000n, 6 → "1.5"). */
export function formatScaledDecimal(value: bigint, scale: number): string {
  assert(value >= 0n, 'scaled decimals here are never negative');
  const digits = value.toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  const fraction = digits.slice(digits.length - scale).replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : whole;
}
