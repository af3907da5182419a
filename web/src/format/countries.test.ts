import { describe, expect, it } from 'vitest';
import { countriesIn } from './countries';

describe('countriesIn', () => {
  it('names every ISO country once, sorted by its name in the language asked for', () => {
    const countries = countriesIn('en');
    expect(countries).toHaveLength(249);
    expect(new Set(countries.map((country) => country.code)).size).toBe(249);
    expect(countries.find((country) => country.code === 'DE')?.name).toBe('Germany');
    const names = countries.map((country) => country.name);
    expect(names.indexOf('Austria')).toBeLessThan(names.indexOf('Belgium'));
    expect(countriesIn('de').find((country) => country.code === 'DE')?.name).toBe('Deutschland');
  });

  it('leaves out regions that are not countries', () => {
    const codes = countriesIn('en').map((country) => country.code);
    expect(codes).not.toContain('EU');
    expect(codes).not.toContain('UN');
  });
});
