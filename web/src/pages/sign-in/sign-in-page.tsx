import { useState, type FormEvent } from 'react';
import { Dialog, Heading, Modal, ModalOverlay } from 'react-aria-components';
import { ErrorAlert } from '../../components/error-alert';
import { useSession } from '../../session';

const fieldLabels = { email: 'E-mail', password: 'Password' };

function SignInForm({ problem, email: knownEmail = '' }: { problem?: Error; email?: string }) {
  const { signIn } = useSession();
  const [email, setEmail] = useState(knownEmail);
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
    <>
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
    </>
  );
}

/** Shown at whatever address was asked for, so that after signing in the user lands there. */
export function SignInPage({ problem }: { problem?: Error | undefined }) {
  return (
    <main className="sign-in">
      <h1>Sign in to Settle</h1>
      <SignInForm {...(problem ? { problem } : {})} />
    </main>
  );
}

/**
 * Over the page whose session ended: the page underneath keeps what was typed, and the action
 * that met the end of the session can be sent again once signed in.
 */
export function SessionExpiredDialog() {
  return (
    <ModalOverlay className="modal-overlay" isOpen isKeyboardDismissDisabled>
      <Modal className="modal">
        <Dialog className="dialog" role="alertdialog">
          <Heading slot="title">Your session has ended</Heading>
          <p>
            Sign in again to carry on. What you typed is still on the page; nothing was sent twice.
          </p>
          <SignInForm />
        </Dialog>
      </Modal>
    </ModalOverlay>
  );
}
