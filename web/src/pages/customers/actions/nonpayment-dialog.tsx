import { useCallback, useState } from 'react';
import { postJson, type SendOptions } from '../../../api/client';
import type { NewNonpaymentReason, NonpaymentReason } from '../../../api/types';
import { useAction } from '../../../api/use-action';
import { invalidField } from '../../../components/error-alert';
import { SelectField } from '../../../components/form-fields';
import { useNotice } from '../../../components/notice';
import {
  ActionForm,
  invoiceText,
  TextAreaField,
  useOpenInvoices,
  WithOpenInvoices,
  type OpenInvoice,
} from './action-form';

type Reason = NonpaymentReason['reason'];

export const nonpaymentReasons: readonly { readonly value: Reason; readonly label: string }[] = [
  { value: 'cash_flow', label: 'Cash flow' },
  { value: 'dispute', label: 'In dispute' },
  { value: 'lost_invoice', label: 'Invoice lost' },
  { value: 'wrong_contact', label: 'Wrong contact' },
  { value: 'awaiting_approval', label: 'Awaiting approval' },
  { value: 'missing_po', label: 'Missing purchase order' },
  { value: 'bank_error', label: 'Bank error' },
  { value: 'other', label: 'Other' },
];

const fieldLabels = { id: 'Invoice', reason: 'Reason', note: 'Note' };

export function NonpaymentForm({ customerId, close }: { customerId: string; close: () => void }) {
  const invoices = useOpenInvoices(customerId);
  return (
    <WithOpenInvoices
      invoices={invoices}
      noneText="The customer has no open invoice."
      close={close}
    >
      {(items) => <NonpaymentFields invoices={items} close={close} />}
    </WithOpenInvoices>
  );
}

function NonpaymentFields({
  invoices,
  close,
}: {
  invoices: readonly OpenInvoice[];
  close: () => void;
}) {
  const { notify } = useNotice();
  const [invoiceId, setInvoiceId] = useState(invoices[0]!.id);
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  const perform = useCallback(
    (input: { id: string; body: NewNonpaymentReason }, options: SendOptions) =>
      postJson<NonpaymentReason>(`/invoices/${input.id}/nonpayment-reasons`, input.body, options),
    [],
  );
  const action = useAction(perform);
  const invalid = invalidField(action.error);
  const submit = async () => {
    const recorded = await action.run({
      id: invoiceId,
      body: { reason, note: note.trim() === '' ? null : note },
    });
    if (!recorded) return;
    const number = invoices.find((invoice) => invoice.id === recorded.invoice_id)?.number ?? '';
    const label = nonpaymentReasons.find((item) => item.value === recorded.reason)?.label;
    notify(`Invoice ${number} not paid because: ${label ?? recorded.reason}.`);
    close();
  };
  return (
    <ActionForm
      label="Set a non-payment reason"
      submitLabel="Set reason"
      onSubmit={() => void submit()}
      close={close}
      running={action.running}
      error={action.error}
      fieldLabels={fieldLabels}
    >
      <SelectField
        name="id"
        label="Invoice"
        value={invoiceId}
        onChange={setInvoiceId}
        invalidField={invalid}
      >
        {invoices.map((invoice) => (
          <option key={invoice.id} value={invoice.id}>
            {invoiceText(invoice)}
          </option>
        ))}
      </SelectField>
      <SelectField
        name="reason"
        label="Why it is not paid"
        value={reason}
        onChange={setReason}
        invalidField={invalid}
      >
        <option value="">Choose the reason…</option>
        {nonpaymentReasons.map((item) => (
          <option key={item.value} value={item.value}>
            {item.label}
          </option>
        ))}
      </SelectField>
      <TextAreaField
        name="note"
        label="Note"
        value={note}
        onChange={setNote}
        invalidField={invalid}
        rows={2}
      />
    </ActionForm>
  );
}
