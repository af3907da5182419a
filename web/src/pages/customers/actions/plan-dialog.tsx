import { useCallback, useState } from 'react';
import { postJson, type SendOptions } from '../../../api/client';
import type {
  NewPaymentPlan,
  PaymentPlan,
  PaymentPlanDetail,
  PaymentPlanPage,
} from '../../../api/types';
import { useApiGet } from '../../../api/use-api-get';
import { ChoiceOptions, DateField, SelectField, TextField } from '../../../components/form-fields';
import { formatMoney } from '../../../format/money';
import {
  ActionForm,
  InvoiceChecklist,
  TextAreaField,
  WithOpenInvoices,
  type OpenInvoice,
  WithRecords,
} from './action-form';
import { useActionForm } from './use-action-form';
import { subtractAmounts, sumAmounts } from './minor-units';

const fieldLabels = {
  invoice_ids: 'Invoices',
  installments: 'Instalments',
  installment_count: 'Number of instalments',
  first_due_on: 'First due on',
  down_payment: 'Down payment',
  notes: 'Notes',
};

type Mode = 'even' | 'schedule';
interface Row {
  readonly key: number;
  readonly due_on: string;
  readonly amount: string;
}

export function PlanForm({ customerId, close }: { customerId: string; close: () => void }) {
  return (
    <WithOpenInvoices
      customerId={customerId}
      noneText="The customer has no open invoice to spread over a plan."
      close={close}
    >
      {(items) => <PlanFields customerId={customerId} invoices={items} close={close} />}
    </WithOpenInvoices>
  );
}

/** The body the API takes for the form's choices: an even split or the schedule as typed. */
export function planBody(
  customerId: string,
  form: {
    invoiceIds: readonly string[];
    mode: Mode;
    count: string;
    firstDueOn: string;
    downPayment: string;
    rows: readonly Row[];
    notes: string;
  },
): NewPaymentPlan {
  const common = {
    customer_id: customerId,
    invoice_ids: [...form.invoiceIds],
    notes: form.notes.trim() === '' ? null : form.notes,
  };
  if (form.mode === 'schedule') {
    return {
      ...common,
      installments: form.rows.map((row) => ({
        due_on: row.due_on.trim(),
        amount: row.amount.trim(),
      })),
    };
  }
  // A count that is not a whole number is sent as it is not: NaN would become null in JSON, so
  // the API would say the field is missing rather than what is wrong with it.
  const count = /^\d+$/.test(form.count.trim()) ? Number(form.count.trim()) : -1;
  return {
    ...common,
    installment_count: count,
    first_due_on: form.firstDueOn.trim(),
    monthly: true,
    ...(form.downPayment.trim() === '' ? {} : { down_payment: form.downPayment.trim() }),
  };
}

let nextRowKey = 1;
const newRow = (): Row => ({ key: nextRowKey++, due_on: '', amount: '' });

function PlanFields({
  customerId,
  invoices,
  close,
}: {
  customerId: string;
  invoices: readonly OpenInvoice[];
  close: () => void;
}) {
  const [invoiceIds, setInvoiceIds] = useState<string[]>([]);
  const [mode, setMode] = useState<Mode>('even');
  const [count, setCount] = useState('3');
  const [firstDueOn, setFirstDueOn] = useState('');
  const [downPayment, setDownPayment] = useState('');
  const [rows, setRows] = useState<Row[]>(() => [newRow(), newRow()]);
  const [notes, setNotes] = useState('');
  const perform = useCallback(
    (body: NewPaymentPlan, options: SendOptions) =>
      postJson<PaymentPlanDetail>('/payment-plans', body, options),
    [],
  );
  const { invalid, submit, form } = useActionForm({
    perform,
    close,
    done: (plan) => {
      const last = plan.installments.at(-1);
      return `Payment plan set up: ${formatMoney(plan.total, plan.currency)} in ${plan.installments.length} instalments${last ? `, the last due ${last.due_on}` : ''}.`;
    },
  });
  const chosen = invoices.filter((invoice) => invoiceIds.includes(invoice.id));
  const currency = chosen[0]?.currency;
  const open =
    currency === undefined
      ? undefined
      : sumAmounts(
          chosen.map((invoice) => invoice.open),
          currency,
        );
  const scheduled =
    currency === undefined
      ? undefined
      : sumAmounts(
          rows.map((row) => row.amount),
          currency,
        );
  const left =
    open === undefined || scheduled === undefined || currency === undefined
      ? undefined
      : subtractAmounts(open, scheduled, currency);
  const setRow = (key: number, field: 'due_on' | 'amount') => (value: string) =>
    setRows((all) => all.map((row) => (row.key === key ? { ...row, [field]: value } : row)));
  return (
    <ActionForm
      label="Set up a payment plan"
      submitLabel="Set up plan"
      onSubmit={() =>
        submit(
          planBody(customerId, { invoiceIds, mode, count, firstDueOn, downPayment, rows, notes }),
        )
      }
      fieldLabels={fieldLabels}
      {...form}
    >
      <InvoiceChecklist
        legend="Invoices the plan covers"
        invoices={invoices}
        chosen={invoiceIds}
        onChange={setInvoiceIds}
        invalidField={invalid}
      />
      {open !== undefined && currency !== undefined && (
        <p className="hint">To spread: {formatMoney(open, currency)}.</p>
      )}
      <fieldset className="choice">
        <legend>Instalments</legend>
        <label className="field-checkbox">
          <input
            type="radio"
            name="mode"
            value="even"
            checked={mode === 'even'}
            onChange={() => setMode('even')}
          />
          <span>Split evenly, monthly</span>
        </label>
        <label className="field-checkbox">
          <input
            type="radio"
            name="mode"
            value="schedule"
            checked={mode === 'schedule'}
            onChange={() => setMode('schedule')}
          />
          <span>Set each instalment</span>
        </label>
      </fieldset>
      {mode === 'even' ? (
        <div className="field-row">
          <TextField
            name="installment_count"
            label="Number of instalments"
            value={count}
            onChange={setCount}
            invalidField={invalid}
            size={4}
          />
          <DateField
            name="first_due_on"
            label="First due on"
            value={firstDueOn}
            onChange={setFirstDueOn}
            invalidField={invalid}
          />
          <TextField
            name="down_payment"
            label="Down payment (optional)"
            value={downPayment}
            onChange={setDownPayment}
            invalidField={invalid}
            size={12}
          />
        </div>
      ) : (
        <>
          <ol className="schedule" aria-label="Schedule">
            {rows.map((row, index) => (
              <li key={row.key} className="field-row">
                <DateField
                  name={`installments[${index}].due_on`}
                  label={`Instalment ${index + 1} due on`}
                  value={row.due_on}
                  onChange={setRow(row.key, 'due_on')}
                  invalidField={invalid}
                />
                <TextField
                  name={`installments[${index}].amount`}
                  label={`Instalment ${index + 1} amount`}
                  value={row.amount}
                  onChange={setRow(row.key, 'amount')}
                  invalidField={invalid}
                  size={12}
                />
                {rows.length > 1 && (
                  <button
                    type="button"
                    className="secondary"
                    onClick={() => setRows((all) => all.filter((item) => item.key !== row.key))}
                  >
                    Remove instalment {index + 1}
                  </button>
                )}
              </li>
            ))}
          </ol>
          <p className="hint">
            <button
              type="button"
              className="secondary"
              onClick={() => setRows((all) => [...all, newRow()])}
            >
              Add an instalment
            </button>{' '}
            {currency !== undefined && scheduled !== undefined && left !== undefined && (
              <span>
                Scheduled {formatMoney(scheduled, currency)};{' '}
                {left.replace(/[0.]/g, '') === ''
                  ? 'exactly what is open.'
                  : left.startsWith('-')
                    ? `${formatMoney(left.slice(1), currency)} more than is open.`
                    : `${formatMoney(left, currency)} still to schedule.`}
              </span>
            )}
          </p>
        </>
      )}
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

// ---------------------------------------------------------------------------------------------
// Cancelling an active plan

function planText(plan: PaymentPlan): string {
  return `${formatMoney(plan.total, plan.currency)} from ${plan.starts_on}, ${plan.invoice_ids.length} invoice${plan.invoice_ids.length === 1 ? '' : 's'}`;
}

/** Ends an active plan by agreement: the invoices' follow-up resumes. */
export function CancelPlanForm({ customerId, close }: { customerId: string; close: () => void }) {
  const plans = useApiGet<PaymentPlanPage>('/payment-plans', {
    customer_id: customerId,
    status: 'active',
    limit: '200',
  });
  return (
    <WithRecords
      loaded={plans}
      what="the active payment plans"
      noneText="The customer has no active payment plan."
      close={close}
    >
      {(items) => <CancelPlanFields plans={items} close={close} />}
    </WithRecords>
  );
}

function CancelPlanFields({ plans, close }: { plans: readonly PaymentPlan[]; close: () => void }) {
  const [planId, setPlanId] = useState(plans[0]!.id);
  const perform = useCallback(
    (id: string, options: SendOptions) =>
      postJson<PaymentPlanDetail>(`/payment-plans/${id}/cancel`, undefined, options),
    [],
  );
  const { invalid, submit, form } = useActionForm({
    perform,
    close,
    done: (plan) =>
      `Payment plan of ${formatMoney(plan.total, plan.currency)} cancelled: follow-up of its invoices resumes.`,
  });
  return (
    <ActionForm
      label="Cancel a payment plan"
      submitLabel="Cancel plan"
      onSubmit={() => submit(planId)}
      fieldLabels={{ id: 'Payment plan' }}
      {...form}
    >
      <SelectField
        name="id"
        label="Payment plan"
        value={planId}
        onChange={setPlanId}
        invalidField={invalid}
      >
        <ChoiceOptions choices={plans.map((plan) => ({ value: plan.id, label: planText(plan) }))} />
      </SelectField>
    </ActionForm>
  );
}
