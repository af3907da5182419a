import { paymentAccountJson, paymentAccountsOf } from '../core/payment-account.js';
import { emptyAddress, postalAddressJson, postalAddressOf } from '../core/postal-address.js';
import type { ElectronicAddress } from '../core/electronic-address.js';
import type { PostalAddress } from '../core/postal-address.js';
import type { BuyerDetails, SellerDetails } from './issued-document.js';

/**
 * The two parties of a document as they are frozen onto it at issue: built from the organization
 * and customer rows of the moment, stored as snake_case JSON on the document, and read back from
 * there for every rendering, so that a later change of address never rewrites a document.
 */
type Text = string | null;

function electronicAddressOf(scheme: Text, id: Text): ElectronicAddress | null {
  return scheme !== null && id !== null ? { scheme, id } : null;
}

function textOf(details: unknown, key: string): Text {
  const value = (details as Record<string, unknown> | null)?.[key];
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

export function sellerFromOrganization(row: {
  name: string;
  legal_name: Text;
  address: unknown;
  vat_id: Text;
  registration_id: Text;
  electronic_address_scheme: Text;
  electronic_address_id: Text;
  payment_accounts: unknown;
  invoice_footer: Text;
  logo_document_id: Text;
  company_details: unknown;
}): SellerDetails {
  const name = row.legal_name ?? row.name;
  return {
    name,
    tradingName: name !== row.name ? row.name : null,
    address: row.address === null ? emptyAddress : postalAddressOf(row.address),
    vatId: row.vat_id,
    registrationId: row.registration_id,
    electronicAddress: electronicAddressOf(
      row.electronic_address_scheme,
      row.electronic_address_id,
    ),
    email: textOf(row.company_details, 'email'),
    phone: textOf(row.company_details, 'phone'),
    paymentAccounts: paymentAccountsOf(row.payment_accounts),
    footer: row.invoice_footer,
    logoDocumentId: row.logo_document_id,
  };
}

/** A customer's billing address as a postal address, as documents and letters print it. */
export function billingPostalAddress(billingAddress: unknown): PostalAddress {
  // The billing address is stored as the API takes it (camelCase, country as given).
  const address = (billingAddress ?? {}) as Record<string, unknown>;
  const part = (key: string): Text =>
    typeof address[key] === 'string' && (address[key] as string).trim() !== ''
      ? (address[key] as string)
      : null;
  const country = part('country');
  return {
    line1: part('line1'),
    line2: part('line2'),
    city: part('city'),
    postalCode: part('postalCode'),
    region: part('region'),
    countryCode: country !== null && /^[A-Za-z]{2}$/.test(country) ? country.toUpperCase() : null,
  };
}

export function buyerFromCustomer(row: {
  ref: string;
  name: string;
  legal_name: Text;
  tax_id: Text;
  billing_address: unknown;
  registration_id: Text;
  electronic_address_scheme: Text;
  electronic_address_id: Text;
  buyer_reference: Text;
}): BuyerDetails {
  const name = row.legal_name ?? row.name;
  return {
    name,
    tradingName: name !== row.name ? row.name : null,
    address: billingPostalAddress(row.billing_address),
    vatId: row.tax_id,
    registrationId: row.registration_id,
    electronicAddress: electronicAddressOf(
      row.electronic_address_scheme,
      row.electronic_address_id,
    ),
    email: null,
    phone: null,
    buyerReference: row.buyer_reference,
    customerRef: row.ref,
  };
}

function partyJson(party: SellerDetails | BuyerDetails) {
  return {
    name: party.name,
    trading_name: party.tradingName,
    address: postalAddressJson(party.address),
    vat_id: party.vatId,
    registration_id: party.registrationId,
    electronic_address: party.electronicAddress,
    email: party.email,
    phone: party.phone,
  };
}

export function sellerJson(seller: SellerDetails): string {
  return JSON.stringify({
    ...partyJson(seller),
    payment_accounts: seller.paymentAccounts.map(paymentAccountJson),
    footer: seller.footer,
    logo_document_id: seller.logoDocumentId,
  });
}

export function buyerJson(buyer: BuyerDetails): string {
  return JSON.stringify({
    ...partyJson(buyer),
    buyer_reference: buyer.buyerReference,
    customer_ref: buyer.customerRef,
  });
}

function partyOf(json: Record<string, unknown>) {
  const address = json.address as Record<string, unknown> | null;
  const electronic = json.electronic_address as { scheme?: unknown; id?: unknown } | null;
  return {
    name: textOf(json, 'name') ?? '',
    tradingName: textOf(json, 'trading_name'),
    address: address ? postalAddressOf(address) : emptyAddress,
    vatId: textOf(json, 'vat_id'),
    registrationId: textOf(json, 'registration_id'),
    electronicAddress:
      electronic && typeof electronic.scheme === 'string' && typeof electronic.id === 'string'
        ? { scheme: electronic.scheme, id: electronic.id }
        : null,
    email: textOf(json, 'email'),
    phone: textOf(json, 'phone'),
  };
}

export function sellerOf(json: unknown): SellerDetails {
  const row = json as Record<string, unknown>;
  return {
    ...partyOf(row),
    paymentAccounts: paymentAccountsOf(row.payment_accounts),
    footer: textOf(row, 'footer'),
    logoDocumentId: textOf(row, 'logo_document_id'),
  };
}

export function buyerOf(json: unknown): BuyerDetails {
  const row = json as Record<string, unknown>;
  return {
    ...partyOf(row),
    buyerReference: textOf(row, 'buyer_reference'),
    customerRef: textOf(row, 'customer_ref') ?? '',
  };
}
