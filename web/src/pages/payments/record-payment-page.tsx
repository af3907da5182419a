import { useCallback, useRef, useState, type FormEvent } from 'react';
import { postJson, type SendOptions } from '../../api/client';
import type { Invoice, Payment } from '../../api/types';
import { useAction } from '../../api/use-action';
import { ErrorAlert, invalidField } from '../../components/error-alert';
import { DateField, SelectField, TextField } from '../../components/form-fields';
import { useNotice } from '../../components/notice';
import { formatAmount } from '../../format/money';
import { useCan } from '../../permissions';
import { Link, navigate, useLocation } from '../../routing';
import { applicationsToSend, currencyDecimals, suggestOldestFirst, toMinor } from './allocation';
import { AllocationTable, invoiceOfField, OpenInvoices } from './allocation-table';
import { CustomerById } from './customer-by-id';
import { CustomerPicker, type PickedCustomer } from './customer-picker';
import { methodLabels, paymentName } from './payment-labels';
import './payments.css';

const fieldLabels: Readonly<Record<string, string>> = {
  customer_id: 'Customer',
  amount: 'Amount',
  received_on: 'Received on',
  reference: 'Reference',
  method: 'Method',
  applications: 'Applications',
};

type PaymentBody = {
  customer_id: string;
  amount: string;
  received_on?: string;
  reference?: string;
  method: Payment['method'];
  apply?: 'none';
  applications?: { invoice_id: string; amount: string }[];
};

const recordPayment = (body: PaymentBody, options: SendOptions) =>
  postJson<Payment>('/payments', body, options);

/** "1,000.00 applied to 3 invoices, 0.00 left as unapplied credit" for the notice. */
export function recordedSummary(payment: Payment): string {
  const invoices = new Set((payment.applications ?? []).map((a) => a.invoice_id)).size;
  const applied =
    invoices === 0
      ? 'nothing applied'
      : `${formatAmount(payment.applied, payment.currency)} applied to ${invoices} invoice${invoices === 1 ? '' : 's'}`;
  return `${applied}, ${formatAmount(payment.unapplied, payment.currency)} left as unapplied credit`;
}

function PaymentForm({ initialCustomer }: { initialCustomer: PickedCustomer | null }) {
  const { notify } = useNotice();
  const [customer, setCustomer] = useState(initialCustomer);
  const [amount, setAmount] = useState('');
  const [receivedOn, setReceivedOn] = useState('');
  const [reference, setReference] = useState('');
  const [method, setMethod] = useState<Payment['method']>('bank_transfer');
  // Until the clerk edits a row, the rows follow the oldest-first suggestion for the amount typed.
  const [edited, setEdited] = useState<Record<string, string> | null>(null);
  const sent = useRef<{ invoice_id: string }[]>([]);
  const action = useAction(recordPayment);
  const invalid = invalidField(action.error);
  const currency = customer?.currency ?? '';
  const decimals = customer ? currencyDecimals(currency) : 2;
  const amountMinor = toMinor(amount, decimals);

  const submit = useCallback(
    async (event: FormEvent, invoices: readonly Invoice[], amounts: Record<string, string>) => {
      event.preventDefault();
      const applications = applicationsToSend(invoices, amounts, decimals);
      sent.current = applications;
      const body: PaymentBody = {
        customer_id: customer?.id ?? '',
        amount: amount.trim(),
        method,
        ...(receivedOn.trim() ? { received_on: receivedOn.trim() } : {}),
        ...(reference.trim() ? { reference: reference.trim() } : {}),
        ...(applications.length > 0 ? { applications } : { apply: 'none' as const }),
      };
      const payment = await action.run(body);
      if (payment) {
        notify(`${paymentName(payment)} recorded: ${recordedSummary(payment)}.`);
        navigate(`/payments/${payment.id}`);
      }
    },
    [action, amount, customer, decimals, method, notify, receivedOn, reference],
  );

  const fields = (
    <div className="report-form">
      <CustomerPicker
        customer={customer}
        onChange={(next) => {
          setCustomer(next);
          setEdited(null);
        }}
        invalid={invalid === 'customer_id'}
      />
      <TextField
        name="amount"
        label={customer ? `Amount (${customer.currency})` : 'Amount'}
        value={amount}
        onChange={setAmount}
        invalidField={invalid}
        inputMode="numeric"
        size={14}
      />
      <DateField
        name="received_on"
        label="Received on (blank: today)"
        value={receivedOn}
        onChange={setReceivedOn}
        invalidField={invalid}
      />
      <TextField
        name="reference"
        label="Reference"
        value={reference}
        onChange={setReference}
        invalidField={invalid}
      />
      <SelectField
        name="method"
        label="Method"
        value={method}
        onChange={(value) => setMethod(value as Payment['method'])}
        invalidField={invalid}
      >
        {Object.entries(methodLabels).map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </SelectField>
    </div>
  );

  const footer = (
    <>
      {action.error && <ErrorAlert error={action.error} fieldLabels={fieldLabels} />}
      <div className="form-actions">
        <button type="submit" disabled={action.running}>
          {action.running ? 'Recording…' : 'Record payment'}
        </button>
        <Link to="/payments">Cancel</Link>
      </div>
    </>
  );

  if (!customer) {
    return (
      <form
        aria-label="Record a payment"
        onSubmit={(event) => void submit(event, [], {})}
        className="payment-form"
      >
        {fields}
        <p>Choose the customer to see its open invoices.</p>
        {footer}
      </form>
    );
  }
  return (
    <OpenInvoices customerId={customer.id} currency={currency}>
      {(invoices) => {
        const amounts = edited ?? suggestOldestFirst(amountMinor ?? 0n, invoices, decimals);
        return (
          <form
            aria-label="Record a payment"
            onSubmit={(event) => void submit(event, invoices, amounts)}
            className="payment-form"
          >
            {fields}
            <AllocationTable
              caption={`Open invoices of ${customer.name}`}
              invoices={invoices}
              currency={currency}
              availableMinor={amountMinor}
              amounts={amounts}
              onAmountChange={(id, value) => setEdited({ ...amounts, [id]: value })}
              onSuggest={() => setEdited(null)}
              invalidInvoiceId={invoiceOfField(invalid, sent.current)}
            />
            {footer}
          </form>
        );
      }}
    </OpenInvoices>
  );
}

/**
 * Recording money received: the customer, the amount and the date, then how it is spread over the
 * customer's open invoices, oldest first unless the clerk changes a row; what is not applied stays
 * as the customer's credit. `?customer_id=` starts with that customer.
 */
export function RecordPaymentPage() {
  const can = useCan();
  const { search } = useLocation();
  const customerId = search.get('customer_id') ?? '';
  return (
    <>
      <h1>Record a payment</h1>
      {can('payments.post') ? (
        <CustomerById id={customerId}>
          {(customer) => <PaymentForm key={customer?.id ?? ''} initialCustomer={customer} />}
        </CustomerById>
      ) : (
        <p>
          Your role may not record payments. <Link to="/payments">Back to the payments.</Link>
        </p>
      )}
    </>
  );
}
