import { sql } from 'kysely';
import type { CalendarDate } from '../core/calendar-date.js';
import type { BillingAddress } from '../customers/customer.js';
import type { Db } from '../platform/db/database.js';
import {
  paginate,
  sortKeySelection,
  type PageRequest,
  type SortSpec,
} from '../platform/db/pagination.js';
import {
  percentColumn,
  percentFromColumn,
  type Debtor,
  type PlaceableInvoice,
  type PlacementChannel,
  type PlacementStatus,
  type PlacementTerms,
} from './agency.js';

/** A stored placement. */
export interface Placement {
  readonly id: string;
  readonly customerId: string;
  readonly agency: string;
  readonly channel: PlacementChannel;
  readonly placedOn: CalendarDate;
  readonly currency: string;
  readonly amountMinor: bigint;
  readonly commissionPercentScaled: bigint;
  readonly invoiceIds: readonly string[];
  readonly status: PlacementStatus;
  readonly closedOn: CalendarDate | null;
  readonly notes: string | null;
  readonly createdBy: string | null;
  readonly createdAt: Date;
}

export interface Recovery {
  readonly id: string;
  readonly placementId: string;
  readonly recoveredOn: CalendarDate;
  readonly amountMinor: bigint;
  readonly commissionMinor: bigint;
  readonly paymentId: string;
  readonly createdBy: string | null;
  readonly createdAt: Date;
}

/** A placement with its invoices as they stand now and what was recovered so far. */
export interface PlacementDetail {
  readonly placement: Placement;
  readonly customer: { readonly ref: string; readonly name: string };
  readonly invoices: readonly PlaceableInvoice[];
  readonly recoveries: readonly Recovery[];
  readonly recoveredMinor: bigint;
  readonly commissionMinor: bigint;
  /** Still open on the placed invoices. */
  readonly openMinor: bigint;
}

const placementColumns = [
  'agency_placements.id',
  'agency_placements.customer_id',
  'agency',
  'channel',
  'placed_on',
  'agency_placements.currency',
  'amount_minor',
  'commission_percent',
  'invoice_ids',
  'agency_placements.status',
  'closed_on',
  'agency_placements.notes',
  'agency_placements.created_by',
  'agency_placements.created_at',
] as const;

type PlacementRow = {
  id: string;
  customer_id: string;
  agency: string;
  channel: string;
  placed_on: string;
  currency: string;
  amount_minor: bigint;
  commission_percent: string;
  invoice_ids: string[];
  status: string;
  closed_on: string | null;
  notes: string | null;
  created_by: string | null;
  created_at: Date;
};

function placementOf(row: PlacementRow): Placement {
  return {
    id: row.id,
    customerId: row.customer_id,
    agency: row.agency,
    channel: row.channel as PlacementChannel,
    placedOn: row.placed_on as CalendarDate,
    currency: row.currency,
    amountMinor: row.amount_minor,
    commissionPercentScaled: percentFromColumn(row.commission_percent),
    invoiceIds: row.invoice_ids,
    status: row.status as PlacementStatus,
    closedOn: row.closed_on as CalendarDate | null,
    notes: row.notes,
    createdBy: row.created_by,
    createdAt: new Date(row.created_at),
  };
}

export async function insertPlacement(
  db: Db,
  orgId: string,
  placement: {
    id: string;
    customerId: string;
    currency: string;
    amountMinor: bigint;
    invoiceIds: readonly string[];
    createdBy: string | null;
  },
  terms: PlacementTerms,
): Promise<void> {
  await db
    .insertInto('agency_placements')
    .values({
      org_id: orgId,
      id: placement.id,
      customer_id: placement.customerId,
      agency: terms.agency,
      channel: terms.channel,
      placed_on: terms.placedOn,
      currency: placement.currency,
      amount_minor: placement.amountMinor,
      commission_percent: percentColumn(terms.commissionPercentScaled),
      invoice_ids: [...placement.invoiceIds],
      notes: terms.notes,
      created_by: placement.createdBy,
    })
    .execute();
}

export async function findPlacement(
  db: Db,
  orgId: string,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<Placement | undefined> {
  let query = db
    .selectFrom('agency_placements')
    .select(placementColumns)
    .where('org_id', '=', orgId)
    .where('id', '=', id);
  if (options.forUpdate) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  return row === undefined ? undefined : placementOf(row as PlacementRow);
}

export async function endPlacement(
  db: Db,
  orgId: string,
  id: string,
  status: 'closed' | 'recalled',
  on: CalendarDate,
  notes: string | null,
) {
  await db
    .updateTable('agency_placements')
    .set({ status, closed_on: on, notes })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .execute();
}

const placementSort: SortSpec = {
  expression: 'agency_placements.placed_on',
  idColumn: 'agency_placements.id',
  cast: 'date',
};

export interface PlacementFilter {
  readonly customerId?: string | undefined;
  readonly status?: PlacementStatus | undefined;
}

/** Placements, latest first, with the customer's reference and name for lists. */
export async function listPlacementRows(
  db: Db,
  orgId: string,
  filter: PlacementFilter,
  page: PageRequest,
) {
  let query = db
    .selectFrom('agency_placements')
    .innerJoin('customers', (join) =>
      join
        .onRef('customers.org_id', '=', 'agency_placements.org_id')
        .onRef('customers.id', '=', 'agency_placements.customer_id'),
    )
    .select(placementColumns)
    .select(['customers.ref as customer_ref', 'customers.name as customer_name'])
    .select(sortKeySelection(placementSort))
    .where('agency_placements.org_id', '=', orgId);
  if (filter.customerId !== undefined)
    query = query.where('agency_placements.customer_id', '=', filter.customerId);
  if (filter.status !== undefined)
    query = query.where('agency_placements.status', '=', filter.status);
  const result = await paginate(query, placementSort, { ...page, descending: true });
  return {
    items: result.items.map((row) => ({
      placement: placementOf(row as PlacementRow),
      customerRef: row.customer_ref,
      customerName: row.customer_name,
    })),
    nextCursor: result.nextCursor,
  };
}

/** Of these invoices, those in an active placement, with its id: an invoice is placed once at a time. */
export async function activelyPlaced(
  db: Db,
  orgId: string,
  invoiceIds: readonly string[],
): Promise<Map<string, string>> {
  if (invoiceIds.length === 0) return new Map();
  const result = await sql<{ invoice_id: string; placement_id: string }>`
    SELECT placed.invoice_id, p.id AS placement_id
    FROM agency_placements p, unnest(p.invoice_ids) AS placed (invoice_id)
    WHERE p.org_id = ${orgId} AND p.status = 'active' AND p.invoice_ids && ${sql.val([...invoiceIds])}::uuid[]
      AND placed.invoice_id = ANY (${sql.val([...invoiceIds])}::uuid[])`.execute(db);
  return new Map(result.rows.map((row) => [row.invoice_id, row.placement_id]));
}

const invoiceColumns = [
  'id',
  'number',
  'customer_id',
  'currency',
  'status',
  'issued_on',
  'due_on',
  'total_minor',
  'open_minor',
] as const;

function placeableOf(row: {
  id: string;
  number: string | null;
  customer_id: string;
  currency: string;
  status: string;
  issued_on: string | null;
  due_on: string | null;
  total_minor: bigint;
  open_minor: bigint;
}): PlaceableInvoice {
  return {
    id: row.id,
    number: row.number,
    customerId: row.customer_id,
    currency: row.currency,
    status: row.status,
    issuedOn: row.issued_on as CalendarDate | null,
    dueOn: row.due_on as CalendarDate | null,
    totalMinor: row.total_minor,
    openMinor: row.open_minor,
  };
}

/**
 * Invoices by id, locked in the ledger's one lock order, oldest first (due date, issue date, id:
 * lockOpenInvoices), so that a placement or recovery and a payment on the same invoices cannot
 * deadlock; returned in the order asked.
 */
export async function lockInvoices(
  db: Db,
  orgId: string,
  invoiceIds: readonly string[],
): Promise<(PlaceableInvoice | undefined)[]> {
  if (invoiceIds.length === 0) return [];
  const rows = await db
    .selectFrom('invoices')
    .select(invoiceColumns)
    .where('org_id', '=', orgId)
    .where('id', '=', sql<string>`any(${sql.val([...new Set(invoiceIds)].sort())}::uuid[])`)
    .orderBy('due_on')
    .orderBy('issued_on')
    .orderBy('id')
    .forUpdate()
    .execute();
  const byId = new Map(rows.map((row) => [row.id, placeableOf(row)]));
  return invoiceIds.map((id) => byId.get(id));
}

export async function insertRecovery(
  db: Db,
  orgId: string,
  recovery: Omit<Recovery, 'createdAt'>,
): Promise<void> {
  await db
    .insertInto('agency_recoveries')
    .values({
      org_id: orgId,
      id: recovery.id,
      placement_id: recovery.placementId,
      recovered_on: recovery.recoveredOn,
      amount_minor: recovery.amountMinor,
      commission_minor: recovery.commissionMinor,
      payment_id: recovery.paymentId,
      created_by: recovery.createdBy,
    })
    .execute();
}

export async function recoveriesOf(
  db: Db,
  orgId: string,
  placementIds: readonly string[],
): Promise<Recovery[]> {
  if (placementIds.length === 0) return [];
  const rows = await db
    .selectFrom('agency_recoveries')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('placement_id', '=', sql<string>`any(${sql.val([...placementIds])}::uuid[])`)
    .orderBy('recovered_on')
    .orderBy('id')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    placementId: row.placement_id,
    recoveredOn: row.recovered_on as CalendarDate,
    amountMinor: row.amount_minor,
    commissionMinor: row.commission_minor,
    paymentId: row.payment_id,
    createdBy: row.created_by,
    createdAt: new Date(row.created_at),
  }));
}

/** The invoices of placements as they stand now, by due date: for details and the agency file. */
export async function placedInvoices(
  db: Db,
  orgId: string,
  invoiceIds: readonly string[],
): Promise<PlaceableInvoice[]> {
  if (invoiceIds.length === 0) return [];
  const rows = await db
    .selectFrom('invoices')
    .select(invoiceColumns)
    .where('org_id', '=', orgId)
    .where('id', '=', sql<string>`any(${sql.val([...invoiceIds])}::uuid[])`)
    .orderBy('due_on')
    .orderBy('issued_on')
    .orderBy('number')
    .execute();
  return rows.map(placeableOf);
}

/**
 * The customer as the agency needs it, with one contact: the first who receives reminders,
 * accounts payable before the others, as reminders are addressed; else the first contact at all.
 */
export async function debtorOf(
  db: Db,
  orgId: string,
  customerId: string,
): Promise<Debtor | undefined> {
  const customer = await db
    .selectFrom('customers')
    .select(['ref', 'name', 'legal_name', 'tax_id', 'billing_address'])
    .where('org_id', '=', orgId)
    .where('id', '=', customerId)
    .executeTakeFirst();
  if (!customer) return undefined;
  const contact = await db
    .selectFrom('contacts')
    .select(['name', 'email', 'phone'])
    .where('org_id', '=', orgId)
    .where('customer_id', '=', customerId)
    .orderBy(sql`receives_reminders`, 'desc')
    .orderBy(sql`role = 'accounts_payable'`, 'desc')
    .orderBy('created_at')
    .orderBy('id')
    .executeTakeFirst();
  return {
    ref: customer.ref,
    name: customer.name,
    legalName: customer.legal_name,
    taxId: customer.tax_id,
    address: (customer.billing_address as BillingAddress | null) ?? null,
    contact: contact ?? null,
  };
}

export interface ContactEvent {
  readonly on: CalendarDate;
  readonly type: string;
  readonly summary: string;
}

/**
 * What was done to collect from the customer, latest `limit` events, oldest first: e-mail that
 * was sent, tasks completed (with their outcome and notes) and notes. Instants become days in the
 * organization's time zone.
 */
export async function contactHistory(
  db: Db,
  orgId: string,
  customerId: string,
  limit: number,
): Promise<ContactEvent[]> {
  const result = await sql<{ on_date: string; type: string; summary: string; at: Date }>`
    WITH zone AS (SELECT time_zone FROM organizations WHERE id = ${orgId})
    SELECT * FROM (
      SELECT (m.sent_at AT TIME ZONE zone.time_zone)::date::text AS on_date, 'email_sent' AS type,
        m.subject || ' (to ' || array_to_string(m.to_addresses, ', ') || ')' AS summary, m.sent_at AS at
      FROM outbox_messages m, zone
      WHERE m.org_id = ${orgId} AND m.customer_id = ${customerId} AND m.status = 'sent' AND m.sent_at IS NOT NULL
      UNION ALL
      SELECT (t.completed_at AT TIME ZONE zone.time_zone)::date::text, 'task_' || t.kind,
        concat_ws(' — ', t.title, 'outcome: ' || t.outcome, t.notes), t.completed_at
      FROM collection_tasks t, zone
      WHERE t.org_id = ${orgId} AND t.customer_id = ${customerId} AND t.status = 'done' AND t.completed_at IS NOT NULL
      UNION ALL
      SELECT (n.created_at AT TIME ZONE zone.time_zone)::date::text, 'note', n.body, n.created_at
      FROM customer_notes n, zone
      WHERE n.org_id = ${orgId} AND n.customer_id = ${customerId}
      ORDER BY at DESC
      LIMIT ${limit}
    ) latest
    ORDER BY at, type, summary`.execute(db);
  return result.rows.map((row) => ({
    on: row.on_date as CalendarDate,
    type: row.type,
    summary: row.summary,
  }));
}
