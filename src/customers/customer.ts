import { parseCountry } from '../core/country.js';
import { checkedElectronicAddress, type ElectronicAddress } from '../core/electronic-address.js';
import { AppError } from '../core/errors.js';
import { isId } from '../core/ids.js';
import { limits } from '../core/limits.js';
import { parseAmount, parseCurrency } from '../core/money.js';
import { fail, ok, type Result } from '../core/result.js';
import { normalizeEmail } from '../auth/credentials.js';
import { parsePaymentTerms } from './payment-terms.js';

/** A customer's fields as the outside world gives them (amounts in major units). */
export interface CustomerInput {
  readonly ref: string;
  readonly name: string;
  readonly legalName?: string | null | undefined;
  readonly taxId?: string | null | undefined;
  readonly billingAddress?: BillingAddress | null | undefined;
  readonly currency: string;
  readonly terms?: string | undefined;
  readonly creditLimit?: string | null | undefined;
  readonly creditHold?: boolean | undefined;
  readonly tags?: readonly string[] | undefined;
  readonly notes?: string | null | undefined;
  /** The user who follows up the customer's unpaid invoices; null for none. */
  readonly collectorId?: string | null | undefined;
  /** Company registration number (EN 16931 BT-47). */
  readonly registrationId?: string | null | undefined;
  /** Where e-invoices are delivered: an EAS scheme and an identifier. */
  readonly electronicAddress?: { scheme: string; id: string } | null | undefined;
  /** The customer's own reference for the seller's invoices (EN 16931 BT-10). */
  readonly buyerReference?: string | null | undefined;
  /** Whether invoice e-mails carry the UBL e-invoice beside the PDF. */
  readonly sendUbl?: boolean | undefined;
}

export interface BillingAddress {
  readonly line1?: string | undefined;
  readonly line2?: string | undefined;
  readonly city?: string | undefined;
  readonly region?: string | undefined;
  readonly postalCode?: string | undefined;
  readonly country?: string | undefined;
}

export interface CustomerFields {
  readonly ref: string;
  readonly name: string;
  readonly legalName: string | null;
  readonly taxId: string | null;
  readonly billingAddress: BillingAddress | null;
  readonly currency: string;
  readonly termsCode: string;
  readonly creditLimitMinor: bigint | null;
  readonly creditHold: boolean;
  readonly tags: readonly string[];
  readonly notes: string | null;
  readonly collectorId: string | null;
  readonly registrationId: string | null;
  readonly electronicAddress: ElectronicAddress | null;
  readonly buyerReference: string | null;
  readonly sendUbl: boolean;
}

export const defaultTermsCode = 'NET30';

const refPattern = /^[A-Za-z0-9][A-Za-z0-9._\-/]{0,63}$/;

export function parseRef(ref: string, field = 'ref'): Result<string> {
  const trimmed = ref.trim();
  if (!refPattern.test(trimmed)) {
    return fail(
      'ref_invalid',
      `"${ref}" is not a reference: 1 to 64 letters, digits, or . _ - /.`,
      field,
    );
  }
  return ok(trimmed);
}

function optionalText(value: string | null | undefined, field: string): Result<string | null> {
  if (value === undefined || value === null || value.trim() === '') return ok(null);
  if (value.length > limits.textLengthMax)
    return fail('text_too_long', `At most ${limits.textLengthMax} characters.`, field);
  return ok(value.trim());
}

export function parseCustomerInput(input: CustomerInput): Result<CustomerFields> {
  const ref = parseRef(input.ref);
  if (!ref.ok) return ref;
  const name = input.name.trim();
  if (!name) return fail('name_required', 'The customer needs a name.', 'name');
  if (name.length > limits.textLengthMax)
    return fail('text_too_long', `At most ${limits.textLengthMax} characters.`, 'name');
  const currency = parseCurrency(input.currency);
  if (!currency.ok) return currency;
  const terms = parsePaymentTerms(input.terms ?? defaultTermsCode);
  if (!terms.ok) return terms;
  let creditLimitMinor: bigint | null = null;
  if (input.creditLimit !== undefined && input.creditLimit !== null && input.creditLimit !== '') {
    const limit = parseAmount(input.creditLimit, currency.value, 'credit_limit');
    if (!limit.ok) return limit;
    creditLimitMinor = limit.value;
  }
  const legalName = optionalText(input.legalName, 'legal_name');
  if (!legalName.ok) return legalName;
  const taxId = optionalText(input.taxId, 'tax_id');
  if (!taxId.ok) return taxId;
  const notes = optionalText(input.notes, 'notes');
  if (!notes.ok) return notes;
  const tags = [
    ...new Set((input.tags ?? []).map((tag) => tag.trim().toLowerCase()).filter(Boolean)),
  ];
  if (tags.some((tag) => tag.length > 64))
    return fail('tag_too_long', 'A tag has at most 64 characters.', 'tags');
  const registrationId = optionalText(input.registrationId, 'registration_id');
  if (!registrationId.ok) return registrationId;
  const buyerReference = optionalText(input.buyerReference, 'buyer_reference');
  if (!buyerReference.ok) return buyerReference;
  const electronicAddress = attempt(() =>
    input.electronicAddress
      ? checkedElectronicAddress(input.electronicAddress, 'electronic_address')
      : null,
  );
  if (!electronicAddress.ok) return electronicAddress;
  const billingAddress = checkedBillingAddress(input.billingAddress ?? null);
  if (!billingAddress.ok) return billingAddress;
  const collectorId = input.collectorId ?? null;
  if (collectorId !== null && !isId(collectorId))
    return fail('collector_id_invalid', `"${collectorId}" is not a user id.`, 'collector_id');
  return ok({
    ref: ref.value,
    name,
    legalName: legalName.value,
    taxId: taxId.value,
    billingAddress: billingAddress.value,
    currency: currency.value,
    termsCode: terms.value.code,
    creditLimitMinor,
    creditHold: input.creditHold ?? false,
    tags,
    notes: notes.value,
    collectorId,
    registrationId: registrationId.value,
    electronicAddress: electronicAddress.value,
    buyerReference: buyerReference.value,
    sendUbl: input.sendUbl ?? false,
  });
}

/** Runs a check that throws an AppError, as a Result. */
function attempt<T>(check: () => T): Result<T> {
  try {
    return ok(check());
  } catch (error) {
    if (error instanceof AppError) return fail(error.code, error.message, error.field);
    throw error;
  }
}

/**
 * The country of a billing address as its ISO code ("Germany" is stored as DE), since invoices
 * and e-invoices need the code; the other parts are kept as given.
 */
function checkedBillingAddress(address: BillingAddress | null): Result<BillingAddress | null> {
  if (address === null || !address.country?.trim()) return ok(address);
  const country = parseCountry(address.country, 'billing_address.country');
  if (!country.ok) return country;
  return ok({ ...address, country: country.value });
}

export type ContactRole = 'accounts_payable' | 'billing' | 'primary' | 'other';
export const contactRoles: readonly ContactRole[] = [
  'accounts_payable',
  'billing',
  'primary',
  'other',
];

export interface ContactInput {
  readonly name: string;
  readonly email?: string | null | undefined;
  readonly phone?: string | null | undefined;
  readonly role?: string | undefined;
  readonly receivesReminders?: boolean | undefined;
}

export interface ContactFields {
  readonly name: string;
  readonly email: string | null;
  readonly phone: string | null;
  readonly role: ContactRole;
  readonly receivesReminders: boolean;
}

export function parseContactInput(input: ContactInput): Result<ContactFields> {
  const name = input.name.trim();
  if (!name) return fail('name_required', 'The contact needs a name.', 'name');
  let email: string | null = null;
  if (input.email) {
    email = normalizeEmail(input.email);
    if (!email) return fail('email_invalid', `"${input.email}" is not an e-mail address.`, 'email');
  }
  const role = (input.role ?? 'billing') as ContactRole;
  if (!contactRoles.includes(role))
    return fail('contact_role_invalid', `"${input.role}" is not a contact role.`, 'role');
  const receivesReminders = input.receivesReminders ?? false;
  if (receivesReminders && !email) {
    return fail(
      'email_required',
      'A contact who receives reminders needs an e-mail address.',
      'email',
    );
  }
  const phone = input.phone?.trim() || null;
  return ok({ name, email, phone, role, receivesReminders });
}

/** What a customer owes in one currency, in minor units: negative when it is in credit. */
export interface OpenBalance {
  readonly currency: string;
  readonly balanceMinor: bigint;
}
