import { AppError } from './errors.js';
import { ibanChecks } from './iban.js';

/** How the seller is paid by transfer: an IBAN (with its BIC), or an account and routing number. */
export interface PaymentAccount {
  readonly iban: string | null;
  readonly bic: string | null;
  readonly accountNumber: string | null;
  readonly routingNumber: string | null;
  readonly bankName: string | null;
  /** The account holder's name when it is not the seller's legal name. */
  readonly accountName: string | null;
}

export interface PaymentAccountInput {
  readonly iban?: string | null | undefined;
  readonly bic?: string | null | undefined;
  readonly accountNumber?: string | null | undefined;
  readonly routingNumber?: string | null | undefined;
  readonly bankName?: string | null | undefined;
  readonly accountName?: string | null | undefined;
}

/** An invoice has room for a few accounts, and a customer needs one. */
export const paymentAccountsMax = 5;

const compact = (value: string | null | undefined) =>
  value?.replace(/\s+/g, '').toUpperCase() || null;

function text(value: string | null | undefined, field: string): string | null {
  const trimmed = value?.trim() ?? '';
  if (trimmed === '') return null;
  if (trimmed.length > 140)
    throw new AppError('invalid', 'text_too_long', 'At most 140 characters.', field);
  return trimmed;
}

/**
 * Checks one account, naming the field under `prefix` ("payment_accounts[0].iban"): an IBAN's
 * check digits, a BIC's shape, and that the account can be paid into at all (an IBAN, or an
 * account number). Codes: iban_invalid, bic_invalid, account_number_invalid,
 * routing_number_invalid, payment_account_incomplete, text_too_long.
 */
export function checkedPaymentAccount(input: PaymentAccountInput, prefix: string): PaymentAccount {
  const iban = compact(input.iban);
  if (iban !== null && !ibanChecks(iban)) {
    throw new AppError(
      'invalid',
      'iban_invalid',
      `"${input.iban}" is not an IBAN: its check digits do not hold.`,
      `${prefix}.iban`,
    );
  }
  const bic = compact(input.bic);
  if (bic !== null && !/^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$/.test(bic)) {
    throw new AppError(
      'invalid',
      'bic_invalid',
      `"${input.bic}" is not a BIC: 8 or 11 letters and digits, such as DEUTDEFF.`,
      `${prefix}.bic`,
    );
  }
  const accountNumber = compact(input.accountNumber);
  if (accountNumber !== null && !/^[A-Z0-9-]{1,34}$/.test(accountNumber)) {
    throw new AppError(
      'invalid',
      'account_number_invalid',
      `"${input.accountNumber}" is not an account number: up to 34 letters and digits.`,
      `${prefix}.account_number`,
    );
  }
  const routingNumber = compact(input.routingNumber);
  if (routingNumber !== null && !/^[A-Z0-9-]{1,20}$/.test(routingNumber)) {
    throw new AppError(
      'invalid',
      'routing_number_invalid',
      `"${input.routingNumber}" is not a routing or sort code: up to 20 letters and digits.`,
      `${prefix}.routing_number`,
    );
  }
  if (iban === null && accountNumber === null) {
    throw new AppError(
      'invalid',
      'payment_account_incomplete',
      'A bank account needs an IBAN or an account number.',
      `${prefix}.iban`,
    );
  }
  return {
    iban,
    bic,
    accountNumber,
    routingNumber,
    bankName: text(input.bankName, `${prefix}.bank_name`),
    accountName: text(input.accountName, `${prefix}.account_name`),
  };
}

export function paymentAccountJson(account: PaymentAccount) {
  return {
    iban: account.iban,
    bic: account.bic,
    account_number: account.accountNumber,
    routing_number: account.routingNumber,
    bank_name: account.bankName,
    account_name: account.accountName,
  };
}

export function paymentAccountsOf(json: unknown): PaymentAccount[] {
  if (!Array.isArray(json)) return [];
  return json.map((item: Record<string, unknown>) => {
    const value = (key: string) => (typeof item[key] === 'string' ? (item[key] as string) : null);
    return {
      iban: value('iban'),
      bic: value('bic'),
      accountNumber: value('account_number'),
      routingNumber: value('routing_number'),
      bankName: value('bank_name'),
      accountName: value('account_name'),
    };
  });
}
