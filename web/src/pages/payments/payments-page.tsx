import { useState } from 'react';
import type { QueryParams } from '../../api/client';
import type { PaymentList } from '../../api/types';
import { useApiGet } from '../../api/use-api-get';
import { invalidField } from '../../components/error-alert';
import {
  CheckboxField,
  ChoiceOptions,
  DateField,
  SelectField,
  TextField,
} from '../../components/form-fields';
import { ListResults } from '../../components/list-results';
import { ReportTable } from '../../components/report-table';
import { formatAmount } from '../../format/money';
import { useCan } from '../../permissions';
import { Link, navigate, useLocation } from '../../routing';
import { useFilterForm } from '../../url-draft';
import { addressOf, readQuery, trimmedQuery, type QueryState } from '../../url-query';
import { CustomerById } from './customer-by-id';
import { CustomerPicker, type PickedCustomer } from './customer-picker';
import { methodLabels, paymentName } from './payment-labels';
import './payments.css';

/** The page's state in its address: the same names as the API's parameters. */
const paymentFields = [
  'customer_id',
  'reference',
  'currency',
  'received_from',
  'received_to',
  'unapplied',
  'sort',
  'cursor',
  'limit',
] as const;
type PaymentQuery = QueryState<(typeof paymentFields)[number]>;

const fieldLabels: Readonly<Record<string, string>> = {
  customer_id: 'Customer',
  reference: 'Reference',
  currency: 'Currency',
  received_from: 'Received from',
  received_to: 'Received to',
  unapplied: 'Only with unapplied credit',
  sort: 'Sort by',
  cursor: 'Page',
  limit: 'Page size',
};

const sorts = [
  { value: '-received_on', label: 'Received latest first' },
  { value: 'received_on', label: 'Received earliest first' },
  { value: '-amount', label: 'Largest first' },
  { value: 'amount', label: 'Smallest first' },
  { value: '-created_at', label: 'Recorded latest first' },
] as const;

const pageSize = '50';

function apiParams(query: PaymentQuery): QueryParams {
  const trimmed = trimmedQuery(query);
  return {
    ...trimmed,
    unapplied: trimmed.unapplied === 'true' ? 'true' : undefined,
    limit: trimmed.limit || pageSize,
  };
}

function PaymentFilters({
  query,
  customer,
  onSubmit,
  invalid,
}: {
  query: PaymentQuery;
  customer: PickedCustomer | null;
  onSubmit: (query: PaymentQuery) => void;
  invalid: string | undefined;
}) {
  const [picked, setPicked] = useState(customer);
  const { draft, set, field, submit } = useFilterForm({
    query,
    invalid,
    onSubmit,
    complete: () => ({ customer_id: picked?.id ?? '' }),
  });
  return (
    <form className="report-form" onSubmit={submit} aria-label="Find payments">
      <CustomerPicker customer={picked} onChange={setPicked} invalid={invalid === 'customer_id'} />
      <TextField label="Reference" {...field('reference')} />
      <TextField label="Currency" {...field('currency')} placeholder="all" size={6} />
      <DateField label="Received from" {...field('received_from')} />
      <DateField label="Received to" {...field('received_to')} />
      <SelectField label="Sort by" {...field('sort')} value={draft.sort || '-received_on'}>
        <ChoiceOptions choices={sorts} />
      </SelectField>
      <CheckboxField
        name="unapplied"
        label="Only with unapplied credit"
        checked={draft.unapplied === 'true'}
        onChange={(checked) => set('unapplied')(checked ? 'true' : '')}
      />
      <button type="submit">Find</button>
    </form>
  );
}

function PaymentTable({ list }: { list: PaymentList }) {
  return (
    <ReportTable
      label="Payments"
      columns={[
        'Payment',
        'Customer',
        'Received',
        'Method',
        'Status',
        'Currency',
        { amount: 'Amount' },
        { amount: 'Applied' },
        { amount: 'Refunded' },
        { amount: 'Unapplied' },
      ]}
    >
      {list.items.map((payment) => (
        <tr key={payment.id}>
          <td>
            <Link to={`/payments/${payment.id}`}>{paymentName(payment)}</Link>
          </td>
          <td>
            <Link to={`/customers/${payment.customer_id}`}>
              {payment.customer_ref ?? payment.customer_id}
            </Link>
          </td>
          <td>{payment.received_on}</td>
          <td>{methodLabels[payment.method]}</td>
          <td>{payment.status === 'reversed' ? `Reversed ${payment.reversed_on}` : 'Posted'}</td>
          <td>{payment.currency}</td>
          <td className="amount">{formatAmount(payment.amount, payment.currency)}</td>
          <td className="amount">{formatAmount(payment.applied, payment.currency)}</td>
          <td className="amount">{formatAmount(payment.refunded, payment.currency)}</td>
          <td className="amount">{formatAmount(payment.unapplied, payment.currency)}</td>
        </tr>
      ))}
    </ReportTable>
  );
}

/**
 * The payments received: found by customer, reference, currency and dates, sorted and paged by
 * the API, with the whole state in the address. The clerk records a new one or imports a file
 * from here; `?customer_id=…&unapplied=true` is a customer's unapplied credit, each payment of it
 * a click from applying or refunding it.
 */
export function PaymentsPage() {
  const location = useLocation();
  const can = useCan();
  const query = readQuery(location.search, paymentFields);
  const payments = useApiGet<PaymentList>('/payments', apiParams(query));
  const error = payments.state === 'failed' ? payments.error : undefined;
  const newPayment = query.customer_id
    ? `/payments/new?customer_id=${encodeURIComponent(query.customer_id)}`
    : '/payments/new';
  return (
    <>
      <h1>Payments</h1>
      <p className="page-actions">
        <Link to="/bank">Cash application: bank statements and the review queue</Link>
      </p>
      {(can('payments.post') || can('imports.run')) && (
        <p className="page-actions">
          {can('payments.post') && (
            <Link className="button" to={newPayment}>
              Record a payment
            </Link>
          )}
          {can('imports.run') && <Link to="/imports">Import a CSV file</Link>}
        </p>
      )}
      <CustomerById id={query.customer_id}>
        {(customer) => (
          <PaymentFilters
            key={location.search.toString()}
            query={query}
            customer={customer}
            invalid={invalidField(error)}
            onSubmit={(next) => navigate(addressOf('/payments', next))}
          />
        )}
      </CustomerById>
      <ListResults
        list={payments}
        what="the payments"
        noneText="No payment matches."
        pathname="/payments"
        query={query}
        fieldLabels={fieldLabels}
      >
        {(list) => <PaymentTable list={list} />}
      </ListResults>
    </>
  );
}
