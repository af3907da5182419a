import { describe, expect, it } from 'vitest';
import { checkedElectronicAddress } from '../../core/electronic-address.js';
import { hasVatCountryPrefix, isEn16931CountryCode } from '../../rendering/ubl/country-codes.js';
import { buyerFieldsFor, identityIn, localCompanies, localCompanyAt } from './buyer-details.js';
import { mod97 } from './check-digits.js';
import { Random } from './random.js';
import { cities } from './vocabulary.js';

const countries = [
  ...new Set([
    ...cities.map(([, country]) => country),
    ...localCompanies.map((c) => c.address.country),
  ]),
];

describe("generated customers' e-invoicing identities", () => {
  it('gives every country of the demo a VAT number with its prefix and a valid Peppol address', () => {
    const random = new Random(3);
    for (const country of countries) {
      expect(isEn16931CountryCode(country)).toBe(true);
      for (let i = 0; i < 20; i++) {
        const identity = identityIn(country, random);
        expect(hasVatCountryPrefix(identity.vatId), identity.vatId).toBe(true);
        expect(identity.vatId.slice(0, 2)).toBe(country === 'GR' ? 'EL' : country);
        expect(checkedElectronicAddress(identity.electronicAddress, 'e')).toEqual(
          identity.electronicAddress,
        );
      }
    }
  });

  it('uses the Belgian company number, with its check digits, as VAT number and Peppol id', () => {
    const identity = identityIn('BE', new Random(9));
    const number = identity.registrationId!;
    expect(identity.vatId).toBe(`BE${number}`);
    expect(identity.electronicAddress).toEqual({ scheme: '0208', id: number });
    expect(mod97(number.slice(0, 8)) + Number(number.slice(8))).toBe(97);
  });

  it('gives every customer a buyer reference of its own, and some the UBL by e-mail', () => {
    const random = new Random(5);
    const fields = Array.from({ length: 200 }, (_, index) => buyerFieldsFor(random, 'DE', index));
    fields.forEach((field, index) => {
      expect(field.buyerReference).toMatch(new RegExp(`^AP-\\d{4}-${index + 1}$`));
    });
    expect(fields[1]!.sendUbl).toBe(true);
    const sending = fields.filter((field) => field.sendUbl).length;
    expect(sending).toBeGreaterThan(10);
    expect(sending).toBeLessThan(60);
  });

  it('places the local companies at every seventh customer from the fourth, once each', () => {
    const placed = Array.from({ length: 100 }, (_, index) => localCompanyAt(index));
    expect(placed[3]!.name).toBe('Παπαδόπουλος Α.Ε.');
    expect(placed.filter(Boolean)).toEqual([...localCompanies]);
  });
});
