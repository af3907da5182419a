import { Link } from '../routing';
import { addressOf, type QueryState } from '../url-query';

/**
 * Next and First page of a list the API pages with a cursor. The cursor is part of the page's
 * address like its filters, so a page of a list can be shared and reloaded; going back a page is
 * the browser's Back.
 */
export function Pager({
  pathname,
  query,
  nextCursor,
  label,
}: {
  pathname: string;
  query: QueryState<string> & { readonly cursor: string };
  nextCursor: string | null;
  label: string;
}) {
  return (
    <nav className="pager" aria-label={label}>
      {query.cursor && <Link to={addressOf(pathname, { ...query, cursor: '' })}>First page</Link>}
      {nextCursor && (
        <Link to={addressOf(pathname, { ...query, cursor: nextCursor })}>Next page</Link>
      )}
    </nav>
  );
}
