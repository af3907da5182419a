import { useCallback, useState } from 'react';
import { sendJson, type SendOptions } from '../../../api/client';
import type { CollectionsChange, CustomerCollections } from '../../../api/types';
import { useAction } from '../../../api/use-action';
import { useApiGet } from '../../../api/use-api-get';
import { ErrorAlert, invalidField } from '../../../components/error-alert';
import { DateField } from '../../../components/form-fields';
import { Loading } from '../../../components/loading';
import { useNotice } from '../../../components/notice';
import { ActionForm, TextAreaField } from './action-form';

const fieldLabels = { paused_until: 'Paused until', pause_reason: 'Reason' };

/** How the customer's follow-up stands, in a sentence. */
export function pauseText(settings: CustomerCollections): string {
  if (!settings.paused) return `Follow-up runs (policy: ${settings.policy_name}).`;
  const until = settings.paused_until ? `until ${settings.paused_until}` : 'until resumed by hand';
  return `Follow-up paused ${until}${settings.pause_reason ? `: ${settings.pause_reason}` : ''}.`;
}

export function PauseForm({ customerId, close }: { customerId: string; close: () => void }) {
  const settings = useApiGet<CustomerCollections>(`/customers/${customerId}/collections`);
  if (settings.state === 'loading') return <Loading what="the customer's follow-up" />;
  if (settings.state === 'failed') return <ErrorAlert error={settings.error} />;
  return <PauseFields customerId={customerId} settings={settings.data} close={close} />;
}

function PauseFields({
  customerId,
  settings,
  close,
}: {
  customerId: string;
  settings: CustomerCollections;
  close: () => void;
}) {
  const { notify } = useNotice();
  const [until, setUntil] = useState(settings.paused_until ?? '');
  const [reason, setReason] = useState(settings.pause_reason ?? '');
  const perform = useCallback(
    (body: CollectionsChange, options: SendOptions) =>
      sendJson<CustomerCollections>('PUT', `/customers/${customerId}/collections`, body, options),
    [customerId],
  );
  const pause = useAction(perform);
  const resume = useAction(perform);
  const error = pause.error ?? resume.error;
  const invalid = invalidField(error);
  const submit = async () => {
    const after = await pause.run({
      paused: true,
      paused_until: until.trim() === '' ? null : until.trim(),
      pause_reason: reason.trim() === '' ? null : reason.trim(),
    });
    if (!after) return;
    notify(pauseText(after));
    close();
  };
  const resumeNow = async () => {
    const after = await resume.run({ paused: false });
    if (!after) return;
    notify(`Follow-up resumed (policy: ${after.policy_name}).`);
    close();
  };
  return (
    <>
      <p>{pauseText(settings)}</p>
      <ActionForm
        label="Pause follow-up"
        submitLabel={settings.paused ? 'Change the pause' : 'Pause follow-up'}
        onSubmit={() => void submit()}
        close={close}
        running={pause.running}
        error={error}
        fieldLabels={fieldLabels}
      >
        <DateField
          name="paused_until"
          label="Paused until (blank: until resumed by hand)"
          value={until}
          onChange={setUntil}
          invalidField={invalid}
        />
        <TextAreaField
          name="pause_reason"
          label="Reason"
          value={reason}
          onChange={setReason}
          invalidField={invalid}
          rows={2}
        />
      </ActionForm>
      {settings.paused && (
        <p className="hint">
          <button type="button" className="secondary" onClick={() => void resumeNow()}>
            Resume follow-up now
          </button>
        </p>
      )}
    </>
  );
}
