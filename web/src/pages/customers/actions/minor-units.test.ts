import { describe, expect, it } from 'vitest';
import { fromMinor, subtractAmounts, sumAmounts, toMinor } from './minor-units';

describe('amounts in minor units', () => {
  it('read decimal strings in the currency’s own decimals, and refuse what is not one', () => {
    expect(toMinor('12.5', 2)).toBe(1250n);
    expect(toMinor('0.01', 2)).toBe(1n);
    expect(toMinor('-3', 2)).toBe(-300n);
    expect(toMinor('1500', 0)).toBe(1500n);
    expect(toMinor('1.234', 3)).toBe(1234n);
    expect(toMinor('1.234', 2)).toBeUndefined();
    expect(toMinor('1,5', 2)).toBeUndefined();
    expect(toMinor('', 2)).toBeUndefined();
    expect(toMinor('1e3', 2)).toBeUndefined();
  });

  it('write them back with every decimal', () => {
    expect(fromMinor(1250n, 2)).toBe('12.50');
    expect(fromMinor(5n, 2)).toBe('0.05');
    expect(fromMinor(-5n, 2)).toBe('-0.05');
    expect(fromMinor(1500n, 0)).toBe('1500');
    expect(fromMinor(1n, 3)).toBe('0.001');
  });

  it('add up exactly where floating point would not', () => {
    // 0.1 + 0.2 is 0.30000000000000004 in floating point.
    expect(sumAmounts(['0.1', '0.2'], 'EUR')).toBe('0.30');
    expect(sumAmounts(['333.33', '333.33', '333.34'], 'EUR')).toBe('1000.00');
    // Beyond 2^53 minor units a number loses cents; a BigInt does not.
    expect(sumAmounts(['90071992547409.93', '0.01'], 'USD')).toBe('90071992547409.94');
    expect(sumAmounts(['100', '200'], 'JPY')).toBe('300');
    expect(sumAmounts([], 'EUR')).toBe('0.00');
    expect(sumAmounts(['10.00', 'ten'], 'EUR')).toBeUndefined();
    expect(sumAmounts(['10.001'], 'EUR')).toBeUndefined();
  });

  it('subtract exactly', () => {
    expect(subtractAmounts('1000.00', '999.99', 'EUR')).toBe('0.01');
    expect(subtractAmounts('100', '250.5', 'EUR')).toBe('-150.50');
    expect(subtractAmounts('100', 'x', 'EUR')).toBeUndefined();
  });
});
