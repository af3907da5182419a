import { useState, type FormEvent } from 'react';
import { postJson } from '../../api/client';
import type { OwnPasswordChanged } from '../../api/types';
import { useAction } from '../../api/use-action';
import { ErrorAlert, invalidField } from '../../components/error-alert';
import { useNotice } from '../../components/notice';
import { PasswordField } from './settings-fields';
import './settings.css';

interface PasswordChange {
  readonly current_password: string;
  readonly new_password: string;
}

const fieldLabels = { current_password: 'Current password', new_password: 'New password' };

/** Every role changes its own password here; the API checks the current one. */
export function PasswordPage() {
  const { notify } = useNotice();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const change = useAction((body: PasswordChange, options) =>
    postJson<OwnPasswordChanged>('/me/password', body, options),
  );
  const invalid = invalidField(change.error);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    // Checked here because only the browser has both copies: the API takes one new password.
    if (next !== repeat) {
      setMismatch(true);
      return;
    }
    setMismatch(false);
    const result = await change.run({ current_password: current, new_password: next });
    if (!result) return;
    setCurrent('');
    setNext('');
    setRepeat('');
    const others = result.other_sessions_ended;
    notify(
      `Your password is changed. ${
        others === 0
          ? 'You had no other sessions.'
          : `${others} other session${others === 1 ? '' : 's'} ended: sign in there again with the new password.`
      }`,
    );
  };
  return (
    <>
      <h1>Your password</h1>
      <form className="settings-form" aria-label="Change your password" onSubmit={submit}>
        <PasswordField
          name="current_password"
          label="Current password"
          value={current}
          onChange={setCurrent}
          autoComplete="current-password"
          invalid={invalid === 'current_password'}
          required
        />
        <PasswordField
          name="new_password"
          label="New password"
          value={next}
          onChange={setNext}
          autoComplete="new-password"
          invalid={invalid === 'new_password'}
          required
        />
        <PasswordField
          name="repeat_password"
          label="New password again"
          value={repeat}
          onChange={setRepeat}
          autoComplete="new-password"
          invalid={mismatch}
          required
        />
        {mismatch && (
          <div role="alert" className="error">
            The two new passwords differ: type the same one twice.
          </div>
        )}
        {change.error && <ErrorAlert error={change.error} fieldLabels={fieldLabels} />}
        <div className="form-actions">
          <button type="submit" disabled={change.running}>
            Change password
          </button>
        </div>
      </form>
    </>
  );
}
