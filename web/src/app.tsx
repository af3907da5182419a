import { Suspense, useEffect, useState } from 'react';
import { ErrorAlert } from './components/error-alert';
import { GlobalSearch } from './components/global-search';
import { Loading } from './components/loading';
import { NoticeProvider } from './components/notice';
import type { Section } from './page-routes';
import { collectionsSection } from './pages/collections/collections-section';
import { customersSection } from './pages/customers/customers-section';
import { dashboardSection } from './pages/dashboard/dashboard-section';
import { invoicesSection } from './pages/invoices/invoices-section';
import { paymentsSection } from './pages/payments/payments-section';
import { reportsSection } from './pages/reports/reports-section';
import { settingsSection } from './pages/settings/settings-section';
import { SessionExpiredDialog, SignInPage } from './pages/sign-in/sign-in-page';
import { Link, matchPath, navigate, useLocation } from './routing';
import { useSession } from './session';

const sections: readonly Section[] = [
  dashboardSection,
  customersSection,
  invoicesSection,
  paymentsSection,
  collectionsSection,
  reportsSection,
  settingsSection,
];

function findPage(pathname: string) {
  for (const section of sections) {
    for (const route of section.routes) {
      const params = matchPath(route.path, pathname);
      if (params) return { section, route, params };
    }
  }
  return null;
}

function CurrentPage({ pathname }: { pathname: string }) {
  useEffect(() => {
    // The dashboard is the home page; the bare address leads to it.
    if (pathname === '/') navigate('/dashboard', { replace: true });
  }, [pathname]);
  if (pathname === '/') return null;
  const found = findPage(pathname);
  if (found) {
    return (
      <Suspense fallback={<Loading what="the page" />}>{found.route.render(found.params)}</Suspense>
    );
  }
  return (
    <>
      <h1>Not found</h1>
      <p>
        Nothing lives at {pathname}. <Link to="/dashboard">Go to the dashboard.</Link>
      </p>
    </>
  );
}

function Header() {
  const { state, signOut } = useSession();
  const { pathname } = useLocation();
  const [error, setError] = useState<Error | undefined>();
  if (state.status !== 'signed_in' && state.status !== 'expired') return null;
  const current = findPage(pathname)?.section;
  const signOutClicked = () =>
    signOut().catch((failure: unknown) =>
      setError(failure instanceof Error ? failure : new Error(String(failure))),
    );
  return (
    <header className="app-header">
      <span className="brand">Settle</span>
      <nav aria-label="Main">
        {sections.map((section) => (
          <Link
            key={section.path}
            to={section.path}
            aria-current={section === current ? 'page' : undefined}
          >
            {section.label}
          </Link>
        ))}
      </nav>
      <GlobalSearch />
      <span className="who">
        {state.me.name} ({state.me.role})
      </span>
      <button type="button" onClick={signOutClicked}>
        Sign out
      </button>
      {error && <ErrorAlert error={error} />}
    </header>
  );
}

export function App() {
  const { state } = useSession();
  const { pathname } = useLocation();
  if (state.status === 'checking') return <Loading what="Settle" />;
  if (state.status === 'signed_out') return <SignInPage problem={state.error} />;
  return (
    <>
      <Header />
      <main className="page">
        <NoticeProvider>
          <CurrentPage pathname={pathname} />
        </NoticeProvider>
      </main>
      {state.status === 'expired' && <SessionExpiredDialog />}
    </>
  );
}
