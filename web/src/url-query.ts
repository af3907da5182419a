import { queryString } from './api/client';

/**
 * A page's state as it sits in the query string: one text per field, '' when absent. The same
 * names as the API's parameters, so that the page's address and the API request carry the same
 * query and a shared link reloads exactly the same report.
 */
export type QueryState<Field extends string> = Readonly<Record<Field, string>>;

export function readQuery<Field extends string>(
  search: URLSearchParams,
  fields: readonly Field[],
): QueryState<Field> {
  const state = {} as Record<Field, string>;
  for (const field of fields) state[field] = search.get(field) ?? '';
  return state;
}

/** The address of a page with its state; empty fields are left out, leaving the API's defaults. */
export function addressOf<Field extends string>(
  pathname: string,
  state: QueryState<Field>,
): string {
  return pathname + queryString(trimmedQuery(state));
}

/** The state with surrounding blanks removed, as it is sent to the API. */
export function trimmedQuery<Field extends string>(state: QueryState<Field>): QueryState<Field> {
  const trimmed = {} as Record<Field, string>;
  for (const [field, value] of Object.entries<string>(state))
    trimmed[field as Field] = value.trim();
  return trimmed;
}
