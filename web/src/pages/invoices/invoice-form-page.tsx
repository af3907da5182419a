import { useState, type FormEvent, type ReactNode } from 'react';
import { postJson, sendJson } from '../../api/client';
import type { Customer, InvoiceDetail, InvoiceDraftBody } from '../../api/types';
import { useAction } from '../../api/use-action';
import { useApiGet } from '../../api/use-api-get';
import { ErrorAlert, invalidField } from '../../components/error-alert';
import { DateField, TextField } from '../../components/form-fields';
import { Loading } from '../../components/loading';
import { useNotice } from '../../components/notice';
import { TableScroll } from '../../components/table-scroll';
import { formatAmount, formatMoney } from '../../format/money';
import { useCan } from '../../permissions';
import { Link, navigate, useLocation } from '../../routing';
import { CustomerPicker } from './customer-picker';
import {
  draftBody,
  emptyLine,
  formFieldOf,
  formOfInvoice,
  lineProblem,
  liveTotals,
  newInvoiceForm,
  type InvoiceFormState,
  type LineDraft,
} from './invoice-draft';
import {
  categoryNeedsExemptionReason,
  unitChoices,
  vatCategories,
  vatCategoryLabel,
} from '../../format/line-codes';
import './invoices.css';

type LineField = 'description' | 'quantity' | 'unit_price' | 'discount' | 'tax_rate';

const lineFieldLabels: Readonly<Record<LineField, string>> = {
  description: 'description',
  quantity: 'quantity',
  unit_price: 'unit price',
  discount: 'discount (amount or %)',
  tax_rate: 'tax rate (%)',
};

/** The fields the API may name on a line beside the typed ones. */
const lineCodeLabels: Readonly<Record<string, string>> = {
  unit_code: 'unit',
  vat_category: 'VAT category',
  exemption_reason: 'reason for no VAT',
  discount_amount: 'discount',
  discount_percent: 'discount',
  discount_reason: 'discount reason',
};

/** The labels of the fields the API may name, so its error reads "Line 2 unit price (lines[1].unit_price)". */
function fieldLabelsFor(lines: readonly LineDraft[]): Record<string, string> {
  const labels: Record<string, string> = {
    customer_id: 'Customer',
    issued_on: 'Issue date',
    due_on: 'Due date',
    po_number: 'PO number',
    memo: 'Memo',
    lines: 'Lines',
  };
  lines.forEach((_, index) => {
    for (const [field, label] of Object.entries({ ...lineFieldLabels, ...lineCodeLabels }))
      labels[`lines[${index}].${field}`] = `Line ${index + 1} ${label}`;
  });
  return labels;
}

function LineRow({
  line,
  index,
  count,
  invalid,
  net,
  onChange,
  onRemove,
}: {
  line: LineDraft;
  index: number;
  count: number;
  invalid: string | undefined;
  net: string;
  onChange: (line: LineDraft) => void;
  onRemove: () => void;
}) {
  const input = (field: LineField, className: string) => {
    const name = `lines[${index}].${field}`;
    return (
      <input
        name={name}
        className={className}
        aria-label={`Line ${index + 1} ${lineFieldLabels[field]}`}
        value={line[field]}
        onChange={(event) => onChange({ ...line, [field]: event.target.value })}
        inputMode={field === 'description' || field === 'discount' ? 'text' : 'decimal'}
        aria-invalid={invalid === name || undefined}
      />
    );
  };
  const codeName = (field: 'unit_code' | 'vat_category' | 'exemption_reason' | 'discount_reason') =>
    `lines[${index}].${field}`;
  const needsReason = categoryNeedsExemptionReason(line.vat_category);
  return (
    <tr>
      <td>{input('description', 'line-description')}</td>
      <td className="amount">{input('quantity', 'line-number')}</td>
      <td>
        <select
          className="line-unit"
          name={codeName('unit_code')}
          aria-label={`Line ${index + 1} unit`}
          value={line.unit_code}
          onChange={(event) => onChange({ ...line, unit_code: event.target.value })}
          aria-invalid={invalid === codeName('unit_code') || undefined}
        >
          {unitChoices(line.unit_code).map((unit) => (
            <option key={unit.code} value={unit.code}>
              {unit.label} ({unit.code})
            </option>
          ))}
        </select>
      </td>
      <td className="amount">{input('unit_price', 'line-number')}</td>
      <td className="amount line-discount">
        {input('discount', 'line-number')}
        {line.discount.trim() !== '' && (
          <input
            name={codeName('discount_reason')}
            className="line-reason"
            aria-label={`Line ${index + 1} discount reason`}
            placeholder="Reason (Discount)"
            value={line.discount_reason}
            onChange={(event) => onChange({ ...line, discount_reason: event.target.value })}
            aria-invalid={invalid === codeName('discount_reason') || undefined}
          />
        )}
      </td>
      <td className="amount">{input('tax_rate', 'line-rate')}</td>
      <td className="line-vat">
        <select
          name={codeName('vat_category')}
          aria-label={`Line ${index + 1} VAT category`}
          value={line.vat_category}
          onChange={(event) => onChange({ ...line, vat_category: event.target.value })}
          aria-invalid={invalid === codeName('vat_category') || undefined}
        >
          <option value="">By the rate (S, or Z at 0 %)</option>
          {vatCategories.map((category) => (
            <option key={category} value={category}>
              {vatCategoryLabel(category)}
            </option>
          ))}
        </select>
        {needsReason && (
          <input
            name={codeName('exemption_reason')}
            className="line-reason"
            aria-label={`Line ${index + 1} reason for no VAT`}
            placeholder="Reason for no VAT"
            value={line.exemption_reason}
            onChange={(event) => onChange({ ...line, exemption_reason: event.target.value })}
            aria-invalid={invalid === codeName('exemption_reason') || undefined}
          />
        )}
      </td>
      <td className="amount">{net}</td>
      <td>
        {count > 1 && (
          <button type="button" className="secondary" onClick={onRemove}>
            Remove line {index + 1}
          </button>
        )}
      </td>
    </tr>
  );
}

function InvoiceForm({
  initial,
  initialCustomer,
  invoiceId,
}: {
  initial: InvoiceFormState;
  initialCustomer: Customer | null;
  /** The draft being changed; a new draft without it. */
  invoiceId?: string;
}) {
  const { notify } = useNotice();
  const can = useCan();
  const [form, setForm] = useState(initial);
  const [send, setSend] = useState(true);
  const [customer, setCustomer] = useState(initialCustomer);
  const save = useAction((body: InvoiceDraftBody, options) =>
    invoiceId
      ? sendJson<InvoiceDetail>('PATCH', `/invoices/${invoiceId}`, body, options)
      : postJson<InvoiceDetail>('/invoices', body, options),
  );
  const currency = customer?.currency ?? '';
  const totals = liveTotals(form.lines, currency);
  const problem = totals ? null : lineProblem(form.lines, currency);
  // The API's error once saved; before that, a figure typed that the API would refuse.
  const invalid = formFieldOf(invalidField(save.error)) ?? problem?.field;
  const labels = fieldLabelsFor(form.lines);
  const set = (field: 'issued_on' | 'due_on' | 'po_number' | 'memo') => (value: string) =>
    setForm((current) => ({ ...current, [field]: value }));
  const setLines = (update: (lines: readonly LineDraft[]) => readonly LineDraft[]) =>
    setForm((current) => ({ ...current, lines: update(current.lines) }));

  /** Saves the draft, or (`issue`) saves and issues it in one request, e-mailed when `send`. */
  const saveForm = async (issue: boolean) => {
    const body = draftBody({ ...form, customer_id: customer?.id ?? '' });
    // A draft moved to another customer takes that customer's currency and terms.
    const moved = invoiceId && customer && customer.id !== initial.customer_id;
    const saved = await save.run({
      ...(moved ? { ...body, currency: customer.currency, terms: customer.terms } : body),
      ...(issue ? { issue: true, send } : {}),
    });
    if (saved) {
      const warnings = (saved.warnings ?? []).map((warning) => ` Warning: ${warning.message}`);
      const notices = (saved.notices ?? []).map((notice) => ` ${notice}`);
      notify(
        saved.status === 'draft'
          ? `Draft invoice ${invoiceId ? 'changed' : 'saved'}: ${formatMoney(saved.total, saved.currency)} for ${customer?.name ?? saved.customer_ref}.${warnings.join('')}`
          : `Invoice ${saved.number} issued: ${formatMoney(saved.total, saved.currency)} for ${customer?.name ?? saved.customer_ref}, due on ${saved.due_on}.${notices.join('')}${warnings.join('')}`,
      );
      navigate(`/invoices/${saved.id}`);
    }
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void saveForm(false);
  };

  return (
    <form className="invoice-form" onSubmit={submit} aria-label="Invoice">
      <div className="report-form">
        <CustomerPicker
          value={customer}
          onChange={(chosen) => setCustomer(chosen)}
          invalid={invalid === 'customer_id'}
        />
        <p className="field customer-terms">
          <span>Currency and terms</span>
          <span className="value">
            {customer ? `${customer.currency}, ${customer.terms}` : '—'}
          </span>
        </p>
      </div>
      <div className="report-form">
        <DateField
          name="issued_on"
          label="Issue date (blank: the day it is issued)"
          value={form.issued_on}
          onChange={set('issued_on')}
          invalidField={invalid}
        />
        <DateField
          name="due_on"
          label={`Due date (blank: from the terms${customer ? `, ${customer.terms}` : ''})`}
          value={form.due_on}
          onChange={set('due_on')}
          invalidField={invalid}
        />
        <TextField
          name="po_number"
          label="PO number"
          value={form.po_number}
          onChange={set('po_number')}
          invalidField={invalid}
        />
        <TextField
          name="memo"
          label="Memo"
          value={form.memo}
          onChange={set('memo')}
          invalidField={invalid}
          size={30}
        />
      </div>
      <TableScroll label="Lines of the invoice">
        <table className="report invoice-lines">
          <caption>Lines{currency && ` in ${currency}`}</caption>
          <thead>
            <tr>
              <th scope="col">Description</th>
              <th scope="col" className="amount">
                Quantity
              </th>
              <th scope="col">Unit</th>
              <th scope="col" className="amount">
                Unit price
              </th>
              <th scope="col" className="amount">
                Discount (amount or %)
              </th>
              <th scope="col" className="amount">
                Tax rate (%)
              </th>
              <th scope="col">VAT category</th>
              <th scope="col" className="amount">
                Net
              </th>
              <th scope="col">
                <span className="visually-hidden">Remove</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {form.lines.map((line, index) => (
              <LineRow
                key={line.key}
                line={line}
                index={index}
                count={form.lines.length}
                invalid={invalid}
                net={totals ? formatAmount(totals.lines[index]!.net, currency) : '—'}
                onChange={(changed) =>
                  setLines((lines) => lines.map((old) => (old.key === line.key ? changed : old)))
                }
                onRemove={() => setLines((lines) => lines.filter((old) => old.key !== line.key))}
              />
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" colSpan={7}>
                Subtotal
              </th>
              <td className="amount">{totals ? formatAmount(totals.subtotal, currency) : '—'}</td>
              <td />
            </tr>
            <tr>
              <th scope="row" colSpan={7}>
                Tax
              </th>
              <td className="amount">{totals ? formatAmount(totals.tax, currency) : '—'}</td>
              <td />
            </tr>
            <tr>
              <th scope="row" colSpan={7}>
                Total
              </th>
              <td className="amount" data-testid="live-total">
                {totals ? formatAmount(totals.total, currency) : '—'}
              </td>
              <td />
            </tr>
          </tfoot>
        </table>
      </TableScroll>
      <p className="form-hint" aria-live="polite">
        {problem
          ? `${labels[problem.field] ?? problem.field}: ${problem.message}`
          : customer
            ? totals
              ? 'The totals are worked out as Settle will save them: each net rounded to the cent, less its discount ("5.00" off, or "10 %" of the line), tax per rate on the summed nets.'
              : 'The totals show once every line has a quantity and a unit price Settle can read.'
            : 'Choose a customer: its currency and terms apply to the invoice.'}
      </p>
      <div className="form-buttons">
        <button
          type="button"
          className="secondary"
          onClick={() => setLines((lines) => [...lines, emptyLine()])}
        >
          Add line
        </button>
        <button type="submit" aria-disabled={save.running || undefined}>
          {save.running ? 'Saving…' : 'Save draft'}
        </button>
        {can('invoices.post') && (
          <span className="issue-control">
            <label>
              <input
                type="checkbox"
                name="send"
                checked={send}
                onChange={(event) => setSend(event.target.checked)}
              />{' '}
              E-mail it to the customer
            </label>
            <button
              type="button"
              onClick={() => void saveForm(true)}
              aria-disabled={save.running || undefined}
            >
              Save and issue
            </button>
          </span>
        )}
        <Link to={invoiceId ? `/invoices/${invoiceId}` : '/invoices'}>Cancel</Link>
      </div>
      {save.error && <ErrorAlert error={save.error} fieldLabels={labels} />}
    </form>
  );
}

function NoPermission() {
  return (
    <>
      <h1>New invoice</h1>
      <p>
        Your role does not draft invoices. <Link to="/invoices">All invoices</Link>
      </p>
    </>
  );
}

/** The customer an address names (`/invoices/new?customer_id=…`), loaded before the form opens. */
function WithCustomer({
  customerId,
  children,
}: {
  customerId: string;
  children: (customer: Customer | null) => ReactNode;
}) {
  const customer = useApiGet<Customer>(`/customers/${customerId}`);
  if (customer.state === 'loading') return <Loading what="the customer" />;
  if (customer.state === 'failed') {
    return (
      <>
        <ErrorAlert error={customer.error} />
        {children(null)}
      </>
    );
  }
  return <>{children(customer.data)}</>;
}

/** A new draft invoice, for the customer the address names if any. */
export function NewInvoicePage() {
  const can = useCan();
  const { search } = useLocation();
  const customerId = search.get('customer_id') ?? '';
  if (!can('invoices.draft')) return <NoPermission />;
  return (
    <>
      <h1>New invoice</h1>
      {customerId ? (
        <WithCustomer customerId={customerId}>
          {(customer) => (
            <InvoiceForm initial={newInvoiceForm(customer?.id ?? '')} initialCustomer={customer} />
          )}
        </WithCustomer>
      ) : (
        <InvoiceForm initial={newInvoiceForm()} initialCustomer={null} />
      )}
    </>
  );
}

function EditForm({ invoice }: { invoice: InvoiceDetail }) {
  return (
    <WithCustomer customerId={invoice.customer_id}>
      {(customer) => (
        <InvoiceForm
          initial={formOfInvoice(invoice)}
          initialCustomer={customer}
          invoiceId={invoice.id}
        />
      )}
    </WithCustomer>
  );
}

/** A draft invoice, changed; an issued invoice cannot be, and says so. */
export function EditInvoicePage({ id }: { id: string }) {
  const can = useCan();
  const invoice = useApiGet<InvoiceDetail>(`/invoices/${id}`);
  // Loaded once: a reload after saving would otherwise reset what the user is typing.
  const [loaded, setLoaded] = useState<InvoiceDetail | null>(null);
  if (!loaded && invoice.state === 'loaded') setLoaded(invoice.data);
  if (!can('invoices.draft')) return <NoPermission />;
  if (invoice.state === 'failed' && !loaded) {
    return (
      <>
        <h1>Edit draft invoice</h1>
        <ErrorAlert error={invoice.error} />
      </>
    );
  }
  if (!loaded) return <Loading what="the invoice" />;
  if (loaded.status !== 'draft') {
    return (
      <>
        <h1>Invoice {loaded.number}</h1>
        <p>
          An issued invoice cannot change: correct it with a credit note.{' '}
          <Link to={`/invoices/${id}`}>Back to the invoice</Link>
        </p>
      </>
    );
  }
  return (
    <>
      <h1>Edit draft invoice</h1>
      <EditForm invoice={loaded} />
    </>
  );
}
