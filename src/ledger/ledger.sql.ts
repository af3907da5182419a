import { sql, type RawBuilder } from 'kysely';
import { assert } from '../core/assert.js';
import type { CalendarDate } from '../core/calendar-date.js';
import { newId } from '../core/ids.js';
import type { Db, Tx } from '../platform/db/database.js';
import { executeWrites, writeCtes, type Write } from '../platform/db/one-statement.sql.js';
import type { OpenInvoice } from './allocation.js';
import type { ApplicationRow } from './application.js';
import { openInvoiceStatuses } from './invoice-status.js';
import type { JournalEntry } from './journal.js';

export type { ApplicationRow };

export const applicationColumns = [
  'org_id',
  'id',
  'customer_id',
  'invoice_id',
  'source_type',
  'source_id',
  'amount_minor',
  'currency',
  'applied_on',
  'reversal_id',
] as const;

export function applicationValues(orgId: string, row: ApplicationRow) {
  assert(row.amountMinor !== 0n, 'an application moves a non-zero amount');
  return [
    orgId,
    newId(),
    row.customerId,
    row.invoiceId,
    row.sourceType,
    row.sourceId,
    row.amountMinor,
    row.currency,
    row.appliedOn,
    row.reversalId ?? null,
  ] as const;
}

// One statement may carry at most 65,535 parameters: bulk writes go in chunks that stay under it
// (10 per application row, 8 per journal line).
const insertChunkRows = 2000;

function* chunksOf<T>(items: readonly T[], size: number): Generator<readonly T[]> {
  for (let start = 0; start < items.length; start += size) yield items.slice(start, start + size);
}

export async function insertApplications(
  db: Db,
  orgId: string,
  rows: readonly ApplicationRow[],
): Promise<string[]> {
  if (rows.length === 0) return [];
  const values = rows.map((row) => applicationValues(orgId, row));
  for (const chunk of chunksOf(values, insertChunkRows)) {
    await db
      .insertInto('applications')
      .values(
        chunk.map((v) => ({
          org_id: v[0],
          id: v[1],
          customer_id: v[2],
          invoice_id: v[3],
          source_type: v[4],
          source_id: v[5],
          amount_minor: v[6],
          currency: v[7],
          applied_on: v[8],
          reversal_id: v[9],
        })),
      )
      .execute();
  }
  return values.map((v) => v[1]);
}

export const journalEntryColumns = [
  'org_id',
  'id',
  'entry_on',
  'source_type',
  'source_id',
  'description',
] as const;
export const journalLineColumns = [
  'org_id',
  'entry_id',
  'line_number',
  'account',
  'customer_id',
  'currency',
  'debit_minor',
  'credit_minor',
] as const;

export function journalValues(orgId: string, entry: JournalEntry) {
  const id = newId();
  return {
    entry: [orgId, id, entry.entryOn, entry.sourceType, entry.sourceId, entry.description] as const,
    lines: entry.lines.map(
      (line, index) =>
        [
          orgId,
          id,
          index + 1,
          line.account,
          entry.customerId,
          entry.currency,
          line.debitMinor,
          line.creditMinor,
        ] as const,
    ),
  };
}

/** An event that moves nothing (a free sample, an invoice totalling zero) has no lines and no entry. */
function movesMoney(entry: JournalEntry): boolean {
  return entry.lines.length > 0;
}

export async function insertJournalEntries(
  db: Db,
  orgId: string,
  entries: readonly JournalEntry[],
): Promise<void> {
  const values = entries.filter(movesMoney).map((entry) => journalValues(orgId, entry));
  if (values.length === 0) return;
  for (const chunk of chunksOf(values, insertChunkRows)) {
    await db
      .insertInto('journal_entries')
      .values(
        chunk.map(({ entry: e }) => ({
          org_id: e[0],
          id: e[1],
          entry_on: e[2],
          source_type: e[3],
          source_id: e[4],
          description: e[5],
        })),
      )
      .execute();
  }
  for (const chunk of chunksOf(
    values.flatMap((v) => v.lines),
    insertChunkRows,
  )) {
    await db
      .insertInto('journal_lines')
      .values(
        chunk.map((l) => ({
          org_id: l[0],
          entry_id: l[1],
          line_number: l[2],
          account: l[3],
          customer_id: l[4],
          currency: l[5],
          debit_minor: l[6],
          credit_minor: l[7],
        })),
      )
      .execute();
  }
}

/**
 * The same entries as writes another statement carries (platform/db/one-statement.sql.ts): a use
 * case posting one payment sends its entry with its other writes, in one round trip.
 */
export function journalEntriesWrites(orgId: string, entries: readonly JournalEntry[]): Write[] {
  const values = entries.filter(movesMoney).map((entry) => journalValues(orgId, entry));
  if (values.length === 0) return [];
  const tuple = (row: readonly unknown[]) => sql`(${sql.join(row.map((value) => sql.val(value)))})`;
  return [
    sql`INSERT INTO journal_entries (${sql.raw(journalEntryColumns.join(', '))})
      VALUES ${sql.join(values.map((v) => tuple(v.entry)))}`,
    sql`INSERT INTO journal_lines (${sql.raw(journalLineColumns.join(', '))})
      VALUES ${sql.join(values.flatMap((v) => v.lines).map(tuple))}`,
  ];
}

/** The same through COPY, for imports and generated books. */
export async function copyJournalEntries(
  tx: Tx,
  orgId: string,
  entries: Iterable<JournalEntry>,
): Promise<void> {
  const lines: (readonly unknown[])[] = [];
  function* heads() {
    for (const entry of entries) {
      if (!movesMoney(entry)) continue;
      const values = journalValues(orgId, entry);
      lines.push(...values.lines);
      yield values.entry;
    }
  }
  await tx.copy('journal_entries', journalEntryColumns, heads());
  await tx.copy('journal_lines', journalLineColumns, lines as never);
}

/**
 * The SET of an invoice's cached balance and status from `s`, its applications summed
 * (applied_minor, and written_off_minor for the part written off), joined as `i`: the one rule
 * every write that applies money to invoices keeps them by.
 */
const invoiceBalanceFromApplied = sql`open_minor = i.total_minor - s.applied_minor,
        status = CASE
          WHEN i.total_minor - s.applied_minor = 0 AND s.written_off_minor > 0 THEN 'written_off'
          WHEN i.total_minor - s.applied_minor = 0 THEN 'paid'
          WHEN i.total_minor - s.applied_minor = i.total_minor THEN 'open'
          ELSE 'partially_paid' END`;

/**
 * Recomputes the cached open balance and the status of issued invoices from their applications,
 * in one statement. The status rule is balanceStatus() in invoice-status.ts; a property test
 * checks the two agree.
 */
export async function recomputeInvoiceBalances(
  db: Db,
  orgId: string,
  invoiceIds: readonly string[],
): Promise<void> {
  // Distinct: an id listed twice (a reversal's payment and discount rows on one invoice) would
  // join its applications twice and double the sum.
  const ids = [...new Set(invoiceIds)];
  if (ids.length === 0) return;
  await sql`
    UPDATE invoices AS i
    SET ${invoiceBalanceFromApplied}
    FROM (
      SELECT ids.id,
             coalesce(sum(a.amount_minor), 0) AS applied_minor,
             coalesce(sum(a.amount_minor) FILTER (WHERE a.source_type = 'write_off'), 0) AS written_off_minor
      FROM unnest(${sql.val(ids)}::uuid[]) AS ids (id)
      LEFT JOIN applications a ON a.org_id = ${orgId} AND a.invoice_id = ids.id
      GROUP BY ids.id
    ) AS s
    WHERE i.org_id = ${orgId} AND i.id = s.id AND i.status NOT IN ('draft', 'void')
  `.execute(db);
}

const lockedInvoiceColumns = [
  'id',
  'number',
  'customer_id',
  'currency',
  'status',
  'issued_on',
  'due_on',
  'open_minor',
  'total_minor',
  'discount_on',
  'discount_minor',
] as const;

// Past this many rows an application goes through insertApplications in chunks instead.
const oneStatementApplicationsMax = 1000;

/**
 * Appends applications and recomputes the balances and statuses of the invoices they touch, in one
 * statement that also carries `writes` (the payment, its journal entries, its audit event): what
 * insertApplications and recomputeInvoiceBalances do in two. The recompute adds the rows being
 * inserted to the applications the statement sees, since a statement does not see its own
 * inserts; the invoices are locked (lockOpenInvoices), so no other transaction adds to them
 * meanwhile. Returns the applications' ids in the order of `rows`, and what each of `probes`
 * (boolean expressions, such as the application hooks' pending tests) answered in the same
 * statement; `probes` is undefined when the rows went in several statements.
 */
export async function insertApplicationsWithBalances(
  db: Db,
  orgId: string,
  rows: readonly ApplicationRow[],
  writes: readonly Write[],
  probes: readonly RawBuilder<boolean>[] = [],
): Promise<{ ids: string[]; probes: boolean[] | undefined }> {
  if (rows.length === 0 || rows.length > oneStatementApplicationsMax) {
    await executeWrites(db, writes);
    const ids = await insertApplications(db, orgId, rows);
    await recomputeInvoiceBalances(
      db,
      orgId,
      rows.map((row) => row.invoiceId),
    );
    return { ids, probes: undefined };
  }
  const values = rows.map((row) => applicationValues(orgId, row));
  const invoiceIds = [...new Set(rows.map((row) => row.invoiceId))];
  const tuple = (row: readonly unknown[]) => sql`(${sql.join(row.map((value) => sql.val(value)))})`;
  // The UPDATE rides as a CTE too, so that the statement can answer the probes: a data-modifying
  // CTE runs whether or not anything reads it, and the probes see the snapshot the writes started
  // from, which is all they ask about (other tables than these).
  const probed =
    probes.length > 0
      ? sql.join(probes.map((probe, index) => sql`${probe} AS ${sql.ref(`probe_${index}`)}`))
      : sql`1`;
  const result = await sql<Record<string, boolean>>`
    WITH ${sql.join([
      ...writeCtes(writes),
      sql`new_applications AS (
        INSERT INTO applications (${sql.raw(applicationColumns.join(', '))})
        VALUES ${sql.join(values.map(tuple))}
        RETURNING invoice_id, source_type, amount_minor)`,
    ])}, balances AS (
    UPDATE invoices AS i
    SET ${invoiceBalanceFromApplied}
    FROM (
      SELECT t.id, sum(t.amount_minor) AS applied_minor,
             coalesce(sum(t.amount_minor) FILTER (WHERE t.source_type = 'write_off'), 0) AS written_off_minor
      FROM (
        SELECT ids.id, coalesce(a.amount_minor, 0) AS amount_minor, a.source_type
        -- A VALUES list rather than an array, for its row count: as in standingRows.
        FROM (VALUES ${sql.join(invoiceIds.map((id) => sql`(${id}::uuid)`))}) AS ids (id)
        LEFT JOIN applications a ON a.org_id = ${orgId} AND a.invoice_id = ids.id
        UNION ALL
        SELECT n.invoice_id, n.amount_minor, n.source_type FROM new_applications n
      ) AS t
      GROUP BY t.id
    ) AS s
    WHERE i.org_id = ${orgId} AND i.id = s.id AND i.status NOT IN ('draft', 'void'))
    SELECT ${probed}
  `.execute(db);
  const answers = result.rows[0]!;
  return {
    ids: values.map((v) => v[1]),
    probes: probes.map((_, index) => answers[`probe_${index}`] === true),
  };
}

/**
 * Locks issued invoices for applying money and returns them with whether a discount was taken and
 * how much can be applied to each on `appliedOn`. Every locker of invoices takes them in one
 * order, oldest first (due date, issue date, id), the order an oldest-first payment walks them in
 * groups (lockOldestOpenInvoices), so that concurrent requests touching overlapping invoices
 * cannot deadlock.
 *
 * What can be applied is not always today's open balance: money applied on a past date counts
 * from that date on, so it must fit under the balance at every date from then to now. A payment
 * reversed later (a bounced cheque) re-opens the invoice only from the reversal date; before it,
 * the invoice was settled and takes no more.
 */
export async function lockOpenInvoices(
  db: Db,
  orgId: string,
  invoiceIds: readonly string[],
  appliedOn: CalendarDate | ReadonlyMap<string, CalendarDate>,
  options: {
    /**
     * Leave out, without waiting, the invoices another transaction holds: for a caller that
     * already holds invoice locks taken out of this order, for which waiting could deadlock.
     */
    readonly skipBusy?: boolean;
  } = {},
) {
  if (invoiceIds.length === 0) return [];
  const query = db
    .selectFrom('invoices')
    .select(lockedInvoiceColumns)
    .where('org_id', '=', orgId)
    .where('id', '=', sql<string>`any(${sql.val([...new Set(invoiceIds)])}::uuid[])`)
    .orderBy('due_on')
    .orderBy('issued_on')
    .orderBy('id')
    .forUpdate();
  const rows = await (options.skipBusy ? query.skipLocked() : query).execute();
  return withStanding(db, orgId, rows, appliedOn);
}

/** Which of these invoices exist, locked or not: to tell one left out as busy from one gone. */
export async function existingInvoiceIds(
  db: Db,
  orgId: string,
  invoiceIds: readonly string[],
): Promise<Set<string>> {
  if (invoiceIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('invoices')
    .select('id')
    .where('org_id', '=', orgId)
    .where('id', '=', sql<string>`any(${sql.val([...new Set(invoiceIds)])}::uuid[])`)
    .execute();
  return new Set(rows.map((row) => row.id));
}

/** Where an oldest-first walk over a customer's open invoices has got to. */
export interface OldestFirstPosition {
  readonly dueOn: string;
  readonly issuedOn: string;
  readonly id: string;
}

/**
 * Locks the next `count` open invoices of a customer in a currency, oldest first (due date, issue
 * date, id) after `after`, issued by `appliedOn`, through the partial index of open invoices
 * (migration 0022): an oldest-first payment locks a few at a time until its money is spent,
 * instead of every invoice the customer has open. An invoice paid off by a concurrent payment
 * while this one waited for its lock is skipped (PostgreSQL re-checks the row it waited for).
 */
export async function lockOldestOpenInvoices(
  db: Db,
  orgId: string,
  customer: { readonly id: string; readonly currency: string },
  appliedOn: CalendarDate,
  after: OldestFirstPosition | null,
  count: number,
) {
  let query = db
    .selectFrom('invoices')
    .select(lockedInvoiceColumns)
    .where('org_id', '=', orgId)
    .where('customer_id', '=', customer.id)
    .where('currency', '=', customer.currency)
    // Literals, not parameters, in the partial index's own terms and for the limit: the statement
    // is prepared (platform/db/prepared-statements.ts), and the plan PostgreSQL keeps for it is
    // made without the parameters' values; with literals that plan can use the index and knows
    // how many rows it reads, so it is kept instead of planning again at every call.
    .where(
      'status',
      'in',
      openInvoiceStatuses.map((status) => sql.lit(status)),
    )
    .where('open_minor', '>', sql.lit<bigint>(0n))
    .where('issued_on', '<=', appliedOn);
  if (after) {
    query = query.where(
      sql<boolean>`(due_on, issued_on, id) > (${after.dueOn}::date, ${after.issuedOn}::date, ${after.id}::uuid)`,
    );
  }
  const rows = await query
    .orderBy('due_on')
    .orderBy('issued_on')
    .orderBy('id')
    .limit(sql.lit(count))
    .forUpdate()
    .execute();
  return withStanding(db, orgId, rows, appliedOn);
}

async function withStanding<Row extends { id: string; open_minor: bigint }>(
  db: Db,
  orgId: string,
  rows: readonly Row[],
  appliedOn: CalendarDate | ReadonlyMap<string, CalendarDate>,
) {
  // A separate statement, after the locks are held: under READ COMMITTED it sees every
  // application committed by whoever held them before us.
  const from = (id: string) =>
    typeof appliedOn === 'string'
      ? appliedOn
      : (appliedOn.get(id) ?? ('9999-12-31' as CalendarDate));
  const standing = await standingOf(
    db,
    orgId,
    rows.map((row) => ({ id: row.id, from: from(row.id) })),
  );
  return rows.map((row) => {
    const { applicableMinor, discountTaken } = standing.get(row.id)!;
    return {
      ...row,
      discount_taken: discountTaken,
      applicable_minor: applicableMinor < row.open_minor ? applicableMinor : row.open_minor,
    };
  });
}

/**
 * The invoices standingOf reads, as rows. A payment's few invoices are a VALUES list, whose row
 * count the statement's kept plan knows (it is prepared: platform/db/prepared-statements.ts); from
 * an array PostgreSQL plans for ten rows, finds that worse than a plan for the four it was given,
 * and plans again at every call, which took twice as long as the statement ran. An import's many
 * invoices go as arrays: a VALUES list holds at most 65,535 parameters.
 */
const standingValuesMax = 64;
function standingRows(invoices: readonly { id: string; from: CalendarDate }[]) {
  if (invoices.length <= standingValuesMax) {
    return sql`(VALUES ${sql.join(invoices.map((row) => sql`(${row.id}::uuid, ${row.from}::date)`))})`;
  }
  return sql`unnest(${sql.val(invoices.map((row) => row.id))}::uuid[], ${sql.val(invoices.map((row) => row.from))}::date[])`;
}

/**
 * For each invoice, whether an early-payment discount was taken, and the least open balance over
 * every date from its `from` on: total minus the highest running sum of its applications at
 * `from` or any later application date.
 */
async function standingOf(
  db: Db,
  orgId: string,
  invoices: readonly { id: string; from: CalendarDate }[],
): Promise<Map<string, { applicableMinor: bigint; discountTaken: boolean }>> {
  if (invoices.length === 0) return new Map();
  const result = await sql<{ id: string; applicable_minor: bigint; discount_taken: boolean }>`
    SELECT i.id,
      (i.total_minor - greatest(
        coalesce((SELECT sum(a.amount_minor) FROM applications a
                  WHERE a.org_id = i.org_id AND a.invoice_id = i.id AND a.applied_on <= f.from_on), 0),
        coalesce((SELECT max(c.running) FROM (
                    SELECT a.applied_on, sum(sum(a.amount_minor)) OVER (ORDER BY a.applied_on) AS running
                    FROM applications a WHERE a.org_id = i.org_id AND a.invoice_id = i.id GROUP BY a.applied_on
                  ) AS c WHERE c.applied_on > f.from_on), 0)
      ))::int8 AS applicable_minor,
      coalesce((SELECT sum(d.amount_minor) > 0 FROM applications d
                WHERE d.org_id = i.org_id AND d.invoice_id = i.id AND d.source_type = 'discount'), false) AS discount_taken
    FROM ${standingRows(invoices)} AS f (id, from_on)
    JOIN invoices i ON i.org_id = ${orgId} AND i.id = f.id
  `.execute(db);
  return new Map(
    result.rows.map((row) => [
      row.id,
      { applicableMinor: row.applicable_minor, discountTaken: row.discount_taken },
    ]),
  );
}

export type LockedInvoice = Awaited<ReturnType<typeof lockOpenInvoices>>[number];

/** The invoice as the allocation sees it: open means what can be applied on the date in hand. */
export function asOpenInvoice(row: LockedInvoice): OpenInvoice {
  return {
    id: row.id,
    number: row.number ?? '',
    issuedOn: row.issued_on as CalendarDate,
    dueOn: row.due_on as CalendarDate,
    openMinor: row.applicable_minor,
    totalMinor: row.total_minor,
    discountOn: row.discount_on as CalendarDate | null,
    discountMinor: row.discount_minor,
    discountTaken: row.discount_taken,
  };
}

/** Net amount each source has applied to each invoice (for reversals and un-applying). */
export async function netApplicationsOfSource(db: Db, orgId: string, sourceId: string) {
  return db
    .selectFrom('applications')
    .select([
      'invoice_id',
      'source_type',
      'customer_id',
      'currency',
      sql<bigint>`sum(amount_minor)`.as('amount_minor'),
    ])
    .where('org_id', '=', orgId)
    .where('source_id', '=', sourceId)
    .groupBy(['invoice_id', 'source_type', 'customer_id', 'currency'])
    .having(sql<boolean>`sum(amount_minor) <> 0`)
    .execute();
}

export async function applicationsOfInvoice(db: Db, orgId: string, invoiceId: string) {
  return db
    .selectFrom('applications')
    .select([
      'id',
      'source_type',
      'source_id',
      'amount_minor',
      'applied_on',
      'reversal_id',
      'created_at',
    ])
    .where('org_id', '=', orgId)
    .where('invoice_id', '=', invoiceId)
    .orderBy('applied_on')
    .orderBy('id')
    .execute();
}

export async function applicationsOfSource(db: Db, orgId: string, sourceId: string) {
  return db
    .selectFrom('applications')
    .innerJoin('invoices', (join) =>
      join
        .onRef('invoices.org_id', '=', 'applications.org_id')
        .onRef('invoices.id', '=', 'applications.invoice_id'),
    )
    .select([
      'applications.id',
      'applications.invoice_id',
      'invoices.number as invoice_number',
      'applications.source_type',
      'applications.amount_minor',
      'applications.applied_on',
      'applications.reversal_id',
    ])
    .where('applications.org_id', '=', orgId)
    .where('applications.source_id', '=', sourceId)
    .orderBy('applications.applied_on')
    .orderBy('applications.id')
    .execute();
}

/**
 * Debits and credits per account and currency up to a date, the trial balance, from the journal's day totals (0023): a few thousand day rows
 * instead of every journal line. Same answer as trialBalanceByScan, which the tests compare.
 */
export async function trialBalance(db: Db, orgId: string, asOf: CalendarDate) {
  return db
    .selectFrom('account_day_totals')
    .select([
      'account',
      'currency',
      sql<bigint>`sum(debit_minor)`.as('debit_minor'),
      sql<bigint>`sum(credit_minor)`.as('credit_minor'),
    ])
    .where('org_id', '=', orgId)
    .where('day', '<=', asOf)
    .groupBy(['account', 'currency'])
    .orderBy('currency')
    .orderBy('account')
    .execute();
}

/** The trial balance as of a date read from every journal line: the reference for the day totals. */
export async function trialBalanceByScan(db: Db, orgId: string, asOf: CalendarDate) {
  return db
    .selectFrom('journal_lines as l')
    .innerJoin('journal_entries as e', (join) =>
      join.onRef('e.org_id', '=', 'l.org_id').onRef('e.id', '=', 'l.entry_id'),
    )
    .select([
      'l.account',
      'l.currency',
      sql<bigint>`sum(l.debit_minor)`.as('debit_minor'),
      sql<bigint>`sum(l.credit_minor)`.as('credit_minor'),
    ])
    .where('l.org_id', '=', orgId)
    .where('e.entry_on', '<=', asOf)
    .groupBy(['l.account', 'l.currency'])
    .orderBy('l.currency')
    .orderBy('l.account')
    .execute();
}

type SubledgerRow = { currency: string; open_minor: bigint; unapplied_minor: bigint };

function subledgerByCurrency(rows: readonly SubledgerRow[]) {
  const totals = new Map<string, { openMinor: bigint; unappliedMinor: bigint }>();
  for (const row of rows) {
    const current = totals.get(row.currency) ?? { openMinor: 0n, unappliedMinor: 0n };
    totals.set(row.currency, {
      openMinor: current.openMinor + BigInt(row.open_minor),
      unappliedMinor: current.unappliedMinor + BigInt(row.unapplied_minor),
    });
  }
  return totals;
}

/**
 * The subledger side of the tie-out as of a date, per currency, from the subledger's day totals
 * (0023). The totals count a reversed payment like any other; from its reversal date it leaves
 * the unapplied credit entirely (see subledgerTotalsByScan), so what it still counts there, its
 * amount less what it had applied and refunded by the date, is taken off here: reversals are few
 * and found by their own index. Same answer as subledgerTotalsByScan, which the tests compare.
 */
export async function subledgerTotals(db: Db, orgId: string, asOf: CalendarDate) {
  const result = await sql<SubledgerRow>`
    SELECT currency, sum(open_minor) AS open_minor, sum(unapplied_minor) AS unapplied_minor
    FROM subledger_day_totals
    WHERE org_id = ${orgId} AND day <= ${asOf}
    GROUP BY currency
    UNION ALL
    SELECT p.currency, 0::int8, -sum(
      p.amount_minor
      - (SELECT coalesce(sum(a.amount_minor), 0) FROM applications a
         WHERE a.org_id = p.org_id AND a.source_id = p.id AND a.source_type = 'payment'
           AND a.applied_on <= ${asOf})
      - (SELECT coalesce(sum(r.amount_minor), 0) FROM refunds r
         WHERE r.org_id = p.org_id AND r.source_id = p.id AND r.source_type = 'payment'
           AND r.refunded_on <= ${asOf}))
    FROM payment_reversals v
    JOIN payments p ON p.org_id = v.org_id AND p.id = v.payment_id
    WHERE v.org_id = ${orgId} AND v.reversed_on <= ${asOf} AND p.received_on <= ${asOf}
    GROUP BY p.currency
  `.execute(db);
  return subledgerByCurrency(result.rows);
}

/**
 * The subledger side of the tie-out as of a date, per currency, read from every document: the
 * reference for the day totals. Open invoice balances (total of
 * invoices issued by then minus applications dated by then) and unapplied credit (payments and
 * credit notes received by then, less what was applied, refunded or reversed by then). Each side
 * is the documents' totals less what was applied to (or from) them, summed per currency: two
 * scans joined by hash, where a lookup of every invoice's applications took seconds on a million.
 */
export async function subledgerTotalsByScan(db: Db, orgId: string, asOf: CalendarDate) {
  const result = await sql<SubledgerRow>`
    WITH counted_invoices AS NOT MATERIALIZED (
      SELECT i.id, i.currency, i.total_minor FROM invoices i
      WHERE i.org_id = ${orgId} AND i.status <> 'draft' AND i.issued_on <= ${asOf}
        AND NOT (i.status = 'void' AND i.voided_on <= ${asOf})
    ), invoice_applications AS (
      SELECT i.currency, a.amount_minor
      FROM applications a JOIN counted_invoices i ON i.id = a.invoice_id
      WHERE a.org_id = ${orgId} AND a.applied_on <= ${asOf}
    ), sources AS NOT MATERIALIZED (
      -- A reversed payment has nothing left to apply from its reversal date on: the reversal
      -- undid its applications and took back what was unapplied.
      SELECT p.id, p.currency, p.amount_minor FROM payments p
      WHERE p.org_id = ${orgId} AND p.received_on <= ${asOf}
        AND NOT EXISTS (SELECT 1 FROM payment_reversals v
          WHERE v.org_id = p.org_id AND v.payment_id = p.id AND v.reversed_on <= ${asOf})
      UNION ALL
      SELECT c.id, c.currency, c.total_minor FROM credit_notes c WHERE c.org_id = ${orgId} AND c.issued_on <= ${asOf}
    ), source_uses AS (
      SELECT a.source_id, a.amount_minor FROM applications a
      WHERE a.org_id = ${orgId} AND a.source_type IN ('payment', 'credit_note') AND a.applied_on <= ${asOf}
      UNION ALL
      SELECT r.source_id, r.amount_minor FROM refunds r WHERE r.org_id = ${orgId} AND r.refunded_on <= ${asOf}
    )
    SELECT currency, sum(total_minor) AS open_minor, 0::int8 AS unapplied_minor FROM counted_invoices GROUP BY currency
    UNION ALL
    SELECT currency, -sum(amount_minor), 0::int8 FROM invoice_applications GROUP BY currency
    UNION ALL
    SELECT currency, 0::int8, sum(amount_minor) FROM sources GROUP BY currency
    UNION ALL
    SELECT s.currency, 0::int8, -sum(u.amount_minor) FROM source_uses u JOIN sources s ON s.id = u.source_id GROUP BY s.currency
  `.execute(db);
  return subledgerByCurrency(result.rows);
}

export async function hasApplications(db: Db, orgId: string, invoiceId: string): Promise<boolean> {
  const row = await db
    .selectFrom('applications')
    .select('id')
    .where('org_id', '=', orgId)
    .where('invoice_id', '=', invoiceId)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Appends applications to invoices that are already in the ledger. The book loader (book.sql.ts) only applies
 * money to invoices of its own batch, so payments and credit notes imported against invoices
 * imported earlier append their applications here, in the same transaction.
 */
export async function copyApplications(
  tx: Tx,
  orgId: string,
  rows: readonly ApplicationRow[],
): Promise<number> {
  return tx.copy(
    'applications',
    applicationColumns,
    rows.map((row) => applicationValues(orgId, row)),
  );
}

/**
 * A customer's invoices with something open in a currency: what an oldest-first application or an
 * agency placement of everything overdue starts from, before locking them.
 */
export async function openInvoiceIdsOfCustomer(
  db: Db,
  orgId: string,
  customerId: string,
  currency: string,
): Promise<string[]> {
  const rows = await db
    .selectFrom('invoices')
    .select('id')
    .where('org_id', '=', orgId)
    .where('customer_id', '=', customerId)
    .where('currency', '=', currency)
    .where('open_minor', '>', 0n)
    .where('status', 'in', openInvoiceStatuses)
    .execute();
  return rows.map((row) => row.id);
}
