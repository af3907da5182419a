import { useEffect, useState } from 'react';
import { ErrorAlert } from './components/error-alert';
import { Loading } from './components/loading';
import { AgingPage } from './pages/aging/aging-page';
import { CustomersPage } from './pages/customers/customers-page';
import { InvoicesPage } from './pages/invoices/invoices-page';
import { GoalsPage } from './pages/goals/goals-page';
import { KpisPage } from './pages/kpis/kpis-page';
import { SignInPage } from './pages/sign-in/sign-in-page';
import { StatementPage } from './pages/statement/statement-page';
import { Link, matchPath, navigate, useLocation } from './routing';
import { useSession } from './session';

const sections = [
  { path: '/customers', label: 'Customers' },
  { path: '/invoices', label: 'Invoices' },
  { path: '/aging', label: 'Aging' },
  { path: '/kpis', label: 'KPIs' },
  { path: '/goals', label: 'Goals' },
] as const;

function CurrentPage({ pathname }: { pathname: string }) {
  useEffect(() => {
    // The aging is the main page; the bare address leads to it.
    if (pathname === '/') navigate('/aging', { replace: true });
  }, [pathname]);
  if (pathname === '/aging') return <AgingPage />;
  if (pathname === '/customers') return <CustomersPage />;
  if (pathname === '/invoices') return <InvoicesPage />;
  if (pathname === '/kpis') return <KpisPage />;
  if (pathname === '/goals') return <GoalsPage />;
  const statement = matchPath('/customers/:id/statement', pathname);
  if (statement?.id) return <StatementPage customerId={statement.id} />;
  if (pathname === '/') return null;
  return (
    <>
      <h1>Not found</h1>
      <p>
        Nothing lives at {pathname}. <Link to="/aging">Go to the aging.</Link>
      </p>
    </>
  );
}

function Header() {
  const { state, signOut } = useSession();
  const { pathname } = useLocation();
  const [error, setError] = useState<Error | undefined>();
  if (state.status !== 'signed_in') return null;
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
            aria-current={pathname === section.path ? 'page' : undefined}
          >
            {section.label}
          </Link>
        ))}
      </nav>
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
        <CurrentPage pathname={pathname} />
      </main>
    </>
  );
}
