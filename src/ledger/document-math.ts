import { assert } from '../core/assert.js';
import { parseScaledDecimal } from '../core/decimal.js';
import { limits } from '../core/limits.js';
import { allocate, divideRoundHalfUp, formatAmount, parseAmount } from '../core/money.js';
import { parsePercent, percentUnit as discountPercentUnit } from '../core/percent.js';
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
 *    unit, less the line's discount. A discount given as a percent is taken of that rounded
 *    amount and rounded the same way, so net = round(qty × price) − round(that × percent / 100)
 *    and the e-invoice's base amount × percent gives back its allowance to the cent.
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
  /** A discount off the line, in major units ("12.50"); with a percent, it must be what that takes off. */
  readonly discountAmount?: string | null | undefined;
  /** A discount off the line in percent ("10"), of quantity × price, rounded. */
  readonly discountPercent?: string | null | undefined;
  /** Why the discount is given ("Volume discount"); printed and sent. Default "Discount". */
  readonly discountReason?: string | null | undefined;
}

export interface DocumentLine {
  readonly position: number;
  readonly description: string;
  /** Quantity scaled by 10^quantityScale. */
  readonly quantityScaled: bigint;
  readonly unitPriceMinor: bigint;
  /** Tax rate in percent scaled by 10^taxRateScale. */
  readonly taxRateScaled: bigint;
  /** round(quantity × unit price) − discountMinor. */
  readonly netMinor: bigint;
  readonly taxMinor: bigint;
  readonly unitCode: string;
  readonly vatCategory: VatCategory;
  readonly exemptionReason: string | null;
  /** What the discount takes off the line; 0 when it has none. */
  readonly discountMinor: bigint;
  /** The percent it was given as, scaled by 10^percentScale; null when given as an amount. */
  readonly discountPercentScaled: bigint | null;
  /** Why it is given; null when the line has no discount. */
  readonly discountReason: string | null;
}

/** The discount fields of a line without one. */
export const noDiscount = {
  discountMinor: 0n,
  discountPercentScaled: null,
  discountReason: null,
} as const satisfies Pick<
  DocumentLine,
  'discountMinor' | 'discountPercentScaled' | 'discountReason'
>;

/** The reason a discount carries when none is given (the wording of UNCL 5189 code 95). */
export const defaultDiscountReason = 'Discount';

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
  const grossMinor = divideRoundHalfUp(quantity.value * unitPrice.value, quantityUnit);
  if (grossMinor > limits.amountMinorMax) {
    return fail(
      'amount_too_large',
      `The line comes to more than the ${formatAmount(limits.amountMinorMax, currency)} ${currency} Settle accepts for one amount.`,
      'unit_price',
    );
  }
  const vat = parseVatTreatment(input, taxRate.value === 0n);
  if (!vat.ok) return vat;
  const discount = parseDiscount(input, grossMinor, currency);
  if (!discount.ok) return discount;
  return ok({
    position,
    description,
    quantityScaled: quantity.value,
    unitPriceMinor: unitPrice.value,
    taxRateScaled: taxRate.value,
    netMinor: grossMinor - discount.value.discountMinor,
    taxMinor: 0n,
    ...vat.value,
    ...discount.value,
  });
}

/** The amount a line has before its discount: quantity × unit price, rounded. */
export function grossOf(line: Pick<DocumentLine, 'netMinor' | 'discountMinor'>): bigint {
  return line.netMinor + line.discountMinor;
}

/**
 * A line's discount, as an amount or a percent of the line, never more than the line: a line
 * that came to less than nothing would be a credit, which is a credit note's job.
 */
function parseDiscount(
  input: LineInput,
  grossMinor: bigint,
  currency: string,
): Result<Pick<DocumentLine, 'discountMinor' | 'discountPercentScaled' | 'discountReason'>> {
  const amountText = input.discountAmount?.trim() || null;
  const percentText = input.discountPercent?.trim() || null;
  const reason = input.discountReason?.trim() || null;
  if (reason !== null && reason.length > limits.textLengthMax) {
    return fail('text_too_long', `At most ${limits.textLengthMax} characters.`, 'discount_reason');
  }
  let discountMinor = 0n;
  let discountPercentScaled: bigint | null = null;
  if (percentText !== null) {
    const percent = parsePercent(percentText.replace(/\s*%$/, ''), 'discount_percent');
    if (!percent.ok) return percent;
    discountPercentScaled = percent.value;
    discountMinor = divideRoundHalfUp(grossMinor * percent.value, 100n * discountPercentUnit);
  }
  if (amountText !== null) {
    const amount = parseAmount(amountText, currency, 'discount_amount');
    if (!amount.ok) return amount;
    // Both may come back as a line was shown (the amount a percent took off): they must agree.
    if (percentText !== null && amount.value !== discountMinor) {
      return fail(
        'discount_ambiguous',
        `A discount of ${formatAmount(amount.value, currency)} is not ${percentText.replace(/\s*%$/, '')} % of the line's ${formatAmount(grossMinor, currency)} ${currency} (${formatAmount(discountMinor, currency)}): give the amount or the percent.`,
        'discount_amount',
      );
    }
    if (amount.value > grossMinor) {
      return fail(
        'discount_exceeds_line',
        `The discount of ${formatAmount(amount.value, currency)} is more than the line's ${formatAmount(grossMinor, currency)} ${currency}.`,
        'discount_amount',
      );
    }
    discountMinor = amount.value;
  }
  if (discountMinor === 0n) {
    // Nothing off (no discount, or a percent of a free line): the line has none to show.
    if (reason !== null && amountText === null && percentText === null) {
      return fail(
        'discount_reason_without_discount',
        'A discount reason needs a discount amount or percent.',
        'discount_reason',
      );
    }
    return ok(noDiscount);
  }
  return ok({
    discountMinor,
    discountPercentScaled,
    discountReason: reason ?? defaultDiscountReason,
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
