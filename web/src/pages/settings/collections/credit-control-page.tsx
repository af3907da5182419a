import { useCallback, useState, type FormEvent } from 'react';
import { sendJson, type SendOptions } from '../../../api/client';
import type { CreditControl } from '../../../api/types';
import { useAction } from '../../../api/use-action';
import { useApiGet } from '../../../api/use-api-get';
import { ErrorAlert, invalidField } from '../../../components/error-alert';
import { Loading } from '../../../components/loading';
import { useNotice } from '../../../components/notice';
import { useCan } from '../../../permissions';
import './settings-collections.css';

type Mode = CreditControl['mode'];

const modes: readonly { value: Mode; label: string; explanation: string }[] = [
  {
    value: 'off',
    label: 'Off',
    explanation: 'Credit holds and credit limits are not checked when an invoice is issued.',
  },
  {
    value: 'warn',
    label: 'Warn',
    explanation:
      'An invoice for a customer on credit hold, or that takes it over its credit limit, is issued with a warning.',
  },
  {
    value: 'block',
    label: 'Block',
    explanation:
      'Such an invoice is refused (drafts are only warned about). Late-fee invoices from the collections run are never checked.',
  },
];

function CreditControlForm({ current, editable }: { current: Mode; editable: boolean }) {
  const { notify } = useNotice();
  const [mode, setMode] = useState<Mode>(current);
  const save = useAction(
    useCallback(
      (input: Mode, options: SendOptions) =>
        sendJson<CreditControl>('PUT', '/settings/credit-control', { mode: input }, options),
      [],
    ),
  );
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const saved = await save.run(mode);
    if (saved) {
      const chosen = modes.find((known) => known.value === saved.mode);
      notify(`Credit control set to ${chosen?.label.toLowerCase() ?? saved.mode}.`);
    }
  };
  return (
    <form className="settings-form" onSubmit={submit} aria-label="Credit control">
      <fieldset aria-invalid={invalidField(save.error) === 'mode' || undefined}>
        <legend>When a new invoice meets a credit hold or a credit limit</legend>
        {modes.map((option) => (
          <label key={option.value} className="radio">
            <input
              type="radio"
              name="mode"
              value={option.value}
              checked={mode === option.value}
              disabled={!editable}
              onChange={() => setMode(option.value)}
              aria-describedby={`credit-mode-${option.value}`}
            />{' '}
            {option.label}
            {option.value === current && ' (in effect)'}
            <small id={`credit-mode-${option.value}`}>{option.explanation}</small>
          </label>
        ))}
      </fieldset>
      {save.error && <ErrorAlert error={save.error} fieldLabels={{ mode: 'Credit control' }} />}
      {editable && (
        <button type="submit" disabled={mode === current || save.running}>
          {save.running ? 'Saving…' : 'Save credit control'}
        </button>
      )}
    </form>
  );
}

/**
 * What happens when an invoice is issued to a customer on credit hold or over its credit limit:
 * nothing, a warning, or a refusal. Everyone may read it; owners and admins change it.
 */
export function CreditControlPage() {
  const can = useCan();
  const control = useApiGet<CreditControl>('/settings/credit-control');
  return (
    <>
      <h1>Credit control</h1>
      <p className="page-intro">
        A customer&rsquo;s exposure is its open invoices less its unapplied credit. Credit limits
        and holds are set on each customer.
      </p>
      {control.state === 'loading' && <Loading what="the credit control" />}
      {control.state === 'failed' && <ErrorAlert error={control.error} />}
      {control.state === 'loaded' && (
        <CreditControlForm
          key={control.data.mode}
          current={control.data.mode}
          editable={can('settings.manage')}
        />
      )}
    </>
  );
}
