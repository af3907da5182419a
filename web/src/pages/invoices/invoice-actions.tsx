import { useState, type FormEvent } from 'react';
import { postJson, sendJson } from '../../api/client';
import type {
  CreditNote,
  CreditNoteBody,
  InvoiceDetail,
  IssueInvoiceBody,
  WriteOffBody,
} from '../../api/types';
import { useAction } from '../../api/use-action';
import { ActionDialog, DialogButtons } from '../../components/dialog';
import { ErrorAlert, invalidField } from '../../components/error-alert';
import { SelectField, TextField } from '../../components/form-fields';
import { useNotice } from '../../components/notice';
import {
  categoryNeedsExemptionReason,
  vatCategories,
  vatCategoryLabel,
} from '../../format/line-codes';
import { formatMoney } from '../../format/money';
import { useCan } from '../../permissions';
import { Link, navigate } from '../../routing';
import { emptyLine, lineBody, liveTotals } from './invoice-draft';
import { hasMoneyApplied } from './invoice-balance';

const numberOf = (invoice: InvoiceDetail) => invoice.number ?? 'Draft invoice';

function warningsText(invoice: InvoiceDetail): string {
  return (invoice.warnings ?? []).map((warning) => ` Warning: ${warning.message}`).join('');
}

/** The API's sentences on where the issued invoice goes, or why it does not. */
function noticesText(invoice: InvoiceDetail): string {
  return (invoice.notices ?? []).map((notice) => ` ${notice}`).join('');
}

/**
 * Issues a draft: one button, no dialog, since issuing is what a finished draft is for. Beside it
 * the choice to e-mail it, on by default as the API's is; after issuing the notice repeats the
 * API's word on where it went, since a customer without an e-mail contact gets nothing. useAction
 * keeps a second click while the first is on its way from issuing twice.
 */
function IssueButton({ invoice }: { invoice: InvoiceDetail }) {
  const { notify } = useNotice();
  const [send, setSend] = useState(true);
  const issue = useAction((body: IssueInvoiceBody, options) =>
    postJson<InvoiceDetail>(`/invoices/${invoice.id}/issue`, body, options),
  );
  const click = async () => {
    const issued = await issue.run({ send });
    if (issued) {
      notify(
        `Invoice ${issued.number} issued: ${formatMoney(issued.total, issued.currency)}, due on ${issued.due_on}.${noticesText(issued)}${warningsText(issued)}`,
      );
    }
  };
  return (
    <>
      <span className="issue-control">
        <label>
          <input
            type="checkbox"
            name="send"
            checked={send}
            onChange={(event) => setSend(event.target.checked)}
          />{' '}
          E-mail it to the customer
        </label>
        <button type="button" onClick={click} aria-disabled={issue.running || undefined}>
          {issue.running ? 'Issuing…' : 'Issue invoice'}
        </button>
      </span>
      {issue.error && <ErrorAlert error={issue.error} />}
    </>
  );
}

function DeleteDraftForm({ invoice, close }: { invoice: InvoiceDetail; close: () => void }) {
  const { notify } = useNotice();
  const remove = useAction(async (_: undefined, options) => {
    await sendJson<void>('DELETE', `/invoices/${invoice.id}`, undefined, options);
    return true;
  });
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (await remove.run(undefined)) {
      notify(`Draft invoice of ${formatMoney(invoice.total, invoice.currency)} deleted.`);
      navigate('/invoices');
    }
  };
  return (
    <form onSubmit={submit} aria-label="Delete the draft">
      <p>
        The draft of {formatMoney(invoice.total, invoice.currency)} and its lines are removed. It
        never had a number, so no number is lost.
      </p>
      {remove.error && <ErrorAlert error={remove.error} />}
      <DialogButtons close={close} label="Delete draft" running={remove.running} />
    </form>
  );
}

function VoidForm({ invoice, close }: { invoice: InvoiceDetail; close: () => void }) {
  const { notify } = useNotice();
  const [reason, setReason] = useState('');
  const voiding = useAction((body: { reason: string }, options) =>
    postJson<InvoiceDetail>(`/invoices/${invoice.id}/void`, body, options),
  );
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const voided = await voiding.run({ reason });
    if (voided) {
      notify(`Invoice ${voided.number} voided: ${voided.void_reason}.`);
      close();
    }
  };
  return (
    <form onSubmit={submit} aria-label="Void the invoice">
      <p>
        {numberOf(invoice)} ({formatMoney(invoice.total, invoice.currency)}) stops being owed. Its
        number stays used, and the void is posted to the ledger. This cannot be undone.
      </p>
      <TextField
        name="reason"
        label="Reason (required)"
        value={reason}
        onChange={setReason}
        invalidField={invalidField(voiding.error)}
      />
      {voiding.error && <ErrorAlert error={voiding.error} fieldLabels={{ reason: 'Reason' }} />}
      <DialogButtons close={close} label="Void invoice" running={voiding.running} />
    </form>
  );
}

const writeOffReasons: readonly { value: WriteOffBody['reason']; label: string }[] = [
  { value: 'bad_debt', label: 'Bad debt' },
  { value: 'small_balance', label: 'Small balance' },
  { value: 'other', label: 'Other' },
];

function WriteOffForm({ invoice, close }: { invoice: InvoiceDetail; close: () => void }) {
  const { notify } = useNotice();
  const [amount, setAmount] = useState(invoice.open);
  const [reason, setReason] = useState<WriteOffBody['reason']>('bad_debt');
  const [memo, setMemo] = useState('');
  const writeOff = useAction((body: WriteOffBody, options) =>
    postJson<InvoiceDetail>(`/invoices/${invoice.id}/write-off`, body, options),
  );
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const after = await writeOff.run({
      reason,
      amount: amount.trim(),
      ...(memo.trim() ? { memo: memo.trim() } : {}),
    });
    if (after) {
      notify(
        `${formatMoney(amount.trim(), invoice.currency)} of invoice ${after.number} written off; ${formatMoney(after.open, after.currency)} open now.`,
      );
      close();
    }
  };
  const invalid = invalidField(writeOff.error);
  return (
    <form onSubmit={submit} aria-label="Write off">
      <p>
        Open on {numberOf(invoice)}: {formatMoney(invoice.open, invoice.currency)}. The amount is
        posted to bad-debt expense.
      </p>
      <div className="dialog-fields">
        <TextField
          name="amount"
          label={`Amount (${invoice.currency})`}
          value={amount}
          onChange={setAmount}
          invalidField={invalid}
          inputMode="numeric"
        />
        <SelectField
          name="reason"
          label="Reason"
          value={reason}
          onChange={(value) => setReason(value as WriteOffBody['reason'])}
          invalidField={invalid}
        >
          {writeOffReasons.map((choice) => (
            <option key={choice.value} value={choice.value}>
              {choice.label}
            </option>
          ))}
        </SelectField>
        <TextField
          name="memo"
          label="Memo"
          value={memo}
          onChange={setMemo}
          invalidField={invalid}
        />
      </div>
      {writeOff.error && (
        <ErrorAlert
          error={writeOff.error}
          fieldLabels={{ amount: 'Amount', reason: 'Reason', memo: 'Memo' }}
        />
      )}
      <DialogButtons close={close} label="Write off" running={writeOff.running} />
    </form>
  );
}

/** The invoice's one tax rate, when all its lines share one: the usual rate of a credit on it. */
function commonTaxRate(invoice: InvoiceDetail): string {
  const rates = new Set((invoice.lines ?? []).map((line) => line.tax_rate));
  return rates.size === 1 ? [...rates][0]! : '0';
}

/**
 * The invoice's VAT category and reason when all its lines share them: a credit on a reverse-charge
 * invoice is reverse charge too, for the same reason. Otherwise left to the rate.
 */
function commonVatCategory(invoice: InvoiceDetail): { category: string; reason: string } {
  const lines = invoice.lines ?? [];
  const categories = new Set(lines.map((line) => line.vat_category));
  if (categories.size !== 1) return { category: '', reason: '' };
  const reasons = new Set(lines.map((line) => line.exemption_reason ?? ''));
  return { category: [...categories][0]!, reason: reasons.size === 1 ? [...reasons][0]! : '' };
}

function CreditNoteForm({ invoice, close }: { invoice: InvoiceDetail; close: () => void }) {
  const { notify } = useNotice();
  const [vat, setVat] = useState(() => commonVatCategory(invoice));
  const [description, setDescription] = useState(`Credit on invoice ${invoice.number ?? ''}`);
  const [amount, setAmount] = useState('');
  const [taxRate, setTaxRate] = useState(commonTaxRate(invoice));
  const [reason, setReason] = useState('');
  const issue = useAction((body: CreditNoteBody, options) =>
    postJson<CreditNote>('/credit-notes', body, options),
  );
  const line = {
    ...emptyLine(),
    description,
    unit_price: amount,
    tax_rate: taxRate,
    vat_category: vat.category,
    exemption_reason: vat.reason,
  };
  const totals = liveTotals([line], invoice.currency);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const created = await issue.run({
      customer_id: invoice.customer_id,
      invoice_id: invoice.id,
      lines: [lineBody(line)],
      ...(reason.trim() ? { reason: reason.trim() } : {}),
    });
    if (created) {
      notify(
        `Credit note ${created.number} issued: ${formatMoney(created.total, created.currency)} applied to invoice ${invoice.number}.`,
      );
      close();
    }
  };
  const invalid = invalidField(issue.error);
  return (
    <form onSubmit={submit} aria-label="Credit note">
      <p>
        Applied to {numberOf(invoice)} at once, up to its open balance of{' '}
        {formatMoney(invoice.open, invoice.currency)}.
      </p>
      <div className="dialog-fields">
        <TextField
          name="lines[0].description"
          label="Description"
          value={description}
          onChange={setDescription}
          invalidField={invalid}
          size={36}
        />
        <TextField
          name="lines[0].unit_price"
          label={`Amount before tax (${invoice.currency})`}
          value={amount}
          onChange={setAmount}
          invalidField={invalid}
          inputMode="numeric"
        />
        <TextField
          name="lines[0].tax_rate"
          label="Tax rate (%)"
          value={taxRate}
          onChange={setTaxRate}
          invalidField={invalid}
          inputMode="numeric"
          size={6}
        />
        <SelectField
          name="lines[0].vat_category"
          label="VAT category"
          value={vat.category}
          onChange={(category) => setVat((current) => ({ ...current, category }))}
          invalidField={invalid}
        >
          <option value="">By the rate (standard, or zero rated at 0 %)</option>
          {vatCategories.map((category) => (
            <option key={category} value={category}>
              {vatCategoryLabel(category)}
            </option>
          ))}
        </SelectField>
        {categoryNeedsExemptionReason(vat.category) && (
          <TextField
            name="lines[0].exemption_reason"
            label="Reason for no VAT (printed on the credit note)"
            value={vat.reason}
            onChange={(text) => setVat((current) => ({ ...current, reason: text }))}
            invalidField={invalid}
          />
        )}
        <TextField
          name="reason"
          label="Reason"
          value={reason}
          onChange={setReason}
          invalidField={invalid}
        />
      </div>
      <p className="live-total" aria-live="polite">
        Credit note total:{' '}
        <strong>{totals ? formatMoney(totals.total, invoice.currency) : '—'}</strong>
        {totals && ` (tax ${formatMoney(totals.tax, invoice.currency)})`}
      </p>
      {issue.error && (
        <ErrorAlert
          error={issue.error}
          fieldLabels={{
            'lines[0].description': 'Description',
            'lines[0].unit_price': 'Amount before tax',
            'lines[0].tax_rate': 'Tax rate',
            'lines[0].vat_category': 'VAT category',
            'lines[0].exemption_reason': 'Reason for no VAT',
            reason: 'Reason',
          }}
        />
      )}
      <DialogButtons close={close} label="Issue credit note" running={issue.running} />
    </form>
  );
}

/**
 * What the signed-in user may do with the invoice in its state: a draft is edited, deleted or
 * issued; an unpaid invoice takes a credit note or a write-off, and is voided while nothing is
 * applied. Each button shows only for a role the API lets do it.
 */
export function InvoiceActions({ invoice }: { invoice: InvoiceDetail }) {
  const can = useCan();
  const unpaid = invoice.status === 'open' || invoice.status === 'partially_paid';
  const applied = hasMoneyApplied(invoice.applications ?? [], invoice.currency);
  const buttons = [];
  if (invoice.status === 'draft') {
    if (can('invoices.draft')) {
      buttons.push(
        <Link key="edit" className="button-link" to={`/invoices/${invoice.id}/edit`}>
          Edit draft
        </Link>,
      );
    }
    if (can('invoices.post')) buttons.push(<IssueButton key="issue" invoice={invoice} />);
    if (can('invoices.draft')) {
      buttons.push(
        <ActionDialog key="delete" label="Delete draft" className="button secondary">
          {(close) => <DeleteDraftForm invoice={invoice} close={close} />}
        </ActionDialog>,
      );
    }
  }
  if (unpaid && can('invoices.post')) {
    buttons.push(
      <ActionDialog
        key="credit"
        label="Issue credit note"
        title={`Credit note on invoice ${invoice.number}`}
      >
        {(close) => <CreditNoteForm invoice={invoice} close={close} />}
      </ActionDialog>,
    );
  }
  if (unpaid && can('adjustments.post')) {
    buttons.push(
      <ActionDialog key="write-off" label="Write off" title={`Write off invoice ${invoice.number}`}>
        {(close) => <WriteOffForm invoice={invoice} close={close} />}
      </ActionDialog>,
    );
  }
  if (unpaid && !applied && can('invoices.post')) {
    buttons.push(
      <ActionDialog
        key="void"
        label="Void invoice"
        title={`Void invoice ${invoice.number}`}
        className="button danger"
      >
        {(close) => <VoidForm invoice={invoice} close={close} />}
      </ActionDialog>,
    );
  }
  if (buttons.length === 0) return null;
  return (
    <div className="invoice-actions" role="group" aria-label="Invoice actions">
      {buttons}
    </div>
  );
}
