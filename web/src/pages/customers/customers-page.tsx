import type { QueryParams } from '../../api/client';
import type { CustomerList } from '../../api/types';
import { useApiGet } from '../../api/use-api-get';
import { ActionDialog } from '../../components/dialog';
import { CollectorField } from '../../components/collector-field';
import { invalidField } from '../../components/error-alert';
import { CheckboxField, ChoiceOptions, SelectField, TextField } from '../../components/form-fields';
import { ListResults } from '../../components/list-results';
import { ReportTable } from '../../components/report-table';
import { Link, navigate, useLocation } from '../../routing';
import { formatAmount } from '../../format/money';
import { useCan } from '../../permissions';
import { useFilterForm } from '../../url-draft';
import { addressOf, readQuery, trimmedQuery, type QueryState } from '../../url-query';
import { NewCustomerForm } from './customer-editor';
import './customers.css';

/** The page's state in its address: the same names as the API's parameters. */
const customerFields = [
  'q',
  'tag',
  'currency',
  'collector_id',
  'credit_hold',
  'sort',
  'cursor',
  'limit',
] as const;
type CustomerQuery = QueryState<(typeof customerFields)[number]>;

const fieldLabels: Readonly<Record<string, string>> = {
  q: 'Search',
  tag: 'Tag',
  currency: 'Currency',
  collector_id: 'Collector',
  credit_hold: 'On credit hold',
  sort: 'Sort by',
  cursor: 'Page',
  limit: 'Page size',
};

const sorts = [
  { value: 'ref', label: 'Reference, A to Z' },
  { value: '-ref', label: 'Reference, Z to A' },
  { value: 'name', label: 'Name, A to Z' },
  { value: '-name', label: 'Name, Z to A' },
  { value: '-created_at', label: 'Newest first' },
  { value: 'created_at', label: 'Oldest first' },
] as const;

/** Customers a page, unless the address says otherwise (`limit`, up to the API's 500). */
const pageSize = '50';

function apiParams(query: CustomerQuery): QueryParams {
  const trimmed = trimmedQuery(query);
  return {
    ...trimmed,
    credit_hold: trimmed.credit_hold === 'true' ? 'true' : undefined,
    limit: trimmed.limit || pageSize,
  };
}

function CustomerFilters({
  query,
  onSubmit,
  invalid,
}: {
  query: CustomerQuery;
  onSubmit: (query: CustomerQuery) => void;
  invalid: string | undefined;
}) {
  const { draft, set, field, submit } = useFilterForm({ query, invalid, onSubmit });
  return (
    <form className="report-form" onSubmit={submit} aria-label="Find customers">
      <TextField label="Search (name or reference)" {...field('q')} />
      <TextField label="Tag" {...field('tag')} />
      <TextField label="Currency" {...field('currency')} placeholder="all" />
      <CollectorField
        value={draft.collector_id}
        onChange={set('collector_id')}
        invalidField={invalid}
      />
      <SelectField label="Sort by" {...field('sort')} value={draft.sort || 'ref'}>
        <ChoiceOptions choices={sorts} />
      </SelectField>
      <CheckboxField
        name="credit_hold"
        label="Only on credit hold"
        checked={draft.credit_hold === 'true'}
        onChange={(checked) => set('credit_hold')(checked ? 'true' : '')}
      />
      <button type="submit">Find</button>
    </form>
  );
}

/** What the customer owes today: one line per currency, nothing when it owes nothing. */
function OpenBalances({
  balances,
}: {
  balances: readonly { currency: string; balance: string }[];
}) {
  if (balances.length === 0) return <>{'—'}</>;
  return (
    <ul className="balance-list">
      {balances.map((item) => (
        <li key={item.currency}>
          {formatAmount(item.balance, item.currency)} {item.currency}
        </li>
      ))}
    </ul>
  );
}

function CustomerTable({ list }: { list: CustomerList }) {
  return (
    <ReportTable
      label="Customers"
      columns={[
        'Reference',
        'Name',
        'Currency',
        'Terms',
        'Tags',
        'Credit hold',
        { amount: 'Open balance' },
      ]}
    >
      {list.items.map((customer) => (
        <tr key={customer.id}>
          <td>{customer.ref}</td>
          <td>
            <Link to={`/customers/${customer.id}`}>{customer.name}</Link>
          </td>
          <td>{customer.currency}</td>
          <td>{customer.terms}</td>
          <td>{customer.tags.join(', ')}</td>
          <td>{customer.credit_hold ? 'On hold' : ''}</td>
          <td className="amount">
            <OpenBalances balances={customer.open_balances ?? []} />
          </td>
        </tr>
      ))}
    </ReportTable>
  );
}

/**
 * The organization's customers: searched, filtered and sorted by the API, a page at a time. The
 * whole state, the page included, is in the address, so a list can be shared and reloaded.
 */
export function CustomersPage() {
  const location = useLocation();
  const query = readQuery(location.search, customerFields);
  const customers = useApiGet<CustomerList>('/customers', apiParams(query));
  const error = customers.state === 'failed' ? customers.error : undefined;
  const go = (next: CustomerQuery) => navigate(addressOf('/customers', next));
  const can = useCan();
  return (
    <>
      <div className="list-heading">
        <h1>Customers</h1>
        {can('customers.write') && (
          <ActionDialog label="New customer">
            {(close) => <NewCustomerForm close={close} />}
          </ActionDialog>
        )}
      </div>
      <CustomerFilters
        key={location.search.toString()}
        query={query}
        invalid={invalidField(error)}
        onSubmit={go}
      />
      <ListResults
        list={customers}
        what="the customers"
        noneText="No customer matches."
        pathname="/customers"
        query={query}
        fieldLabels={fieldLabels}
      >
        {(list) => <CustomerTable list={list} />}
      </ListResults>
    </>
  );
}
