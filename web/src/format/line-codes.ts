/**
 * The codes an invoice or credit-note line carries for its e-invoice: its unit of measure (UN/ECE
 * Recommendation 20) and its VAT category (EN 16931's UNCL 5305 subset). Copied from the API's
 * src/core/unit-codes.ts and src/core/vat-category.ts, which the web app does not import; the API
 * checks every code it is sent, so a list that falls behind only narrows the pickers.
 */

/** "C62" (one, a piece) is EN 16931's unit for things simply counted, and the API's default. */
export const defaultUnitCode = 'C62';

export const commonUnitCodes: readonly { readonly code: string; readonly label: string }[] = [
  { code: 'C62', label: 'unit (piece)' },
  { code: 'H87', label: 'piece' },
  { code: 'HUR', label: 'hour' },
  { code: 'DAY', label: 'day' },
  { code: 'WEE', label: 'week' },
  { code: 'MON', label: 'month' },
  { code: 'ANN', label: 'year' },
  { code: 'MIN', label: 'minute' },
  { code: 'KGM', label: 'kilogram' },
  { code: 'GRM', label: 'gram' },
  { code: 'TNE', label: 'tonne' },
  { code: 'MTR', label: 'metre' },
  { code: 'KMT', label: 'kilometre' },
  { code: 'MTK', label: 'square metre' },
  { code: 'MTQ', label: 'cubic metre' },
  { code: 'LTR', label: 'litre' },
  { code: 'KWH', label: 'kilowatt hour' },
  { code: 'SET', label: 'set' },
  { code: 'XBX', label: 'box' },
  { code: 'XPK', label: 'package' },
  { code: 'LS', label: 'lump sum' },
];

/** "hour" for HUR; a code outside the common list is shown as it is. */
export function unitLabel(code: string): string {
  return commonUnitCodes.find((unit) => unit.code === code)?.label ?? code;
}

/** The picker's units, with `current` added when it was set elsewhere and is not a common one. */
export function unitChoices(
  current: string,
): readonly { readonly code: string; readonly label: string }[] {
  if (current === '' || commonUnitCodes.some((unit) => unit.code === current))
    return commonUnitCodes;
  return [...commonUnitCodes, { code: current, label: current }];
}

export const vatCategories = ['S', 'Z', 'E', 'AE', 'K', 'G', 'O'] as const;
export type VatCategory = (typeof vatCategories)[number];

export const vatCategoryLabels: Readonly<Record<VatCategory, string>> = {
  S: 'Standard rate',
  Z: 'Zero rated',
  E: 'Exempt from VAT',
  AE: 'Reverse charge',
  K: 'Intra-community supply (VAT exempt)',
  G: 'Export outside the EU (VAT exempt)',
  O: 'Not subject to VAT',
};

export function isVatCategory(code: string): code is VatCategory {
  return (vatCategories as readonly string[]).includes(code);
}

/**
 * The categories whose invoice must say why no VAT was charged (BR-E-10, BR-AE-10, BR-IC-10,
 * BR-G-10, BR-O-10): the API refuses a line of these without an exemption reason.
 */
export function categoryNeedsExemptionReason(category: string): boolean {
  return (
    category === 'E' ||
    category === 'AE' ||
    category === 'K' ||
    category === 'G' ||
    category === 'O'
  );
}

/** "Reverse charge (AE)"; a code the list lacks as it is. */
export function vatCategoryLabel(code: string): string {
  return isVatCategory(code) ? `${vatCategoryLabels[code]} (${code})` : code;
}
