import { useState, type FormEvent } from 'react';
import { ErrorAlert } from '../../components/error-alert';
import { useSession } from '../../session';

const fieldLabels = { email: 'E-mail', password: 'Password' };

/** Shown at whatever address was asked for, so that after signing in the user lands there. */
export function SignInPage({ problem }: { problem?: Error | undefined }) {
  const { signIn } = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<Error | undefined>(problem);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await signIn(email, password);
    } catch (failure) {
      setError(failure instanceof Error ? failure : new Error(String(failure)));
      setBusy(false);
    }
  };

  return (
    <main className="sign-in">
      <h1>Sign in to Settle</h1>
      <form onSubmit={submit} aria-label="Sign in">
        <label className="field">
          <span>E-mail</span>
          <input
            name="email"
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={(event) => setEmail(event.target.value)}
          />
        </label>
        <label className="field">
          <span>Password</span>
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(event) => setPassword(event.target.value)}
          />
        </label>
        <button type="submit" disabled={busy}>
          Sign in
        </button>
      </form>
      {error && <ErrorAlert error={error} fieldLabels={fieldLabels} />}
    </main>
  );
}
