import { describe, expect, it } from 'vitest';
import { ibanChecks } from './iban.js';

describe('ibanChecks', () => {
  it('accepts IBANs whose check digits hold', () => {
    // The examples of the European Commission's and the banks' own documentation.
    expect(ibanChecks('DE89370400440532013000')).toBe(true);
    expect(ibanChecks('GB29NWBK60161331926819')).toBe(true);
    expect(ibanChecks('BE68539007547034')).toBe(true);
    expect(ibanChecks('CH9300762011623852957')).toBe(true);
  });

  it('refuses one changed digit, two swapped digits and a bad shape', () => {
    expect(ibanChecks('DE89370400440532013001')).toBe(false);
    expect(ibanChecks('DE89370400440532031000')).toBe(false);
    expect(ibanChecks('DE98370400440532013000')).toBe(false);
    expect(ibanChecks('de89370400440532013000')).toBe(false);
    expect(ibanChecks('DE89 3704 0044 0532 0130 00')).toBe(false);
    expect(ibanChecks('')).toBe(false);
  });
});
