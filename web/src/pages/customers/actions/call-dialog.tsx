import { useCallback, useState } from 'react';
import { postJson, type SendOptions } from '../../../api/client';
import type { CallLog, CollectionTask } from '../../../api/types';
import { useAction } from '../../../api/use-action';
import { invalidField } from '../../../components/error-alert';
import { SelectField } from '../../../components/form-fields';
import { useNotice } from '../../../components/notice';
import { ActionForm, TextAreaField, words } from './action-form';

type Outcome = NonNullable<CollectionTask['outcome']>;

/** The outcomes the API knows, in the words a collector uses. */
export const callOutcomes: readonly { readonly value: Outcome; readonly label: string }[] = [
  { value: 'reached', label: 'Reached the customer' },
  { value: 'no_answer', label: 'No answer' },
  { value: 'left_message', label: 'Left a voicemail' },
  { value: 'wrong_number', label: 'Wrong number' },
  { value: 'promised_to_pay', label: 'Promised to pay' },
  { value: 'disputed', label: 'Disputed the debt' },
  { value: 'refused', label: 'Refused to pay' },
];

const fieldLabels = { outcome: 'Outcome', notes: 'Notes' };

export function CallForm({ customerId, close }: { customerId: string; close: () => void }) {
  const { notify } = useNotice();
  const [outcome, setOutcome] = useState('');
  const [notes, setNotes] = useState('');
  const perform = useCallback(
    (body: CallLog, options: SendOptions) =>
      postJson<CollectionTask>(`/customers/${customerId}/calls`, body, options),
    [customerId],
  );
  const action = useAction(perform);
  const invalid = invalidField(action.error);
  const submit = async () => {
    const call = await action.run({ outcome, notes: notes.trim() === '' ? null : notes });
    if (!call) return;
    notify(`Call logged with ${call.customer_name}: ${words(call.outcome ?? '')}.`);
    close();
  };
  return (
    <ActionForm
      label="Log a call"
      submitLabel="Log call"
      onSubmit={() => void submit()}
      close={close}
      running={action.running}
      error={action.error}
      fieldLabels={fieldLabels}
    >
      <SelectField
        name="outcome"
        label="Outcome"
        value={outcome}
        onChange={setOutcome}
        invalidField={invalid}
      >
        <option value="">Choose the outcome…</option>
        {callOutcomes.map((item) => (
          <option key={item.value} value={item.value}>
            {item.label}
          </option>
        ))}
      </SelectField>
      <TextAreaField
        name="notes"
        label="What was said"
        value={notes}
        onChange={setNotes}
        invalidField={invalid}
      />
    </ActionForm>
  );
}
