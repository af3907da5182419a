import { useId, useState } from 'react';

/**
 * A password input with its visible label. `autoComplete` tells the browser's password manager
 * whether this is the user's own current password, a new one of theirs, or someone else's (off),
 * so it neither fills a colleague's password with the user's own nor saves it as theirs.
 */
export function PasswordField({
  name,
  label,
  value,
  onChange,
  invalid,
  autoComplete,
  hint,
  required,
}: {
  name: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  invalid?: boolean | undefined;
  autoComplete: 'current-password' | 'new-password' | 'off';
  hint?: string | undefined;
  required?: boolean | undefined;
}) {
  const hintId = useId();
  return (
    <label className="field">
      <span>{label}</span>
      <input
        type="password"
        name={name}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        autoComplete={autoComplete}
        required={required}
        aria-invalid={invalid || undefined}
        aria-describedby={hint ? hintId : undefined}
      />
      {hint && (
        <small id={hintId} className="field-hint">
          {hint}
        </small>
      )}
    </label>
  );
}

/**
 * A secret the API shows once (a new token, a generated password): in a read-only field the user
 * can select, with a button that copies it.
 */
export function SecretOnce({ label, secret }: { label: string; secret: string }) {
  const [copied, setCopied] = useState<'no' | 'yes' | 'failed'>('no');
  const copy = () => {
    navigator.clipboard.writeText(secret).then(
      () => setCopied('yes'),
      () => setCopied('failed'),
    );
  };
  return (
    <div className="secret-once">
      <label className="field">
        <span>{label}</span>
        <input
          readOnly
          value={secret}
          size={Math.min(Math.max(secret.length, 20), 60)}
          onFocus={(event) => event.target.select()}
          className="secret-value"
        />
      </label>
      <button type="button" onClick={copy}>
        Copy
      </button>
      <span role="status" className="secret-copied">
        {copied === 'yes'
          ? 'Copied.'
          : copied === 'failed'
            ? 'The browser did not allow copying: select the text and copy it.'
            : ''}
      </span>
      <p className="field-hint">It is shown only this once: keep it somewhere safe now.</p>
    </div>
  );
}
