import { useCallback, useState } from 'react';
import { postJson, type SendOptions } from '../../../api/client';
import type { CallLog, CollectionTask } from '../../../api/types';
import { ChoiceOptions, SelectField } from '../../../components/form-fields';
import { ActionForm, TextAreaField, words } from './action-form';
import { useActionForm } from './use-action-form';

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
  const [outcome, setOutcome] = useState('');
  const [notes, setNotes] = useState('');
  const perform = useCallback(
    (body: CallLog, options: SendOptions) =>
      postJson<CollectionTask>(`/customers/${customerId}/calls`, body, options),
    [customerId],
  );
  const { invalid, submit, form } = useActionForm({
    perform,
    close,
    done: (call) => `Call logged with ${call.customer_name}: ${words(call.outcome ?? '')}.`,
  });
  return (
    <ActionForm
      label="Log a call"
      submitLabel="Log call"
      onSubmit={() => submit({ outcome, notes: notes.trim() === '' ? null : notes })}
      fieldLabels={fieldLabels}
      {...form}
    >
      <SelectField
        name="outcome"
        label="Outcome"
        value={outcome}
        onChange={setOutcome}
        invalidField={invalid}
      >
        <option value="">Choose the outcome…</option>
        <ChoiceOptions choices={callOutcomes} />
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
