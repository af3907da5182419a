import type { QueryParams } from '../../api/client';
import { trimmedQuery, type QueryState } from '../../url-query';

export const agingFields = [
  'as_of',
  'basis',
  'customer_ref',
  'collector_id',
  'tag',
  'currency',
  'detail',
] as const;
export type AgingQuery = QueryState<(typeof agingFields)[number]>;

export const agingFieldLabels: Readonly<Record<string, string>> = {
  as_of: 'As of',
  basis: 'Basis',
  customer_id: 'Customer',
  customer_ref: 'Customer ref',
  collector_id: 'Collector',
  tag: 'Tag',
  currency: 'Currency',
  detail: 'Detail',
};

/** The API's parameters for the page's state: the same names, so the page's address is the query. */
export function agingParams(query: AgingQuery): QueryParams {
  const trimmed = trimmedQuery(query);
  return { ...trimmed, detail: trimmed.detail === 'true' ? 'true' : undefined };
}
