/**
 * The VAT category of an invoice line (EN 16931 BT-151, code list UNCL 5305 as the norm
 * restricts it). The category says why a line bears the tax it does; the rate alone cannot tell
 * a zero-rated sale from an exempt one or a reverse charge, and the e-invoice and the VAT
 * breakdown of the PDF are both grouped by category and rate.
 */
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

/** Every category but the standard rate is charged at 0 %; the standard rate at more than 0 %. */
export function categoryRateAllowed(category: VatCategory, rateIsZero: boolean): boolean {
  return category === 'S' ? !rateIsZero : rateIsZero;
}

/**
 * The categories whose tax is zero for a reason the invoice must state (BR-E-10, BR-AE-10,
 * BR-IC-10, BR-G-10, BR-O-10): the buyer, or the tax office, must be able to read why no VAT was
 * charged.
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

/** The category a line gets when none is given: standard rate if it is taxed, zero rated if not. */
export function defaultVatCategory(rateIsZero: boolean): VatCategory {
  return rateIsZero ? 'Z' : 'S';
}
