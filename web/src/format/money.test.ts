import { describe, expect, it } from 'vitest';
import { formatAmount, formatMoney } from './money';

describe('amounts for people', () => {
  it('groups thousands and keeps the currency’s decimals, in the locale given', () => {
    expect(formatAmount('1234567.5', 'EUR', 'en-US')).toBe('1,234,567.50');
    expect(formatAmount('1234567.5', 'EUR', 'de-DE')).toBe('1.234.567,50');
    expect(formatAmount('-80.00', 'EUR', 'en-US')).toBe('-80.00');
    expect(formatAmount('1200', 'JPY', 'en-US')).toBe('1,200');
    expect(formatAmount('1.234', 'KWD', 'en-US')).toBe('1.234');
  });

  it('stays exact beyond what a JavaScript number holds', () => {
    // As a number, 12345678901234567.89 would print …568.00.
    expect(formatAmount('12345678901234567.89', 'EUR', 'en-US')).toBe('12,345,678,901,234,567.89');
  });

  it('names the currency where no caption does', () => {
    expect(formatMoney('1419', 'EUR', 'en-US')).toBe('€1,419.00');
    expect(formatMoney('1419', 'USD', 'de-DE')).toBe('1.419,00\u00a0$');
  });

  it('passes through what is not an amount', () => {
    expect(formatAmount('—', 'EUR', 'en-US')).toBe('—');
  });
});
