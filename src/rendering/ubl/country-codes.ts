/**
 * The country codes EN 16931 accepts (rule BR-CL-14: ISO 3166-1 alpha-2, plus "1A" for Kosovo and
 * "XI" for Northern Ireland), copied from the rule in the official validation artefacts 1.3.16.
 * An address in any other country would make the receiver reject the whole e-invoice, so the
 * export refuses it and names the field to correct instead.
 */
const en16931CountryCodes = new Set(
  `1A AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR
  BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC
  EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK
  HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB
  LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ
  NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU
  RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN
  TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS XI YE YT ZA ZM ZW`.split(/\s+/),
);

export function isEn16931CountryCode(code: string): boolean {
  return en16931CountryCodes.has(code);
}

/**
 * Whether a VAT identifier starts with a country prefix (BR-CO-09): a country code of the list
 * above, or "EL", which Greece uses on VAT numbers instead of its ISO code "GR".
 */
export function hasVatCountryPrefix(vatId: string): boolean {
  const prefix = vatId.slice(0, 2);
  return prefix === 'EL' || en16931CountryCodes.has(prefix);
}
