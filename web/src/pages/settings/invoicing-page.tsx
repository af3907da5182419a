import { useId, useMemo, useRef, useState, type ChangeEvent, type FormEvent } from 'react';
import { apiUrl, sendJson, uploadFile } from '../../api/client';
import type { LogoAnswer, SellerDetails } from '../../api/types';
import { useAction } from '../../api/use-action';
import { useApiGet } from '../../api/use-api-get';
import { addressFieldLabels } from '../../components/address-draft';
import { AddressFields } from '../../components/address-fields';
import { ErrorAlert, invalidField } from '../../components/error-alert';
import { SelectField, TextField } from '../../components/form-fields';
import { Loading } from '../../components/loading';
import { useNotice } from '../../components/notice';
import { easSchemeChoices } from '../../format/electronic-address';
import { useCan } from '../../permissions';
import {
  emptyPaymentAccount,
  paymentAccountsMax,
  sellerBody,
  sellerDraftOf,
  type PaymentAccountDraft,
  type SellerDraft,
} from './seller-form';
import './settings.css';
import './invoicing.css';

const accountFieldLabels: readonly [keyof PaymentAccountDraft, string][] = [
  ['iban', 'IBAN'],
  ['bic', 'BIC'],
  ['account_number', 'Account number'],
  ['routing_number', 'Routing number or sort code'],
  ['bank_name', 'Bank name'],
  ['account_name', 'Account holder (when not the legal name)'],
];

/** The labels the form shows, by the API's field names, so that an error names what the user sees. */
function fieldLabelsFor(accounts: number): Record<string, string> {
  const labels: Record<string, string> = {
    legal_name: 'Legal name',
    ...addressFieldLabels('address'),
    vat_id: 'VAT id',
    registration_id: 'Company registration number',
    'electronic_address.scheme': 'Electronic address scheme',
    'electronic_address.id': 'Electronic address',
    invoice_footer: 'Footer',
    logo: 'Logo',
  };
  for (let index = 0; index < accounts; index++) {
    for (const [field, label] of accountFieldLabels)
      labels[`payment_accounts[${index}].${field}`] = `Bank account ${index + 1}: ${label}`;
  }
  return labels;
}

function SellerForm({ details, canManage }: { details: SellerDetails; canManage: boolean }) {
  const { notify } = useNotice();
  const [draft, setDraft] = useState<SellerDraft>(() => sellerDraftOf(details));
  const footerId = useId();
  const save = useAction((body: ReturnType<typeof sellerBody>, options) =>
    sendJson<SellerDetails>('PATCH', '/organization/invoicing', body, options),
  );
  const invalid = invalidField(save.error);
  const set =
    (field: Exclude<keyof SellerDraft, 'payment_accounts' | 'address'>) => (value: string) =>
      setDraft((current) => ({ ...current, [field]: value }));
  const setAccount = (index: number, field: keyof PaymentAccountDraft) => (value: string) =>
    setDraft((current) => ({
      ...current,
      payment_accounts: current.payment_accounts.map((account, at) =>
        at === index ? { ...account, [field]: value } : account,
      ),
    }));
  const addAccount = () =>
    setDraft((current) => ({
      ...current,
      payment_accounts: [...current.payment_accounts, emptyPaymentAccount],
    }));
  const removeAccount = (index: number) => {
    // The rows after it move up: an error naming a row by its index no longer points at it.
    save.reset();
    setDraft((current) => ({
      ...current,
      payment_accounts: current.payment_accounts.filter((_, at) => at !== index),
    }));
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const saved = await save.run(sellerBody(draft));
    if (saved) {
      setDraft(sellerDraftOf(saved));
      const accounts = saved.payment_accounts.length;
      notify(
        `Invoicing details saved: ${saved.legal_name ?? 'the organization name'} as the seller, ${accounts} bank account${accounts === 1 ? '' : 's'}.`,
      );
    }
  };
  // A scheme set elsewhere (the API or the command line) that the short list lacks stays shown.
  const schemes = easSchemeChoices(draft.electronic_scheme);
  const text = (
    field: Exclude<keyof SellerDraft, 'payment_accounts' | 'address'>,
    name: string,
    label: string,
  ) => (
    <TextField
      name={name}
      label={label}
      value={draft[field]}
      onChange={set(field)}
      invalidField={invalid}
    />
  );
  return (
    <form className="settings-form invoicing-form" onSubmit={submit} aria-label="Invoicing details">
      <fieldset disabled={!canManage} className="invoicing-fields">
        <fieldset>
          <legend>Seller</legend>
          {text('legal_name', 'legal_name', 'Legal name (the organization name when blank)')}
          {text('vat_id', 'vat_id', 'VAT id')}
          {text('registration_id', 'registration_id', 'Company registration number')}
        </fieldset>
        <AddressFields
          name="address"
          legend="Address"
          value={draft.address}
          onChange={(address) => setDraft((current) => ({ ...current, address }))}
          invalidField={invalid}
        />
        <fieldset>
          <legend>
            Electronic address (where the organization receives e-invoices, e.g. on Peppol)
          </legend>
          <div className="field-row">
            <SelectField
              name="electronic_address.scheme"
              label="Scheme"
              value={draft.electronic_scheme}
              onChange={set('electronic_scheme')}
              invalidField={invalid}
            >
              <option value="">(none)</option>
              {schemes.map((scheme) => (
                <option key={scheme.code} value={scheme.code}>
                  {scheme.code} {scheme.label === scheme.code ? '' : `– ${scheme.label}`}
                </option>
              ))}
            </SelectField>
            {text('electronic_id', 'electronic_address.id', 'Identifier')}
          </div>
        </fieldset>
        <fieldset>
          <legend>Bank accounts (printed for payment, at most {paymentAccountsMax})</legend>
          {draft.payment_accounts.length === 0 && (
            <p className="field-hint">No bank account yet.</p>
          )}
          {draft.payment_accounts.map((account, index) => (
            <fieldset key={index} className="payment-account">
              <legend>Bank account {index + 1}</legend>
              {accountFieldLabels.map(([field, label]) => (
                <TextField
                  key={field}
                  name={`payment_accounts[${index}].${field}`}
                  label={label}
                  value={account[field]}
                  onChange={setAccount(index, field)}
                  invalidField={invalid}
                />
              ))}
              {canManage && (
                <div className="form-actions">
                  <button type="button" className="secondary" onClick={() => removeAccount(index)}>
                    Remove bank account {index + 1}
                  </button>
                </div>
              )}
            </fieldset>
          ))}
          {canManage && draft.payment_accounts.length < paymentAccountsMax && (
            <div className="form-actions">
              <button type="button" className="secondary" onClick={addAccount}>
                Add a bank account
              </button>
            </div>
          )}
        </fieldset>
        <div className="field">
          <label htmlFor={footerId}>Footer (printed at the foot of every page)</label>
          <textarea
            id={footerId}
            name="invoice_footer"
            rows={3}
            value={draft.invoice_footer}
            onChange={(event) => set('invoice_footer')(event.target.value)}
            aria-invalid={invalid === 'invoice_footer' || undefined}
          />
        </div>
      </fieldset>
      {save.error && (
        <ErrorAlert
          error={save.error}
          fieldLabels={fieldLabelsFor(draft.payment_accounts.length)}
        />
      )}
      {canManage && (
        <div className="form-actions">
          <button type="submit" disabled={save.running}>
            Save invoicing details
          </button>
        </div>
      )}
    </form>
  );
}

const logoTypes = ['image/png', 'image/jpeg'];

function Logo({ hasLogo, canManage }: { hasLogo: boolean; canManage: boolean }) {
  const { notify } = useNotice();
  const inputId = useId();
  const input = useRef<HTMLInputElement>(null);
  // The logo keeps its address when replaced: a version in the query makes the browser fetch it anew.
  const [version, setVersion] = useState(0);
  const upload = useAction((file: File, options) =>
    uploadFile<LogoAnswer>('/organization/logo', file, {
      ...options,
      method: 'PUT',
      contentType: file.type,
    }),
  );
  const remove = useAction((_: null, options) =>
    sendJson<LogoAnswer>('DELETE', '/organization/logo', undefined, options),
  );
  const error = upload.error ?? remove.error;
  const chosen = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (!file) return;
    remove.reset();
    const answer = await upload.run(file);
    if (input.current) input.current.value = '';
    if (answer) {
      setVersion((current) => current + 1);
      notify(`Logo set from ${file.name}: new invoices print it.`);
    }
  };
  const removeLogo = async () => {
    upload.reset();
    const answer = await remove.run(null);
    if (answer) notify('Logo removed: new invoices print none.');
  };
  return (
    <section className="logo-section" aria-labelledby={`${inputId}-heading`}>
      <h2 id={`${inputId}-heading`}>Logo</h2>
      {hasLogo ? (
        <img
          className="logo-preview"
          src={apiUrl('/organization/logo', { v: String(version) })}
          alt="The organization's logo, as invoices print it"
        />
      ) : (
        <p>No logo: invoices print the seller&apos;s name at the top.</p>
      )}
      {canManage && (
        <div className="logo-actions">
          <label className="field" htmlFor={inputId}>
            <span>
              {hasLogo ? 'Replace the logo' : 'Upload a logo'} (PNG or JPEG, at most 1 MB)
            </span>
          </label>
          <input
            id={inputId}
            ref={input}
            type="file"
            name="logo"
            accept={logoTypes.join(',')}
            onChange={chosen}
            disabled={upload.running}
            aria-invalid={invalidField(error) === 'logo' || undefined}
          />
          {hasLogo && (
            <button
              type="button"
              className="secondary"
              onClick={removeLogo}
              disabled={remove.running}
            >
              Remove logo
            </button>
          )}
        </div>
      )}
      {upload.running && <p role="status">Uploading the logo…</p>}
      {error && <ErrorAlert error={error} fieldLabels={{ logo: 'Logo' }} />}
    </section>
  );
}

function InvoicingDetails({ canManage }: { canManage: boolean }) {
  const details = useApiGet<SellerDetails>('/organization/invoicing');
  if (details.state === 'loading') return <Loading what="the invoicing details" />;
  if (details.state === 'failed') return <ErrorAlert error={details.error} />;
  return (
    <>
      <Logo hasLogo={details.data.has_logo} canManage={canManage} />
      <SellerForm details={details.data} canManage={canManage} />
    </>
  );
}

export function InvoicingPage() {
  const can = useCan();
  const canManage = can('settings.manage');
  return (
    <>
      <h1>Invoicing</h1>
      <p>
        What invoices and credit notes say about the organization as the seller. Documents already
        issued keep what they said.
        {!canManage && ' Only owners and admins change these details.'}
      </p>
      <InvoicingDetails canManage={canManage} />
    </>
  );
}
