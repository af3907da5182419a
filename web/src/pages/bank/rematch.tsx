import { useState, type FormEvent } from 'react';
import { postJson, type SendOptions } from '../../api/client';
import type { BankRematch } from '../../api/types';
import { useAction } from '../../api/use-action';
import { ActionDialog, DialogButtons } from '../../components/dialog';
import { ErrorAlert } from '../../components/error-alert';
import { CheckboxField } from '../../components/form-fields';
import { useNotice } from '../../components/notice';

function RematchForm({ close }: { close: () => void }) {
  const { notify } = useNotice();
  const [autoApply, setAutoApply] = useState(false);
  const [perform] = useState(
    () => (body: { auto_apply: boolean }, options: SendOptions) =>
      postJson<BankRematch>('/bank/rematch', body, options),
  );
  const action = useAction(perform);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await action.run({ auto_apply: autoApply });
    if (result) {
      notify(
        `Matched ${result.lines} line${result.lines === 1 ? '' : 's'} again: ${result.applied} applied, ${result.review} to review.`,
      );
      close();
    }
  };
  return (
    <form aria-label="Match again" className="dialog-form" onSubmit={(event) => void submit(event)}>
      <p>
        Every line waiting for review is matched again against today’s invoices and customers (after
        invoices are issued or customers change).
      </p>
      <CheckboxField
        name="auto_apply"
        label="Apply sure matches automatically"
        checked={autoApply}
        onChange={setAutoApply}
      />
      {action.error && <ErrorAlert error={action.error} />}
      <DialogButtons
        close={close}
        running={action.running}
        label="Match again"
        runningLabel="Matching…"
      />
    </form>
  );
}

/** Match every line waiting for review again: on the queue, and on a line that has no proposal. */
export function RematchDialog() {
  return (
    <ActionDialog label="Match again" title="Match the queue again" className="button secondary">
      {(close) => <RematchForm close={close} />}
    </ActionDialog>
  );
}
