import type { Contact, Customer } from '../../api/types';
import {
  addressDraftOf,
  emptyAddressDraft,
  type AddressDraft,
} from '../../components/address-draft';

/**
 * A customer form as the user types it: one text per field, '' for blank. The API's names, so
 * that the field an error names is the field the form marks.
 */
export interface CustomerDraft {
  readonly ref: string;
  readonly name: string;
  readonly legal_name: string;
  readonly tax_id: string;
  readonly currency: string;
  readonly terms: string;
  readonly credit_limit: string;
  readonly credit_hold: boolean;
  /** Comma-separated, as typed. */
  readonly tags: string;
  readonly collector_id: string;
  readonly notes: string;
  // What e-invoices say about the buyer and where they go.
  readonly registration_id: string;
  readonly buyer_reference: string;
  readonly electronic_scheme: string;
  readonly electronic_id: string;
  readonly send_ubl: boolean;
  readonly billing_address: AddressDraft;
}

export const emptyCustomerDraft: CustomerDraft = {
  ref: '',
  name: '',
  legal_name: '',
  tax_id: '',
  currency: '',
  terms: '',
  credit_limit: '',
  credit_hold: false,
  tags: '',
  collector_id: '',
  notes: '',
  registration_id: '',
  buyer_reference: '',
  electronic_scheme: '',
  electronic_id: '',
  send_ubl: false,
  billing_address: emptyAddressDraft,
};

export function customerDraftOf(customer: Customer): CustomerDraft {
  return {
    ref: customer.ref,
    name: customer.name,
    legal_name: customer.legal_name ?? '',
    tax_id: customer.tax_id ?? '',
    currency: customer.currency,
    terms: customer.terms,
    credit_limit: customer.credit_limit ?? '',
    credit_hold: customer.credit_hold,
    tags: customer.tags.join(', '),
    collector_id: customer.collector_id ?? '',
    notes: customer.notes ?? '',
    registration_id: customer.registration_id ?? '',
    buyer_reference: customer.buyer_reference ?? '',
    electronic_scheme: customer.electronic_address?.scheme ?? '',
    electronic_id: customer.electronic_address?.id ?? '',
    send_ubl: customer.send_ubl,
    billing_address: addressDraftOf(customer.billing_address),
  };
}

export function tagsOf(text: string): string[] {
  return text
    .split(',')
    .map((tag) => tag.trim())
    .filter((tag) => tag !== '');
}

/**
 * The JSON value each field of the API sends: blanks are null (cleared), amounts stay the typed
 * decimal text. An address or electronic address left wholly blank is none; half an electronic
 * address is sent as it is, so that the API names the missing half.
 */
function fieldValues(draft: CustomerDraft): Record<string, unknown> {
  const orNull = (text: string) => (text.trim() === '' ? null : text.trim());
  const scheme = draft.electronic_scheme.trim();
  const id = draft.electronic_id.trim();
  // The API's billing address leaves out the lines it does not have.
  const address = Object.fromEntries(
    Object.entries(draft.billing_address)
      .map(([field, text]) => [field, text.trim()] as const)
      .filter(([, text]) => text !== ''),
  );
  return {
    ref: draft.ref.trim(),
    name: draft.name.trim(),
    legal_name: orNull(draft.legal_name),
    tax_id: orNull(draft.tax_id),
    currency: draft.currency.trim().toUpperCase(),
    terms: draft.terms.trim(),
    credit_limit: orNull(draft.credit_limit),
    credit_hold: draft.credit_hold,
    tags: tagsOf(draft.tags),
    collector_id: orNull(draft.collector_id),
    notes: orNull(draft.notes),
    registration_id: orNull(draft.registration_id),
    buyer_reference: orNull(draft.buyer_reference),
    electronic_address: scheme === '' && id === '' ? null : { scheme, id },
    send_ubl: draft.send_ubl,
    billing_address: Object.keys(address).length === 0 ? null : address,
  };
}

/**
 * The body of POST /customers: what was filled in, so that the API's defaults (terms NET30, no
 * collector, …) apply to the rest, with a first contact when one was named.
 */
export function createCustomerBody(
  draft: CustomerDraft,
  contact: ContactDraft,
): Record<string, unknown> {
  const values = fieldValues(draft);
  const body: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(values)) {
    if (value === null || value === '' || value === false) continue;
    if (Array.isArray(value) && value.length === 0) continue;
    body[field] = value;
  }
  if (contact.name.trim() !== '') body.contacts = [contactBody(contact)];
  return body;
}

/** The body of PATCH /customers/:id: only the fields the user changed, so nothing else is touched. */
export function updateCustomerBody(
  before: CustomerDraft,
  after: CustomerDraft,
): Record<string, unknown> {
  const old = fieldValues(before);
  const values = fieldValues(after);
  const body: Record<string, unknown> = {};
  for (const field of Object.keys(values)) {
    if (JSON.stringify(values[field]) !== JSON.stringify(old[field])) body[field] = values[field];
  }
  return body;
}

export const contactRoles = ['primary', 'billing', 'accounts_payable', 'other'] as const;

export interface ContactDraft {
  readonly name: string;
  readonly email: string;
  readonly phone: string;
  readonly role: string;
  readonly receives_reminders: boolean;
}

export const emptyContactDraft: ContactDraft = {
  name: '',
  email: '',
  phone: '',
  role: 'primary',
  receives_reminders: true,
};

export function contactDraftOf(contact: Contact): ContactDraft {
  return {
    name: contact.name,
    email: contact.email ?? '',
    phone: contact.phone ?? '',
    role: contact.role,
    receives_reminders: contact.receives_reminders,
  };
}

/** The body of POST or PATCH of a contact: a blank e-mail or phone is none. */
export function contactBody(draft: ContactDraft): Record<string, unknown> {
  const orNull = (text: string) => (text.trim() === '' ? null : text.trim());
  return {
    name: draft.name.trim(),
    email: orNull(draft.email),
    phone: orNull(draft.phone),
    role: draft.role,
    receives_reminders: draft.receives_reminders,
  };
}

/** A phone number as a tel: link dials it: digits and a leading +, without the spacing people type. */
export function telHref(phone: string): string {
  const trimmed = phone.trim();
  const digits = trimmed.replace(/[^\d]/g, '');
  return `tel:${trimmed.startsWith('+') ? '+' : ''}${digits}`;
}
