import { formatAmount } from '../../../../src/core/money';
import { priceLines, totalsOf } from '../../../../src/ledger/document-math';
import type { Amount, InvoiceDetail, InvoiceDraftBody } from '../../api/types';
import {
  categoryNeedsExemptionReason,
  defaultUnitCode,
  isVatCategory,
} from '../../format/line-codes';

/** One line of the form as typed: text until the API (or the live total) reads it. */
export interface LineDraft {
  /** Keeps React's row identity when a line above is removed. */
  readonly key: string;
  readonly description: string;
  readonly quantity: string;
  readonly unit_price: string;
  readonly tax_rate: string;
  /** UN/ECE Recommendation 20 code: C62 (one) unless chosen. */
  readonly unit_code: string;
  /** '' leaves the API's default: standard rate when taxed, zero rated when not. */
  readonly vat_category: string;
  /** Sent only with a category that needs one (exempt, reverse charge, …). */
  readonly exemption_reason: string;
  /** "12.50" off the line, or "10 %" of it; '' for none. */
  readonly discount: string;
  /** Sent only with a discount; '' leaves the API's "Discount". */
  readonly discount_reason: string;
}

export interface InvoiceFormState {
  readonly customer_id: string;
  readonly issued_on: string;
  readonly due_on: string;
  readonly po_number: string;
  readonly memo: string;
  readonly lines: readonly LineDraft[];
}

let lastKey = 0;
const nextKey = () => `line-${(lastKey += 1)}`;

export function emptyLine(): LineDraft {
  return {
    key: nextKey(),
    description: '',
    quantity: '1',
    unit_price: '',
    tax_rate: '0',
    unit_code: defaultUnitCode,
    vat_category: '',
    exemption_reason: '',
    discount: '',
    discount_reason: '',
  };
}

export function newInvoiceForm(customerId = ''): InvoiceFormState {
  return {
    customer_id: customerId,
    issued_on: '',
    due_on: '',
    po_number: '',
    memo: '',
    lines: [emptyLine()],
  };
}

/** A saved draft back in the form, to change it. */
export function formOfInvoice(invoice: InvoiceDetail): InvoiceFormState {
  return {
    customer_id: invoice.customer_id,
    issued_on: invoice.issued_on ?? '',
    due_on: invoice.due_on ?? '',
    po_number: invoice.po_number ?? '',
    memo: invoice.memo ?? '',
    lines: (invoice.lines ?? []).map((line) => ({
      key: nextKey(),
      description: line.description,
      quantity: line.quantity,
      unit_price: line.unit_price,
      tax_rate: line.tax_rate,
      unit_code: line.unit_code ?? defaultUnitCode,
      vat_category: line.vat_category ?? '',
      exemption_reason: line.exemption_reason ?? '',
      discount:
        line.discount_percent !== null
          ? `${line.discount_percent} %`
          : (line.discount_amount ?? ''),
      discount_reason: line.discount_reason ?? '',
    })),
  };
}

const blankToNull = (value: string): string | null => (value.trim() === '' ? null : value.trim());

/**
 * The body of POST /invoices (and PATCH): blank dates are sent as null, so the API fills the due
 * date from the customer's terms and the issue date on the day the invoice is issued. Text is
 * sent as typed, apart from surrounding blanks; the API validates it and names the field.
 */
export function draftBody(form: InvoiceFormState): InvoiceDraftBody {
  return {
    customer_id: form.customer_id,
    issued_on: blankToNull(form.issued_on),
    due_on: blankToNull(form.due_on),
    po_number: blankToNull(form.po_number),
    memo: blankToNull(form.memo),
    lines: form.lines.map(lineBody),
  };
}

/**
 * The discount as typed, in the API's two fields: "10 %" (or "10%") is a percent of the line,
 * anything else an amount. What cannot be read is sent as typed for the API to name.
 */
export function discountFields(discount: string): {
  readonly discount_amount?: string;
  readonly discount_percent?: string;
} {
  const typed = discount.trim();
  if (typed === '') return {};
  const percent = /^(.*?)\s*%$/.exec(typed);
  return percent ? { discount_percent: percent[1]! } : { discount_amount: typed };
}

/**
 * One line of the body. A category left to the API is not sent, so its default (standard when
 * taxed, zero rated when not) follows the rate; the reason goes only with a category that needs
 * one, so a reason typed before the category changed is not printed on the invoice.
 */
export function lineBody(line: LineDraft): InvoiceDraftBody['lines'][number] {
  const category = line.vat_category.trim();
  return {
    description: line.description.trim(),
    quantity: line.quantity.trim(),
    unit_price: line.unit_price.trim(),
    tax_rate: line.tax_rate.trim() || '0',
    unit_code: line.unit_code.trim() || defaultUnitCode,
    ...(isVatCategory(category) ? { vat_category: category } : {}),
    ...(categoryNeedsExemptionReason(category)
      ? { exemption_reason: line.exemption_reason.trim() || null }
      : {}),
    ...discountFields(line.discount),
    ...(line.discount.trim() !== '' && line.discount_reason.trim() !== ''
      ? { discount_reason: line.discount_reason.trim() }
      : {}),
  };
}

function pricedLines(lines: readonly LineDraft[], currency: string) {
  if (!currency) return null;
  return priceLines(
    lines.map((line) => {
      const discount = discountFields(line.discount);
      return {
        // A description is not needed to work out a total; the API asks for it on saving.
        description: line.description.trim() || 'line',
        quantity: line.quantity.trim(),
        unitPrice: line.unit_price.trim(),
        taxRate: line.tax_rate.trim() || '0',
        discountAmount: discount.discount_amount,
        discountPercent: discount.discount_percent,
      };
    }),
    currency,
  );
}

/**
 * The first figure typed that cannot be read, named as the API names it ("lines[1].unit_price")
 * with the API's own message, so the user sees it while typing; fields not filled in yet are
 * not a problem until the draft is saved.
 */
export function lineProblem(
  lines: readonly LineDraft[],
  currency: string,
): { readonly field: string; readonly message: string } | null {
  const priced = pricedLines(lines, currency);
  if (!priced || priced.ok || priced.error.field === undefined) return null;
  const match =
    /^lines\[(\d+)\]\.(quantity|unit_price|tax_rate|discount_amount|discount_percent)$/.exec(
      priced.error.field,
    );
  if (!match) return null;
  const line = lines[Number(match[1])];
  // The form has one discount field for the API's two.
  const field = match[2]!.startsWith('discount_')
    ? 'discount'
    : (match[2] as 'quantity' | 'unit_price' | 'tax_rate');
  const typed = line?.[field] ?? '';
  return typed.trim() === ''
    ? null
    : { field: `lines[${match[1]}].${field}`, message: priced.error.message };
}

/** The form's field an API error names: the discount's two fields are one input. */
export function formFieldOf(field: string | undefined): string | undefined {
  return field?.replace(/\.discount_(amount|percent)$/, '.discount');
}

export interface LiveTotals {
  readonly lines: readonly { readonly net: Amount; readonly tax: Amount }[];
  readonly subtotal: Amount;
  readonly tax: Amount;
  readonly total: Amount;
}

/**
 * The totals the API will compute for these lines, worked out while the user types with the
 * server's own document math (pure code, bundled into the app): exact in minor units, the same
 * rounding and the same per-rate tax allocation, so the figure shown before saving is the figure
 * saved. Null while a line cannot be read yet (the API's error will name it on saving).
 */
export function liveTotals(lines: readonly LineDraft[], currency: string): LiveTotals | null {
  const priced = pricedLines(lines, currency);
  if (!priced?.ok) return null;
  const totals = totalsOf(priced.value);
  return {
    lines: priced.value.map((line) => ({
      net: formatAmount(line.netMinor, currency),
      tax: formatAmount(line.taxMinor, currency),
    })),
    subtotal: formatAmount(totals.subtotalMinor, currency),
    tax: formatAmount(totals.taxMinor, currency),
    total: formatAmount(totals.totalMinor, currency),
  };
}
