import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ibanChecks } from '../../core/iban.js';
import { belgianBban, belgianCompanyNumber, ibanOf, mod97 } from './check-digits.js';

describe('check digits of made-up identifiers', () => {
  it('gives the IBANs of published examples', () => {
    // The examples of the ECBS IBAN registry and of the National Bank of Belgium.
    expect(ibanOf('DE', '370400440532013000')).toBe('DE89370400440532013000');
    expect(ibanOf('GB', 'WEST12345698765432')).toBe('GB82WEST12345698765432');
    expect(ibanOf('BE', belgianBban('539', '0075470'))).toBe('BE68539007547034');
  });

  it('makes IBANs that pass the check Settle applies to entered ones', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[0-9]{3}$/),
        fc.stringMatching(/^[0-9]{7}$/),
        (bank, account) => {
          const iban = ibanOf('BE', belgianBban(bank, account));
          expect(ibanChecks(iban)).toBe(true);
          // A single changed digit of the account breaks it.
          const changed = `${iban.slice(0, 8)}${(Number(iban[8]) + 1) % 10}${iban.slice(9)}`;
          expect(ibanChecks(changed)).toBe(false);
        },
      ),
      { seed: 1516, numRuns: 200 },
    );
  });

  it('makes Belgian company numbers whose last two digits complete the first eight to 97', () => {
    expect(belgianCompanyNumber('2022399')).toBe('0202239951');
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{7}$/), (seven) => {
        const number = belgianCompanyNumber(seven);
        expect(number).toMatch(/^0[0-9]{9}$/);
        expect(mod97(number.slice(0, 8)) + Number(number.slice(8))).toBe(97);
      }),
      { seed: 1516, numRuns: 200 },
    );
  });
});
