import type { SellerDetails } from '../../api/types';
import { addressDraftOf, type AddressDraft } from '../../components/address-draft';

/**
 * The seller details form as the user types it: one text per field, '' for blank. Accounts keep
 * their order, so the index of `payment_accounts[1].iban` in an error is the row the form marks.
 */
export interface PaymentAccountDraft {
  readonly iban: string;
  readonly bic: string;
  readonly account_number: string;
  readonly routing_number: string;
  readonly bank_name: string;
  readonly account_name: string;
}

export interface SellerDraft {
  readonly legal_name: string;
  readonly address: AddressDraft;
  readonly vat_id: string;
  readonly registration_id: string;
  readonly electronic_scheme: string;
  readonly electronic_id: string;
  readonly payment_accounts: readonly PaymentAccountDraft[];
  readonly invoice_footer: string;
}

/** The API takes at most this many accounts. */
export const paymentAccountsMax = 5;

export const emptyPaymentAccount: PaymentAccountDraft = {
  iban: '',
  bic: '',
  account_number: '',
  routing_number: '',
  bank_name: '',
  account_name: '',
};

export function sellerDraftOf(details: SellerDetails): SellerDraft {
  return {
    legal_name: details.legal_name ?? '',
    address: addressDraftOf(details.address),
    vat_id: details.vat_id ?? '',
    registration_id: details.registration_id ?? '',
    electronic_scheme: details.electronic_address?.scheme ?? '',
    electronic_id: details.electronic_address?.id ?? '',
    payment_accounts: details.payment_accounts.map((account) => ({
      iban: account.iban ?? '',
      bic: account.bic ?? '',
      account_number: account.account_number ?? '',
      routing_number: account.routing_number ?? '',
      bank_name: account.bank_name ?? '',
      account_name: account.account_name ?? '',
    })),
    invoice_footer: details.invoice_footer ?? '',
  };
}

const orNull = (text: string): string | null => (text.trim() === '' ? null : text.trim());

/**
 * The body of PATCH /organization/invoicing: the whole form, blanks as null (cleared). An address
 * or electronic address left wholly blank is none; one half filled is sent as it is, so that the
 * API says which half is missing.
 */
export function sellerBody(draft: SellerDraft) {
  const address = {
    line1: orNull(draft.address.line1),
    line2: orNull(draft.address.line2),
    city: orNull(draft.address.city),
    postal_code: orNull(draft.address.postal_code),
    region: orNull(draft.address.region),
    country: orNull(draft.address.country),
  };
  const scheme = draft.electronic_scheme.trim();
  const id = draft.electronic_id.trim();
  return {
    legal_name: orNull(draft.legal_name),
    address: Object.values(address).every((value) => value === null) ? null : address,
    vat_id: orNull(draft.vat_id),
    registration_id: orNull(draft.registration_id),
    electronic_address: scheme === '' && id === '' ? null : { scheme, id },
    // A multi-line footer keeps its lines; only the ends are trimmed.
    invoice_footer: orNull(draft.invoice_footer),
    payment_accounts: draft.payment_accounts.map((account) => ({
      iban: orNull(account.iban),
      bic: orNull(account.bic),
      account_number: orNull(account.account_number),
      routing_number: orNull(account.routing_number),
      bank_name: orNull(account.bank_name),
      account_name: orNull(account.account_name),
    })),
  };
}
