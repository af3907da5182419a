import { describe, expect, it } from 'vitest';
import { checkedOrganizationName, checkedTimeZone } from './organization.js';

describe("an organization's settings", () => {
  it('takes an IANA time zone, spelt as Intl spells it', () => {
    expect(checkedTimeZone(' Europe/Paris ')).toBe('Europe/Paris');
    expect(checkedTimeZone('europe/paris')).toBe('Europe/Paris');
    expect(checkedTimeZone('UTC')).toBe('UTC');
  });

  it('refuses what is not a time zone, naming the field', () => {
    expect(() => checkedTimeZone('Mars/Olympus')).toThrow(
      expect.objectContaining({ code: 'time_zone_invalid', field: 'time_zone' }),
    );
    expect(() => checkedTimeZone('')).toThrow(
      expect.objectContaining({ code: 'time_zone_invalid' }),
    );
  });

  it('trims the name and refuses a blank one', () => {
    expect(checkedOrganizationName('  Acme Ltd ')).toBe('Acme Ltd');
    expect(() => checkedOrganizationName('   ')).toThrow(
      expect.objectContaining({ code: 'organization_name_required', field: 'name' }),
    );
  });
});
