import type { FormEvent, ReactNode } from 'react';
import type { InvoiceList } from '../../../api/types';
import { useApiGet, type Loaded } from '../../../api/use-api-get';
import { ErrorAlert } from '../../../components/error-alert';
import { Loading } from '../../../components/loading';
import { formatMoney } from '../../../format/money';

/**
 * The form inside an action's dialog: its fields, the API's error naming the field (whose input
 * the fields mark), and the two buttons. Submitting is one click; while the request is on its way
 * the button says so and a second click is the same action (useAction).
 */
export function ActionForm({
  label,
  submitLabel,
  onSubmit,
  close,
  running,
  error,
  fieldLabels,
  children,
}: {
  /** The form's accessible name, e.g. "Log a call". */
  label: string;
  submitLabel: string;
  onSubmit: () => void;
  close: () => void;
  running: boolean;
  error: Error | undefined;
  fieldLabels: Readonly<Record<string, string>>;
  children: ReactNode;
}) {
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit();
  };
  return (
    <form className="action-form" aria-label={label} onSubmit={submit} noValidate>
      {children}
      {error && <ErrorAlert error={error} fieldLabels={fieldLabels} />}
      <div className="dialog-actions">
        <button type="button" onClick={close}>
          Cancel
        </button>
        <button type="submit" className="primary" aria-disabled={running || undefined}>
          {running ? `${submitLabel}…` : submitLabel}
        </button>
      </div>
    </form>
  );
}

export function TextAreaField({
  name,
  label,
  value,
  onChange,
  invalidField,
  rows = 3,
}: {
  name: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  invalidField: string | undefined;
  rows?: number;
}) {
  return (
    <label className="field">
      <span>{label}</span>
      <textarea
        name={name}
        value={value}
        rows={rows}
        onChange={(event) => onChange(event.target.value)}
        aria-invalid={invalidField === name || undefined}
      />
    </label>
  );
}

/** What the API says about the customer's invoices that can still be collected. */
function useOpenInvoices(customerId: string): Loaded<InvoiceList> {
  return useApiGet<InvoiceList>('/invoices', {
    customer_id: customerId,
    status: 'open,partially_paid',
    sort: 'due_on',
    limit: '500',
  });
}

export type OpenInvoice = InvoiceList['items'][number];

export function invoiceText(invoice: OpenInvoice): string {
  return `${invoice.number ?? 'Draft'}, due ${invoice.due_on ?? '—'}, ${formatMoney(invoice.open, invoice.currency)} open`;
}

/**
 * Waits for the records an action works on, says when there are none (the dialog then only
 * closes), and otherwise shows the form over them.
 */
export function WithRecords<Item>({
  loaded,
  what,
  noneText,
  close,
  children,
}: {
  loaded: Loaded<{ readonly items: readonly Item[] }>;
  /** "the open disputes": for the loading message. */
  what: string;
  noneText: string;
  close: () => void;
  children: (items: readonly Item[]) => ReactNode;
}) {
  if (loaded.state === 'loading') return <Loading what={what} />;
  if (loaded.state === 'failed') return <ErrorAlert error={loaded.error} />;
  if (loaded.data.items.length === 0) {
    return (
      <>
        <p>{noneText}</p>
        <div className="dialog-actions">
          <button type="button" onClick={close}>
            Close
          </button>
        </div>
      </>
    );
  }
  return <>{children(loaded.data.items)}</>;
}

/** WithRecords over the customer's open invoices. */
export function WithOpenInvoices({
  customerId,
  ...props
}: {
  customerId: string;
  noneText: string;
  close: () => void;
  children: (items: readonly OpenInvoice[]) => ReactNode;
}) {
  return <WithRecords loaded={useOpenInvoices(customerId)} what="the open invoices" {...props} />;
}

/**
 * The invoices an action covers, as checkboxes: a list the collector reads through rather than a
 * multiple select, which few people know how to use.
 */
export function InvoiceChecklist({
  legend,
  name = 'invoice_ids',
  invoices,
  chosen,
  onChange,
  invalidField,
}: {
  legend: string;
  name?: string;
  invoices: readonly OpenInvoice[];
  chosen: readonly string[];
  onChange: (chosen: string[]) => void;
  invalidField: string | undefined;
}) {
  const invalid = invalidField !== undefined && invalidField.startsWith(name);
  const toggle = (id: string, checked: boolean) =>
    onChange(checked ? [...chosen, id] : chosen.filter((item) => item !== id));
  return (
    <fieldset className="invoice-checklist">
      <legend>{legend}</legend>
      {invoices.map((invoice) => (
        <label key={invoice.id} className="field-checkbox">
          <input
            type="checkbox"
            name={name}
            value={invoice.id}
            checked={chosen.includes(invoice.id)}
            onChange={(event) => toggle(invoice.id, event.target.checked)}
            aria-invalid={invalid || undefined}
          />
          <span>{invoiceText(invoice)}</span>
        </label>
      ))}
    </fieldset>
  );
}

/** Words from a code: "left_message" → "left message". */
export function words(code: string): string {
  return code.replaceAll('_', ' ');
}
