import { useRef, useState, type FormEvent } from 'react';
import { postJson, type SendOptions } from '../../api/client';
import type { Payment, PaymentApplyResult, PaymentRefund } from '../../api/types';
import { useAction } from '../../api/use-action';
import { ActionDialog, DialogButtons } from '../../components/dialog';
import { ErrorAlert, invalidField } from '../../components/error-alert';
import { DateField, SelectField, TextField } from '../../components/form-fields';
import { useNotice } from '../../components/notice';
import { formatAmount } from '../../format/money';
import { applicationsToSend, currencyDecimals, suggestOldestFirst, toMinor } from './allocation';
import { AllocationTable, invoiceOfField, OpenInvoices } from './allocation-table';
import { methodLabels, paymentName } from './payment-labels';

type Applications = { invoice_id: string; amount: string }[];

/**
 * Where unapplied credit comes from: a payment or a credit note. The API applies and refunds
 * both with the same bodies, under /payments/{id} and /credit-notes/{id}.
 */
export interface CreditSource {
  kind: 'payment' | 'credit_note';
  id: string;
  customer_id: string;
  currency: string;
  /** Decimal string, as the API gives it. */
  unapplied: string;
  /** How notices name it, e.g. "Payment WIRE-77" or "Credit note CN-0001". */
  label: string;
}

export function paymentSource(payment: Payment): CreditSource {
  return {
    kind: 'payment',
    id: payment.id,
    customer_id: payment.customer_id,
    currency: payment.currency,
    unapplied: payment.unapplied,
    label: paymentName(payment),
  };
}

const sourcePath = (source: CreditSource) =>
  `${source.kind === 'payment' ? '/payments' : '/credit-notes'}/${encodeURIComponent(source.id)}`;

const applyCredit =
  (path: string) =>
  (body: { applications: Applications; applied_on?: string }, options: SendOptions) =>
    postJson<PaymentApplyResult>(`${path}/apply`, body, options);

function ApplyCreditForm({ source, close }: { source: CreditSource; close: () => void }) {
  const { notify } = useNotice();
  const decimals = currencyDecimals(source.currency);
  const availableMinor = toMinor(source.unapplied, decimals) ?? 0n;
  const [appliedOn, setAppliedOn] = useState('');
  const [edited, setEdited] = useState<Record<string, string> | null>(null);
  const sent = useRef<Applications>([]);
  const [perform] = useState(() => applyCredit(sourcePath(source)));
  const action = useAction(perform);
  const invalid = invalidField(action.error);
  return (
    <OpenInvoices customerId={source.customer_id} currency={source.currency}>
      {(invoices) => {
        const amounts = edited ?? suggestOldestFirst(availableMinor, invoices, decimals);
        const submit = async (event: FormEvent) => {
          event.preventDefault();
          const applications = applicationsToSend(invoices, amounts, decimals);
          sent.current = applications;
          const result = await action.run({
            applications,
            ...(appliedOn.trim() ? { applied_on: appliedOn.trim() } : {}),
          });
          if (result) {
            const count = result.applications.length;
            notify(
              `${source.label}: ${formatAmount(result.applied, result.currency)} of its credit applied to ${count} invoice${count === 1 ? '' : 's'}, ${formatAmount(result.unapplied, result.currency)} left as unapplied credit.`,
            );
            close();
          }
        };
        return (
          <form
            aria-label="Apply credit"
            onSubmit={(event) => void submit(event)}
            className="dialog-form"
          >
            <p>
              Unapplied credit: {formatAmount(source.unapplied, source.currency)} {source.currency}
            </p>
            <DateField
              name="applied_on"
              label="Applied on (blank: today)"
              value={appliedOn}
              onChange={setAppliedOn}
              invalidField={invalid}
            />
            <AllocationTable
              caption="Open invoices"
              invoices={invoices}
              currency={source.currency}
              availableMinor={availableMinor}
              amounts={amounts}
              onAmountChange={(id, value) => setEdited({ ...amounts, [id]: value })}
              onSuggest={() => setEdited(null)}
              invalidInvoiceId={invoiceOfField(invalid, sent.current)}
            />
            {action.error && <ErrorAlert error={action.error} />}
            <DialogButtons
              close={close}
              running={action.running}
              label="Apply"
              runningLabel="Applying…"
            />
          </form>
        );
      }}
    </OpenInvoices>
  );
}

export function ApplyCreditDialog({ source }: { source: CreditSource }) {
  return (
    <ActionDialog label="Apply credit" title="Apply the unapplied credit to invoices">
      {(close) => <ApplyCreditForm source={source} close={close} />}
    </ActionDialog>
  );
}

type RefundBody = {
  amount: string;
  refunded_on?: string;
  method: Payment['method'];
  reference?: string;
};

function RefundForm({ source, close }: { source: CreditSource; close: () => void }) {
  const { notify } = useNotice();
  const [amount, setAmount] = useState(source.unapplied);
  const [refundedOn, setRefundedOn] = useState('');
  const [method, setMethod] = useState<Payment['method']>('bank_transfer');
  const [reference, setReference] = useState('');
  const [perform] = useState(
    () => (body: RefundBody, options: SendOptions) =>
      postJson<PaymentRefund>(`${sourcePath(source)}/refund`, body, options),
  );
  const action = useAction(perform);
  const invalid = invalidField(action.error);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const refund = await action.run({
      amount: amount.trim(),
      method,
      ...(refundedOn.trim() ? { refunded_on: refundedOn.trim() } : {}),
      ...(reference.trim() ? { reference: reference.trim() } : {}),
    });
    if (refund) {
      notify(
        `${source.label}: ${formatAmount(refund.amount, refund.currency)} ${refund.currency} refunded on ${refund.refunded_on}.`,
      );
      close();
    }
  };
  return (
    <form aria-label="Refund" onSubmit={(event) => void submit(event)} className="dialog-form">
      <p>
        Pays back unapplied credit to the customer; at most{' '}
        {formatAmount(source.unapplied, source.currency)} {source.currency}.
      </p>
      <TextField
        name="amount"
        label={`Amount (${source.currency})`}
        value={amount}
        onChange={setAmount}
        invalidField={invalid}
      />
      <DateField
        name="refunded_on"
        label="Refunded on (blank: today)"
        value={refundedOn}
        onChange={setRefundedOn}
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
      <TextField
        name="reference"
        label="Reference"
        value={reference}
        onChange={setReference}
        invalidField={invalid}
      />
      {action.error && <ErrorAlert error={action.error} />}
      <DialogButtons
        close={close}
        running={action.running}
        label="Refund"
        runningLabel="Refunding…"
      />
    </form>
  );
}

export function RefundDialog({ source }: { source: CreditSource }) {
  return (
    <ActionDialog label="Refund" title="Refund unapplied credit" className="button secondary">
      {(close) => <RefundForm source={source} close={close} />}
    </ActionDialog>
  );
}

function ReverseForm({ payment, close }: { payment: Payment; close: () => void }) {
  const { notify } = useNotice();
  const [reason, setReason] = useState('');
  const [reversedOn, setReversedOn] = useState('');
  const [perform] = useState(
    () => (body: { reason: string; reversed_on?: string }, options: SendOptions) =>
      postJson<Payment>(`/payments/${payment.id}/reverse`, body, options),
  );
  const action = useAction(perform);
  const invalid = invalidField(action.error);
  const invoices = new Set(
    (payment.applications ?? []).filter((a) => !a.reversal_id).map((a) => a.invoice_id),
  ).size;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const reversed = await action.run({
      reason,
      ...(reversedOn.trim() ? { reversed_on: reversedOn.trim() } : {}),
    });
    if (reversed) {
      notify(
        `${paymentName(payment)} reversed on ${reversed.reversed_on}: ${invoices} invoice${invoices === 1 ? '' : 's'} re-opened.`,
      );
      close();
    }
  };
  return (
    <form
      aria-label="Reverse payment"
      onSubmit={(event) => void submit(event)}
      className="dialog-form"
    >
      <p className="warning">
        Reversing records that the money never arrived (a bounced cheque, a charge-back):{' '}
        {formatAmount(payment.applied, payment.currency)} {payment.currency} applied to {invoices}{' '}
        invoice{invoices === 1 ? '' : 's'} becomes owed again. It cannot be undone.
      </p>
      <label className="field">
        <span>Reason</span>
        <textarea
          name="reason"
          value={reason}
          rows={3}
          required
          onChange={(event) => setReason(event.target.value)}
          aria-invalid={invalid === 'reason' || undefined}
        />
      </label>
      <DateField
        name="reversed_on"
        label="Reversed on (blank: today)"
        value={reversedOn}
        onChange={setReversedOn}
        invalidField={invalid}
      />
      {action.error && <ErrorAlert error={action.error} />}
      <DialogButtons
        close={close}
        running={action.running}
        label="Reverse the payment"
        runningLabel="Reversing…"
      />
    </form>
  );
}

export function ReverseDialog({ payment }: { payment: Payment }) {
  return (
    <ActionDialog
      label="Reverse payment"
      title="Reverse a bounced payment"
      className="button danger"
    >
      {(close) => <ReverseForm payment={payment} close={close} />}
    </ActionDialog>
  );
}
