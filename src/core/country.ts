import { fail, ok, type Result } from './result.js';

/**
 * Countries as ISO 3166-1 alpha-2 codes, which e-invoices, VAT ids and IBANs all use. People type
 * "Germany" as often as "DE", so an English name is accepted too and stored as its code. The 249
 * codes are listed here rather than taken from Intl, which also names regions that are not
 * countries (EU, UN) and codes ISO withdrew (AN, YU); Intl gives the names.
 */
const codes = new Set(
  `
  AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR
  BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ
  EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW
  GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY
  KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV
  MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY
  QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG
  TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM
  ZW
`
    .split(/\s+/)
    .filter((code) => code !== ''),
);
const regionNames = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
const byName = new Map(
  [...codes].flatMap((code) => {
    const name = regionNames.of(code);
    return name === undefined ? [] : [[name.toLowerCase(), code] as const];
  }),
);

/** The 249 codes, in alphabetical order. */
export const countryCodes: readonly string[] = [...codes];

export function isCountryCode(code: string): boolean {
  return codes.has(code);
}

export function countryName(code: string): string {
  return regionNames.of(code) ?? code;
}

/** "de", "DE" or "Germany" → "DE". Codes: country_invalid. */
export function parseCountry(text: string, field = 'country'): Result<string> {
  const trimmed = text.trim();
  const upper = trimmed.toUpperCase();
  if (isCountryCode(upper)) return ok(upper);
  const named = byName.get(trimmed.toLowerCase());
  if (named) return ok(named);
  return fail(
    'country_invalid',
    `"${text}" is not a country: give its ISO 3166 code (DE, FR, US) or its English name.`,
    field,
  );
}
