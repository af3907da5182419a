import { formatScaledDecimal, parseScaledDecimal } from './decimal.js';
import { fail, type Result } from './result.js';

/**
 * Percentages (late-fee and interest rates, an agency's commission) are exact decimals, kept as
 * integers scaled by 10^4 as their numeric(7,4) columns hold them: "8.25" is 82500n. A rate
 * stored as a float would charge interest a fraction of a cent off.
 */
export const percentScale = 4;
export const percentUnit = 10n ** BigInt(percentScale);

/** A rate from 0 to 100 %. Codes: decimal_invalid, decimal_too_precise, percent_invalid. */
export function parsePercent(text: string, field: string): Result<bigint> {
  const parsed = parseScaledDecimal(text, percentScale, field);
  if (!parsed.ok) return parsed;
  if (parsed.value > 100n * percentUnit)
    return fail('percent_invalid', `A rate is at most 100 %, not ${text}.`, field);
  return parsed;
}

/** The shortest form, for people, letters and the API: "25", "17.5", "8.25". */
export function formatPercent(scaled: bigint): string {
  return formatScaledDecimal(scaled, percentScale);
}
