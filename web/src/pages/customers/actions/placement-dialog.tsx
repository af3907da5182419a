import { useCallback, useState } from 'react';
import { postJson, type SendOptions } from '../../../api/client';
import type {
  AgencyPlacement,
  AgencyPlacementDetail,
  AgencyPlacementPage,
  NewAgencyPlacement,
} from '../../../api/types';
import { useApiGet } from '../../../api/use-api-get';
import {
  ChoiceOptions,
  CheckboxField,
  SelectField,
  TextField,
} from '../../../components/form-fields';
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

const fieldLabels = {
  agency: 'Agency or lawyer',
  channel: 'Channel',
  commission_percent: 'Commission (%)',
  invoice_ids: 'Invoices',
  all_overdue: 'Every overdue invoice',
  notes: 'Notes',
};

export function PlaceForm({ customerId, close }: { customerId: string; close: () => void }) {
  return (
    <WithOpenInvoices
      customerId={customerId}
      noneText="The customer has no open invoice to place."
      close={close}
    >
      {(items) => <PlaceFields customerId={customerId} invoices={items} close={close} />}
    </WithOpenInvoices>
  );
}

function PlaceFields({
  customerId,
  invoices,
  close,
}: {
  customerId: string;
  invoices: readonly OpenInvoice[];
  close: () => void;
}) {
  const [agency, setAgency] = useState('');
  const [channel, setChannel] = useState('agency');
  const [commission, setCommission] = useState('');
  const [allOverdue, setAllOverdue] = useState(false);
  const [invoiceIds, setInvoiceIds] = useState<string[]>([]);
  const [notes, setNotes] = useState('');
  const perform = useCallback(
    (body: NewAgencyPlacement, options: SendOptions) =>
      postJson<AgencyPlacementDetail>('/agency-placements', body, options),
    [],
  );
  const { invalid, submit, form } = useActionForm({
    perform,
    close,
    done: (placement) => {
      const count = placement.invoice_ids.length;
      return `${count} invoice${count === 1 ? '' : 's'} (${formatMoney(placement.amount, placement.currency)}) placed with ${placement.agency} at ${placement.commission_percent}% commission.`;
    },
  });
  return (
    <ActionForm
      label="Place with an agency"
      submitLabel="Place invoices"
      onSubmit={() =>
        submit({
          customer_id: customerId,
          agency,
          channel,
          commission_percent: commission.trim(),
          ...(allOverdue ? { all_overdue: true } : { invoice_ids: invoiceIds }),
          notes: notes.trim() === '' ? null : notes,
        })
      }
      fieldLabels={fieldLabels}
      {...form}
    >
      <TextField
        name="agency"
        label="Agency or lawyer"
        value={agency}
        onChange={setAgency}
        invalidField={invalid}
      />
      <div className="field-row">
        <SelectField
          name="channel"
          label="Channel"
          value={channel}
          onChange={setChannel}
          invalidField={invalid}
        >
          <option value="agency">Collection agency</option>
          <option value="legal">Legal</option>
        </SelectField>
        <TextField
          name="commission_percent"
          label="Commission (%)"
          value={commission}
          onChange={setCommission}
          invalidField={invalid}
          size={6}
        />
      </div>
      <CheckboxField
        name="all_overdue"
        label="Place every overdue invoice not already placed"
        checked={allOverdue}
        onChange={setAllOverdue}
      />
      {!allOverdue && (
        <InvoiceChecklist
          legend="Invoices to place"
          invoices={invoices}
          chosen={invoiceIds}
          onChange={setInvoiceIds}
          invalidField={invalid}
        />
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
// Recalling an active placement

function placementText(placement: AgencyPlacement): string {
  return `${placement.agency} (${placement.channel}), placed ${placement.placed_on}, ${formatMoney(placement.open, placement.currency)} open`;
}

/** Takes invoices back from the agency: the collections run follows them up again. */
export function RecallForm({ customerId, close }: { customerId: string; close: () => void }) {
  const placements = useApiGet<AgencyPlacementPage>('/agency-placements', {
    customer_id: customerId,
    status: 'active',
    limit: '200',
  });
  return (
    <WithRecords
      loaded={placements}
      what="the active placements"
      noneText="None of the customer's invoices is with an agency."
      close={close}
    >
      {(items) => <RecallFields placements={items} close={close} />}
    </WithRecords>
  );
}

function RecallFields({
  placements,
  close,
}: {
  placements: readonly AgencyPlacement[];
  close: () => void;
}) {
  const [placementId, setPlacementId] = useState(placements[0]!.id);
  const [reason, setReason] = useState('');
  const perform = useCallback(
    (input: { id: string; reason: string | null }, options: SendOptions) =>
      postJson<AgencyPlacementDetail>(
        `/agency-placements/${input.id}/recall`,
        { reason: input.reason },
        options,
      ),
    [],
  );
  const { invalid, submit, form } = useActionForm({
    perform,
    close,
    done: (placement) =>
      `Placement with ${placement.agency} recalled: ${placement.invoice_ids.length} invoice${placement.invoice_ids.length === 1 ? ' is' : 's are'} followed up again.`,
  });
  return (
    <ActionForm
      label="Recall from the agency"
      submitLabel="Recall"
      onSubmit={() =>
        submit({
          id: placementId,
          reason: reason.trim() === '' ? null : reason.trim(),
        })
      }
      fieldLabels={{ id: 'Placement', reason: 'Reason', on: 'Recalled on' }}
      {...form}
    >
      <SelectField
        name="id"
        label="Placement"
        value={placementId}
        onChange={setPlacementId}
        invalidField={invalid}
      >
        <ChoiceOptions
          choices={placements.map((placement) => ({
            value: placement.id,
            label: placementText(placement),
          }))}
        />
      </SelectField>
      <TextAreaField
        name="reason"
        label="Reason"
        value={reason}
        onChange={setReason}
        invalidField={invalid}
        rows={2}
      />
    </ActionForm>
  );
}
