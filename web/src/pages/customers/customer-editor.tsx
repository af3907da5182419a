import { useState, type FormEvent } from 'react';
import { sendJson, type SendOptions } from '../../api/client';
import type { Contact, Customer, PersonList } from '../../api/types';
import { useAction } from '../../api/use-action';
import { useApiGet } from '../../api/use-api-get';
import { addressFieldLabels } from '../../components/address-draft';
import { AddressFields } from '../../components/address-fields';
import { DialogButtons } from '../../components/dialog';
import { ErrorAlert, invalidField } from '../../components/error-alert';
import { CheckboxField, SelectField, TextField } from '../../components/form-fields';
import { useNotice } from '../../components/notice';
import { easSchemeChoices } from '../../format/electronic-address';
import { navigate } from '../../routing';
import {
  contactBody,
  contactDraftOf,
  contactRoles,
  createCustomerBody,
  customerDraftOf,
  emptyContactDraft,
  emptyCustomerDraft,
  updateCustomerBody,
  type ContactDraft,
  type CustomerDraft,
} from './customer-form';

export const customerFieldLabels: Readonly<Record<string, string>> = {
  ref: 'Reference',
  name: 'Name',
  legal_name: 'Legal name',
  tax_id: 'Tax id',
  currency: 'Currency',
  terms: 'Payment terms',
  credit_limit: 'Credit limit',
  credit_hold: 'On credit hold',
  tags: 'Tags',
  collector_id: 'Collector',
  notes: 'Notes',
  'contacts[0].name': 'Contact name',
  'contacts[0].email': 'Contact e-mail',
  'contacts[0].phone': 'Contact phone',
  registration_id: 'Company registration number',
  buyer_reference: 'Buyer reference',
  electronic_address: 'Electronic address',
  'electronic_address.scheme': 'Electronic address scheme',
  'electronic_address.id': 'Electronic address identifier',
  send_ubl: 'Send the e-invoice (UBL)',
  billing_address: 'Billing address',
  ...addressFieldLabels('billing_address'),
};

export const contactRoleLabels: Readonly<Record<string, string>> = {
  primary: 'Primary',
  billing: 'Billing',
  accounts_payable: 'Accounts payable',
  other: 'Other',
};

const commonTerms = ['DUE_ON_RECEIPT', 'NET15', 'NET30', 'NET30_EOM', 'NET60', '2/10_NET30'];

/** The collector chosen by name among the organization's people, or none. */
function CollectorSelect({
  value,
  onChange,
  invalid,
}: {
  value: string;
  onChange: (value: string) => void;
  invalid: string | undefined;
}) {
  const people = useApiGet<PersonList>('/people');
  const items = people.state === 'loaded' ? people.data.items : [];
  return (
    <SelectField
      name="collector_id"
      label="Collector"
      value={value}
      onChange={onChange}
      invalidField={invalid}
    >
      <option value="">None</option>
      {value && !items.some((person) => person.id === value) && (
        <option value={value}>{value}</option>
      )}
      {items
        .filter((person) => !person.disabled || person.id === value)
        .map((person) => (
          <option key={person.id} value={person.id}>
            {person.name}
          </option>
        ))}
    </SelectField>
  );
}

function CustomerFields({
  draft,
  set,
  invalid,
}: {
  draft: CustomerDraft;
  set: <Field extends keyof CustomerDraft>(field: Field) => (value: CustomerDraft[Field]) => void;
  invalid: string | undefined;
}) {
  type TextOf = Exclude<keyof CustomerDraft, 'credit_hold' | 'send_ubl' | 'billing_address'>;
  /** A text input for a draft field sent under another name (electronic_id → electronic_address.id). */
  const sub = (field: TextOf, name: string) => (
    <TextField
      name={name}
      label={customerFieldLabels[name] ?? name}
      value={draft[field]}
      onChange={set(field)}
      invalidField={invalid}
    />
  );
  const text = (name: TextOf, extra = {}) => (
    <TextField
      name={name}
      label={customerFieldLabels[name] ?? name}
      value={draft[name]}
      onChange={set(name)}
      invalidField={invalid}
      {...extra}
    />
  );
  return (
    <div className="customer-form-grid">
      {text('ref')}
      {text('name')}
      {text('currency', { placeholder: 'EUR', size: 4 })}
      <label className="field">
        <span>Payment terms</span>
        <input
          name="terms"
          value={draft.terms}
          onChange={(event) => set('terms')(event.target.value)}
          placeholder="NET30"
          list="customer-terms"
          aria-invalid={invalid === 'terms' || undefined}
        />
        <datalist id="customer-terms">
          {commonTerms.map((code) => (
            <option key={code} value={code} />
          ))}
        </datalist>
      </label>
      {text('credit_limit', { placeholder: 'none', inputMode: 'numeric' })}
      <CollectorSelect
        value={draft.collector_id}
        onChange={set('collector_id')}
        invalid={invalid}
      />
      {text('tags', { placeholder: 'key, north' })}
      {text('legal_name')}
      {text('tax_id')}
      {text('notes')}
      <CheckboxField
        name="credit_hold"
        label="On credit hold"
        checked={draft.credit_hold}
        onChange={set('credit_hold')}
      />
      <AddressFields
        name="billing_address"
        legend="Billing address"
        value={draft.billing_address}
        onChange={set('billing_address')}
        invalidField={invalid}
        className="customer-form-group"
      />
      <fieldset className="customer-form-group">
        <legend>E-invoicing</legend>
        {text('registration_id')}
        <TextField
          name="buyer_reference"
          label="Buyer reference (their code invoices must quote)"
          value={draft.buyer_reference}
          onChange={set('buyer_reference')}
          invalidField={invalid}
        />
        <SelectField
          name="electronic_address.scheme"
          label="Electronic address scheme"
          value={draft.electronic_scheme}
          onChange={set('electronic_scheme')}
          invalidField={invalid}
        >
          <option value="">(none)</option>
          {easSchemeChoices(draft.electronic_scheme).map((scheme) => (
            <option key={scheme.code} value={scheme.code}>
              {scheme.label === scheme.code ? scheme.code : `${scheme.code} – ${scheme.label}`}
            </option>
          ))}
        </SelectField>
        {sub('electronic_id', 'electronic_address.id')}
        <CheckboxField
          name="send_ubl"
          label="Send the e-invoice (UBL) with invoice e-mails"
          checked={draft.send_ubl}
          onChange={set('send_ubl')}
        />
      </fieldset>
    </div>
  );
}

function useDraft<Draft extends object>(initial: Draft) {
  const [draft, setDraft] = useState(initial);
  const set =
    <Field extends keyof Draft>(field: Field) =>
    (value: Draft[Field]) =>
      setDraft((current) => ({ ...current, [field]: value }));
  return [draft, set] as const;
}

function createCustomer(
  input: { draft: CustomerDraft; contact: ContactDraft },
  options: SendOptions,
) {
  return sendJson<Customer>(
    'POST',
    '/customers',
    createCustomerBody(input.draft, input.contact),
    options,
  );
}

/** "New customer": the customer and, optionally, its first contact; then the customer's page. */
export function NewCustomerForm({ close }: { close: () => void }) {
  const [draft, set] = useDraft<CustomerDraft>(emptyCustomerDraft);
  const [contact, setContact] = useDraft<ContactDraft>(emptyContactDraft);
  const { notify } = useNotice();
  const action = useAction(createCustomer);
  const invalid = invalidField(action.error);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const created = await action.run({ draft, contact });
    if (!created) return;
    notify(`Customer ${created.ref} (${created.name}) created.`);
    close();
    navigate(`/customers/${created.id}`);
  };
  return (
    <form onSubmit={submit} aria-label="New customer">
      <CustomerFields draft={draft} set={set} invalid={invalid} />
      <fieldset className="customer-form-contact">
        <legend>First contact (optional)</legend>
        <TextField
          name="contacts[0].name"
          label="Contact name"
          value={contact.name}
          onChange={setContact('name')}
          invalidField={invalid}
        />
        <TextField
          name="contacts[0].email"
          label="Contact e-mail"
          value={contact.email}
          onChange={setContact('email')}
          invalidField={invalid}
        />
        <TextField
          name="contacts[0].phone"
          label="Contact phone"
          value={contact.phone}
          onChange={setContact('phone')}
          invalidField={invalid}
        />
      </fieldset>
      {action.error && <ErrorAlert error={action.error} fieldLabels={customerFieldLabels} />}
      <DialogButtons
        close={close}
        running={action.running}
        label="Create customer"
        runningLabel="Creating…"
      />
    </form>
  );
}

/** "Edit": sends only what changed, so a field another user changed meanwhile is left alone. */
export function EditCustomerForm({ customer, close }: { customer: Customer; close: () => void }) {
  const [before] = useState(() => customerDraftOf(customer));
  const [draft, set] = useDraft<CustomerDraft>(before);
  const { notify } = useNotice();
  const action = useAction((body: Record<string, unknown>, options: SendOptions) =>
    sendJson<Customer>('PATCH', `/customers/${customer.id}`, body, options),
  );
  const invalid = invalidField(action.error);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const body = updateCustomerBody(before, draft);
    if (Object.keys(body).length === 0) {
      close();
      return;
    }
    const updated = await action.run(body);
    if (!updated) return;
    notify(
      `Customer ${updated.ref} saved: ${Object.keys(body)
        .map((field) => (customerFieldLabels[field] ?? field).toLowerCase())
        .join(', ')} changed.`,
    );
    close();
  };
  return (
    <form onSubmit={submit} aria-label={`Edit ${customer.name}`}>
      <CustomerFields draft={draft} set={set} invalid={invalid} />
      {action.error && <ErrorAlert error={action.error} fieldLabels={customerFieldLabels} />}
      <DialogButtons close={close} running={action.running} label="Save" runningLabel="Saving…" />
    </form>
  );
}

const contactFieldLabels: Readonly<Record<string, string>> = {
  name: 'Name',
  email: 'E-mail',
  phone: 'Phone',
  role: 'Role',
  receives_reminders: 'Receives reminders',
};

/** Adds a contact, or changes one when `contact` is given. */
export function ContactForm({
  customerId,
  contact,
  close,
}: {
  customerId: string;
  contact?: Contact;
  close: () => void;
}) {
  const [draft, set] = useDraft<ContactDraft>(
    contact ? contactDraftOf(contact) : emptyContactDraft,
  );
  const { notify } = useNotice();
  const action = useAction((body: Record<string, unknown>, options: SendOptions) =>
    contact
      ? sendJson<Contact>('PATCH', `/customers/${customerId}/contacts/${contact.id}`, body, options)
      : sendJson<Contact>('POST', `/customers/${customerId}/contacts`, body, options),
  );
  const invalid = invalidField(action.error);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const saved = await action.run(contactBody(draft));
    if (!saved) return;
    notify(contact ? `Contact ${saved.name} saved.` : `Contact ${saved.name} added.`);
    close();
  };
  return (
    <form onSubmit={submit} aria-label={contact ? `Edit contact ${contact.name}` : 'Add contact'}>
      <div className="customer-form-grid">
        <TextField
          name="name"
          label="Name"
          value={draft.name}
          onChange={set('name')}
          invalidField={invalid}
        />
        <TextField
          name="email"
          label="E-mail"
          value={draft.email}
          onChange={set('email')}
          invalidField={invalid}
        />
        <TextField
          name="phone"
          label="Phone"
          value={draft.phone}
          onChange={set('phone')}
          invalidField={invalid}
        />
        <SelectField
          name="role"
          label="Role"
          value={draft.role}
          onChange={set('role')}
          invalidField={invalid}
        >
          {contactRoles.map((role) => (
            <option key={role} value={role}>
              {contactRoleLabels[role]}
            </option>
          ))}
        </SelectField>
        <CheckboxField
          name="receives_reminders"
          label="Receives reminders"
          checked={draft.receives_reminders}
          onChange={set('receives_reminders')}
        />
      </div>
      {action.error && <ErrorAlert error={action.error} fieldLabels={contactFieldLabels} />}
      <DialogButtons
        close={close}
        running={action.running}
        label={contact ? 'Save contact' : 'Add contact'}
        runningLabel="Saving…"
      />
    </form>
  );
}

/** Removing a contact asks first: it cannot be undone, and reminders stop going to it. */
export function RemoveContactForm({
  customerId,
  contact,
  close,
}: {
  customerId: string;
  contact: Contact;
  close: () => void;
}) {
  const { notify } = useNotice();
  // A DELETE answers nothing: `true` tells success from a refused or repeated click.
  const action = useAction((_: undefined, options: SendOptions) =>
    sendJson<void>(
      'DELETE',
      `/customers/${customerId}/contacts/${contact.id}`,
      undefined,
      options,
    ).then(() => true),
  );
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!(await action.run(undefined))) return;
    notify(`Contact ${contact.name} removed.`);
    close();
  };
  return (
    <form onSubmit={submit} aria-label={`Remove contact ${contact.name}`}>
      <p>
        Remove {contact.name}
        {contact.email ? ` (${contact.email})` : ''} from this customer? Reminders stop going to
        this contact.
      </p>
      {action.error && <ErrorAlert error={action.error} />}
      <div className="dialog-actions">
        <button type="button" className="secondary" onClick={close}>
          Cancel
        </button>
        <button type="submit" className="danger" disabled={action.running}>
          {action.running ? 'Removing…' : 'Remove contact'}
        </button>
      </div>
    </form>
  );
}
