import type { Actor } from '../core/actor.js';
import type { CalendarDate } from '../core/calendar-date.js';
import { organizationToday } from '../organizations/find-organization.service.js';
import type { Database, Db } from '../platform/db/database.js';
import {
  agingBuckets,
  agingRow,
  bucketLowerEdges,
  sumAgingRows,
  type AgingBasis,
  type AgingBucket,
  type AgingRow,
} from './aging.js';
import { agingDetail, agingSummary, type AgingDetailRow, type ReportScope } from './aging.sql.js';
import { agingBoundsFor } from './aging-settings.service.js';
import { resolveScope, type ScopeInput } from './resolve-report-scope.service.js';

export interface AgingRequest extends ScopeInput {
  /** Defaults to today in the organization's time zone. */
  readonly asOf?: CalendarDate | undefined;
  readonly basis?: AgingBasis | undefined;
  /** Also list every open item. */
  readonly detail?: boolean | undefined;
}

export interface AgingCustomer extends AgingRow {
  readonly customerId: string;
  readonly customerRef: string;
  readonly customerName: string;
}

export interface AgingCurrency {
  readonly currency: string;
  readonly customers: readonly AgingCustomer[];
  readonly totals: AgingRow;
}

export interface AgingReport {
  readonly asOf: CalendarDate;
  readonly basis: AgingBasis;
  readonly buckets: readonly AgingBucket[];
  /** One entry per currency: amounts are never summed across currencies. */
  readonly currencies: readonly AgingCurrency[];
  readonly items?: readonly AgingDetailRow[];
}

/**
 * Who owed what, and for how long, as of a date: what was issued by then, less what was applied
 * by then, with ages counted to that date, so that a past date shows what it showed then. Per
 * customer and currency, a column per bucket and unapplied credit (negative) beside them.
 */
export async function getAging(
  database: Database,
  actor: Actor,
  request: AgingRequest,
): Promise<AgingReport> {
  const db = database.db;
  const asOf = request.asOf ?? (await organizationToday(db, actor.orgId));
  const basis = request.basis ?? 'due';
  const scope = await resolveScope(db, actor.orgId, request);
  const bounds = await agingBoundsFor(db, actor.orgId, basis);
  return agingOf(db, actor.orgId, asOf, basis, bounds, scope, request.detail ?? false);
}

export async function agingOf(
  db: Db,
  orgId: string,
  asOf: CalendarDate,
  basis: AgingBasis,
  bounds: readonly number[],
  scope: ReportScope,
  detail: boolean,
): Promise<AgingReport> {
  const buckets = agingBuckets(bounds, basis);
  const edges = bucketLowerEdges(bounds);
  const [rows, items] = await Promise.all([
    agingSummary(db, orgId, asOf, basis, edges, scope),
    detail ? agingDetail(db, orgId, asOf, basis, edges, scope) : Promise.resolve(undefined),
  ]);
  const byCurrency = new Map<
    string,
    Map<string, { ref: string; name: string; buckets: bigint[]; unapplied: bigint }>
  >();
  for (const row of rows) {
    const customers = byCurrency.get(row.currency) ?? new Map();
    byCurrency.set(row.currency, customers);
    const customer = customers.get(row.customer_id) ?? {
      ref: row.customer_ref,
      name: row.customer_name,
      buckets: buckets.map(() => 0n),
      unapplied: 0n,
    };
    customers.set(row.customer_id, customer);
    if (row.bucket < 0) customer.unapplied += row.balance_minor;
    else customer.buckets[row.bucket] = customer.buckets[row.bucket]! + row.balance_minor;
  }
  const currencies = [...byCurrency.entries()].map(([currency, customers]) => {
    const list: AgingCustomer[] = [...customers.entries()].map(([customerId, c]) => ({
      customerId,
      customerRef: c.ref,
      customerName: c.name,
      ...agingRow(c.buckets, c.unapplied),
    }));
    return { currency, customers: list, totals: sumAgingRows(list, buckets.length) };
  });
  return { asOf, basis, buckets, currencies, ...(items ? { items } : {}) };
}
