/**
 * A postal address as the user types it: one text per line, '' for blank, the country an ISO
 * 3166-1 alpha-2 code. The API's field names, so that `billing_address.city` in an error is the
 * input the form marks.
 */
export interface AddressDraft {
  readonly line1: string;
  readonly line2: string;
  readonly postal_code: string;
  readonly city: string;
  readonly region: string;
  readonly country: string;
}

export const emptyAddressDraft: AddressDraft = {
  line1: '',
  line2: '',
  postal_code: '',
  city: '',
  region: '',
  country: '',
};

type StoredAddress = { readonly [Field in keyof AddressDraft]?: string | null | undefined };

export function addressDraftOf(address: StoredAddress | null | undefined): AddressDraft {
  return {
    line1: address?.line1 ?? '',
    line2: address?.line2 ?? '',
    postal_code: address?.postal_code ?? '',
    city: address?.city ?? '',
    region: address?.region ?? '',
    country: address?.country ?? '',
  };
}

/** The label of each line, in the order the form shows them. */
export const addressLines: readonly (readonly [Exclude<keyof AddressDraft, 'country'>, string])[] =
  [
    ['line1', 'Street and number'],
    ['line2', 'Address line 2'],
    ['postal_code', 'Postal code'],
    ['city', 'City'],
    ['region', 'State, province or county'],
  ];

/** The labels by the API's field names under `prefix` (`address.city` → City), for ErrorAlert. */
export function addressFieldLabels(prefix: string): Record<string, string> {
  return Object.fromEntries([
    ...addressLines.map(([field, label]) => [`${prefix}.${field}`, label]),
    [`${prefix}.country`, 'Country'],
  ]);
}
