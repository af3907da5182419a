import { useCallback, useState } from 'react';
import { postJson, type SendOptions } from '../../../api/client';
import type { NewNonpaymentReason, NonpaymentReason } from '../../../api/types';
import { ChoiceOptions, SelectField } from '../../../components/form-fields';
import {
  ActionForm,
  invoiceText,
  TextAreaField,
  WithOpenInvoices,
  type OpenInvoice,
} from './action-form';
import { useActionForm } from './use-action-form';

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
  return (
    <WithOpenInvoices
      customerId={customerId}
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
  const [invoiceId, setInvoiceId] = useState(invoices[0]!.id);
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  const perform = useCallback(
    (input: { id: string; body: NewNonpaymentReason }, options: SendOptions) =>
      postJson<NonpaymentReason>(`/invoices/${input.id}/nonpayment-reasons`, input.body, options),
    [],
  );
  const { invalid, submit, form } = useActionForm({
    perform,
    close,
    done: (recorded) => {
      const number = invoices.find((invoice) => invoice.id === recorded.invoice_id)?.number ?? '';
      const label = nonpaymentReasons.find((item) => item.value === recorded.reason)?.label;
      return `Invoice ${number} not paid because: ${label ?? recorded.reason}.`;
    },
  });
  return (
    <ActionForm
      label="Set a non-payment reason"
      submitLabel="Set reason"
      onSubmit={() =>
        submit({ id: invoiceId, body: { reason, note: note.trim() === '' ? null : note } })
      }
      fieldLabels={fieldLabels}
      {...form}
    >
      <SelectField
        name="id"
        label="Invoice"
        value={invoiceId}
        onChange={setInvoiceId}
        invalidField={invalid}
      >
        <ChoiceOptions
          choices={invoices.map((invoice) => ({ value: invoice.id, label: invoiceText(invoice) }))}
        />
      </SelectField>
      <SelectField
        name="reason"
        label="Why it is not paid"
        value={reason}
        onChange={setReason}
        invalidField={invalid}
      >
        <option value="">Choose the reason…</option>
        <ChoiceOptions choices={nonpaymentReasons} />
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
