import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
  type ReactNode,
} from 'react';
import { ApiError, csrfToken, getJson, onUnauthenticated, postJson } from './api/client';
import { dataChanged } from './api/data-changed';
import type { LoginResponse, Me } from './api/types';

export type SessionState =
  | { readonly status: 'checking' }
  | { readonly status: 'signed_out'; readonly error?: Error }
  | { readonly status: 'signed_in'; readonly me: Me }
  /**
   * The session ended under an open page (it timed out, or was signed out in another tab). The
   * page stays as it was, with whatever was typed, under a sign-in dialog; once signed in again
   * the user retries, and the action keeps its idempotency key, so it applies once.
   */
  | { readonly status: 'expired'; readonly me: Me };

interface Session {
  readonly state: SessionState;
  signIn(email: string, password: string): Promise<void>;
  signOut(): Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

/**
 * Who is signed in. The session cookie is httpOnly, so the app cannot see it: it asks GET /me,
 * which answers 200 with the session's user or 401 without a session, on load and after a reload.
 */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'checking' });

  useEffect(() => {
    let current = true;
    getJson<Me>('/me').then(
      (me) => {
        if (!current) return;
        // A new tab has the session's cookie but not its CSRF token: /me hands it over.
        if (me.csrf_token) csrfToken.set(me.csrf_token);
        setState({ status: 'signed_in', me });
      },
      (error: unknown) => {
        if (!current) return;
        const unexpected = !(error instanceof ApiError && error.status === 401);
        setState(
          unexpected && error instanceof Error
            ? { status: 'signed_out', error }
            : { status: 'signed_out' },
        );
      },
    );
    const stop = onUnauthenticated(() => {
      csrfToken.clear();
      setState((current) =>
        current.status === 'signed_in' || current.status === 'expired'
          ? { status: 'expired', me: current.me }
          : { status: 'signed_out' },
      );
    });
    return () => {
      current = false;
      stop();
    };
  }, []);

  const signIn = useCallback(async (email: string, password: string) => {
    const session = await postJson<LoginResponse>('/auth/login', { email, password });
    csrfToken.set(session.csrf_token);
    setState({ status: 'signed_in', me: session.me });
    // What failed while the session was gone is fetched again, now that it is back.
    dataChanged();
  }, []);

  const signOut = useCallback(async () => {
    try {
      await postJson<void>('/auth/logout');
    } finally {
      csrfToken.clear();
      setState({ status: 'signed_out' });
    }
  }, []);

  const session = useMemo(() => ({ state, signIn, signOut }), [state, signIn, signOut]);
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession is used outside a SessionProvider.');
  return session;
}
