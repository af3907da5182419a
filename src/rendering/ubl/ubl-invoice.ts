import { assert } from '../../core/assert.js';
import { formatScaledDecimal } from '../../core/decimal.js';
import { limits } from '../../core/limits.js';
import { formatAmount } from '../../core/money.js';
import { formatPercent } from '../../core/percent.js';
import {
  categoryNeedsExemptionReason,
  vatCategoryLabels,
  type VatCategory,
} from '../../core/vat-category.js';
import {
  vatBreakdownOf,
  type IssuedDocument,
  type IssuedLine,
  type PartyDetails,
  type PaymentAccount,
  type PostalAddress,
  type VatBreakdownRow,
} from '../../invoicing/issued-document.js';
import { defaultDiscountReason, grossOf } from '../../ledger/document-math.js';
import { assertExpressibleInEn16931 } from './en16931-requirements.js';
import {
  element,
  serializeXml,
  textElement,
  type XmlChild,
  type XmlElement,
} from './xml-writer.js';

/**
 * The UBL 2.1 e-invoice of an issued document, as Peppol BIS Billing 3.0 (a CIUS of EN 16931)
 * wants it. Elements are written in the order of the sequences of `maindoc/UBL-Invoice-2.1.xsd`,
 * `UBL-CreditNote-2.1.xsd` and `common/UBL-CommonAggregateComponents-2.1.xsd`; the schema check
 * (check-ubl-xsd.ts) and the EN 16931 rules in the tests hold the writer to that.
 */
export const en16931CustomizationId =
  'urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0';
export const peppolBillingProfileId = 'urn:fdc:peppol.eu:2017:poacc:billing:01:1.0';

const namespaces = {
  invoice: 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2',
  creditNote: 'urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2',
  cac: 'urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2',
  cbc: 'urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2',
};

const cbc = (name: string, value: string | null | undefined, attributes = {}) =>
  textElement(`cbc:${name}`, value, attributes);
const cac = (name: string, ...children: XmlChild[]): XmlElement =>
  element(`cac:${name}`, {}, ...children);

const vatScheme = () => cac('TaxScheme', cbc('ID', 'VAT'));

function blankToNull(value: string | null): string | null {
  return value === null || value.trim() === '' ? null : value.trim();
}

/** Text for a VAT breakdown with no reason given: the rules accept the category's standard wording. */
function exemptionReasonOf(category: VatCategory, reason: string | null): string | null {
  if (!categoryNeedsExemptionReason(category)) return null;
  return blankToNull(reason) ?? vatCategoryLabels[category];
}

function amountElement(name: string, minor: bigint, currency: string): XmlElement | null {
  return cbc(name, formatAmount(minor, currency), { currencyID: currency });
}

function postalAddress(address: PostalAddress): XmlElement {
  return cac(
    'PostalAddress',
    cbc('StreetName', address.line1),
    cbc('AdditionalStreetName', address.line2),
    cbc('CityName', address.city),
    cbc('PostalZone', address.postalCode),
    cbc('CountrySubentity', address.region),
    cac('Country', cbc('IdentificationCode', address.countryCode)),
  );
}

function party(details: PartyDetails, showVatId: boolean): XmlElement {
  const address = details.electronicAddress;
  const vatId = showVatId ? blankToNull(details.vatId) : null;
  const phone = blankToNull(details.phone);
  const email = blankToNull(details.email);
  return cac(
    'Party',
    address && cbc('EndpointID', address.id, { schemeID: address.scheme }),
    blankToNull(details.tradingName) !== null && cac('PartyName', cbc('Name', details.tradingName)),
    postalAddress(details.address),
    vatId !== null && cac('PartyTaxScheme', cbc('CompanyID', vatId), vatScheme()),
    cac(
      'PartyLegalEntity',
      cbc('RegistrationName', details.name),
      cbc('CompanyID', details.registrationId),
    ),
    (phone !== null || email !== null) &&
      cac('Contact', cbc('Telephone', phone), cbc('ElectronicMail', email)),
  );
}

/** The account to be paid into: the first with an IBAN (a SEPA transfer), else the first at all. */
function payeeAccountOf(accounts: readonly PaymentAccount[]): PaymentAccount | null {
  const withIban = accounts.find((account) => blankToNull(account.iban) !== null);
  if (withIban) return withIban;
  return accounts.find((account) => blankToNull(account.accountNumber) !== null) ?? null;
}

function paymentMeans(doc: IssuedDocument): XmlElement | null {
  // A credit note is settled against its invoice or refunded; the seller's account to be paid
  // into means nothing on it.
  if (doc.kind !== 'invoice') return null;
  const account = payeeAccountOf(doc.seller.paymentAccounts);
  const paymentId = blankToNull(doc.creditorReference);
  if (account === null) {
    // Code 1, "instrument not defined": still carries the reference the payer must quote. A
    // credit-transfer code would need an account (BR-61).
    return paymentId === null
      ? null
      : cac('PaymentMeans', cbc('PaymentMeansCode', '1'), cbc('PaymentID', paymentId));
  }
  const iban = blankToNull(account.iban)?.replace(/\s+/g, '') ?? null;
  const branch = blankToNull(account.bic) ?? blankToNull(account.routingNumber);
  return cac(
    'PaymentMeans',
    cbc('PaymentMeansCode', iban !== null ? '58' : '30'),
    cbc('PaymentID', paymentId),
    cac(
      'PayeeFinancialAccount',
      cbc('ID', iban ?? blankToNull(account.accountNumber)),
      cbc('Name', blankToNull(account.accountName) ?? doc.seller.name),
      branch !== null && cac('FinancialInstitutionBranch', cbc('ID', branch)),
    ),
  );
}

/** EN 16931 has no element for an early-payment discount, so it goes into the terms as text (BT-20). */
function paymentTermsText(doc: IssuedDocument): string | null {
  const parts: string[] = [];
  const terms = blankToNull(doc.termsText);
  if (terms !== null) parts.push(terms);
  if (doc.discount !== null) {
    const discount = formatAmount(doc.discount.minor, doc.currency);
    const payable = formatAmount(doc.totalMinor - doc.discount.minor, doc.currency);
    parts.push(
      `Early-payment discount: ${discount} ${doc.currency} if paid by ${doc.discount.lastDay} (pay ${payable} ${doc.currency}).`,
    );
  }
  return parts.length === 0 ? null : parts.join('\n');
}

function taxCategory(
  category: VatCategory,
  rateScaled: bigint,
  exemptionReason: string | null,
  name: 'TaxCategory' | 'ClassifiedTaxCategory',
): XmlElement {
  return cac(
    name,
    cbc('ID', category),
    // A line "not subject to VAT" must not state a rate at all (BR-O-05); its breakdown row has
    // none either, as VAT does not apply to it.
    category !== 'O' && cbc('Percent', formatPercent(rateScaled)),
    cbc('TaxExemptionReason', exemptionReason),
    vatScheme(),
  );
}

function taxSubtotal(row: VatBreakdownRow, currency: string): XmlElement {
  return cac(
    'TaxSubtotal',
    amountElement('TaxableAmount', row.taxableMinor, currency),
    amountElement('TaxAmount', row.taxMinor, currency),
    taxCategory(
      row.category,
      row.taxRateScaled,
      exemptionReasonOf(row.category, row.exemptionReason),
      'TaxCategory',
    ),
  );
}

/**
 * A line's discount as an EN 16931 line allowance (BG-27): code 95, "Discount", with the reason
 * given. A percent goes with the amount it was taken of (BT-137, BT-138), which Peppol wants in
 * pairs (PEPPOL-EN16931-R041, R042); the amount is that percent of it rounded, as Settle took it.
 */
function lineAllowance(line: IssuedLine, currency: string): XmlElement | null {
  if (line.discountMinor === 0n) return null;
  const percent = line.discountPercentScaled;
  return cac(
    'AllowanceCharge',
    cbc('ChargeIndicator', 'false'),
    cbc('AllowanceChargeReasonCode', '95'),
    cbc('AllowanceChargeReason', blankToNull(line.discountReason) ?? defaultDiscountReason),
    percent !== null && cbc('MultiplierFactorNumeric', formatPercent(percent)),
    amountElement('Amount', line.discountMinor, currency),
    percent !== null && amountElement('BaseAmount', grossOf(line), currency),
  );
}

function documentLine(line: IssuedLine, doc: IssuedDocument): XmlElement {
  const isInvoice = doc.kind === 'invoice';
  return cac(
    isInvoice ? 'InvoiceLine' : 'CreditNoteLine',
    cbc('ID', String(line.position)),
    cbc(
      isInvoice ? 'InvoicedQuantity' : 'CreditedQuantity',
      formatScaledDecimal(line.quantityScaled, limits.quantityScale),
      { unitCode: line.unitCode },
    ),
    amountElement('LineExtensionAmount', line.netMinor, doc.currency),
    lineAllowance(line, doc.currency),
    cac(
      'Item',
      cbc('Name', line.description),
      taxCategory(line.vatCategory, line.taxRateScaled, null, 'ClassifiedTaxCategory'),
    ),
    cac('Price', amountElement('PriceAmount', line.unitPriceMinor, doc.currency)),
  );
}

function noteOf(doc: IssuedDocument): string | null {
  // Peppol allows one note per document, so the credit note's reason and the memo share it.
  const parts = [blankToNull(doc.reason), blankToNull(doc.memo)].filter(
    (part): part is string => part !== null,
  );
  return parts.length === 0 ? null : parts.join('\n');
}

/**
 * The supply date and place for an intra-community supply (BR-IC-11, BR-IC-12). The issued
 * document records neither, so the issue date stands for the delivery date (the invoice of such a
 * supply is due by the 15th of the month after it, so they rarely differ by much) and the buyer's
 * country for the country of delivery.
 */
function delivery(doc: IssuedDocument): XmlElement | null {
  if (!doc.lines.some((line) => line.vatCategory === 'K')) return null;
  return cac(
    'Delivery',
    cbc('ActualDeliveryDate', doc.issuedOn),
    cac(
      'DeliveryLocation',
      cac('Address', cac('Country', cbc('IdentificationCode', doc.buyer.address.countryCode))),
    ),
  );
}

/**
 * The totals an issued document carries must be its lines' sums (BR-CO-10, BR-CO-14, BR-CO-15):
 * document-math makes them so, and a document that broke this would be rejected by every
 * receiver, so it is a bug to stop here rather than a file to send.
 */
function assertTotalsAddUp(doc: IssuedDocument): void {
  let net = 0n;
  let tax = 0n;
  for (const line of doc.lines) {
    net += line.netMinor;
    tax += line.taxMinor;
  }
  assert(net === doc.subtotalMinor, `${doc.number}: the lines' nets do not sum to the subtotal`);
  assert(tax === doc.taxMinor, `${doc.number}: the lines' taxes do not sum to the tax`);
  assert(doc.subtotalMinor + doc.taxMinor === doc.totalMinor, `${doc.number}: total ≠ net + tax`);
}

/** The UBL 2.1 XML of an invoice or credit note, or an `AppError('invalid', …)` saying what it lacks. */
export function ublOf(doc: IssuedDocument): string {
  assertTotalsAddUp(doc);
  assertExpressibleInEn16931(doc);
  const isInvoice = doc.kind === 'invoice';
  const showVatIds = !doc.lines.some((line) => line.vatCategory === 'O');
  const currency = doc.currency;
  const buyerReference = blankToNull(doc.buyer.buyerReference);
  const poNumber = blankToNull(doc.poNumber);

  const root = element(
    isInvoice ? 'Invoice' : 'CreditNote',
    {
      xmlns: isInvoice ? namespaces.invoice : namespaces.creditNote,
      'xmlns:cac': namespaces.cac,
      'xmlns:cbc': namespaces.cbc,
    },
    cbc('CustomizationID', en16931CustomizationId),
    cbc('ProfileID', peppolBillingProfileId),
    cbc('ID', doc.number),
    cbc('IssueDate', doc.issuedOn),
    isInvoice && cbc('DueDate', doc.dueOn),
    cbc(isInvoice ? 'InvoiceTypeCode' : 'CreditNoteTypeCode', isInvoice ? '380' : '381'),
    cbc('Note', noteOf(doc)),
    cbc('DocumentCurrencyCode', currency),
    cbc('BuyerReference', buyerReference),
    poNumber !== null && cac('OrderReference', cbc('ID', poNumber)),
    doc.invoiceReference !== null &&
      cac(
        'BillingReference',
        cac(
          'InvoiceDocumentReference',
          cbc('ID', doc.invoiceReference.number),
          cbc('IssueDate', doc.invoiceReference.issuedOn),
        ),
      ),
    cac('AccountingSupplierParty', party(doc.seller, showVatIds)),
    cac('AccountingCustomerParty', party(doc.buyer, showVatIds)),
    delivery(doc),
    paymentMeans(doc),
    paymentTermsText(doc) !== null && cac('PaymentTerms', cbc('Note', paymentTermsText(doc))),
    cac(
      'TaxTotal',
      amountElement('TaxAmount', doc.taxMinor, currency),
      vatBreakdownOf(doc.lines).map((row) => taxSubtotal(row, currency)),
    ),
    cac(
      'LegalMonetaryTotal',
      amountElement('LineExtensionAmount', doc.subtotalMinor, currency),
      amountElement('TaxExclusiveAmount', doc.subtotalMinor, currency),
      amountElement('TaxInclusiveAmount', doc.totalMinor, currency),
      amountElement('PayableAmount', doc.totalMinor, currency),
    ),
    doc.lines.map((line) => documentLine(line, doc)),
  );
  return serializeXml(root);
}
