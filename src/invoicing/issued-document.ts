import type { CalendarDate } from '../core/calendar-date.js';
import type { ElectronicAddress } from '../core/electronic-address.js';
import type { PaymentAccount } from '../core/payment-account.js';
import type { PostalAddress } from '../core/postal-address.js';
import type { VatCategory } from '../core/vat-category.js';

export type { PaymentAccount } from '../core/payment-account.js';
export type { PostalAddress } from '../core/postal-address.js';

/**
 * An invoice or credit note as the customer receives it: everything its PDF and its e-invoice
 * show, frozen when it is issued. The seller's and the buyer's details are copied onto the
 * document at issue, so that a later change of address or VAT id never rewrites a document that
 * was already sent; rendering it again gives the same content.
 *
 * Amounts are minor units of `currency`; quantities and rates are scaled integers as in
 * `ledger/document-math.ts`.
 */
export interface PartyDetails {
  /** The legal (registration) name. */
  readonly name: string;
  /** The name the party trades under, when it differs from the legal name. */
  readonly tradingName: string | null;
  readonly address: PostalAddress;
  readonly vatId: string | null;
  /** Company registration number (EN 16931 BT-30 and BT-47). */
  readonly registrationId: string | null;
  readonly electronicAddress: ElectronicAddress | null;
  readonly email: string | null;
  readonly phone: string | null;
}

export interface SellerDetails extends PartyDetails {
  readonly paymentAccounts: readonly PaymentAccount[];
  /** Free text printed at the foot of every page (registered office, directors, court). */
  readonly footer: string | null;
  /** The logo as the organization had it at issue: the stored document, or none. */
  readonly logoDocumentId: string | null;
}

export interface BuyerDetails extends PartyDetails {
  /** The customer's own reference for the seller's invoices (EN 16931 BT-10). */
  readonly buyerReference: string | null;
  /** The seller's reference of the customer (its account number in Settle). */
  readonly customerRef: string;
}

export interface IssuedLine {
  readonly position: number;
  readonly description: string;
  /** Scaled by 10^limits.quantityScale. */
  readonly quantityScaled: bigint;
  /** UN/ECE Recommendation 20 ("C62", "HUR"). */
  readonly unitCode: string;
  readonly unitPriceMinor: bigint;
  /** After the discount: round(quantity × unit price) − discountMinor. */
  readonly netMinor: bigint;
  readonly taxMinor: bigint;
  readonly vatCategory: VatCategory;
  /** Percent scaled by 10^limits.taxRateScale. */
  readonly taxRateScaled: bigint;
  readonly exemptionReason: string | null;
  /** What the line's discount takes off; 0 when it has none. */
  readonly discountMinor: bigint;
  /** The percent it was given as, scaled by 10^percentScale, or null. */
  readonly discountPercentScaled: bigint | null;
  /** Null exactly when the line has no discount. */
  readonly discountReason: string | null;
}

/** One row of the VAT breakdown: the lines of one category at one rate. */
export interface VatBreakdownRow {
  readonly category: VatCategory;
  readonly taxRateScaled: bigint;
  readonly taxableMinor: bigint;
  readonly taxMinor: bigint;
  readonly exemptionReason: string | null;
}

export interface IssuedDocument {
  readonly kind: 'invoice' | 'credit_note';
  readonly id: string;
  readonly number: string;
  readonly issuedOn: CalendarDate;
  /** An invoice's due date; a credit note has none. */
  readonly dueOn: CalendarDate | null;
  readonly currency: string;
  readonly seller: SellerDetails;
  readonly buyer: BuyerDetails;
  readonly lines: readonly IssuedLine[];
  readonly subtotalMinor: bigint;
  readonly taxMinor: bigint;
  readonly totalMinor: bigint;
  /** The payment terms in words ("Net 30", "2 % 10, net 30"). */
  readonly termsText: string | null;
  /** The early-payment discount and its last day, when the terms give one. */
  readonly discount: { readonly minor: bigint; readonly lastDay: CalendarDate } | null;
  /** ISO 11649 "RF" reference made from the number, in its electronic form. */
  readonly creditorReference: string | null;
  /** The buyer's purchase order number (EN 16931 BT-13). */
  readonly poNumber: string | null;
  readonly memo: string | null;
  /** A credit note's invoice: its number and issue date. */
  readonly invoiceReference: { readonly number: string; readonly issuedOn: CalendarDate } | null;
  /** Why a credit note was issued. */
  readonly reason: string | null;
}

/**
 * The VAT breakdown of a document's lines: one row per category and rate, in the order the
 * categories first appear, with exemption reasons taken from the row's first line that gives one.
 * The tax per row is the sum of its lines' tax, which document-math has made equal to the tax on
 * the row's total (EN 16931's rule BR-CO-17 in the e-invoice).
 */
export function vatBreakdownOf(lines: readonly IssuedLine[]): VatBreakdownRow[] {
  const rows = new Map<string, VatBreakdownRow>();
  for (const line of lines) {
    const key = `${line.vatCategory}:${line.taxRateScaled}`;
    const row = rows.get(key);
    rows.set(key, {
      category: line.vatCategory,
      taxRateScaled: line.taxRateScaled,
      taxableMinor: (row?.taxableMinor ?? 0n) + line.netMinor,
      taxMinor: (row?.taxMinor ?? 0n) + line.taxMinor,
      exemptionReason: row?.exemptionReason ?? line.exemptionReason,
    });
  }
  return [...rows.values()];
}
