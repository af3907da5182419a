import type { FormEvent } from 'react';
import type { QueryParams } from '../../api/client';
import type { Invoice, InvoiceList } from '../../api/types';
import { useApiGet } from '../../api/use-api-get';
import { invalidField } from '../../components/error-alert';
import { DateField, SelectField, TextField } from '../../components/form-fields';
import { ListResults } from '../../components/list-results';
import { TableScroll } from '../../components/table-scroll';
import { formatAmount } from '../../format/money';
import { Link, navigate, useLocation } from '../../routing';
import { useQueryDraft } from '../../url-draft';
import { useCan } from '../../permissions';
import { statusLabels } from './invoice-labels';
import './invoices.css';
import { addressOf, readQuery, trimmedQuery, type QueryState } from '../../url-query';

/** The page's state in its address: the same names as the API's parameters. */
const invoiceFields = [
  'number',
  'status',
  'currency',
  'issued_from',
  'issued_to',
  'due_from',
  'due_to',
  'sort',
  'cursor',
  'limit',
] as const;
type InvoiceQuery = QueryState<(typeof invoiceFields)[number]>;

const fieldLabels: Readonly<Record<string, string>> = {
  number: 'Number',
  status: 'Status',
  currency: 'Currency',
  issued_from: 'Issued from',
  issued_to: 'Issued to',
  due_from: 'Due from',
  due_to: 'Due to',
  sort: 'Sort by',
  cursor: 'Page',
  limit: 'Page size',
};

const statusChoices = [
  { value: '', label: 'Any' },
  { value: 'open,partially_paid', label: 'Unpaid (open or partially paid)' },
  ...Object.entries(statusLabels).map(([value, label]) => ({ value, label })),
];

const sorts = [
  { value: '-created_at', label: 'Newest first' },
  { value: 'due_on', label: 'Due soonest first' },
  { value: '-due_on', label: 'Due latest first' },
  { value: '-issued_on', label: 'Issued latest first' },
  { value: 'number', label: 'Number' },
  { value: '-open', label: 'Largest open amount first' },
] as const;

/** Invoices a page, unless the address says otherwise (`limit`, up to the API's 500). */
const pageSize = '50';

function apiParams(query: InvoiceQuery): QueryParams {
  const trimmed = trimmedQuery(query);
  return { ...trimmed, limit: trimmed.limit || pageSize };
}

function InvoiceFilters({
  query,
  onSubmit,
  invalid,
}: {
  query: InvoiceQuery;
  onSubmit: (query: InvoiceQuery) => void;
  invalid: string | undefined;
}) {
  const [draft, set] = useQueryDraft(query);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    // A new search starts from its first page.
    onSubmit({ ...draft, cursor: '' });
  };
  const date = (field: 'issued_from' | 'issued_to' | 'due_from' | 'due_to') => (
    <DateField
      name={field}
      label={fieldLabels[field]!}
      value={draft[field]}
      onChange={set(field)}
      invalidField={invalid}
    />
  );
  return (
    <form className="report-form" onSubmit={submit} aria-label="Find invoices">
      <TextField
        name="number"
        label="Number"
        value={draft.number}
        onChange={set('number')}
        invalidField={invalid}
      />
      <SelectField
        name="status"
        label="Status"
        value={draft.status}
        onChange={set('status')}
        invalidField={invalid}
      >
        {statusChoices.map((choice) => (
          <option key={choice.value} value={choice.value}>
            {choice.label}
          </option>
        ))}
      </SelectField>
      <TextField
        name="currency"
        label="Currency"
        value={draft.currency}
        onChange={set('currency')}
        invalidField={invalid}
        placeholder="all"
      />
      {date('issued_from')}
      {date('issued_to')}
      {date('due_from')}
      {date('due_to')}
      <SelectField
        name="sort"
        label="Sort by"
        value={draft.sort || '-created_at'}
        onChange={set('sort')}
        invalidField={invalid}
      >
        {sorts.map((sort) => (
          <option key={sort.value} value={sort.value}>
            {sort.label}
          </option>
        ))}
      </SelectField>
      <button type="submit">Find</button>
    </form>
  );
}

function InvoiceTable({ list }: { list: InvoiceList }) {
  return (
    <TableScroll label="Invoices">
      <table className="report">
        <caption>Invoices</caption>
        <thead>
          <tr>
            <th scope="col">Number</th>
            <th scope="col">Customer</th>
            <th scope="col">Status</th>
            <th scope="col">Issued</th>
            <th scope="col">Due</th>
            <th scope="col">Currency</th>
            <th scope="col" className="amount">
              Total
            </th>
            <th scope="col" className="amount">
              Open
            </th>
          </tr>
        </thead>
        <tbody>
          {list.items.map((invoice) => (
            <tr key={invoice.id}>
              <td>
                <Link to={`/invoices/${invoice.id}`}>{invoice.number ?? 'Draft'}</Link>
              </td>
              <td>
                <Link to={`/customers/${invoice.customer_id}`}>
                  {invoice.customer_ref ?? invoice.customer_id}
                </Link>
              </td>
              <td>{statusLabels[invoice.status]}</td>
              <td>{invoice.issued_on ?? '—'}</td>
              <td>{invoice.due_on ?? '—'}</td>
              <td>{invoice.currency}</td>
              <td className="amount">{formatAmount(invoice.total, invoice.currency)}</td>
              <td className="amount">{formatAmount(invoice.open, invoice.currency)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

/**
 * The organization's invoices: found by number, status, currency and dates, sorted and paged by
 * the API. The whole state, the page included, is in the address.
 */
export function InvoicesPage() {
  const location = useLocation();
  const query = readQuery(location.search, invoiceFields);
  const invoices = useApiGet<InvoiceList>('/invoices', apiParams(query));
  const error = invoices.state === 'failed' ? invoices.error : undefined;
  const can = useCan();
  return (
    <>
      <div className="page-title">
        <h1>Invoices</h1>
        {can('invoices.draft') && (
          <Link className="button-link" to="/invoices/new">
            New invoice
          </Link>
        )}
      </div>
      <InvoiceFilters
        key={location.search.toString()}
        query={query}
        invalid={invalidField(error)}
        onSubmit={(next) => navigate(addressOf('/invoices', next))}
      />
      <ListResults
        list={invoices}
        what="the invoices"
        noneText="No invoice matches."
        pathname="/invoices"
        query={query}
        fieldLabels={fieldLabels}
      >
        {(list) => <InvoiceTable list={list} />}
      </ListResults>
    </>
  );
}
