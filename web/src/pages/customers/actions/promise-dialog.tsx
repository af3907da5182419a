import { useCallback, useState } from 'react';
import { postJson, type SendOptions } from '../../../api/client';
import type { NewPromise, PromiseToPayDetail } from '../../../api/types';
import { DateField, TextField } from '../../../components/form-fields';
import { formatMoney } from '../../../format/money';
import { ActionForm, InvoiceChecklist, TextAreaField, WithOpenInvoices } from './action-form';
import { useActionForm } from './use-action-form';
import { sumAmounts } from './minor-units';

const fieldLabels = {
  invoice_ids: 'Invoices',
  amount: 'Amount promised',
  promised_on: 'Promised for',
  notes: 'Notes',
  currency: 'Currency',
};

export function PromiseForm({ customerId, close }: { customerId: string; close: () => void }) {
  return (
    <WithOpenInvoices
      customerId={customerId}
      noneText="The customer has no open invoice to promise a payment on."
      close={close}
    >
      {(items) => <PromiseFields customerId={customerId} invoices={items} close={close} />}
    </WithOpenInvoices>
  );
}

function PromiseFields({
  customerId,
  invoices,
  close,
}: {
  customerId: string;
  invoices: Parameters<typeof InvoiceChecklist>[0]['invoices'];
  close: () => void;
}) {
  const [invoiceIds, setInvoiceIds] = useState<string[]>([]);
  const [amount, setAmount] = useState('');
  const [promisedOn, setPromisedOn] = useState('');
  const [notes, setNotes] = useState('');
  const perform = useCallback(
    (body: NewPromise, options: SendOptions) =>
      postJson<PromiseToPayDetail>('/promises', body, options),
    [],
  );
  const { invalid, submit, form } = useActionForm({
    perform,
    close,
    done: (promise) => {
      const scope =
        promise.scope === 'account'
          ? 'on the account'
          : `on ${promise.invoice_ids.length} invoice${promise.invoice_ids.length === 1 ? '' : 's'}`;
      return `Promise to pay recorded: ${formatMoney(promise.amount, promise.currency)} by ${promise.promised_on} ${scope}.`;
    },
  });
  const chosen = invoices.filter((invoice) => invoiceIds.includes(invoice.id));
  const currency = chosen[0]?.currency;
  const chosenOpen =
    currency === undefined
      ? undefined
      : sumAmounts(
          chosen.map((invoice) => invoice.open),
          currency,
        );
  return (
    <ActionForm
      label="Record a promise to pay"
      submitLabel="Record promise"
      onSubmit={() =>
        submit({
          customer_id: customerId,
          ...(invoiceIds.length > 0 ? { invoice_ids: invoiceIds } : {}),
          amount: amount.trim(),
          promised_on: promisedOn.trim(),
          notes: notes.trim() === '' ? null : notes,
        })
      }
      fieldLabels={fieldLabels}
      {...form}
    >
      <InvoiceChecklist
        legend="Invoices the promise covers (none: the whole account)"
        invoices={invoices}
        chosen={invoiceIds}
        onChange={setInvoiceIds}
        invalidField={invalid}
      />
      {chosenOpen !== undefined && currency !== undefined && (
        <p className="hint">
          Open on the invoices chosen: {formatMoney(chosenOpen, currency)}.{' '}
          <button type="button" className="link-button" onClick={() => setAmount(chosenOpen)}>
            Promise all of it
          </button>
        </p>
      )}
      <TextField
        name="amount"
        label="Amount promised"
        value={amount}
        onChange={setAmount}
        invalidField={invalid}
        placeholder="0.00"
      />
      <DateField
        name="promised_on"
        label="Promised for (YYYY-MM-DD)"
        value={promisedOn}
        onChange={setPromisedOn}
        invalidField={invalid}
      />
      <TextAreaField
        name="notes"
        label="Notes"
        value={notes}
        onChange={setNotes}
        invalidField={invalid}
      />
    </ActionForm>
  );
}
