import { fail, ok, type Result } from '../core/result.js';

/** What an invoice's age counts from: its due date (days past due) or its issue date (days since issue). */
export type AgingBasis = 'due' | 'issue';
export const agingBases: readonly AgingBasis[] = ['due', 'issue'];

/**
 * The buckets of each basis, as the inclusive upper bounds of every bucket but the last, in days.
 * Under the due basis the first bound is 0, so that the first bucket, Current, is exactly what is
 * not yet past due; under the issue basis ages start at 0 and the first bucket is 0 to its bound.
 */
export interface AgingBucketBounds {
  readonly due: readonly number[];
  readonly issue: readonly number[];
}

export const defaultAgingBucketBounds: AgingBucketBounds = {
  due: [0, 30, 60, 90],
  issue: [30, 60, 90],
};

export const agingBoundsMax = 12;
export const agingDaysMax = 36_500;

export interface AgingBucket {
  /** The column name: `current`, `1-30`, …, `91+`. */
  readonly label: string;
  /** Inclusive day range; null where the bucket is open-ended. */
  readonly fromDays: number | null;
  readonly toDays: number | null;
}

export function parseAgingBasis(value: string | undefined, field = 'basis'): Result<AgingBasis> {
  if (value === undefined || value === '') return ok('due');
  if ((agingBases as readonly string[]).includes(value)) return ok(value as AgingBasis);
  return fail('aging_basis_invalid', `The basis is "due" or "issue", not "${value}".`, field);
}

/** Checks one basis's bounds: whole days, strictly rising, the due basis starting at 0. */
export function parseAgingBounds(
  bounds: readonly number[],
  basis: AgingBasis,
  field: string,
): Result<number[]> {
  if (bounds.length === 0 || bounds.length > agingBoundsMax) {
    return fail('aging_buckets_invalid', `Give 1 to ${agingBoundsMax} bucket bounds.`, field);
  }
  for (const [index, bound] of bounds.entries()) {
    if (!Number.isInteger(bound) || bound < 0 || bound > agingDaysMax) {
      return fail(
        'aging_buckets_invalid',
        `A bound is a whole number of days from 0 to ${agingDaysMax}.`,
        `${field}[${index}]`,
      );
    }
    if (index > 0 && bound <= bounds[index - 1]!) {
      return fail('aging_buckets_invalid', 'The bounds must rise strictly.', `${field}[${index}]`);
    }
  }
  if (basis === 'due' && bounds[0] !== 0) {
    return fail(
      'aging_buckets_invalid',
      'Under the due basis the first bound is 0: Current is what is not yet past due.',
      `${field}[0]`,
    );
  }
  return ok([...bounds]);
}

/** The buckets the bounds make, with their column labels. */
export function agingBuckets(bounds: readonly number[], basis: AgingBasis): AgingBucket[] {
  const buckets: AgingBucket[] = [];
  for (const [index, bound] of bounds.entries()) {
    if (index === 0) {
      buckets.push(
        basis === 'due'
          ? { label: 'current', fromDays: null, toDays: bound }
          : { label: `0-${bound}`, fromDays: 0, toDays: bound },
      );
    } else {
      const from = bounds[index - 1]! + 1;
      buckets.push({ label: `${from}-${bound}`, fromDays: from, toDays: bound });
    }
  }
  buckets.push({
    label: `${bounds[bounds.length - 1]! + 1}+`,
    fromDays: bounds[bounds.length - 1]! + 1,
    toDays: null,
  });
  return buckets;
}

/** The bucket of an age in days: how many bounds it is past. The SQL does the same with width_bucket. */
export function bucketIndexOf(days: number, bounds: readonly number[]): number {
  let index = 0;
  while (index < bounds.length && days > bounds[index]!) index++;
  return index;
}

/** The lower edges width_bucket takes for these bounds: a bucket starts the day after a bound. */
export function bucketLowerEdges(bounds: readonly number[]): number[] {
  return bounds.map((bound) => bound + 1);
}

/** One customer's figures in one currency: a figure per bucket, unapplied credit (≤ 0) and the balance. */
export interface AgingRow {
  readonly bucketsMinor: readonly bigint[];
  readonly unappliedMinor: bigint;
  readonly balanceMinor: bigint;
}

/** Adds rows figure by figure: the totals of a currency. */
export function sumAgingRows(rows: readonly AgingRow[], bucketCount: number): AgingRow {
  const bucketsMinor = Array.from({ length: bucketCount }, () => 0n);
  let unappliedMinor = 0n;
  for (const row of rows) {
    row.bucketsMinor.forEach(
      (minor, index) => (bucketsMinor[index] = bucketsMinor[index]! + minor),
    );
    unappliedMinor += row.unappliedMinor;
  }
  return agingRow(bucketsMinor, unappliedMinor);
}

/** A row whose balance is, by construction, the sum of its columns. */
export function agingRow(bucketsMinor: readonly bigint[], unappliedMinor: bigint): AgingRow {
  return {
    bucketsMinor,
    unappliedMinor,
    balanceMinor: bucketsMinor.reduce((sum, minor) => sum + minor, unappliedMinor),
  };
}
