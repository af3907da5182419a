import { useCallback, useState } from 'react';
import { postJson, type SendOptions } from '../../../api/client';
import type { CustomerNote } from '../../../api/types';
import { ActionForm, TextAreaField } from './action-form';
import { useActionForm } from './use-action-form';

const fieldLabels = { body: 'Note' };

export function NoteForm({ customerId, close }: { customerId: string; close: () => void }) {
  const [body, setBody] = useState('');
  const perform = useCallback(
    (input: { body: string }, options: SendOptions) =>
      postJson<CustomerNote>(`/customers/${customerId}/notes`, input, options),
    [customerId],
  );
  const { invalid, submit, form } = useActionForm({
    perform,
    close,
    done: (note) => {
      const preview = note.body.length > 60 ? `${note.body.slice(0, 60)}…` : note.body;
      return `Note added: “${preview}”.`;
    },
  });
  return (
    <ActionForm
      label="Add a note"
      submitLabel="Add note"
      onSubmit={() => submit({ body })}
      fieldLabels={fieldLabels}
      {...form}
    >
      <TextAreaField
        name="body"
        label="Note"
        value={body}
        onChange={setBody}
        invalidField={invalid}
        rows={5}
      />
    </ActionForm>
  );
}
