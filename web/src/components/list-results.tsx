import type { ReactNode } from 'react';
import type { Loaded } from '../api/use-api-get';
import type { QueryState } from '../url-query';
import { ErrorAlert } from './error-alert';
import { Loading } from './loading';
import { Pager } from './pager';

/**
 * What every list page shows under its filters: the wait, the API's error naming the field, the
 * page of rows (or what to say when nothing matches), and the pager.
 */
export function ListResults<
  List extends { items: readonly unknown[]; next_cursor: string | null },
>({
  list,
  what,
  noneText,
  pathname,
  query,
  fieldLabels,
  children,
}: {
  list: Loaded<List>;
  /** "the invoices": for the loading message and the pager's name. */
  what: string;
  noneText: string;
  pathname: string;
  query: QueryState<string> & { readonly cursor: string };
  fieldLabels: Readonly<Record<string, string>>;
  children: (list: List) => ReactNode;
}) {
  if (list.state === 'loading') return <Loading what={what} />;
  if (list.state === 'failed') return <ErrorAlert error={list.error} fieldLabels={fieldLabels} />;
  return (
    <>
      {list.data.items.length === 0 ? <p>{noneText}</p> : children(list.data)}
      <Pager
        pathname={pathname}
        query={query}
        nextCursor={list.data.next_cursor}
        label={`Pages of ${what.replace(/^the /, '')}`}
      />
    </>
  );
}
