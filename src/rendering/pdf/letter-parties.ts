import type { PaymentAccount } from '../../core/payment-account.js';
import type { PostalAddress } from '../../core/postal-address.js';
import type { BuyerDetails, SellerDetails } from '../../invoicing/issued-document.js';
import type { LetterSender } from '../../platform/pdf/letter-layout.js';

/**
 * Who a letter is from and to, the same on every document Settle prints (invoices, credit notes,
 * statements, dunning letters), so that a customer sees one letterhead whatever the paper is.
 */

/** The sender as the letterhead prints it. */
export interface LetterheadParty {
  readonly name: string;
  readonly tradingName: string | null;
  /** The postal address, line by line. */
  readonly addressLines: readonly string[];
  readonly phone: string | null;
  readonly email: string | null;
  /** Free text at the foot of every page. */
  readonly footer: string | null;
}

const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });

function countryName(code: string): string {
  try {
    return regionNames.of(code) ?? code;
  } catch {
    return code;
  }
}

/** A postal address as printed on an envelope, the country spelled out. */
export function addressLines(address: PostalAddress): string[] {
  const cityLine = [address.postalCode, address.city].filter(Boolean).join(' ');
  return [
    address.line1,
    address.line2,
    cityLine,
    address.region,
    address.countryCode ? countryName(address.countryCode) : null,
  ].filter((line): line is string => Boolean(line?.trim()));
}

/** The seller's master data (frozen on a document, or as it stands now) as a letterhead. */
export function sellerLetterhead(
  seller: Pick<SellerDetails, 'name' | 'tradingName' | 'address' | 'phone' | 'email' | 'footer'>,
): LetterheadParty {
  return {
    name: seller.name,
    tradingName: seller.tradingName,
    addressLines: addressLines(seller.address),
    phone: seller.phone,
    email: seller.email,
    footer: seller.footer,
  };
}

export function letterSender(party: LetterheadParty): LetterSender {
  return {
    name: party.name,
    lines: [
      ...(party.tradingName && party.tradingName !== party.name
        ? [`Trading as ${party.tradingName}`]
        : []),
      ...party.addressLines,
      ...(party.phone ? [`Phone ${party.phone}`] : []),
      ...(party.email ? [party.email] : []),
    ],
    returnAddress: [party.name, ...party.addressLines].join(' · '),
  };
}

/** The recipient's lines in the envelope window: the legal name, the trading name, the address. */
export function letterRecipient(
  buyer: Pick<BuyerDetails, 'name' | 'tradingName'> & { readonly addressLines: readonly string[] },
): string[] {
  return [
    buyer.name,
    ...(buyer.tradingName && buyer.tradingName !== buyer.name ? [buyer.tradingName] : []),
    ...buyer.addressLines,
  ];
}

/** The buyer's details (frozen on a document, or as they stand now) in the envelope window. */
export function buyerRecipient(
  buyer: Pick<BuyerDetails, 'name' | 'tradingName' | 'address'>,
): string[] {
  return letterRecipient({ ...buyer, addressLines: addressLines(buyer.address) });
}

/** An IBAN in groups of four, the way people read it out and type it. */
export function groupedIban(iban: string): string {
  return iban
    .replace(/\s+/g, '')
    .toUpperCase()
    .replace(/(.{4})(?=.)/g, '$1 ');
}

/** A bank account on one line, as the payment instructions print it. */
export function paymentAccountLine(account: PaymentAccount): string {
  const parts = account.iban
    ? [`IBAN ${groupedIban(account.iban)}`, account.bic ? `BIC ${account.bic}` : null]
    : [
        account.accountNumber ? `Account ${account.accountNumber}` : null,
        account.routingNumber ? `Routing ${account.routingNumber}` : null,
      ];
  return [...parts, account.bankName, account.accountName ? `Holder ${account.accountName}` : null]
    .filter(Boolean)
    .join(' · ');
}
