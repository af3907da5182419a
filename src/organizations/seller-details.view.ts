import { paymentAccountJson } from '../core/payment-account.js';
import type { PostalAddress } from '../core/postal-address.js';
import type { SellerMasterData } from './seller-details.js';

export function postalAddressView(address: PostalAddress) {
  return {
    line1: address.line1,
    line2: address.line2,
    city: address.city,
    postal_code: address.postalCode,
    region: address.region,
    country: address.countryCode,
  };
}

export function sellerDetailsView(details: SellerMasterData & { readonly hasLogo: boolean }) {
  return {
    legal_name: details.legalName,
    address: details.address === null ? null : postalAddressView(details.address),
    vat_id: details.vatId,
    registration_id: details.registrationId,
    electronic_address: details.electronicAddress,
    payment_accounts: details.paymentAccounts.map(paymentAccountJson),
    invoice_footer: details.invoiceFooter,
    has_logo: details.hasLogo,
  };
}
