import { useCallback, useState } from 'react';
import { postJson, type SendOptions } from '../../../api/client';
import type { CustomerNote } from '../../../api/types';
import { useAction } from '../../../api/use-action';
import { invalidField } from '../../../components/error-alert';
import { useNotice } from '../../../components/notice';
import { ActionForm, TextAreaField } from './action-form';

const fieldLabels = { body: 'Note' };

export function NoteForm({ customerId, close }: { customerId: string; close: () => void }) {
  const { notify } = useNotice();
  const [body, setBody] = useState('');
  const perform = useCallback(
    (input: { body: string }, options: SendOptions) =>
      postJson<CustomerNote>(`/customers/${customerId}/notes`, input, options),
    [customerId],
  );
  const action = useAction(perform);
  const submit = async () => {
    const note = await action.run({ body });
    if (!note) return;
    const preview = note.body.length > 60 ? `${note.body.slice(0, 60)}…` : note.body;
    notify(`Note added: “${preview}”.`);
    close();
  };
  return (
    <ActionForm
      label="Add a note"
      submitLabel="Add note"
      onSubmit={() => void submit()}
      close={close}
      running={action.running}
      error={action.error}
      fieldLabels={fieldLabels}
    >
      <TextAreaField
        name="body"
        label="Note"
        value={body}
        onChange={setBody}
        invalidField={invalidField(action.error)}
        rows={5}
      />
    </ActionForm>
  );
}
