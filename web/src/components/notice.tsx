import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';

interface Notices {
  /** Says what an action did ("Payment PAY-12 recorded: 1,200.00 applied to 2 invoices"). */
  notify(message: string): void;
}

const NoticeContext = createContext<Notices | null>(null);

/**
 * Every action says what happened: the last confirmation stays in a polite live region at the top
 * of the page, so a screen reader announces it and a sighted user sees it where they look next.
 */
export function NoticeProvider({ children }: { children: ReactNode }) {
  const [notice, setNotice] = useState<{ id: number; message: string } | null>(null);
  const notify = useCallback(
    (message: string) => setNotice((last) => ({ id: (last?.id ?? 0) + 1, message })),
    [],
  );
  const notices = useMemo(() => ({ notify }), [notify]);
  return (
    <NoticeContext.Provider value={notices}>
      <div role="status" aria-live="polite" className="notice-region">
        {notice && (
          <p key={notice.id} className="notice">
            {notice.message}{' '}
            <button type="button" className="link-button" onClick={() => setNotice(null)}>
              Dismiss
            </button>
          </p>
        )}
      </div>
      {children}
    </NoticeContext.Provider>
  );
}

export function useNotice(): Notices {
  const notices = useContext(NoticeContext);
  if (!notices) throw new Error('useNotice is used outside a NoticeProvider.');
  return notices;
}
