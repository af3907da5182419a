import { sql } from 'kysely';
import type { Db } from '../platform/db/database.js';
import {
  paginate,
  sortKeySelection,
  type PageRequest,
  type SortSpec,
} from '../platform/db/pagination.js';

export const customerSorts: Record<string, SortSpec> = {
  ref: { expression: 'customers.ref', idColumn: 'customers.id', cast: 'text' },
  name: { expression: 'customers.name', idColumn: 'customers.id', cast: 'text' },
  created_at: { expression: 'customers.created_at', idColumn: 'customers.id', cast: 'timestamptz' },
};

export interface CustomerFilter {
  readonly search?: string | undefined;
  readonly tag?: string | undefined;
  readonly currency?: string | undefined;
  readonly creditHold?: boolean | undefined;
  readonly collectorId?: string | undefined;
}

export async function listCustomers(
  db: Db,
  orgId: string,
  filter: CustomerFilter,
  sort: SortSpec,
  page: PageRequest,
) {
  let query = db
    .selectFrom('customers')
    .selectAll()
    .select(sortKeySelection(sort))
    .where('org_id', '=', orgId);
  if (filter.search) {
    const pattern = `%${filter.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) => eb.or([eb('name', 'ilike', pattern), eb('ref', 'ilike', pattern)]));
  }
  if (filter.tag)
    query = query.where(sql<boolean>`${filter.tag.toLowerCase()} = any(customers.tags)`);
  if (filter.currency) query = query.where('currency', '=', filter.currency);
  if (filter.creditHold !== undefined) query = query.where('credit_hold', '=', filter.creditHold);
  if (filter.collectorId) query = query.where('collector_id', '=', filter.collectorId);
  return paginate(query, sort, page);
}
