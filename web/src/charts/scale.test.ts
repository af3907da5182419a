import { describe, expect, it } from 'vitest';
import { barLengths, shareOf, stackSegments, toMinorUnits, valueDomain } from './scale';

describe('toMinorUnits', () => {
  it('puts amounts on one integer scale, exactly at any size', () => {
    expect(toMinorUnits(['10.5', '0.25', '7', '-80.00'])).toEqual([1050n, 25n, 700n, -8000n]);
    expect(toMinorUnits(['10000000000000.01', '0.01'])).toEqual([1000000000000001n, 1n]);
    expect(toMinorUnits(['n/a'])).toEqual([0n]);
  });
});

describe('shareOf', () => {
  it('is the fraction of the whole, clamped to 0 to 1', () => {
    expect(shareOf(1n, 4n)).toBe(0.25);
    expect(shareOf(5n, 4n)).toBe(1);
    expect(shareOf(-1n, 4n)).toBe(0);
    expect(shareOf(1n, 0n)).toBe(0);
  });
});

describe('stackSegments', () => {
  it('stacks each bucket after the ones before it, as shares of their exact sum', () => {
    // 100.00 + 250.00 + 250.00 + 75.50 + 300.00 = 975.50
    const segments = stackSegments(['100.00', '250.00', '250.00', '75.50', '300.00']);
    expect(segments.map((s) => s.start)).toEqual([0, 0.102511, 0.35879, 0.615069, 0.692465]);
    expect(segments.map((s) => s.size)).toEqual([0.102511, 0.256278, 0.256278, 0.077396, 0.307534]);
  });

  it('gives credit and empty buckets no room', () => {
    expect(stackSegments(['0.00', '-5.00', '10.00'])).toEqual([
      { start: 0, size: 0 },
      { start: 0, size: 0 },
      { start: 0, size: 1 },
    ]);
  });
});

describe('barLengths', () => {
  it('measures each bar against the largest', () => {
    expect(barLengths(['50.00', '200.00', '0.00'])).toEqual([0.25, 1, 0]);
    expect(barLengths(['0.00', '0.00'])).toEqual([0, 0]);
  });
});

describe('valueDomain', () => {
  it('runs from zero to a little above the largest value, skipping missing ones', () => {
    expect(valueDomain([10, null, 40])).toEqual([0, 44]);
    expect(valueDomain([-10, 30])).toEqual([-10, 34]);
    expect(valueDomain([null])).toEqual([0, 1]);
    expect(valueDomain([0, 0])).toEqual([0, 1]);
  });
});
