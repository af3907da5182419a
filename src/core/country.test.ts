import { describe, expect, it } from 'vitest';
import { countryName, isCountryCode, parseCountry } from './country.js';

describe('countries', () => {
  it('reads a code in either case or an English name, and stores the code', () => {
    expect(parseCountry('de')).toEqual({ ok: true, value: 'DE' });
    expect(parseCountry(' LT ')).toEqual({ ok: true, value: 'LT' });
    expect(parseCountry('Germany')).toEqual({ ok: true, value: 'DE' });
    expect(parseCountry('united states')).toEqual({ ok: true, value: 'US' });
    expect(countryName('GR')).toBe('Greece');
  });

  it('refuses what is not a country, naming the field', () => {
    for (const bad of ['EU', 'ZZ', 'Atlantis', '', 'DEU']) {
      expect(parseCountry(bad, 'address.country')).toMatchObject({
        ok: false,
        error: { code: 'country_invalid', field: 'address.country' },
      });
    }
  });

  it('knows the 249 countries of ISO 3166-1', () => {
    const count = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZ']
      .flatMap((a) => [...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'].map((b) => a + b))
      .filter(isCountryCode).length;
    expect(count).toBe(249);
  });
});
