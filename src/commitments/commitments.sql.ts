import { sql, type RawBuilder } from 'kysely';
import type { CalendarDate } from '../core/calendar-date.js';
import { openInvoiceStatuses } from '../ledger/invoice-status.js';
import type { Db } from '../platform/db/database.js';
import { insertStoredFile } from '../platform/files/stored-files.sql.js';
import {
  paginate,
  sortKeySelection,
  type PageRequest,
  type SortSpec,
} from '../platform/db/pagination.js';
import type { Installment, InstallmentProgress } from './payment-plan.js';
import type { CoveredInvoice } from './promise.js';

/**
 * The SQL of promises to pay, disputes, payment plans and the tasks their breaking creates. Every
 * statement is scoped by org_id. Paid figures are sums over the ledger's applications, never
 * stored, so a reversal or a back-dated payment is seen the next time they are asked for.
 */

const uuids = (ids: readonly string[]) => sql`${sql.val([...ids])}::uuid[]`;

// ---------------------------------------------------------------------------------------------
// Invoices a commitment covers

export async function coveredInvoices(
  db: Db,
  orgId: string,
  ids: readonly string[],
): Promise<Map<string, CoveredInvoice>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('invoices')
    .select(['id', 'number', 'customer_id', 'currency', 'status', 'open_minor'])
    .where('org_id', '=', orgId)
    .where('id', '=', sql<string>`any(${uuids(ids)})`)
    .execute();
  return new Map(
    rows.map((row) => [
      row.id,
      {
        id: row.id,
        number: row.number,
        customerId: row.customer_id,
        currency: row.currency,
        status: row.status,
        openMinor: row.open_minor,
      },
    ]),
  );
}

/** The open total of a customer's issued invoices in a currency: what an account promise may cover. */
export async function customerOpenMinor(
  db: Db,
  orgId: string,
  customerId: string,
  currency: string,
): Promise<bigint> {
  const row = await db
    .selectFrom('invoices')
    .select(sql<bigint>`coalesce(sum(open_minor), 0)`.as('open_minor'))
    .where('org_id', '=', orgId)
    .where('customer_id', '=', customerId)
    .where('currency', '=', currency)
    .where('status', 'in', openInvoiceStatuses)
    .executeTakeFirstOrThrow();
  return row.open_minor;
}

/**
 * What the invoices had open at the end of the day before `startsOn`: their totals less what was
 * applied before it. A plan covers that much, and counts everything applied from `startsOn` on.
 */
export async function openMinorBefore(
  db: Db,
  orgId: string,
  invoiceIds: readonly string[],
  startsOn: CalendarDate,
): Promise<bigint> {
  const result = await sql<{ open_minor: bigint }>`
    SELECT (coalesce(sum(i.total_minor), 0) - coalesce((
      SELECT sum(a.amount_minor) FROM applications a
      WHERE a.org_id = ${orgId} AND a.invoice_id = any(${uuids(invoiceIds)}) AND a.applied_on < ${startsOn}), 0)) AS open_minor
    FROM invoices i
    WHERE i.org_id = ${orgId} AND i.id = any(${uuids(invoiceIds)})
  `.execute(db);
  return result.rows[0]?.open_minor ?? 0n;
}

// ---------------------------------------------------------------------------------------------
// Promises

export interface PromiseRowInput {
  readonly id: string;
  readonly customerId: string;
  readonly amountMinor: bigint;
  readonly currency: string;
  readonly madeOn: CalendarDate;
  readonly promisedOn: CalendarDate;
  readonly invoiceIds: readonly string[];
  readonly notes: string | null;
  readonly createdBy: string | null;
}

export async function insertPromise(
  db: Db,
  orgId: string,
  promise: PromiseRowInput,
): Promise<void> {
  await db
    .insertInto('promises')
    .values({
      org_id: orgId,
      id: promise.id,
      customer_id: promise.customerId,
      amount_minor: promise.amountMinor,
      currency: promise.currency,
      made_on: promise.madeOn,
      promised_on: promise.promisedOn,
      invoice_ids: [...promise.invoiceIds],
      notes: promise.notes,
      created_by: promise.createdBy,
    })
    .execute();
}

function promiseQuery(db: Db, orgId: string) {
  return db
    .selectFrom('promises as p')
    .innerJoin('customers as c', (join) =>
      join.onRef('c.org_id', '=', 'p.org_id').onRef('c.id', '=', 'p.customer_id'),
    )
    .select([
      'p.id',
      'p.customer_id',
      'c.ref as customer_ref',
      'p.amount_minor',
      'p.currency',
      'p.made_on',
      'p.promised_on',
      'p.invoice_ids',
      'p.status',
      'p.decided_on',
      'p.notes',
      'p.created_by',
      'p.created_at',
    ])
    .where('p.org_id', '=', orgId);
}

export type PromiseRow = Awaited<
  ReturnType<ReturnType<typeof promiseQuery>['executeTakeFirstOrThrow']>
>;

export interface PromiseDetail {
  readonly promise: PromiseRow;
  /** Payments applied in the promise's window so far. */
  readonly paidMinor: bigint;
}

export async function findPromise(
  db: Db,
  orgId: string,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<PromiseRow | undefined> {
  let query = promiseQuery(db, orgId).where('p.id', '=', id);
  if (options.forUpdate) query = query.forUpdate('p');
  return query.executeTakeFirst();
}

export interface CommitmentFilter {
  readonly status?: string | undefined;
  readonly customerId?: string | undefined;
}

const promiseSort: SortSpec = { expression: 'p.promised_on', idColumn: 'p.id', cast: 'date' };

/** Promises by promised date, soonest first. */
export async function listPromiseRows(
  db: Db,
  orgId: string,
  filter: CommitmentFilter,
  page: PageRequest,
) {
  let query = promiseQuery(db, orgId).select(sortKeySelection(promiseSort));
  if (filter.status !== undefined) query = query.where('p.status', '=', filter.status);
  if (filter.customerId !== undefined) query = query.where('p.customer_id', '=', filter.customerId);
  return paginate(query, promiseSort, page);
}

/** The payments (and discounts taken with them) in a promise's window, net of reversals. */
function promisePaidExpression() {
  return sql<bigint>`coalesce((
    SELECT sum(a.amount_minor) FROM applications a
    WHERE a.org_id = p.org_id AND a.customer_id = p.customer_id AND a.currency = p.currency
      AND a.source_type IN ('payment', 'discount')
      AND a.applied_on BETWEEN p.made_on AND p.promised_on
      AND (cardinality(p.invoice_ids) = 0 OR a.invoice_id = any(p.invoice_ids))), 0)`;
}

export async function promisePaidMinor(db: Db, orgId: string, id: string): Promise<bigint> {
  const row = await db
    .selectFrom('promises as p')
    .select(promisePaidExpression().as('paid_minor'))
    .where('p.org_id', '=', orgId)
    .where('p.id', '=', id)
    .executeTakeFirst();
  return row?.paid_minor ?? 0n;
}

export async function cancelPromiseRow(
  db: Db,
  orgId: string,
  id: string,
  on: CalendarDate,
): Promise<void> {
  await db
    .updateTable('promises')
    .set({ status: 'cancelled', decided_on: on })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .execute();
}

/** Open promises with what has been paid against each: the review's one read. */
/**
 * Whether any of the customers has an open promise or an active plan, as an expression: money
 * applied for a customer without commitments (most of them) then costs no review. The statement
 * that writes a payment's applications answers it (commitments.hooks.ts); anyOpenCommitments
 * asks it alone.
 */
export function openCommitmentsExist(
  orgId: string,
  customerIds: readonly string[],
): RawBuilder<boolean> {
  return sql<boolean>`(EXISTS (SELECT 1 FROM promises WHERE org_id = ${orgId} AND status = 'open'
        AND customer_id = any(${uuids(customerIds)}))
      OR EXISTS (SELECT 1 FROM payment_plans WHERE org_id = ${orgId} AND status = 'active'
        AND customer_id = any(${uuids(customerIds)})))`;
}

export async function anyOpenCommitments(
  db: Db,
  orgId: string,
  customerIds: readonly string[],
): Promise<boolean> {
  const result = await sql<{
    found: boolean;
  }>`SELECT ${openCommitmentsExist(orgId, customerIds)} AS found`.execute(db);
  return result.rows[0]!.found;
}

export async function openPromiseFigures(
  db: Db,
  orgId: string,
  customerIds: readonly string[] | undefined,
) {
  let query = db
    .selectFrom('promises as p')
    .innerJoin('customers as c', (join) =>
      join.onRef('c.org_id', '=', 'p.org_id').onRef('c.id', '=', 'p.customer_id'),
    )
    .select([
      'p.id',
      'p.customer_id',
      'c.collector_id',
      'p.amount_minor',
      'p.currency',
      'p.made_on',
      'p.promised_on',
      'p.invoice_ids',
      promisePaidExpression().as('paid_minor'),
    ])
    .where('p.org_id', '=', orgId)
    .where('p.status', '=', 'open');
  if (customerIds !== undefined)
    query = query.where('p.customer_id', '=', sql<string>`any(${uuids(customerIds)})`);
  return query.execute();
}

/**
 * Moves the given open promises to their decided status in one statement. Only rows still open
 * change, so two reviews racing cannot both decide one promise: the returned ids are the ones this
 * call decided.
 */
export async function decidePromiseRows(
  db: Db,
  orgId: string,
  decisions: readonly { id: string; status: 'kept' | 'broken' }[],
  on: CalendarDate,
): Promise<Set<string>> {
  if (decisions.length === 0) return new Set();
  const result = await sql<{ id: string }>`
    UPDATE promises AS p SET status = d.status, decided_on = ${on}
    FROM unnest(${uuids(decisions.map((decision) => decision.id))}, ${sql.val(decisions.map((decision) => decision.status))}::text[]) AS d (id, status)
    WHERE p.org_id = ${orgId} AND p.id = d.id AND p.status = 'open'
    RETURNING p.id
  `.execute(db);
  return new Set(result.rows.map((row) => row.id));
}

// ---------------------------------------------------------------------------------------------
// Payment plans

export interface PlanRowInput {
  readonly id: string;
  readonly customerId: string;
  readonly currency: string;
  readonly totalMinor: bigint;
  readonly invoiceIds: readonly string[];
  readonly startsOn: CalendarDate;
  readonly notes: string | null;
  readonly createdBy: string | null;
}

export async function insertPlan(
  db: Db,
  orgId: string,
  plan: PlanRowInput,
  installments: readonly Installment[],
): Promise<void> {
  await db
    .insertInto('payment_plans')
    .values({
      org_id: orgId,
      id: plan.id,
      customer_id: plan.customerId,
      currency: plan.currency,
      total_minor: plan.totalMinor,
      invoice_ids: [...plan.invoiceIds],
      starts_on: plan.startsOn,
      notes: plan.notes,
      created_by: plan.createdBy,
    })
    .execute();
  await db
    .insertInto('payment_plan_installments')
    .values(
      installments.map((installment) => ({
        org_id: orgId,
        plan_id: plan.id,
        position: installment.position,
        due_on: installment.dueOn,
        amount_minor: installment.amountMinor,
        is_down_payment: installment.isDownPayment,
      })),
    )
    .execute();
}

function planQuery(db: Db, orgId: string) {
  return db
    .selectFrom('payment_plans as pp')
    .innerJoin('customers as c', (join) =>
      join.onRef('c.org_id', '=', 'pp.org_id').onRef('c.id', '=', 'pp.customer_id'),
    )
    .select([
      'pp.id',
      'pp.customer_id',
      'c.ref as customer_ref',
      'pp.currency',
      'pp.total_minor',
      'pp.invoice_ids',
      'pp.starts_on',
      'pp.status',
      'pp.decided_on',
      'pp.notes',
      'pp.created_by',
      'pp.created_at',
    ])
    .where('pp.org_id', '=', orgId);
}

export type PlanRow = Awaited<ReturnType<ReturnType<typeof planQuery>['executeTakeFirstOrThrow']>>;

export interface PlanDetail {
  readonly plan: PlanRow;
  readonly asOf: CalendarDate;
  readonly installments: readonly InstallmentProgress[];
}

export async function findPlan(
  db: Db,
  orgId: string,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<PlanRow | undefined> {
  let query = planQuery(db, orgId).where('pp.id', '=', id);
  if (options.forUpdate) query = query.forUpdate('pp');
  return query.executeTakeFirst();
}

const planSort: SortSpec = { expression: 'pp.created_at', idColumn: 'pp.id', cast: 'timestamptz' };

/** Plans, newest first. */
export async function listPlanRows(
  db: Db,
  orgId: string,
  filter: CommitmentFilter,
  page: PageRequest,
) {
  let query = planQuery(db, orgId).select(sortKeySelection(planSort));
  if (filter.status !== undefined) query = query.where('pp.status', '=', filter.status);
  if (filter.customerId !== undefined)
    query = query.where('pp.customer_id', '=', filter.customerId);
  return paginate(query, planSort, { ...page, descending: true });
}

/** The installments of some plans, each plan's in order. */
export async function planInstallments(
  db: Db,
  orgId: string,
  planIds: readonly string[],
): Promise<Map<string, Installment[]>> {
  const byPlan = new Map<string, Installment[]>();
  if (planIds.length === 0) return byPlan;
  const rows = await db
    .selectFrom('payment_plan_installments')
    .select(['plan_id', 'position', 'due_on', 'amount_minor', 'is_down_payment'])
    .where('org_id', '=', orgId)
    .where('plan_id', '=', sql<string>`any(${uuids(planIds)})`)
    .orderBy('plan_id')
    .orderBy('position')
    .execute();
  for (const row of rows) {
    const list = byPlan.get(row.plan_id) ?? [];
    list.push({
      position: row.position,
      dueOn: row.due_on as CalendarDate,
      amountMinor: row.amount_minor,
      isDownPayment: row.is_down_payment,
    });
    byPlan.set(row.plan_id, list);
  }
  return byPlan;
}

/** Everything applied to the covered invoices from the plan's start: payments, credit, write-offs. */
function planPaidExpression() {
  return sql<bigint>`coalesce((
    SELECT sum(a.amount_minor) FROM applications a
    WHERE a.org_id = pp.org_id AND a.invoice_id = any(pp.invoice_ids) AND a.applied_on >= pp.starts_on), 0)`;
}

export async function planPaidMinor(db: Db, orgId: string, id: string): Promise<bigint> {
  const row = await db
    .selectFrom('payment_plans as pp')
    .select(planPaidExpression().as('paid_minor'))
    .where('pp.org_id', '=', orgId)
    .where('pp.id', '=', id)
    .executeTakeFirst();
  return row?.paid_minor ?? 0n;
}

/** Which of these invoices an active plan already covers. */
export async function invoicesInActivePlans(
  db: Db,
  orgId: string,
  invoiceIds: readonly string[],
): Promise<Set<string>> {
  const result = await sql<{ id: string }>`
    SELECT DISTINCT covered.id FROM payment_plans pp, unnest(pp.invoice_ids) AS covered (id)
    WHERE pp.org_id = ${orgId} AND pp.status = 'active' AND covered.id = any(${uuids(invoiceIds)})
  `.execute(db);
  return new Set(result.rows.map((row) => row.id));
}

export async function cancelPlanRow(
  db: Db,
  orgId: string,
  id: string,
  on: CalendarDate,
): Promise<void> {
  await db
    .updateTable('payment_plans')
    .set({ status: 'cancelled', decided_on: on })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .execute();
}

/** Active plans with what has been paid against each: the review's read. */
export async function activePlanFigures(
  db: Db,
  orgId: string,
  customerIds: readonly string[] | undefined,
) {
  let query = db
    .selectFrom('payment_plans as pp')
    .innerJoin('customers as c', (join) =>
      join.onRef('c.org_id', '=', 'pp.org_id').onRef('c.id', '=', 'pp.customer_id'),
    )
    .select([
      'pp.id',
      'pp.customer_id',
      'c.collector_id',
      'pp.currency',
      'pp.total_minor',
      'pp.invoice_ids',
      planPaidExpression().as('paid_minor'),
    ])
    .where('pp.org_id', '=', orgId)
    .where('pp.status', '=', 'active');
  if (customerIds !== undefined)
    query = query.where('pp.customer_id', '=', sql<string>`any(${uuids(customerIds)})`);
  return query.execute();
}

/** As decidePromiseRows, for plans: only active plans change, and the ids changed are returned. */
export async function decidePlanRows(
  db: Db,
  orgId: string,
  decisions: readonly { id: string; status: 'completed' | 'broken' }[],
  on: CalendarDate,
): Promise<Set<string>> {
  if (decisions.length === 0) return new Set();
  const result = await sql<{ id: string }>`
    UPDATE payment_plans AS pp SET status = d.status, decided_on = ${on}
    FROM unnest(${uuids(decisions.map((decision) => decision.id))}, ${sql.val(decisions.map((decision) => decision.status))}::text[]) AS d (id, status)
    WHERE pp.org_id = ${orgId} AND pp.id = d.id AND pp.status = 'active'
    RETURNING pp.id
  `.execute(db);
  return new Set(result.rows.map((row) => row.id));
}

// ---------------------------------------------------------------------------------------------
// Tasks

export interface TaskRowInput {
  readonly id: string;
  readonly customerId: string;
  readonly kind: 'call';
  readonly title: string;
  readonly assigneeId: string | null;
  readonly dueOn: CalendarDate;
  readonly invoiceIds: readonly string[];
  readonly source: 'promise_broken' | 'plan_broken';
  readonly createdBy: string | null;
}

// ---------------------------------------------------------------------------------------------
// Disputes and their evidence

export interface DisputeRowInput {
  readonly id: string;
  readonly customerId: string;
  readonly invoiceId: string;
  readonly amountMinor: bigint | null;
  readonly reason: string;
  readonly ownerId: string | null;
  readonly openedOn: CalendarDate;
  readonly notes: string | null;
  readonly createdBy: string | null;
}

export async function insertDispute(
  db: Db,
  orgId: string,
  dispute: DisputeRowInput,
): Promise<void> {
  await db
    .insertInto('disputes')
    .values({
      org_id: orgId,
      id: dispute.id,
      customer_id: dispute.customerId,
      invoice_id: dispute.invoiceId,
      amount_minor: dispute.amountMinor,
      reason: dispute.reason,
      owner_id: dispute.ownerId,
      opened_on: dispute.openedOn,
      notes: dispute.notes,
      created_by: dispute.createdBy,
    })
    .execute();
}

function disputeQuery(db: Db, orgId: string) {
  return db
    .selectFrom('disputes as d')
    .innerJoin('invoices as i', (join) =>
      join.onRef('i.org_id', '=', 'd.org_id').onRef('i.id', '=', 'd.invoice_id'),
    )
    .innerJoin('customers as c', (join) =>
      join.onRef('c.org_id', '=', 'd.org_id').onRef('c.id', '=', 'd.customer_id'),
    )
    .select([
      'd.id',
      'd.customer_id',
      'c.ref as customer_ref',
      'd.invoice_id',
      'i.number as invoice_number',
      'i.currency',
      'i.open_minor as invoice_open_minor',
      'd.amount_minor',
      'd.reason',
      'd.owner_id',
      'd.status',
      'd.opened_on',
      'd.resolved_on',
      'd.resolution_note',
      'd.credit_note_id',
      'd.notes',
      'd.created_by',
      'd.created_at',
    ])
    .where('d.org_id', '=', orgId);
}

export type DisputeRow = Awaited<
  ReturnType<ReturnType<typeof disputeQuery>['executeTakeFirstOrThrow']>
>;

export async function findDispute(
  db: Db,
  orgId: string,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<DisputeRow | undefined> {
  let query = disputeQuery(db, orgId).where('d.id', '=', id);
  if (options.forUpdate) query = query.forUpdate('d');
  return query.executeTakeFirst();
}

export async function openDisputeOn(
  db: Db,
  orgId: string,
  invoiceId: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('disputes')
    .select('id')
    .where('org_id', '=', orgId)
    .where('invoice_id', '=', invoiceId)
    .where('status', '=', 'open')
    .executeTakeFirst();
  return row?.id;
}

export interface DisputeFilter extends CommitmentFilter {
  readonly invoiceId?: string | undefined;
}

const disputeSort: SortSpec = { expression: 'd.opened_on', idColumn: 'd.id', cast: 'date' };

/** Disputes, most recently opened first. */
export async function listDisputeRows(
  db: Db,
  orgId: string,
  filter: DisputeFilter,
  page: PageRequest,
) {
  let query = disputeQuery(db, orgId).select(sortKeySelection(disputeSort));
  if (filter.status !== undefined) query = query.where('d.status', '=', filter.status);
  if (filter.customerId !== undefined) query = query.where('d.customer_id', '=', filter.customerId);
  if (filter.invoiceId !== undefined) query = query.where('d.invoice_id', '=', filter.invoiceId);
  return paginate(query, disputeSort, { ...page, descending: true });
}

export interface DisputeClosing {
  readonly status: 'resolved' | 'rejected';
  readonly resolvedOn: CalendarDate;
  readonly resolutionNote: string | null;
  readonly creditNoteId: string | null;
}

export async function closeDisputeRow(
  db: Db,
  orgId: string,
  id: string,
  closing: DisputeClosing,
): Promise<void> {
  await db
    .updateTable('disputes')
    .set({
      status: closing.status,
      resolved_on: closing.resolvedOn,
      resolution_note: closing.resolutionNote,
      credit_note_id: closing.creditNoteId,
    })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .execute();
}

export interface DocumentRowInput {
  readonly id: string;
  readonly customerId: string;
  readonly fileName: string;
  readonly contentType: string;
  readonly content: Uint8Array;
  readonly createdBy: string | null;
}

export async function insertEvidence(
  db: Db,
  orgId: string,
  disputeId: string,
  document: DocumentRowInput,
): Promise<void> {
  await insertStoredFile(db, orgId, { ...document, kind: 'evidence' });
  await db
    .insertInto('dispute_documents')
    .values({ org_id: orgId, dispute_id: disputeId, document_id: document.id })
    .execute();
}

/** The evidence of a dispute, without the bytes. */
export async function disputeDocumentList(db: Db, orgId: string, disputeId: string) {
  return db
    .selectFrom('dispute_documents as dd')
    .innerJoin('documents as doc', (join) =>
      join.onRef('doc.org_id', '=', 'dd.org_id').onRef('doc.id', '=', 'dd.document_id'),
    )
    .select([
      'doc.id',
      'doc.file_name',
      'doc.content_type',
      sql<number>`octet_length(doc.content)`.as('size_bytes'),
      'doc.created_by',
      'doc.created_at',
    ])
    .where('dd.org_id', '=', orgId)
    .where('dd.dispute_id', '=', disputeId)
    .orderBy('doc.created_at')
    .orderBy('doc.id')
    .execute();
}

export type DisputeDocumentInfo = Awaited<ReturnType<typeof disputeDocumentList>>[number];

export interface DisputeDetail {
  readonly dispute: DisputeRow;
  readonly documents: readonly DisputeDocumentInfo[];
}

export async function findDisputeDocument(
  db: Db,
  orgId: string,
  disputeId: string,
  documentId: string,
) {
  return db
    .selectFrom('dispute_documents as dd')
    .innerJoin('documents as doc', (join) =>
      join.onRef('doc.org_id', '=', 'dd.org_id').onRef('doc.id', '=', 'dd.document_id'),
    )
    .select(['doc.id', 'doc.file_name', 'doc.content_type', 'doc.content'])
    .where('dd.org_id', '=', orgId)
    .where('dd.dispute_id', '=', disputeId)
    .where('dd.document_id', '=', documentId)
    .executeTakeFirst();
}

/**
 * Disputes per currency and reason: open ones with their amount (a whole-invoice dispute counts
 * the invoice's open balance), closed ones (resolved or rejected) with the days they took, and
 * what credit notes gave back.
 */
export async function disputeReportRows(db: Db, orgId: string, customerId: string | undefined) {
  const customer = customerId === undefined ? sql`true` : sql`d.customer_id = ${customerId}`;
  const result = await sql<{
    currency: string;
    reason: string;
    open_count: number;
    open_minor: bigint;
    resolved_count: number;
    rejected_count: number;
    credited_minor: bigint;
    days_to_resolve_total: number;
  }>`
    SELECT i.currency, d.reason,
      count(*) FILTER (WHERE d.status = 'open')::int AS open_count,
      coalesce(sum(coalesce(d.amount_minor, i.open_minor)) FILTER (WHERE d.status = 'open'), 0) AS open_minor,
      count(*) FILTER (WHERE d.status = 'resolved')::int AS resolved_count,
      count(*) FILTER (WHERE d.status = 'rejected')::int AS rejected_count,
      coalesce(sum(cn.total_minor), 0) AS credited_minor,
      coalesce(sum(d.resolved_on - d.opened_on) FILTER (WHERE d.status <> 'open'), 0)::int AS days_to_resolve_total
    FROM disputes d
    JOIN invoices i ON i.org_id = d.org_id AND i.id = d.invoice_id
    LEFT JOIN credit_notes cn ON cn.org_id = d.org_id AND cn.id = d.credit_note_id
    WHERE d.org_id = ${orgId} AND ${customer}
    GROUP BY i.currency, d.reason
    ORDER BY i.currency, d.reason
  `.execute(db);
  return result.rows;
}

export type DisputeReportRow = Awaited<ReturnType<typeof disputeReportRows>>[number];

export interface DisputeReport {
  readonly currencies: readonly {
    readonly currency: string;
    readonly reasons: readonly DisputeReportRow[];
  }[];
}
