import type {
  SellerMasterData,
  SellerMasterDataChanges,
} from '../../organizations/seller-details.js';
import { belgianBban, belgianCompanyNumber, ibanOf } from './check-digits.js';

/**
 * The demo company as a seller: a Brussels company with every detail an invoice and a Peppol
 * e-invoice ask for. Belgium because its company number is at once the registration id, the
 * core of the VAT number and the Peppol address (scheme 0208), so one made-up number, with its
 * check digits computed, stands for all three consistently.
 */
const companyNumber = belgianCompanyNumber('7654321');
// Bank code 363 is in ING Belgium's range, whose BIC is BBRUBEBB.
const iban = ibanOf('BE', belgianBban('363', '1234567'));

/** Legal forms a name may already end with; otherwise the demo company is a BV. */
const legalFormPattern = /\b(BV|NV|SRL|SA|BVBA|Ltd|GmbH|AG|SARL|Inc|LLC|plc|AB|Oy)\.?$/i;

/** The complete seller master data of the demo company, named after the organization. */
export function demoSeller(organizationName: string) {
  const legalName = legalFormPattern.test(organizationName.trim())
    ? organizationName.trim()
    : `${organizationName.trim()} BV`;
  const dotted = `${companyNumber.slice(0, 4)}.${companyNumber.slice(4, 7)}.${companyNumber.slice(7)}`;
  return {
    legalName,
    address: {
      line1: 'Rue des Tanneurs 58',
      city: 'Brussels',
      postalCode: '1000',
      country: 'BE',
    },
    vatId: `BE${companyNumber}`,
    registrationId: companyNumber,
    electronicAddress: { scheme: '0208', id: companyNumber },
    paymentAccounts: [{ iban, bic: 'BBRUBEBB', bankName: 'ING Belgium' }],
    invoiceFooter:
      `${legalName} · Company number ${dotted} · RLE Brussels · ` +
      'Late payments bear interest at the rate of the Belgian Act of 2 August 2002.',
  } as const satisfies SellerMasterDataChanges;
}

/**
 * The demo seller's details for what the organization has not set yet: what a person already
 * entered is kept, since the demo fills an empty organization, not an unconfigured one.
 */
export function missingSellerDetails(
  stored: SellerMasterData,
  organizationName: string,
): SellerMasterDataChanges {
  const demo = demoSeller(organizationName);
  return {
    ...(stored.legalName === null && { legalName: demo.legalName }),
    ...(stored.address?.countryCode == null && { address: demo.address }),
    ...(stored.vatId === null && { vatId: demo.vatId }),
    ...(stored.registrationId === null && { registrationId: demo.registrationId }),
    ...(stored.electronicAddress === null && { electronicAddress: demo.electronicAddress }),
    ...(stored.paymentAccounts.length === 0 && { paymentAccounts: demo.paymentAccounts }),
    ...(stored.invoiceFooter === null && { invoiceFooter: demo.invoiceFooter }),
  };
}
