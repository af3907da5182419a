import { sql } from 'kysely';
import type { CalendarDate } from '../core/calendar-date.js';
import { openItemsAsOf } from '../ledger/open-items.sql.js';
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
    const pattern = `%${likeEscaped(filter.search)}%`;
    query = query.where((eb) => eb.or([eb('name', 'ilike', pattern), eb('ref', 'ilike', pattern)]));
  }
  if (filter.tag)
    query = query.where(sql<boolean>`${filter.tag.toLowerCase()} = any(customers.tags)`);
  if (filter.currency) query = query.where('currency', '=', filter.currency);
  if (filter.creditHold !== undefined) query = query.where('credit_hold', '=', filter.creditHold);
  if (filter.collectorId) query = query.where('collector_id', '=', filter.collectorId);
  return paginate(query, sort, page);
}

/**
 * What each of these customers owes on `asOf`, per currency: its open invoices less its unapplied
 * credit, the same items and balances as the aging's (openItemsAsOf), summed in numeric. The
 * customer filter reaches the open steps through balance_periods_customer_open (migration 0014),
 * so a page of customers costs its open items only, never their settled history.
 */
export async function openBalancesOf(
  db: Db,
  orgId: string,
  customerIds: readonly string[],
  asOf: CalendarDate,
): Promise<{ customer_id: string; currency: string; balance_minor: string }[]> {
  if (customerIds.length === 0) return [];
  const result = await sql<{ customer_id: string; currency: string; balance_minor: string }>`
    SELECT o.customer_id, o.currency, sum(o.balance_minor)::text AS balance_minor
    FROM (${openItemsAsOf(orgId, asOf)}) o
    WHERE o.customer_id = ANY(${sql.val([...customerIds])}::uuid[])
    GROUP BY o.customer_id, o.currency
    ORDER BY o.customer_id, o.currency`.execute(db);
  return result.rows;
}

/**
 * Customers whose name or reference starts with `prefix`, in any case, for the header's search:
 * range scans of customers_name_prefix and customers_ref_prefix (migration 0014).
 */
export async function customersByPrefix(db: Db, orgId: string, prefix: string, limit: number) {
  const pattern = `${likeEscaped(prefix.toLowerCase())}%`;
  // Two range scans, one per index, each stopping at `limit`: an OR of both in one WHERE is
  // planned as a scan of every customer of the organization.
  const result = await sql<{ id: string; ref: string; name: string; currency: string }>`
    SELECT c.id, c.ref, c.name, c.currency FROM (
      (SELECT id, ref, name, currency FROM customers
        WHERE org_id = ${orgId} AND lower(name) LIKE ${pattern} ORDER BY lower(name) LIMIT ${limit})
      UNION
      (SELECT id, ref, name, currency FROM customers
        WHERE org_id = ${orgId} AND lower(ref) LIKE ${pattern} ORDER BY lower(ref) LIMIT ${limit})
    ) c
    ORDER BY lower(c.name), c.id
    LIMIT ${limit}`.execute(db);
  return result.rows;
}

/** LIKE's wildcards and its escape character taken literally. */
function likeEscaped(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
