import { describe, expect, it } from 'vitest';
import type { Application } from '../../api/types';
import { appliedByKind, hasMoneyApplied } from './invoice-balance';

const applied = (source_type: Application['source_type'], amount: string): Application => ({
  id: `a-${amount}`,
  source_type,
  source_id: 's',
  amount,
  applied_on: '2026-01-01',
  reversal_id: null,
});

describe('appliedByKind', () => {
  it('sums each kind exactly, reversals included', () => {
    const applications = [
      applied('payment', '0.10'),
      applied('payment', '0.20'),
      applied('credit_note', '120.00'),
      applied('payment', '-0.10'),
      applied('write_off', '9999999999999.99'),
      applied('write_off', '0.01'),
    ];
    expect(appliedByKind(applications, 'EUR')).toEqual({
      payment: '0.20',
      credit_note: '120.00',
      write_off: '10000000000000.00',
      discount: '0.00',
    });
  });

  it("uses the currency's decimals", () => {
    expect(appliedByKind([applied('payment', '1500')], 'JPY').payment).toBe('1500');
    expect(appliedByKind([applied('payment', '1.5')], 'KWD').payment).toBe('1.500');
  });
});

describe('hasMoneyApplied', () => {
  it('is false for nothing, or for a payment and its reversal', () => {
    expect(hasMoneyApplied([], 'EUR')).toBe(false);
    expect(hasMoneyApplied([applied('payment', '5.00'), applied('payment', '-5.00')], 'EUR')).toBe(
      false,
    );
    expect(hasMoneyApplied([applied('write_off', '0.01')], 'EUR')).toBe(true);
  });
});
