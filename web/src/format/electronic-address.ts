/**
 * The electronic address schemes (EAS) sellers and buyers most often have, for the picker; any other code
 * of the list stays selectable when it is already set.
 */
export const commonEasSchemes: readonly { readonly code: string; readonly label: string }[] = [
  { code: '0088', label: 'GLN (Global Location Number)' },
  { code: '0060', label: 'DUNS number' },
  { code: '0208', label: 'Belgian company number' },
  { code: '9930', label: 'German VAT number' },
  { code: '0204', label: 'German Leitweg-ID' },
  { code: '0009', label: 'French SIRET' },
  { code: '0002', label: 'French SIRENE' },
  { code: '9957', label: 'French VAT number' },
  { code: '0106', label: 'Dutch chamber of commerce (KvK)' },
  { code: '0190', label: 'Dutch government (OIN)' },
  { code: '0211', label: 'Italian VAT number (partita IVA)' },
  { code: '9920', label: 'Spanish VAT number' },
  { code: '0007', label: 'Swedish organisation number' },
  { code: '0192', label: 'Norwegian organisation number' },
  { code: '0184', label: 'Danish CVR number' },
  { code: '0151', label: 'Australian Business Number (ABN)' },
  { code: 'EM', label: 'E-mail address' },
];

/** The picker's schemes, with `current` added when it is set and not among the common ones. */
export function easSchemeChoices(
  current: string,
): readonly { readonly code: string; readonly label: string }[] {
  if (current === '' || commonEasSchemes.some((scheme) => scheme.code === current))
    return commonEasSchemes;
  return [...commonEasSchemes, { code: current, label: current }];
}
