import { useRef, useState, type FormEvent } from 'react';
import { postJson, type SendOptions } from '../../api/client';
import type { BankApplyBody, BankLine, BankMatch } from '../../api/types';
import { useAction } from '../../api/use-action';
import { ActionDialog, DialogButtons } from '../../components/dialog';
import { ErrorAlert, invalidField } from '../../components/error-alert';
import { TextField } from '../../components/form-fields';
import { useNotice } from '../../components/notice';
import { formatAmount } from '../../format/money';
import {
  applicationsToSend,
  currencyDecimals,
  suggestOldestFirst,
  toMinor,
} from '../payments/allocation';
import { AllocationTable, OpenInvoices } from '../payments/allocation-table';
import { CustomerById } from '../payments/customer-by-id';
import { CustomerPicker, type PickedCustomer } from '../payments/customer-picker';
import { appliedSummary } from './bank-words';
import { appliedMatch } from './match-summary';
import { checkSplit } from './split';

/** The id of the line page's heading, which takes the focus after a one-click decision. */
export const lineHeadingId = 'bank-line-heading';

const focusHeading = () => document.getElementById(lineHeadingId)?.focus();

const linePath = (line: BankLine) => `/bank/lines/${encodeURIComponent(line.id)}`;

const fieldLabels: Readonly<Record<string, string>> = {
  customer_id: 'Customer',
  allocations: 'Amounts',
  reason: 'Reason',
};

/** The invoice a field such as `allocations[1].amount` names, given what was sent. */
function invoiceOfField(field: string | undefined, sent: readonly { invoice_id: string }[]) {
  const match = field ? /^allocations\[(\d+)\]/.exec(field) : null;
  return match ? sent[Number(match[1])]?.invoice_id : undefined;
}

function useApply(line: BankLine) {
  const [perform] = useState(
    () => (body: BankApplyBody, options: SendOptions) =>
      postJson<BankLine>(`${linePath(line)}/apply`, body, options),
  );
  return useAction(perform);
}

/** What the notice says once a line is applied, from the line the API answers. */
function afterApply(result: BankLine): string {
  const applied = appliedMatch(result);
  return applied
    ? appliedSummary(applied, result.currency)
    : `The line of ${formatAmount(result.amount, result.currency)} ${result.currency} is applied.`;
}

/**
 * Applying a proposal as it stands: Confirm on the best one, "Apply this one" on the others. One
 * click; the notice says what was applied to which invoices for whom.
 */
export function ApplyProposalButton({
  line,
  proposal,
  best,
}: {
  line: BankLine;
  proposal: BankMatch;
  best: boolean;
}) {
  const { notify } = useNotice();
  const action = useApply(line);
  const who = proposal.customer_name ?? proposal.customer_ref ?? 'the customer';
  const apply = async () => {
    const result = await action.run({
      customer_id: proposal.customer_id,
      allocations: proposal.allocations.map((allocation) => ({
        invoice_id: allocation.invoice_id,
        amount: allocation.amount,
      })),
    });
    if (result) {
      notify(afterApply(result));
      // The proposals, this button with them, give way to what was applied.
      focusHeading();
    }
  };
  const label = best ? 'Confirm' : 'Apply this one';
  return (
    <div className="proposal-action">
      <button
        type="button"
        className={best ? undefined : 'secondary'}
        disabled={action.running}
        aria-label={`${label}: ${who}${proposal.allocations.length ? `, ${proposal.allocations.map((a) => a.invoice_number ?? 'invoice').join(', ')}` : ''}`}
        onClick={() => void apply()}
      >
        {action.running ? 'Applying…' : label}
      </button>
      {action.error && <ErrorAlert error={action.error} fieldLabels={fieldLabels} />}
    </div>
  );
}

/**
 * A returned credit's proposal: reverse the payment the money it takes back had posted. One
 * click; the invoices that payment paid open again.
 */
export function ReversePaymentButton({ line, proposal }: { line: BankLine; proposal: BankMatch }) {
  const { notify } = useNotice();
  const [perform] = useState(
    () => (body: { match_id: string }, options: SendOptions) =>
      postJson<BankLine>(`${linePath(line)}/reverse-payment`, body, options),
  );
  const action = useAction(perform);
  const who = proposal.customer_name ?? proposal.customer_ref ?? 'the customer';
  const reverse = async () => {
    const result = await action.run({ match_id: proposal.id });
    if (result) {
      notify(
        `Payment of ${formatAmount(line.amount, line.currency)} ${line.currency} from ${who} reversed: the bank returned it. Its invoices are open again.`,
      );
      focusHeading();
    }
  };
  return (
    <div className="proposal-action">
      <button
        type="button"
        disabled={action.running}
        aria-label={`Reverse the payment from ${who}`}
        onClick={() => void reverse()}
      >
        {action.running ? 'Reversing…' : 'Reverse the payment'}
      </button>
      {action.error && <ErrorAlert error={action.error} fieldLabels={fieldLabels} />}
    </div>
  );
}

function SplitForm({
  line,
  initialCustomer,
  close,
}: {
  line: BankLine;
  initialCustomer: PickedCustomer | null;
  close: () => void;
}) {
  const { notify } = useNotice();
  const [customer, setCustomer] = useState(initialCustomer);
  const [edited, setEdited] = useState<Record<string, string> | null>(null);
  const [tooMuch, setTooMuch] = useState(false);
  const sent = useRef<{ invoice_id: string }[]>([]);
  const action = useApply(line);
  const invalid = invalidField(action.error);
  const decimals = currencyDecimals(line.currency);
  const lineMinor = toMinor(line.amount, decimals) ?? 0n;
  const picker = (
    <CustomerPicker
      customer={customer}
      onChange={(next) => {
        setCustomer(next);
        setEdited(null);
        action.reset();
      }}
      invalid={invalid === 'customer_id'}
    />
  );
  const buttons = (
    <DialogButtons close={close} running={action.running} label="Apply" runningLabel="Applying…" />
  );
  if (!customer)
    return (
      <form
        aria-label="Split across invoices"
        className="dialog-form"
        onSubmit={(event) => event.preventDefault()}
      >
        {picker}
        <p>Choose the customer whose invoices the line pays.</p>
        <div className="dialog-actions">
          <button type="button" className="secondary" onClick={close}>
            Cancel
          </button>
        </div>
      </form>
    );
  return (
    <OpenInvoices customerId={customer.id} currency={line.currency}>
      {(invoices) => {
        const amounts = edited ?? suggestOldestFirst(lineMinor, invoices, decimals);
        const check = checkSplit(line.amount, line.currency, amounts);
        const submit = async (event: FormEvent) => {
          event.preventDefault();
          if (!check.ok) {
            setTooMuch(true);
            return;
          }
          const allocations = applicationsToSend(invoices, amounts, decimals);
          sent.current = allocations;
          const result = await action.run({ customer_id: customer.id, allocations });
          if (result) {
            notify(afterApply(result));
            close();
          }
        };
        return (
          <form
            aria-label="Split across invoices"
            className="dialog-form split-form"
            onSubmit={(event) => void submit(event)}
          >
            <p>
              The line brings {formatAmount(line.amount, line.currency)} {line.currency}. Type what
              each invoice takes; the rest stays as the customer’s unapplied credit.
            </p>
            {picker}
            <AllocationTable
              caption={`Open invoices of ${customer.name}`}
              invoices={invoices}
              currency={line.currency}
              availableMinor={lineMinor}
              amounts={amounts}
              onAmountChange={(id, value) => {
                setEdited({ ...amounts, [id]: value });
                setTooMuch(false);
              }}
              onSuggest={() => setEdited(null)}
              invalidInvoiceId={invoiceOfField(invalid, sent.current)}
            />
            {tooMuch && !check.ok && (
              <p role="alert" className="error">
                {check.problem === 'exceeds_line'
                  ? `The amounts add up to ${formatAmount(check.applied, line.currency)}, ${formatAmount(check.over, line.currency)} more than the line: lower one.`
                  : 'Some amounts are not amounts in the line’s currency.'}
              </p>
            )}
            {action.error && <ErrorAlert error={action.error} fieldLabels={fieldLabels} />}
            {buttons}
          </form>
        );
      }}
    </OpenInvoices>
  );
}

/** Split the line across invoices of a customer chosen here (the best proposal's to start with). */
export function SplitDialog({ line, customerId }: { line: BankLine; customerId: string }) {
  return (
    <ActionDialog label="Split across invoices" title="Split the line across a customer’s invoices">
      {(close) => (
        <CustomerById id={customerId}>
          {(customer) => <SplitForm line={line} initialCustomer={customer} close={close} />}
        </CustomerById>
      )}
    </ActionDialog>
  );
}

function CreditForm({
  line,
  initialCustomer,
  close,
}: {
  line: BankLine;
  initialCustomer: PickedCustomer | null;
  close: () => void;
}) {
  const { notify } = useNotice();
  const [customer, setCustomer] = useState(initialCustomer);
  const action = useApply(line);
  const invalid = invalidField(action.error);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await action.run({ customer_id: customer?.id ?? '', allocations: [] });
    if (result) {
      notify(afterApply(result));
      close();
    }
  };
  return (
    <form
      aria-label="Keep as credit"
      className="dialog-form"
      onSubmit={(event) => void submit(event)}
    >
      <p>
        All {formatAmount(line.amount, line.currency)} {line.currency} becomes the customer’s
        unapplied credit, to apply to invoices or refund later.
      </p>
      <CustomerPicker
        customer={customer}
        onChange={setCustomer}
        invalid={invalid === 'customer_id'}
      />
      {action.error && <ErrorAlert error={action.error} fieldLabels={fieldLabels} />}
      <DialogButtons
        close={close}
        running={action.running}
        label="Keep as credit"
        runningLabel="Applying…"
      />
    </form>
  );
}

export function CreditDialog({ line, customerId }: { line: BankLine; customerId: string }) {
  return (
    <ActionDialog
      label="Keep as credit"
      title="Keep the line as a customer’s credit"
      className="button secondary"
    >
      {(close) => (
        <CustomerById id={customerId}>
          {(customer) => <CreditForm line={line} initialCustomer={customer} close={close} />}
        </CustomerById>
      )}
    </ActionDialog>
  );
}

function ReasonForm({
  line,
  what,
  path,
  placeholder,
  done,
  close,
}: {
  line: BankLine;
  what: string;
  path: 'undo' | 'set-aside';
  placeholder: string;
  done: string;
  close: () => void;
}) {
  const { notify } = useNotice();
  const [reason, setReason] = useState('');
  const [perform] = useState(
    () => (body: { reason: string }, options: SendOptions) =>
      postJson<BankLine>(`${linePath(line)}/${path}`, body, options),
  );
  const action = useAction(perform);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await action.run({ reason: reason.trim() });
    if (result) {
      notify(done);
      close();
    }
  };
  return (
    <form aria-label={what} className="dialog-form" onSubmit={(event) => void submit(event)}>
      <TextField
        name="reason"
        label="Reason"
        value={reason}
        onChange={setReason}
        placeholder={placeholder}
        invalidField={invalidField(action.error)}
        size={40}
      />
      {action.error && <ErrorAlert error={action.error} fieldLabels={fieldLabels} />}
      <DialogButtons close={close} running={action.running} label={what} runningLabel="Working…" />
    </form>
  );
}

export function SetAsideDialog({ line }: { line: BankLine }) {
  return (
    <ActionDialog label="Set aside" title="Set the line aside" className="button secondary">
      {(close) => (
        <ReasonForm
          line={line}
          what="Set aside"
          path="set-aside"
          placeholder="e.g. transfer between our own accounts"
          done={`The line of ${formatAmount(line.amount, line.currency)} ${line.currency} is set aside: nothing was posted, and the matcher leaves it alone.`}
          close={close}
        />
      )}
    </ActionDialog>
  );
}

export function UndoDialog({ line, applied }: { line: BankLine; applied: BankMatch }) {
  const who = applied.customer_name ?? applied.customer_ref ?? 'the customer';
  return (
    <ActionDialog label="Undo" title="Undo the applied line" className="button danger">
      {(close) => (
        <>
          <p>
            The payment of {formatAmount(line.amount, line.currency)} {line.currency} for {who} is
            reversed, what it paid is open again, and the line goes back to review; this match is
            not proposed again.
          </p>
          <ReasonForm
            line={line}
            what="Undo"
            path="undo"
            placeholder="e.g. wrong customer"
            done={`Undone: the payment of ${formatAmount(line.amount, line.currency)} ${line.currency} for ${who} was reversed, and the line is back in review.`}
            close={close}
          />
        </>
      )}
    </ActionDialog>
  );
}

/** A line set aside comes back to the review queue. */
export function ReturnButton({ line }: { line: BankLine }) {
  const { notify } = useNotice();
  const [perform] = useState(
    () => (_: null, options: SendOptions) =>
      postJson<BankLine>(`${linePath(line)}/return`, undefined, options),
  );
  const action = useAction(perform);
  return (
    <div className="proposal-action">
      <button
        type="button"
        className="secondary"
        disabled={action.running}
        onClick={() =>
          void action.run(null).then((result) => {
            if (result) {
              notify('The line is back in the review queue.');
              focusHeading();
            }
          })
        }
      >
        Return to review
      </button>
      {action.error && <ErrorAlert error={action.error} />}
    </div>
  );
}
