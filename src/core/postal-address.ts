import { parseCountry } from './country.js';
import { AppError, unwrap } from './errors.js';

/** A postal address as documents print it and e-invoices carry it. */
export interface PostalAddress {
  readonly line1: string | null;
  readonly line2: string | null;
  readonly city: string | null;
  readonly postalCode: string | null;
  /** State, province or county. */
  readonly region: string | null;
  /** ISO 3166-1 alpha-2, upper case ("DE", "LT"). */
  readonly countryCode: string | null;
}

export interface PostalAddressInput {
  readonly line1?: string | null | undefined;
  readonly line2?: string | null | undefined;
  readonly city?: string | null | undefined;
  readonly postalCode?: string | null | undefined;
  readonly region?: string | null | undefined;
  /** A code or an English name; stored as the code. */
  readonly country?: string | null | undefined;
}

export const emptyAddress: PostalAddress = {
  line1: null,
  line2: null,
  city: null,
  postalCode: null,
  region: null,
  countryCode: null,
};

const lineMax = 200;

function line(value: string | null | undefined, field: string): string | null {
  const text = value?.trim() ?? '';
  if (text === '') return null;
  if (text.length > lineMax || /[\r\n]/.test(text)) {
    throw new AppError(
      'invalid',
      'address_line_invalid',
      `An address line is one line of at most ${lineMax} characters.`,
      field,
    );
  }
  return text;
}

/** Checks each part, naming it under `prefix` ("address.city"). Codes: address_line_invalid, country_invalid. */
export function checkedPostalAddress(input: PostalAddressInput, prefix: string): PostalAddress {
  const country = input.country?.trim()
    ? unwrap(parseCountry(input.country, `${prefix}.country`))
    : null;
  return {
    line1: line(input.line1, `${prefix}.line1`),
    line2: line(input.line2, `${prefix}.line2`),
    city: line(input.city, `${prefix}.city`),
    postalCode: line(input.postalCode, `${prefix}.postal_code`),
    region: line(input.region, `${prefix}.region`),
    countryCode: country,
  };
}

/** Reads an address stored as JSON (snake_case keys), or none. */
export function postalAddressOf(json: unknown): PostalAddress {
  if (json === null || typeof json !== 'object') return emptyAddress;
  const row = json as Record<string, unknown>;
  const text = (key: string) => (typeof row[key] === 'string' ? (row[key] as string) : null);
  return {
    line1: text('line1'),
    line2: text('line2'),
    city: text('city'),
    postalCode: text('postal_code'),
    region: text('region'),
    countryCode: text('country_code'),
  };
}

export function postalAddressJson(address: PostalAddress) {
  return {
    line1: address.line1,
    line2: address.line2,
    city: address.city,
    postal_code: address.postalCode,
    region: address.region,
    country_code: address.countryCode,
  };
}
