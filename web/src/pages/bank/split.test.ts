import { describe, expect, it } from 'vitest';
import { appliedSummary, evidenceLabel, percent, shortened } from './bank-words';
import { checkSplit } from './split';

describe('splitting a bank line over invoices', () => {
  it('adds the amounts exactly in minor units and leaves the rest as credit', () => {
    // 0.1 + 0.2 in floating point is 0.30000000000000004; in minor units it is 30.
    expect(checkSplit('0.30', 'EUR', { a: '0.10', b: '0.20' })).toEqual({
      ok: true,
      applied: '0.30',
      credit: '0.00',
    });
    expect(checkSplit('500.00', 'EUR', { a: '300', b: '150.5', c: '' })).toEqual({
      ok: true,
      applied: '450.50',
      credit: '49.50',
    });
    // Beyond what a double holds exactly.
    expect(checkSplit('90071992547409.93', 'EUR', { a: '90071992547409.91', b: '0.01' })).toEqual({
      ok: true,
      applied: '90071992547409.92',
      credit: '0.01',
    });
  });

  it('refuses more than the line, and says by how much', () => {
    expect(checkSplit('500.00', 'EUR', { a: '300.00', b: '200.01' })).toEqual({
      ok: false,
      problem: 'exceeds_line',
      applied: '500.01',
      over: '0.01',
    });
  });

  it('names the rows that are not amounts in the currency', () => {
    expect(checkSplit('500', 'JPY', { a: '100', b: '1.5', c: 'abc' })).toEqual({
      ok: false,
      problem: 'not_amounts',
      invoiceIds: ['b', 'c'],
    });
    expect(checkSplit('10.000', 'KWD', { a: '1.234' })).toMatchObject({ credit: '8.766' });
  });
});

describe('the words of the queue', () => {
  it('says what an apply did', () => {
    expect(
      appliedSummary(
        {
          customer_name: 'Acme',
          customer_ref: 'C-ACME',
          allocations: [{ invoice_number: 'INV-0042', amount: '1250.00' }],
          unapplied: '0.00',
        },
        'EUR',
      ),
    ).toBe('Applied 1,250.00 EUR to INV-0042 for Acme.');
    expect(
      appliedSummary(
        {
          customer_name: 'Acme',
          customer_ref: 'C-ACME',
          allocations: [
            { invoice_number: 'INV-1', amount: '300.00' },
            { invoice_number: 'INV-2', amount: '150.00' },
          ],
          unapplied: '50.00',
        },
        'EUR',
      ),
    ).toBe(
      'Applied 300.00 EUR to INV-1 and 150.00 EUR to INV-2 for Acme; 50.00 EUR left as Acme’s unapplied credit.',
    );
    expect(
      appliedSummary(
        { customer_name: null, customer_ref: 'C-X', allocations: [], unapplied: '20.00' },
        'EUR',
      ),
    ).toBe('Kept 20.00 EUR as the unapplied credit of C-X.');
  });

  it('spells out evidence, confidence and long texts', () => {
    expect(evidenceLabel('invoice_number')).toBe('invoice number in the text');
    expect(evidenceLabel('some_new_kind')).toBe('some new kind');
    expect(percent(0.9)).toBe('90 %');
    expect(percent(0.987)).toBe('98.7 %');
    expect(shortened('a '.repeat(50), 10)).toBe('a a a a a…');
    expect(shortened('short')).toBe('short');
  });
});
