import { useState, type FormEvent } from 'react';
import { ApiError, postJson, sendJson } from '../../api/client';
import type { MailSettings, MailTestResult } from '../../api/types';
import { useAction } from '../../api/use-action';
import { useApiGet } from '../../api/use-api-get';
import { ErrorAlert, invalidField } from '../../components/error-alert';
import { SelectField, TextField } from '../../components/form-fields';
import { Loading } from '../../components/loading';
import { useNotice } from '../../components/notice';
import { useCan } from '../../permissions';
import { PasswordField } from './settings-fields';
import { smtpFieldsOf, smtpUrlOf, type SmtpFields } from './smtp-url';
import './settings.css';

const fieldLabels = {
  smtp_url: 'SMTP server',
  mail_from: 'From address',
  to: 'Send the test message to',
};

const sourceText: Readonly<Record<MailSettings['smtp_source'], string>> = {
  organization: 'Messages go out through the server below.',
  environment:
    "No server is set here: messages go out through the Settle server's own SMTP_URL until one is.",
  none: 'No SMTP server is set: reminders and statements wait in the outbox until one is.',
};

interface MailChanges {
  readonly smtp_url: string | null;
  readonly mail_from: string | null;
}

function MailSettingsForm({ settings }: { settings: MailSettings }) {
  const { notify } = useNotice();
  const stored = smtpFieldsOf(settings.smtp_url);
  const [fields, setFields] = useState<SmtpFields>(stored.fields);
  const [mailFrom, setMailFrom] = useState(settings.mail_from ?? '');
  const set = (field: keyof SmtpFields) => (value: string) =>
    setFields((current) => ({ ...current, [field]: value }));
  const save = useAction((body: MailChanges, options) =>
    sendJson<MailSettings>('PUT', '/settings/mail', body, options),
  );
  const error = save.error;
  const invalid = invalidField(error);
  // The API names the whole URL; the form shows which of its parts to look at.
  const passwordWanted = error instanceof ApiError && error.code === 'smtp_password_required';
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const saved = await save.run({
      smtp_url: smtpUrlOf(fields, stored),
      mail_from: mailFrom.trim() === '' ? null : mailFrom,
    });
    if (!saved) return;
    setFields((current) => ({ ...current, password: '' }));
    notify(
      saved.smtp_url === null
        ? 'Mail settings saved: no SMTP server is set here.'
        : `Mail settings saved: messages go out through ${smtpFieldsOf(saved.smtp_url).fields.host}.`,
    );
  };
  return (
    <form className="settings-form" onSubmit={submit} aria-label="Mail settings">
      <p>{sourceText[settings.smtp_source]}</p>
      <fieldset>
        <legend>SMTP server</legend>
        <TextField
          name="host"
          label="Host (blank: none)"
          value={fields.host}
          onChange={set('host')}
          invalidField={invalid === 'smtp_url' && !passwordWanted ? 'host' : undefined}
        />
        <TextField
          name="port"
          label="Port"
          value={fields.port}
          onChange={set('port')}
          inputMode="numeric"
          size={6}
          placeholder={fields.security === 'tls' ? '465' : '587'}
        />
        <SelectField
          name="security"
          label="Security"
          value={fields.security}
          onChange={set('security')}
        >
          <option value="starttls">STARTTLS when the server offers it (smtp://)</option>
          <option value="require_starttls">STARTTLS required</option>
          <option value="tls">TLS from the start (smtps://)</option>
        </SelectField>
        <TextField name="user" label="User" value={fields.user} onChange={set('user')} />
        <PasswordField
          name="password"
          label="Password"
          value={fields.password}
          onChange={set('password')}
          autoComplete="off"
          invalid={passwordWanted}
          hint={
            stored.hasPassword
              ? 'A password is stored and never shown: leave this blank to keep it.'
              : undefined
          }
        />
      </fieldset>
      <TextField
        name="mail_from"
        label='From address (e.g. "Acme Ltd" <ar@acme.example>)'
        value={mailFrom}
        onChange={setMailFrom}
        invalidField={invalid}
      />
      {error && <ErrorAlert error={error} fieldLabels={fieldLabels} />}
      <div className="form-actions">
        <button type="submit" disabled={save.running}>
          Save mail settings
        </button>
      </div>
    </form>
  );
}

function TestMessageForm() {
  const { notify } = useNotice();
  const [to, setTo] = useState('');
  const [answer, setAnswer] = useState<MailTestResult | null>(null);
  const send = useAction((body: { to: string }, options) =>
    postJson<MailTestResult>('/settings/mail/test', body, options),
  );
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setAnswer(null);
    const result = await send.run({ to });
    if (!result) return;
    setAnswer(result);
    notify(`Test message sent to ${result.to}: the SMTP server answered "${result.response}".`);
  };
  return (
    <section aria-labelledby="mail-test-heading">
      <h2 id="mail-test-heading">Send a test message</h2>
      <p>Sends a short message through the saved settings, from the saved sender.</p>
      <form className="report-form" onSubmit={submit} aria-label="Send a test message">
        <TextField
          name="to"
          label="Send the test message to"
          value={to}
          onChange={setTo}
          invalidField={invalidField(send.error)}
        />
        <button type="submit" disabled={send.running}>
          {send.running ? 'Sending…' : 'Send test message'}
        </button>
      </form>
      {send.error && <ErrorAlert error={send.error} fieldLabels={fieldLabels} />}
      {answer && (
        <p className="mail-test-answer">
          Sent from {answer.from} to {answer.to}. The server answered:{' '}
          <code>{answer.response}</code>
        </p>
      )}
    </section>
  );
}

function MailManager() {
  const settings = useApiGet<MailSettings>('/settings/mail');
  if (settings.state === 'loading') return <Loading what="the mail settings" />;
  if (settings.state === 'failed') return <ErrorAlert error={settings.error} />;
  return (
    <>
      <MailSettingsForm
        // A saved change that comes back different (a new host) starts the form afresh from it.
        key={`${settings.data.smtp_url ?? ''} ${settings.data.mail_from ?? ''}`}
        settings={settings.data}
      />
      <TestMessageForm />
    </>
  );
}

export function MailPage() {
  const can = useCan();
  return (
    <>
      <h1>Mail</h1>
      {can('collections.manage') ? (
        <MailManager />
      ) : (
        <p>Only owners and admins set where e-mail goes out.</p>
      )}
    </>
  );
}
