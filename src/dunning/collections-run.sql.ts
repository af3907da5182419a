import { sql } from 'kysely';
import type { CalendarDate } from '../core/calendar-date.js';
import { openInvoiceStatusList } from '../ledger/open-items.sql.js';
import type { Db, Tx } from '../platform/db/database.js';
import { policyReach, type RunCandidate } from './collections-run.js';
import { now as clockNow } from '../core/clock.js';

/** What the run reads against: the organization, the day, and the steps of its policies. */
export interface RunScope {
  readonly orgId: string;
  readonly today: CalendarDate;
  readonly defaultPolicyId: string;
  readonly steps: readonly {
    readonly policyId: string;
    readonly key: string;
    readonly offsetDays: number;
  }[];
}

/**
 * The policies' reached steps, the open disputes, the customers with an open promise and the
 * invoices that active payment plans, open promises and agency placements hold, as tables read
 * once per query.
 */
const followUpTables = (scope: RunScope) => sql`policy_reach AS MATERIALIZED (
  SELECT * FROM jsonb_to_recordset(${JSON.stringify(policyReach(scope.steps))}::jsonb)
    AS r(policy_id uuid, step_key text, from_days int, to_days int)),
  open_disputes AS (SELECT d.invoice_id, bool_or(d.amount_minor IS NULL) AS whole, sum(d.amount_minor) AS part
    FROM disputes d WHERE d.org_id = ${scope.orgId} AND d.status = 'open' GROUP BY d.invoice_id),
  promising AS (SELECT pr.customer_id, bool_or(cardinality(pr.invoice_ids) = 0) AS whole_account
    FROM promises pr WHERE pr.org_id = ${scope.orgId} AND pr.status = 'open' GROUP BY pr.customer_id),
  held AS (SELECT unnest(pp.invoice_ids) AS invoice_id FROM payment_plans pp WHERE pp.org_id = ${scope.orgId} AND pp.status = 'active'
    UNION ALL SELECT unnest(pr.invoice_ids) FROM promises pr WHERE pr.org_id = ${scope.orgId} AND pr.status = 'open'
    UNION ALL SELECT unnest(ap.invoice_ids) FROM agency_placements ap WHERE ap.org_id = ${scope.orgId} AND ap.status = 'active')`;

/**
 * The reads and writes of the collections run, set-based: one query gathers every invoice that
 * may need a step, with what was done for it already, for a slice of customers at a time.
 *
 * An invoice needs nothing when every step at the latest offset its policy has reached is done:
 * then the policy goes no further, and earlier steps never fire after a later one (decideStep).
 * Filtering those out in the database is what makes a second run of the day read nothing; the
 * rest, conditions included, is decided by decideStep. Every condition is a join or an anti-join
 * rather than a subquery per invoice: the per-invoice form cost a million in the planner's
 * units, which also made PostgreSQL compile the query (JIT) for longer than it then ran. The
 * lookups per invoice left are in the steps' unique key: whether the step reached is done, for
 * every invoice (a second run of the day stops there), and which steps are, for those that pass.
 *
 * An open dispute on part of an invoice takes that part out of the follow-up (and out of any late
 * fee): the rest is followed up as usual, so a customer cannot hold up a whole invoice by disputing
 * a line. An invoice is left alone while it is disputed whole, covered by an active payment plan, an open
 * promise (a promise naming no invoices covers the whole account) or an active agency placement,
 * or while its customer is paused (until collections_paused_until, the day follow-up resumes).
 *
 * An invoice whose reached offset has several steps not done is joined once per such step:
 * callers that need one row per invoice take DISTINCT.
 */
const followUpJoins = (scope: RunScope) => sql`
  JOIN customers c ON c.org_id = i.org_id AND c.id = i.customer_id
  JOIN policy_reach r ON r.policy_id = coalesce(c.policy_id, ${scope.defaultPolicyId}::uuid)
    AND ${scope.today}::date - i.due_on >= r.from_days
    AND (r.to_days IS NULL OR ${scope.today}::date - i.due_on < r.to_days)
  LEFT JOIN open_disputes od ON od.invoice_id = i.id
  LEFT JOIN promising hp ON hp.customer_id = i.customer_id`;

/** What an open dispute takes out of the invoice's open amount. */
const disputedMinor = sql`coalesce(CASE WHEN od.whole THEN i.open_minor ELSE od.part END, 0)::int8`;

const followUpFilter = (scope: RunScope, leadDays: number) => sql`
  i.org_id = ${scope.orgId} AND i.status IN (${openInvoiceStatusList}) AND i.open_minor > 0
  AND i.due_on <= ${scope.today}::date + ${leadDays}::int
  AND NOT EXISTS (SELECT 1 FROM collection_steps s
    WHERE s.org_id = i.org_id AND s.invoice_id = i.id AND s.policy_id = r.policy_id AND s.step_key = r.step_key)
  AND NOT (c.collections_paused AND (c.collections_paused_until IS NULL OR c.collections_paused_until > ${scope.today}::date))
  AND i.open_minor > ${disputedMinor}
  AND NOT EXISTS (SELECT 1 FROM held h WHERE h.invoice_id = i.id)
  AND hp.whole_account IS NOT TRUE`;

type CandidateRow = {
  id: string;
  number: string;
  customer_id: string;
  ref: string;
  currency: string;
  issued_on: string;
  due_on: string;
  total_minor: bigint;
  open_minor: bigint;
  kind: string;
  policy_id: string;
  tags: string[];
  has_promise: boolean;
  done_keys: string[];
};

/** Every customer of the organization in id order, for cutting a run into slices. */
export async function collectionCustomerIds(db: Db, orgId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('customers')
    .select('id')
    .where('org_id', '=', orgId)
    .orderBy('id')
    .execute();
  return rows.map((row) => row.id);
}

/** The customers from `first` to `last` in id order, both included: a slice of a run. */
export interface CustomerRange {
  readonly first: string;
  readonly last: string;
}

/** A range scan of the customer index reads a slice's invoices; 'all' reads every customer's. */
function sliceFilter(column: ReturnType<typeof sql.ref>, customers: CustomerRange | 'all') {
  if (customers === 'all') return sql`true`;
  return sql`${column} BETWEEN ${customers.first}::uuid AND ${customers.last}::uuid`;
}

/**
 * The invoices of a range of customers (or of all) that may need a step, with the keys of the steps
 * done for them under their policy: a lookup per candidate in the steps' unique key, so that the
 * read costs what the run has to do, however many steps the book's history holds. Inside a
 * transaction, whose settings it changes.
 */
export async function runCandidates(
  db: Db,
  scope: RunScope,
  customers: CustomerRange | 'all',
  leadDays: number,
): Promise<RunCandidate[]> {
  // The whole book's candidates sort in memory rather than on disk (the default 4 MB spilled a
  // 100,000-invoice run), and the per-invoice lookup is not worth compiling.
  await sql`SET LOCAL work_mem = '64MB'`.execute(db);
  await sql`SET LOCAL jit = off`.execute(db);
  const result = await sql<CandidateRow>`
    WITH ${followUpTables(scope)}
    SELECT DISTINCT ON (i.customer_id, i.due_on, i.number, i.id)
      i.id, i.number, i.customer_id, c.ref, i.currency, i.issued_on, i.due_on, i.total_minor,
      i.open_minor - ${disputedMinor} AS open_minor, i.kind,
      r.policy_id, c.tags,
      hp.customer_id IS NOT NULL AS has_promise,
      (SELECT coalesce(array_agg(s.step_key), '{}') FROM collection_steps s
        WHERE s.org_id = i.org_id AND s.invoice_id = i.id AND s.policy_id = r.policy_id) AS done_keys
    FROM invoices i
    ${followUpJoins(scope)}
    WHERE ${sliceFilter(sql.ref('i.customer_id'), customers)} AND ${sliceFilter(sql.ref('c.id'), customers)} AND ${followUpFilter(scope, leadDays)}
    ORDER BY i.customer_id, i.due_on, i.number, i.id`.execute(db);
  const none: ReadonlySet<string> = new Set();
  return result.rows.map((row) => ({
    invoiceId: row.id,
    number: row.number,
    customerId: row.customer_id,
    customerRef: row.ref,
    currency: row.currency,
    issuedOn: row.issued_on as CalendarDate,
    dueOn: row.due_on as CalendarDate,
    totalMinor: row.total_minor,
    openMinor: row.open_minor,
    isLateFee: row.kind === 'late_fee',
    policyId: row.policy_id,
    customerTags: row.tags,
    customerHasActivePromise: row.has_promise,
    doneStepKeys: row.done_keys.length === 0 ? none : new Set(row.done_keys),
  }));
}

export interface MessageCustomer {
  id: string;
  ref: string;
  name: string;
  legal_name: string | null;
  billing_address: unknown;
  collector_id: string | null;
  collector_name: string | null;
  collector_email: string | null;
  /** Contacts who receive reminders and have an address, accounts payable first. */
  contacts: { name: string; email: string; role: string }[];
}

export async function messageCustomers(
  db: Db,
  orgId: string,
  customerIds: readonly string[],
): Promise<Map<string, MessageCustomer>> {
  if (customerIds.length === 0) return new Map();
  const result = await sql<MessageCustomer>`
    SELECT c.id, c.ref, c.name, c.legal_name, c.billing_address, c.collector_id, u.name AS collector_name, u.email AS collector_email,
      coalesce((SELECT json_agg(json_build_object('name', k.name, 'email', k.email, 'role', k.role)
          ORDER BY CASE k.role WHEN 'accounts_payable' THEN 0 WHEN 'billing' THEN 1 WHEN 'primary' THEN 2 ELSE 3 END, k.created_at, k.id)
        FROM contacts k WHERE k.org_id = c.org_id AND k.customer_id = c.id AND k.receives_reminders AND k.email IS NOT NULL), '[]') AS contacts
    FROM customers c
    LEFT JOIN users u ON u.org_id = c.org_id AND u.id = c.collector_id AND u.disabled_at IS NULL
    WHERE c.org_id = ${orgId} AND c.id = ANY (${[...customerIds]}::uuid[])`.execute(db);
  return new Map(result.rows.map((row) => [row.id, row]));
}

export interface OpenCredit {
  customer_id: string;
  item_type: 'payment' | 'credit_note';
  reference: string;
  document_on: string;
  currency: string;
  unapplied_minor: bigint;
}

/** Unapplied payments and credit notes now: their lasting balance step, which is negative. */
export async function openCredits(
  db: Db,
  orgId: string,
  customerIds: readonly string[],
): Promise<OpenCredit[]> {
  if (customerIds.length === 0) return [];
  const result = await sql<OpenCredit>`
    SELECT b.customer_id, b.item_type, coalesce(n.number, p.reference, 'payment of ' || to_char(b.document_on, 'YYYY-MM-DD')) AS reference,
      b.document_on, b.currency, -b.balance_minor AS unapplied_minor
    FROM balance_periods b
    LEFT JOIN credit_notes n ON n.org_id = b.org_id AND n.id = b.item_id AND b.item_type = 'credit_note'
    LEFT JOIN payments p ON p.org_id = b.org_id AND p.id = b.item_id AND b.item_type = 'payment'
    WHERE b.org_id = ${orgId} AND b.valid_to IS NULL AND b.item_type <> 'invoice'
      AND b.customer_id = ANY (${[...customerIds]}::uuid[])
    ORDER BY b.customer_id, b.document_on`.execute(db);
  return result.rows;
}

export interface OpenInvoice {
  id: string;
  customer_id: string;
  number: string;
  issued_on: string;
  due_on: string;
  currency: string;
  total_minor: bigint;
  open_minor: bigint;
}

/** Every open invoice of these customers, for statements. */
export async function openInvoicesOf(
  db: Db,
  orgId: string,
  customerIds: readonly string[],
): Promise<OpenInvoice[]> {
  if (customerIds.length === 0) return [];
  const result = await sql<OpenInvoice>`
    SELECT i.id, i.customer_id, i.number, i.issued_on, i.due_on, i.currency, i.total_minor, i.open_minor
    FROM invoices i
    WHERE i.org_id = ${orgId} AND i.customer_id = ANY (${[...customerIds]}::uuid[]) AND i.status IN (${openInvoiceStatusList})
    ORDER BY i.customer_id, i.due_on, i.number`.execute(db);
  return result.rows;
}

export interface ChargedRow {
  invoice_id: string;
  interest_through: string | null;
  one_off_charged: boolean;
}

export async function lateChargesSoFar(
  db: Db,
  orgId: string,
  invoiceIds: readonly string[],
): Promise<Map<string, ChargedRow>> {
  if (invoiceIds.length === 0) return new Map();
  const result = await sql<ChargedRow>`
    SELECT l.invoice_id, max(l.period_through) FILTER (WHERE l.kind = 'interest') AS interest_through,
      bool_or(l.kind <> 'interest') AS one_off_charged
    FROM late_charges l
    WHERE l.org_id = ${orgId} AND l.invoice_id = ANY (${[...invoiceIds]}::uuid[])
    GROUP BY l.invoice_id`.execute(db);
  return new Map(result.rows.map((row) => [row.invoice_id, row]));
}

export async function insertRun(
  db: Db,
  orgId: string,
  run: { id: string; runOn: CalendarDate; triggeredBy: 'scheduler' | 'cli' | 'api' },
) {
  await db
    .insertInto('collection_runs')
    .values({ org_id: orgId, id: run.id, run_on: run.runOn, triggered_by: run.triggeredBy })
    .execute();
}

export async function finishRun(db: Db, orgId: string, runId: string, summary: unknown) {
  await db
    .updateTable('collection_runs')
    .set({ finished_at: clockNow(), summary: JSON.stringify(summary) })
    .where('org_id', '=', orgId)
    .where('id', '=', runId)
    .execute();
}

export async function markRunThrough(db: Db, orgId: string, day: CalendarDate) {
  await sql`UPDATE organizations SET collections_run_through = greatest(collections_run_through, ${day}::date)
    WHERE id = ${orgId}`.execute(db);
}

export async function collectionsRunThrough(db: Db, orgId: string): Promise<CalendarDate | null> {
  const row = await db
    .selectFrom('organizations')
    .select('collections_run_through')
    .where('id', '=', orgId)
    .executeTakeFirst();
  return (row?.collections_run_through ?? null) as CalendarDate | null;
}

export interface StepRecord {
  id: string;
  runId: string;
  customerId: string;
  invoiceId: string;
  policyId: string;
  stepKey: string;
  action: string;
  outcome: 'fired' | 'skipped';
  doneOn: CalendarDate;
}

/**
 * A run's read looks up each candidate's steps done in collection_steps, planned by the table's
 * statistics. After a first run (or an import) those still say the table is empty while the run
 * has filled it: PostgreSQL then scanned the steps for each invoice instead of looking it up, and
 * one read took 6 to 11 s of a 50,000-invoice book. So when a run wrote more steps than the
 * planner believes the table holds, the statistics are taken again (ANALYZE samples at most
 * 30,000 rows: tens of milliseconds), which happens after a book's first runs and almost never
 * after.
 */
export async function refreshStepStatistics(db: Db, written: number): Promise<void> {
  if (written < stepsWorthAnalyzing) return;
  const { rows } = await sql<{ estimate: number }>`
    SELECT reltuples::float8 AS estimate FROM pg_class WHERE oid = 'collection_steps'::regclass
  `.execute(db);
  if (written > Math.max(rows[0]?.estimate ?? 0, 0))
    await sql`ANALYZE collection_steps`.execute(db);
}

/** Below this, a wrong plan costs less than taking the statistics. */
const stepsWorthAnalyzing = 1_000;

/**
 * Records steps done. A step recorded twice is refused by the steps' unique key rather than
 * skipped (ON CONFLICT DO NOTHING): the run then knows that another run wrote in between and
 * decides the slice again (isStepDoneTwice).
 */
export async function copySteps(
  tx: Tx,
  orgId: string,
  steps: readonly StepRecord[],
): Promise<void> {
  await tx.copy(
    'collection_steps',
    [
      'org_id',
      'id',
      'run_id',
      'customer_id',
      'invoice_id',
      'policy_id',
      'step_key',
      'action',
      'outcome',
      'done_on',
    ],
    steps.map((s) => [
      orgId,
      s.id,
      s.runId,
      s.customerId,
      s.invoiceId,
      s.policyId,
      s.stepKey,
      s.action,
      s.outcome,
      s.doneOn,
    ]),
  );
}

/** Whether a write failed because a step it records was already done: another run did it. */
export function isStepDoneTwice(error: unknown): boolean {
  const database = error as { code?: unknown; constraint?: unknown } | null;
  return (
    database?.code === '23505' &&
    database.constraint === 'collection_steps_org_id_invoice_id_policy_id_step_key_key'
  );
}

/** Puts customers on credit hold; returns those that were not on hold before. */
export async function holdCredit(
  db: Db,
  orgId: string,
  customerIds: readonly string[],
): Promise<string[]> {
  if (customerIds.length === 0) return [];
  // The ids as one array parameter rather than a list of a thousand.
  const result = await sql<{ id: string }>`
    UPDATE customers SET credit_hold = true, updated_at = ${clockNow()}
    WHERE org_id = ${orgId} AND id = ANY (${[...customerIds]}::uuid[]) AND credit_hold = false
    RETURNING id`.execute(db);
  return result.rows.map((row) => row.id);
}

export async function insertLateCharges(
  db: Db,
  orgId: string,
  charges: readonly {
    id: string;
    invoiceId: string;
    feeInvoiceId: string;
    kind: string;
    amountMinor: bigint;
    from: string | null;
    through: string | null;
  }[],
): Promise<void> {
  if (charges.length === 0) return;
  await db
    .insertInto('late_charges')
    .values(
      charges.map((c) => ({
        org_id: orgId,
        id: c.id,
        invoice_id: c.invoiceId,
        fee_invoice_id: c.feeInvoiceId,
        kind: c.kind,
        amount_minor: c.amountMinor,
        period_from: c.from,
        period_through: c.through,
      })),
    )
    .execute();
}

export async function organizationMailFacts(db: Db, orgId: string) {
  return db
    .selectFrom('organizations')
    .select(['name', 'company_details', 'portal_url', 'mail_from'])
    .where('id', '=', orgId)
    .executeTakeFirstOrThrow();
}
