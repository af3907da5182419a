import { AppError } from '../core/errors.js';
import { checkedElectronicAddress, type ElectronicAddress } from '../core/electronic-address.js';
import { limits } from '../core/limits.js';
import {
  checkedPaymentAccount,
  paymentAccountsMax,
  paymentAccountsOf,
  type PaymentAccount,
  type PaymentAccountInput,
} from '../core/payment-account.js';
import {
  checkedPostalAddress,
  postalAddressOf,
  type PostalAddress,
  type PostalAddressInput,
} from '../core/postal-address.js';

/**
 * What the organization prints on its invoices about itself: the master data of the seller, as
 * the EU VAT Directive (Art. 226) and an EN 16931 e-invoice ask for it.
 */
export interface SellerMasterData {
  readonly legalName: string | null;
  readonly address: PostalAddress | null;
  readonly vatId: string | null;
  readonly registrationId: string | null;
  readonly electronicAddress: ElectronicAddress | null;
  readonly paymentAccounts: readonly PaymentAccount[];
  readonly invoiceFooter: string | null;
}

/** Changes as given; a field left out stays, null clears it. */
export interface SellerMasterDataChanges {
  readonly legalName?: string | null | undefined;
  readonly address?: PostalAddressInput | null | undefined;
  readonly vatId?: string | null | undefined;
  readonly registrationId?: string | null | undefined;
  readonly electronicAddress?: { scheme: string; id: string } | null | undefined;
  readonly paymentAccounts?: readonly PaymentAccountInput[] | undefined;
  readonly invoiceFooter?: string | null | undefined;
}

function optionalText(value: string | null, field: string, max: number): string | null {
  const text = value?.trim() ?? '';
  if (text === '') return null;
  if (text.length > max)
    throw new AppError('invalid', 'text_too_long', `At most ${max} characters.`, field);
  return text;
}

/**
 * A tax or company identifier as printed: upper case without spaces ("DE 123 456 789" is
 * DE123456789). Codes: tax_id_invalid.
 */
export function checkedTaxIdentifier(value: string | null, field: string): string | null {
  const compact = value?.replace(/\s+/g, '').toUpperCase() ?? '';
  if (compact === '') return null;
  if (!/^[A-Z0-9][A-Z0-9.\-/]{1,29}$/.test(compact)) {
    throw new AppError(
      'invalid',
      'tax_id_invalid',
      `"${value}" is not an identifier: 2 to 30 letters and digits (with . - /), such as DE123456789.`,
      field,
    );
  }
  return compact;
}

/** Applies the changes to what is stored, checking each. */
export function changedSellerMasterData(
  stored: SellerMasterData,
  changes: SellerMasterDataChanges,
): SellerMasterData {
  const pick = <K extends keyof SellerMasterDataChanges, T>(
    key: K,
    current: T,
    check: (value: NonNullable<SellerMasterDataChanges[K]>) => T,
    empty: T,
  ): T => {
    const value = changes[key];
    if (value === undefined) return current;
    if (value === null) return empty;
    return check(value as NonNullable<SellerMasterDataChanges[K]>);
  };
  const accounts = changes.paymentAccounts;
  if (accounts !== undefined && accounts.length > paymentAccountsMax) {
    throw new AppError(
      'invalid',
      'too_many_payment_accounts',
      `An invoice shows at most ${paymentAccountsMax} bank accounts.`,
      'payment_accounts',
    );
  }
  return {
    legalName: pick('legalName', stored.legalName, (v) => optionalText(v, 'legal_name', 500), null),
    address: pick('address', stored.address, (v) => checkedPostalAddress(v, 'address'), null),
    vatId: pick('vatId', stored.vatId, (v) => checkedTaxIdentifier(v, 'vat_id'), null),
    registrationId: pick(
      'registrationId',
      stored.registrationId,
      (v) => optionalText(v, 'registration_id', 100),
      null,
    ),
    electronicAddress: pick(
      'electronicAddress',
      stored.electronicAddress,
      (v) => checkedElectronicAddress(v, 'electronic_address'),
      null,
    ),
    paymentAccounts:
      accounts === undefined
        ? stored.paymentAccounts
        : accounts.map((account, index) =>
            checkedPaymentAccount(account, `payment_accounts[${index}]`),
          ),
    invoiceFooter: pick(
      'invoiceFooter',
      stored.invoiceFooter,
      (v) => optionalText(v, 'invoice_footer', limits.textLengthMax),
      null,
    ),
  };
}

/** The stored row's master data. */
export function sellerMasterDataOf(row: {
  legal_name: string | null;
  address: unknown;
  vat_id: string | null;
  registration_id: string | null;
  electronic_address_scheme: string | null;
  electronic_address_id: string | null;
  payment_accounts: unknown;
  invoice_footer: string | null;
}): SellerMasterData {
  return {
    legalName: row.legal_name,
    address: row.address === null ? null : postalAddressOf(row.address),
    vatId: row.vat_id,
    registrationId: row.registration_id,
    electronicAddress:
      row.electronic_address_scheme !== null && row.electronic_address_id !== null
        ? { scheme: row.electronic_address_scheme, id: row.electronic_address_id }
        : null,
    paymentAccounts: paymentAccountsOf(row.payment_accounts),
    invoiceFooter: row.invoice_footer,
  };
}
