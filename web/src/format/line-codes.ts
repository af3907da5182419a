/**
 * The codes an invoice or credit-note line carries for its e-invoice: its unit of measure (UN/ECE
 * Recommendation 20) and its VAT category (EN 16931's UNCL 5305 subset), from the API's own lists
 * in src/core (pure code the web app shares, as it shares document-math), so the pickers offer
 * exactly what the API accepts.
 */
import { commonUnitCodes } from '../../../src/core/unit-codes';
import { isVatCategory, vatCategoryLabels } from '../../../src/core/vat-category';

export { commonUnitCodes, defaultUnitCode } from '../../../src/core/unit-codes';
export {
  categoryNeedsExemptionReason,
  isVatCategory,
  vatCategories,
  vatCategoryLabels,
  type VatCategory,
} from '../../../src/core/vat-category';

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

/** "Reverse charge (AE)"; a code the list lacks as it is. */
export function vatCategoryLabel(code: string): string {
  return isVatCategory(code) ? `${vatCategoryLabels[code]} (${code})` : code;
}
