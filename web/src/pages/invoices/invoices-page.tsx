import type { QueryParams } from '../../api/client';
import type { InvoiceList } from '../../api/types';
import { useApiGet } from '../../api/use-api-get';
import { invalidField } from '../../components/error-alert';
import { ChoiceOptions, DateField, SelectField, TextField } from '../../components/form-fields';
import { ListResults } from '../../components/list-results';
import { ReportTable } from '../../components/report-table';
import { formatAmount } from '../../format/money';
import { Link, navigate, useLocation } from '../../routing';
import { useFilterForm } from '../../url-draft';
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
  const { draft, field, submit } = useFilterForm({ query, invalid, onSubmit });
  return (
    <form className="report-form" onSubmit={submit} aria-label="Find invoices">
      <TextField label="Number" {...field('number')} />
      <SelectField label="Status" {...field('status')}>
        <ChoiceOptions choices={statusChoices} />
      </SelectField>
      <TextField label="Currency" {...field('currency')} placeholder="all" />
      <DateField label="Issued from" {...field('issued_from')} />
      <DateField label="Issued to" {...field('issued_to')} />
      <DateField label="Due from" {...field('due_from')} />
      <DateField label="Due to" {...field('due_to')} />
      <SelectField label="Sort by" {...field('sort')} value={draft.sort || '-created_at'}>
        <ChoiceOptions choices={sorts} />
      </SelectField>
      <button type="submit">Find</button>
    </form>
  );
}

function InvoiceTable({ list }: { list: InvoiceList }) {
  return (
    <ReportTable
      label="Invoices"
      columns={[
        'Number',
        'Customer',
        'Status',
        'Issued',
        'Due',
        'Currency',
        { amount: 'Total' },
        { amount: 'Open' },
      ]}
    >
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
    </ReportTable>
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
