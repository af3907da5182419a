import { useCallback, useRef, useState } from 'react';
import { Label, ProgressBar } from 'react-aria-components';
import { postJson, type SendOptions } from '../../../api/client';
import type { Dispute, DisputeDetail, DisputePage, NewDispute } from '../../../api/types';
import { useApiGet } from '../../../api/use-api-get';
import { ChoiceOptions, DateField, SelectField, TextField } from '../../../components/form-fields';
import { formatMoney } from '../../../format/money';
import {
  ActionForm,
  invoiceText,
  TextAreaField,
  WithOpenInvoices,
  words,
  type OpenInvoice,
  WithRecords,
} from './action-form';
import { useActionForm } from './use-action-form';
import { uploadEvidence } from './evidence-upload';

type Reason = Dispute['reason'];

export const disputeReasons: readonly { readonly value: Reason; readonly label: string }[] = [
  { value: 'pricing', label: 'Pricing' },
  { value: 'quantity', label: 'Quantity' },
  { value: 'damaged', label: 'Damaged goods' },
  { value: 'not_received', label: 'Not received' },
  { value: 'duplicate', label: 'Duplicate invoice' },
  { value: 'other', label: 'Other' },
];

const openFieldLabels = {
  invoice_id: 'Invoice',
  amount: 'Amount disputed',
  reason: 'Reason',
  notes: 'Notes',
  file_name: 'Evidence',
  content_type: 'Evidence',
  content_base64: 'Evidence',
};

export function OpenDisputeForm({ customerId, close }: { customerId: string; close: () => void }) {
  return (
    <WithOpenInvoices
      customerId={customerId}
      noneText="The customer has no open invoice to dispute."
      close={close}
    >
      {(items) => <OpenDisputeFields invoices={items} close={close} />}
    </WithOpenInvoices>
  );
}

interface OpenDisputeInput {
  readonly dispute: NewDispute;
  readonly files: readonly File[];
}

function OpenDisputeFields({
  invoices,
  close,
}: {
  invoices: readonly OpenInvoice[];
  close: () => void;
}) {
  const [invoiceId, setInvoiceId] = useState('');
  const [reason, setReason] = useState('');
  const [amount, setAmount] = useState('');
  const [notes, setNotes] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const [progress, setProgress] = useState<{ file: string; sent: number; total: number }>();
  // A dispute opened by an earlier try whose evidence failed to upload: a retry adds the
  // documents still missing to it rather than opening a second dispute.
  const opened = useRef<{ dispute: DisputeDetail; uploaded: number } | null>(null);
  const perform = useCallback(async (input: OpenDisputeInput, options: SendOptions) => {
    try {
      if (!opened.current) {
        const dispute = await postJson<DisputeDetail>('/disputes', input.dispute, options);
        opened.current = { dispute, uploaded: 0 };
      }
      const current = opened.current;
      for (let index = current.uploaded; index < input.files.length; index++) {
        const file = input.files[index]!;
        await uploadEvidence(current.dispute.id, file, {
          idempotencyKey: `${options.idempotencyKey ?? ''}:document:${index}`,
          onProgress: (sent, total) => setProgress({ file: file.name, sent, total }),
        });
        current.uploaded = index + 1;
      }
      return current;
    } finally {
      // Sent or failed, the upload is no longer in progress.
      setProgress(undefined);
    }
  }, []);
  const { invalid, submit, form } = useActionForm({
    perform,
    close,
    done: ({ dispute, uploaded }) => {
      const part =
        dispute.amount === null
          ? 'in full'
          : `for ${formatMoney(dispute.amount, dispute.currency)}`;
      return `Dispute opened on invoice ${dispute.invoice_number ?? ''} ${part} (${words(dispute.reason)}), with ${uploaded} document${uploaded === 1 ? '' : 's'} of evidence.`;
    },
  });
  const started = opened.current !== null;
  return (
    <ActionForm
      label="Open a dispute"
      submitLabel={started ? 'Upload the remaining evidence' : 'Open dispute'}
      onSubmit={() =>
        submit({
          dispute: {
            invoice_id: invoiceId,
            reason,
            amount: amount.trim() === '' ? null : amount.trim(),
            notes: notes.trim() === '' ? null : notes,
          },
          files,
        })
      }
      fieldLabels={openFieldLabels}
      {...form}
    >
      <SelectField
        name="invoice_id"
        label="Invoice"
        value={invoiceId}
        onChange={setInvoiceId}
        invalidField={invalid}
      >
        <option value="">Choose the invoice…</option>
        <ChoiceOptions
          choices={invoices.map((invoice) => ({ value: invoice.id, label: invoiceText(invoice) }))}
        />
      </SelectField>
      <SelectField
        name="reason"
        label="Reason"
        value={reason}
        onChange={setReason}
        invalidField={invalid}
      >
        <option value="">Choose the reason…</option>
        <ChoiceOptions choices={disputeReasons} />
      </SelectField>
      <TextField
        name="amount"
        label="Amount disputed (blank: the whole invoice)"
        value={amount}
        onChange={setAmount}
        invalidField={invalid}
        placeholder="whole invoice"
      />
      <TextAreaField
        name="notes"
        label="Notes"
        value={notes}
        onChange={setNotes}
        invalidField={invalid}
      />
      <label className="field">
        <span>Evidence (files)</span>
        <input
          type="file"
          name="evidence"
          multiple
          onChange={(event) => setFiles([...(event.target.files ?? [])])}
          aria-invalid={
            invalid === 'file_name' || invalid === 'content_type' || invalid === 'content_base64'
              ? true
              : undefined
          }
        />
      </label>
      {files.length > 0 && (
        <ul className="file-list" aria-label="Files to upload">
          {files.map((file) => (
            <li key={`${file.name}-${file.size}`}>
              {file.name} ({file.size.toLocaleString()} bytes)
            </li>
          ))}
        </ul>
      )}
      {progress && (
        <ProgressBar className="upload-progress" value={progress.sent} maxValue={progress.total}>
          {({ percentage, valueText }) => (
            <>
              <Label>Uploading {progress.file}</Label>
              <span className="value">{valueText}</span>
              <div className="bar">
                <div className="fill" style={{ width: `${percentage ?? 0}%` }} />
              </div>
            </>
          )}
        </ProgressBar>
      )}
    </ActionForm>
  );
}

// ---------------------------------------------------------------------------------------------
// Settling an open dispute

const settleFieldLabels = {
  id: 'Dispute',
  note: 'Resolution note',
  resolved_on: 'Decided on',
};

type Decision = 'resolve' | 'reject';

/** Resolves (the customer was right) or rejects (the invoice stands) one of the open disputes. */
export function SettleDisputeForm({
  customerId,
  close,
}: {
  customerId: string;
  close: () => void;
}) {
  const disputes = useApiGet<DisputePage>('/disputes', {
    customer_id: customerId,
    status: 'open',
    limit: '200',
  });
  return (
    <WithRecords
      loaded={disputes}
      what="the open disputes"
      noneText="The customer has no open dispute."
      close={close}
    >
      {(items) => <SettleDisputeFields disputes={items} close={close} />}
    </WithRecords>
  );
}

function disputeText(dispute: Dispute): string {
  const part = dispute.amount === null ? 'in full' : formatMoney(dispute.amount, dispute.currency);
  return `Invoice ${dispute.invoice_number ?? '—'}, ${part}, ${words(dispute.reason)}, opened ${dispute.opened_on}`;
}

function SettleDisputeFields({
  disputes,
  close,
}: {
  disputes: readonly Dispute[];
  close: () => void;
}) {
  const [disputeId, setDisputeId] = useState(disputes[0]!.id);
  const [decision, setDecision] = useState<Decision>('resolve');
  const [note, setNote] = useState('');
  const [resolvedOn, setResolvedOn] = useState('');
  const perform = useCallback(
    (
      input: {
        id: string;
        decision: Decision;
        body: { note: string | null; resolved_on?: string };
      },
      options: SendOptions,
    ) => postJson<DisputeDetail>(`/disputes/${input.id}/${input.decision}`, input.body, options),
    [],
  );
  const { invalid, submit, form } = useActionForm({
    perform,
    close,
    done: (dispute) =>
      `Dispute on invoice ${dispute.invoice_number ?? ''} ${dispute.status === 'resolved' ? 'resolved' : 'rejected: the invoice stands'}.`,
  });
  return (
    <ActionForm
      label="Settle a dispute"
      submitLabel={decision === 'resolve' ? 'Resolve dispute' : 'Reject dispute'}
      onSubmit={() =>
        submit({
          id: disputeId,
          decision,
          body: {
            note: note.trim() === '' ? null : note,
            ...(resolvedOn.trim() === '' ? {} : { resolved_on: resolvedOn.trim() }),
          },
        })
      }
      fieldLabels={settleFieldLabels}
      {...form}
    >
      <SelectField
        name="id"
        label="Dispute"
        value={disputeId}
        onChange={setDisputeId}
        invalidField={invalid}
      >
        <ChoiceOptions
          choices={disputes.map((dispute) => ({ value: dispute.id, label: disputeText(dispute) }))}
        />
      </SelectField>
      <fieldset className="choice">
        <legend>Decision</legend>
        <label className="field-checkbox">
          <input
            type="radio"
            name="decision"
            value="resolve"
            checked={decision === 'resolve'}
            onChange={() => setDecision('resolve')}
          />
          <span>Resolve: the customer is right</span>
        </label>
        <label className="field-checkbox">
          <input
            type="radio"
            name="decision"
            value="reject"
            checked={decision === 'reject'}
            onChange={() => setDecision('reject')}
          />
          <span>Reject: the invoice stands</span>
        </label>
      </fieldset>
      <DateField
        name="resolved_on"
        label="Decided on (blank: today)"
        value={resolvedOn}
        onChange={setResolvedOn}
        invalidField={invalid}
      />
      <TextAreaField
        name="note"
        label="Resolution note"
        value={note}
        onChange={setNote}
        invalidField={invalid}
      />
    </ActionForm>
  );
}
