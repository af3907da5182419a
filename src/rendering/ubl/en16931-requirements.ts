import { AppError } from '../../core/errors.js';
import { isElectronicAddressScheme } from '../../core/electronic-address.js';
import { currencyExponent } from '../../core/money.js';
import { isUnitCode } from '../../core/unit-codes.js';
import type { VatCategory } from '../../core/vat-category.js';
import type { IssuedDocument, PartyDetails } from '../../invoicing/issued-document.js';
import { hasVatCountryPrefix, isEn16931CountryCode } from './country-codes.js';

/**
 * What a document needs before it can leave as an EN 16931 e-invoice, checked up front so that
 * the user is told which setting to fill in rather than the receiver rejecting the file. Each
 * check cites the rule of the official validation artefacts (1.3.16) or of Peppol BIS 3.0 it
 * stands for; the rule texts were read from the XSLT, not recalled.
 */

/** Categories for which the seller must show a VAT identifier (BR-S-02, BR-Z-02, BR-E-02, BR-AE-02, BR-IC-02, BR-G-02). */
const sellerVatIdCategories: ReadonlySet<VatCategory> = new Set(['S', 'Z', 'E', 'AE', 'K', 'G']);

function refuse(code: string, message: string, field: string): never {
  throw new AppError('invalid', code, message, field);
}

function checkParty(party: PartyDetails, role: 'seller' | 'buyer'): void {
  const prefix = role === 'seller' ? 'organization' : 'customer';
  const where =
    role === 'seller' ? "the organization's settings" : "the customer's details (or at issue)";
  const who = role === 'seller' ? 'organization (the seller)' : 'customer (the buyer)';
  if (party.name.trim() === '') {
    refuse(
      `${role}_name_required`,
      `The ${who} has no legal name (EN 16931 ${role === 'seller' ? 'BR-06' : 'BR-07'}). Set it in ${where}.`,
      `${prefix}.name`,
    );
  }
  const address = party.electronicAddress;
  if (address === null || address.id.trim() === '') {
    refuse(
      `${role}_electronic_address_required`,
      `An e-invoice is delivered to an electronic address, and the ${who} has none (EN 16931 BT-${role === 'seller' ? '34' : '49'}, required by Peppol). Set it in ${where}.`,
      `${prefix}.electronic_address`,
    );
  }
  if (!isElectronicAddressScheme(address.scheme)) {
    refuse(
      'electronic_address_scheme_invalid',
      `The ${role}'s electronic address scheme "${address.scheme}" is not in the EAS code list (BR-CL-25). Correct it in ${where}.`,
      `${prefix}.electronic_address`,
    );
  }
  const country = party.address.countryCode;
  if (country === null || country.trim() === '') {
    refuse(
      `${role}_country_required`,
      `The ${who}'s postal address has no country (EN 16931 ${role === 'seller' ? 'BR-09' : 'BR-11'}). Set it in ${where}.`,
      `${prefix}.country_code`,
    );
  }
  if (!isEn16931CountryCode(country)) {
    refuse(
      'country_invalid',
      `The ${role}'s country "${country}" is not an ISO 3166-1 alpha-2 code (BR-CL-14). Correct it in ${where}.`,
      `${prefix}.country_code`,
    );
  }
}

function checkVatIdPrefix(party: PartyDetails, role: 'seller' | 'buyer'): void {
  if (party.vatId !== null && !hasVatCountryPrefix(party.vatId)) {
    refuse(
      'vat_id_country_prefix_required',
      `The ${role}'s VAT identifier "${party.vatId}" must start with its country code, as in DE123456789 (BR-CO-09).`,
      `${role === 'seller' ? 'organization' : 'customer'}.vat_id`,
    );
  }
}

/** Throws an `AppError('invalid', …)` naming the first thing the document lacks for EN 16931. */
export function assertExpressibleInEn16931(doc: IssuedDocument): void {
  if (currencyExponent(doc.currency) > 2) {
    refuse(
      'currency_not_supported_by_en16931',
      `EN 16931 allows at most two decimals in amounts (BR-DEC rules); ${doc.currency} has ${currencyExponent(doc.currency)} decimals, so this document cannot be sent as an e-invoice. Send the PDF instead, or invoice in another currency.`,
      'currency',
    );
  }
  checkParty(doc.seller, 'seller');
  checkParty(doc.buyer, 'buyer');

  const categories = new Set(doc.lines.map((line) => line.vatCategory));
  const notSubjectToVat = categories.has('O');
  if (notSubjectToVat && categories.size > 1) {
    refuse(
      'vat_category_o_mixed',
      'A document with lines "not subject to VAT" (category O) may not have lines of any other VAT category (BR-O-11, BR-O-12). Issue the other lines on a separate invoice.',
      'lines',
    );
  }
  for (const [index, line] of doc.lines.entries()) {
    if (!isUnitCode(line.unitCode)) {
      refuse(
        'unit_code_invalid',
        `Line ${line.position} has the unit "${line.unitCode}", which is not a UN/ECE Recommendation 20 code (BR-CL-23).`,
        `lines[${index}].unit_code`,
      );
    }
    if (
      line.vatCategory === 'E' &&
      (line.exemptionReason === null || line.exemptionReason.trim() === '')
    ) {
      refuse(
        'vat_exemption_reason_required',
        `Line ${line.position} is exempt from VAT but gives no exemption reason (BR-E-10). Give the legal ground on the line.`,
        `lines[${index}].exemption_reason`,
      );
    }
  }

  if (notSubjectToVat) {
    // BR-O-02 forbids VAT identifiers on such a document, so they are left out; then BR-CO-26
    // needs another way to identify the seller, and the registration number is the one Settle has.
    if (doc.seller.registrationId === null || doc.seller.registrationId.trim() === '') {
      refuse(
        'seller_registration_id_required',
        "A document not subject to VAT carries no VAT identifier (BR-O-02), so the seller must be identified by its company registration number (BR-CO-26). Set it in the organization's settings.",
        'organization.registration_id',
      );
    }
  } else {
    checkVatIdPrefix(doc.seller, 'seller');
    checkVatIdPrefix(doc.buyer, 'buyer');
  }

  const needsSellerVatId = [...categories].find((category) => sellerVatIdCategories.has(category));
  if (needsSellerVatId !== undefined && doc.seller.vatId === null) {
    refuse(
      'seller_vat_id_required',
      `Lines of VAT category ${needsSellerVatId} require the seller's VAT identifier on the e-invoice (BR-${ruleGroup(needsSellerVatId)}-02). Set it in the organization's settings.`,
      'organization.vat_id',
    );
  }
  if (categories.has('AE') && doc.buyer.vatId === null && doc.buyer.registrationId === null) {
    refuse(
      'buyer_vat_id_required',
      "A reverse-charge invoice must show the buyer's VAT identifier or its legal registration number (BR-AE-02). Set it in the customer's details.",
      'customer.vat_id',
    );
  }
  if (categories.has('K') && doc.buyer.vatId === null) {
    refuse(
      'buyer_vat_id_required',
      "An intra-community supply must show the buyer's VAT identifier (BR-IC-02). Set it in the customer's details.",
      'customer.vat_id',
    );
  }

  const hasBuyerReference =
    doc.buyer.buyerReference !== null && doc.buyer.buyerReference.trim() !== '';
  const hasPoNumber = doc.poNumber !== null && doc.poNumber.trim() !== '';
  if (!hasBuyerReference && !hasPoNumber) {
    refuse(
      'buyer_reference_required',
      "Peppol requires the buyer's reference or a purchase order number on every e-invoice (PEPPOL-EN16931-R003). Set the customer's buyer reference, or the PO number on the document.",
      'customer.buyer_reference',
    );
  }
}

/** The rule-id group of a category: the rules of category K are BR-IC-…. */
function ruleGroup(category: VatCategory): string {
  return category === 'K' ? 'IC' : category;
}
