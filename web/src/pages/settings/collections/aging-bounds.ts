import {
  agingBoundsMax,
  agingBuckets,
  parseAgingBounds,
  type AgingBasis,
  type AgingBucket,
} from '../../../../../src/reports/aging';

/**
 * The bounds of the aging buckets as typed, checked by the same pure rules the API applies
 * (src/reports/aging.ts), so that a mistake is shown beside the field as it is made and the
 * columns the bounds make are shown before they are saved.
 */
export type BoundsCheck =
  | { readonly ok: true; readonly bounds: number[]; readonly buckets: AgingBucket[] }
  | { readonly ok: false; readonly message: string; readonly index: number | null };

export function checkBounds(texts: readonly string[], basis: AgingBasis): BoundsCheck {
  const numbers: number[] = [];
  for (const [index, text] of texts.entries()) {
    if (!/^\d{1,6}$/.test(text.trim()))
      return { ok: false, message: 'A bound is a whole number of days.', index };
    numbers.push(Number(text.trim()));
  }
  const parsed = parseAgingBounds(numbers, basis, basis);
  if (!parsed.ok) {
    const match = /\[(\d+)\]$/.exec(parsed.error.field ?? '');
    return { ok: false, message: parsed.error.message, index: match ? Number(match[1]) : null };
  }
  return { ok: true, bounds: parsed.value, buckets: agingBuckets(parsed.value, basis) };
}

/** A bound after the last: a month (or the first bound) past it, as people usually add one. */
export function nextBound(texts: readonly string[]): string {
  const last = Number(texts.at(-1) ?? '');
  return Number.isInteger(last) ? String(last + 30) : '';
}

export const boundsMax = agingBoundsMax;

/** "current", "1-30", "91+" as a person reads the column: Current, 1–30 days, 91 days and over. */
export function bucketName(bucket: AgingBucket): string {
  if (bucket.label === 'current') return 'Current (not yet due)';
  if (bucket.toDays === null) return `${bucket.fromDays} days and over`;
  return `${bucket.fromDays} to ${bucket.toDays} days`;
}
