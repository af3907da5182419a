/**
 * Countries as ISO 3166-1 alpha-2 codes, the form addresses take them in (e-invoices, VAT ids and
 * IBANs all use them): the API's own list (src/core/country.ts), named by Intl in the reader's
 * language.
 */
import { countryCodes as codes } from '../../../src/core/country';

export interface Country {
  readonly code: string;
  readonly name: string;
}

/** Every country with its name in `locale`, sorted by name as that language sorts. */
export function countriesIn(locale: string | undefined): readonly Country[] {
  const names = new Intl.DisplayNames(locale === undefined ? undefined : [locale], {
    type: 'region',
  });
  const collator = new Intl.Collator(locale);
  return codes
    .map((code) => ({ code, name: names.of(code) ?? code }))
    .sort((a, b) => collator.compare(a.name, b.name));
}
