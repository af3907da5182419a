import { Link, useLocation } from '../../routing';
import './collections.css';

const pages = [
  { to: '/collections', label: 'My day' },
  { to: '/collections/run', label: 'Collections run' },
  { to: '/collections/outbox', label: 'Outbox' },
] as const;

/** The pages of the Collections section, one link each, the current one marked. */
export function CollectionsNav() {
  const { pathname } = useLocation();
  return (
    <nav className="collections-nav" aria-label="Collections">
      {pages.map((page) => (
        <Link key={page.to} to={page.to} aria-current={pathname === page.to ? 'page' : undefined}>
          {page.label}
        </Link>
      ))}
    </nav>
  );
}
