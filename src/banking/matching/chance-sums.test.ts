// Proves the estimate of chance sets behaves as the matcher relies on: few invoices make an
// amount rarely, many make it often, more options per invoice make it more often, and invoices
// of one amount do not pass for a rare chance.
import { describe, expect, it } from 'vitest';
import { chanceSums } from './chance-sums.js';
import { chanceSetsMax } from './line-readings.js';

const spread = (count: number, from: bigint, step: bigint) =>
  Array.from({ length: count }, (_, i) => from + BigInt(i) * step);

describe('chanceSums', () => {
  it('is the binomial count times the normal density, per size', () => {
    // Two invoices of 100.00 and 300.00: mean 200.00, spread 100.00 (at least a quarter of it).
    const { expected } = chanceSums(40_000n, [10_000n, 30_000n], 1, 2);
    const density = (x: number, mean: number, variance: number) =>
      Math.exp(-((x - mean) ** 2) / (2 * variance)) / Math.sqrt(2 * Math.PI * variance);
    expect(expected[0]).toBeCloseTo(2 * density(40_000, 20_000, 10_000 ** 2), 12);
    expect(expected[1]).toBeCloseTo(1 * density(40_000, 40_000, 2 * 10_000 ** 2), 12);
  });

  it('makes one invoice of a thousand euros a rare chance, and one of sixty a common one for pairs and triples', () => {
    const one = chanceSums(100_000n, [100_000n], 1, 3).expected;
    expect(one[0]).toBeLessThan(0.0001);
    expect(one.slice(1)).toEqual([0, 0]);
    const sixty = chanceSums(1_100_000n, spread(60, 100_000n, 15_000n), 1, 3).expected;
    expect(sixty[0]).toBeLessThan(0.001);
    expect(sixty[1]).toBeGreaterThan(0.001);
    expect(sixty[2]).toBeGreaterThan(sixty[1]!);
  });

  it('grows with the invoices and with the options each can be paid with', () => {
    const few = chanceSums(300_000n, spread(10, 50_000n, 10_000n), 1, 3).expected;
    const more = chanceSums(300_000n, spread(40, 50_000n, 2_500n), 1, 3).expected;
    const discounted = chanceSums(300_000n, spread(10, 50_000n, 10_000n), 2, 3).expected;
    for (let size = 0; size < 3; size++) {
      expect(more[size]).toBeGreaterThan(few[size]!);
      expect(discounted[size]).toBeCloseTo(few[size]! * 2 ** (size + 1), 12);
    }
  });

  it('takes invoices of one amount as a quarter of it apart, never as no spread', () => {
    // Twelve monthly invoices of 49.00: any two make 98.00 (the search finds all 66 pairs).
    const twelve = Array.from({ length: 12 }, () => 4_900n);
    const { expected } = chanceSums(9_800n, twelve, 1, 2);
    expect(Number.isFinite(expected[1])).toBe(true);
    expect(expected[1]).toBeGreaterThan(chanceSetsMax);
  });

  it('expects nothing of no invoices', () => {
    expect(chanceSums(1_000n, [], 1, 3).expected).toEqual([0, 0, 0]);
  });
});
