/**
 * The geometry of charts of money. Amounts arrive as exact decimal strings; they are turned into
 * integers of their smallest unit (BigInt) before anything is added or compared, so that a stack
 * of bars sums exactly like the table beside it. Only the final share of the drawing (a fraction
 * of the chart's width or height) becomes a JavaScript number, which is geometry, not money.
 */

const decimalPattern = /^(-?)(\d+)(?:\.(\d+))?$/;

/** The number of decimals of an amount string ("1234.50" → 2, "7" → 0); null when not a decimal. */
function decimalsOf(amount: string): number | null {
  const match = decimalPattern.exec(amount);
  return match ? (match[3]?.length ?? 0) : null;
}

/**
 * Amounts as integers on one common scale (the most decimals among them), so that "10.5" and
 * "0.25" become 1050n and 25n. A string that is not a decimal counts as zero.
 */
export function toMinorUnits(amounts: readonly string[]): bigint[] {
  const decimals = Math.max(0, ...amounts.map((amount) => decimalsOf(amount) ?? 0));
  return amounts.map((amount) => {
    const match = decimalPattern.exec(amount);
    if (!match) return 0n;
    const [, sign, whole, fraction = ''] = match;
    const digits = BigInt(whole! + fraction.padEnd(decimals, '0'));
    return sign === '-' ? -digits : digits;
  });
}

/** Parts in a million: the resolution of a share, finer than any screen's pixels. */
const resolution = 1_000_000n;

/** part / whole as a number from 0 to 1 (0 when the whole is not positive; negatives count 0). */
export function shareOf(part: bigint, whole: bigint): number {
  if (whole <= 0n || part <= 0n) return 0;
  const clamped = part > whole ? whole : part;
  return Number((clamped * resolution) / whole) / Number(resolution);
}

export interface Segment {
  /** Where the segment starts and how long it is, as shares of the whole bar (0 to 1). */
  readonly start: number;
  readonly size: number;
}

/**
 * A stacked bar of amounts: each one's start and size as a share of their sum. Negative amounts
 * (credit) cannot be drawn as a length and take no room; the sum is exact, in minor units.
 */
export function stackSegments(amounts: readonly string[]): Segment[] {
  const minor = toMinorUnits(amounts).map((value) => (value > 0n ? value : 0n));
  const total = minor.reduce((sum, value) => sum + value, 0n);
  let before = 0n;
  return minor.map((value) => {
    const segment = { start: shareOf(before, total), size: shareOf(value, total) };
    before += value;
    return segment;
  });
}

/** Bars side by side: each amount's length as a share of the largest one. */
export function barLengths(amounts: readonly string[]): number[] {
  const minor = toMinorUnits(amounts);
  const largest = minor.reduce((max, value) => (value > max ? value : max), 0n);
  return minor.map((value) => shareOf(value, largest));
}

/**
 * The value range a line chart's axis shows for ratios (days, percent): from zero, or below it
 * when a value is negative, to a little above the largest value, so that no point sits on the
 * frame. Missing values (null) are skipped; with no value at all, 0 to 1.
 */
export function valueDomain(values: readonly (number | null)[]): [number, number] {
  const known = values.filter((value): value is number => value !== null && Number.isFinite(value));
  if (known.length === 0) return [0, 1];
  const low = Math.min(0, ...known);
  const high = Math.max(...known);
  if (high === low) return [low, low + 1];
  return [low, high + (high - low) * 0.1];
}
