import { assert } from '../core/assert.js';
import { parseScaledDecimal } from '../core/decimal.js';
import { limits } from '../core/limits.js';
import { allocate, divideRoundHalfUp, formatAmount, parseAmount } from '../core/money.js';
import { fail, ok, withFieldPrefix, type Result } from '../core/result.js';
import { defaultUnitCode, isUnitCode } from '../core/unit-codes.js';
import {
  categoryNeedsExemptionReason,
  categoryRateAllowed,
  defaultVatCategory,
  isVatCategory,
  vatCategoryLabels,
  type VatCategory,
} from '../core/vat-category.js';

/**
 * The arithmetic of invoices and credit notes. Rounding is explicit and happens in two places:
 *
 * 1. Each line's net amount is quantity × unit price, rounded half away from zero to the minor
 *    unit.
 * 2. Tax is computed once per tax rate on the sum of the nets at that rate (the EN 16931 rule, so
 *    the invoice's tax equals what a tax authority recomputes from the totals), rounded the same
 *    way, and then allocated back to the lines in proportion to their nets so that the line taxes
 *    sum exactly to the invoice's tax.
 */
export interface LineInput {
  readonly description: string;
  /** Decimal string, up to `limits.quantityScale` decimals. */
  readonly quantity: string;
  /** Decimal string in major units of the document's currency. */
  readonly unitPrice: string;
  /** Percent as a decimal string, up to `limits.taxRateScale` decimals ("7.25"). Default "0". */
  readonly taxRate?: string | undefined;
  /** UN/ECE Recommendation 20 unit ("HUR" for hours). Default "C62", one. */
  readonly unitCode?: string | null | undefined;
  /** S, Z, E, AE, K, G or O. Default: S when taxed, Z when not. */
  readonly vatCategory?: string | null | undefined;
  /** Why no VAT is charged; required for E, AE, K, G and O. */
  readonly exemptionReason?: string | null | undefined;
}

export interface DocumentLine {
  readonly position: number;
  readonly description: string;
  /** Quantity scaled by 10^quantityScale. */
  readonly quantityScaled: bigint;
  readonly unitPriceMinor: bigint;
  /** Tax rate in percent scaled by 10^taxRateScale. */
  readonly taxRateScaled: bigint;
  readonly netMinor: bigint;
  readonly taxMinor: bigint;
  readonly unitCode: string;
  readonly vatCategory: VatCategory;
  readonly exemptionReason: string | null;
}

export interface DocumentTotals {
  readonly subtotalMinor: bigint;
  readonly taxMinor: bigint;
  readonly totalMinor: bigint;
}

const quantityUnit = 10n ** BigInt(limits.quantityScale);
const percentUnit = 100n * 10n ** BigInt(limits.taxRateScale);

export function parseLine(
  input: LineInput,
  currency: string,
  position: number,
): Result<DocumentLine> {
  const description = input.description.trim();
  if (description.length === 0)
    return fail('line_description_required', 'A line needs a description.', 'description');
  if (description.length > limits.textLengthMax) {
    return fail('text_too_long', `At most ${limits.textLengthMax} characters.`, 'description');
  }
  const quantity = parseScaledDecimal(input.quantity, limits.quantityScale, 'quantity');
  if (!quantity.ok) return quantity;
  if (quantity.value === 0n)
    return fail('quantity_zero', 'The quantity must be more than zero.', 'quantity');
  if (quantity.value > limits.quantityMax * quantityUnit) {
    return fail(
      'quantity_too_large',
      `The quantity is more than ${limits.quantityMax} units.`,
      'quantity',
    );
  }
  const unitPrice = parseAmount(input.unitPrice, currency, 'unit_price');
  if (!unitPrice.ok) return unitPrice;
  const taxRate = parseScaledDecimal(input.taxRate ?? '0', limits.taxRateScale, 'tax_rate');
  if (!taxRate.ok) return taxRate;
  if (taxRate.value >= percentUnit)
    return fail('tax_rate_invalid', 'The tax rate must be below 100 %.', 'tax_rate');
  const netMinor = divideRoundHalfUp(quantity.value * unitPrice.value, quantityUnit);
  if (netMinor > limits.amountMinorMax) {
    return fail(
      'amount_too_large',
      `The line comes to more than the ${formatAmount(limits.amountMinorMax, currency)} ${currency} Settle accepts for one amount.`,
      'unit_price',
    );
  }
  const vat = parseVatTreatment(input, taxRate.value === 0n);
  if (!vat.ok) return vat;
  return ok({
    position,
    description,
    quantityScaled: quantity.value,
    unitPriceMinor: unitPrice.value,
    taxRateScaled: taxRate.value,
    netMinor,
    taxMinor: 0n,
    ...vat.value,
  });
}

/**
 * A line's unit and VAT category, checked against what an EN 16931 e-invoice accepts, so that a
 * document that was issued can always be sent as one: the unit from Recommendation 20, a category
 * that agrees with the rate, and the reason a line bears no VAT where the category needs one.
 */
function parseVatTreatment(
  input: LineInput,
  rateIsZero: boolean,
): Result<Pick<DocumentLine, 'unitCode' | 'vatCategory' | 'exemptionReason'>> {
  const unitCode = input.unitCode?.trim().toUpperCase() || defaultUnitCode;
  if (!isUnitCode(unitCode)) {
    return fail(
      'unit_code_invalid',
      `"${input.unitCode}" is not a UN/ECE Recommendation 20 unit such as C62 (one), HUR (hour) or KGM (kilogram).`,
      'unit_code',
    );
  }
  const given = input.vatCategory?.trim().toUpperCase() || null;
  if (given !== null && !isVatCategory(given)) {
    return fail(
      'vat_category_invalid',
      `"${input.vatCategory}" is not a VAT category: one of S, Z, E, AE, K, G or O.`,
      'vat_category',
    );
  }
  const vatCategory = given ?? defaultVatCategory(rateIsZero);
  if (!categoryRateAllowed(vatCategory, rateIsZero)) {
    return fail(
      'vat_category_rate_mismatch',
      vatCategory === 'S'
        ? 'A standard-rated line needs a tax rate above 0 %.'
        : `A line in VAT category ${vatCategory} (${vatCategoryLabels[vatCategory].toLowerCase()}) is charged at 0 %.`,
      'vat_category',
    );
  }
  const reason = input.exemptionReason?.trim() || null;
  if (reason !== null && reason.length > limits.textLengthMax) {
    return fail('text_too_long', `At most ${limits.textLengthMax} characters.`, 'exemption_reason');
  }
  if (reason === null && categoryNeedsExemptionReason(vatCategory)) {
    return fail(
      'exemption_reason_required',
      `Say why no VAT is charged on a line in category ${vatCategory} (${vatCategoryLabels[vatCategory].toLowerCase()}), e.g. the article of the law.`,
      'exemption_reason',
    );
  }
  return ok({
    unitCode,
    vatCategory,
    exemptionReason: categoryNeedsExemptionReason(vatCategory) ? reason : null,
  });
}

/** Parses every line and computes the tax; the first bad line's error names it (`lines[2].quantity`). */
export function priceLines(inputs: readonly LineInput[], currency: string): Result<DocumentLine[]> {
  if (inputs.length === 0)
    return fail('lines_required', 'A document needs at least one line.', 'lines');
  if (inputs.length > limits.documentLinesMax) {
    return fail(
      'too_many_lines',
      `A document has at most ${limits.documentLinesMax} lines.`,
      'lines',
    );
  }
  const lines: DocumentLine[] = [];
  for (const [index, input] of inputs.entries()) {
    const line = withFieldPrefix(parseLine(input, currency, index + 1), `lines[${index}]`);
    if (!line.ok) return line;
    lines.push(line.value);
  }
  const priced = applyTax(lines);
  if (totalsOf(priced).totalMinor > limits.amountMinorMax) {
    return fail(
      'document_total_too_large',
      `The document comes to more than the ${formatAmount(limits.amountMinorMax, currency)} ${currency} Settle accepts for one amount.`,
      'lines',
    );
  }
  return ok(priced);
}

/** Sets each line's tax: per-rate tax on the summed nets, allocated back to the lines. */
export function applyTax(lines: readonly DocumentLine[]): DocumentLine[] {
  const result = lines.map((line) => ({ ...line, taxMinor: 0n }));
  const indexesByRate = new Map<bigint, number[]>();
  for (const [index, line] of result.entries()) {
    const indexes = indexesByRate.get(line.taxRateScaled) ?? [];
    indexes.push(index);
    indexesByRate.set(line.taxRateScaled, indexes);
  }
  for (const [rate, indexes] of indexesByRate) {
    if (rate === 0n) continue;
    const nets = indexes.map((index) => result[index]!.netMinor);
    const netSum = nets.reduce((sum, net) => sum + net, 0n);
    if (netSum === 0n) continue;
    const taxMinor = divideRoundHalfUp(netSum * rate, percentUnit);
    const parts = allocate(taxMinor, nets);
    indexes.forEach((index, i) => {
      result[index] = { ...result[index]!, taxMinor: parts[i]! };
    });
  }
  return result;
}

export function totalsOf(lines: readonly DocumentLine[]): DocumentTotals {
  let subtotalMinor = 0n;
  let taxMinor = 0n;
  for (const line of lines) {
    subtotalMinor += line.netMinor;
    taxMinor += line.taxMinor;
  }
  assert(subtotalMinor >= 0n && taxMinor >= 0n, 'document totals must not be negative');
  return { subtotalMinor, taxMinor, totalMinor: subtotalMinor + taxMinor };
}
