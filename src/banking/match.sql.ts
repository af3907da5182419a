import { now } from '../core/clock.js';
import { sql } from 'kysely';
import type { Db } from '../platform/db/database.js';
import { openInvoiceStatusList } from '../ledger/open-items.sql.js';

export interface MatchInvoiceRow {
  id: string;
  number: string;
  customer_id: string;
  currency: string;
  open_minor: bigint;
  issued_on: string;
  due_on: string;
  discount_on: string | null;
  discount_minor: bigint;
  discount_taken: boolean;
}

/**
 * Every open invoice of the organization, as the matcher reads them (one statement). Whether a
 * discount was taken is one hashed set of the discounts' invoices, not a probe per open invoice.
 */
export async function openInvoicesForMatching(db: Db, orgId: string): Promise<MatchInvoiceRow[]> {
  const result = await sql<MatchInvoiceRow>`
    SELECT i.id, i.number, i.customer_id, i.currency, i.open_minor, i.issued_on, i.due_on,
      i.discount_on, i.discount_minor, d.invoice_id IS NOT NULL AS discount_taken
    FROM invoices i
    LEFT JOIN (SELECT DISTINCT invoice_id FROM applications
      WHERE org_id = ${orgId} AND source_type = 'discount') d ON d.invoice_id = i.id
    WHERE i.org_id = ${orgId} AND i.open_minor > 0 AND i.status IN (${openInvoiceStatusList})`.execute(
    db,
  );
  return result.rows;
}

export interface MatchCustomerRow {
  id: string;
  ref: string;
  name: string;
  aliases: string[];
}

/** Every customer with the names it was learned to pay under, grouped once, not per customer. */
export async function customersForMatching(db: Db, orgId: string): Promise<MatchCustomerRow[]> {
  const result = await sql<MatchCustomerRow>`
    SELECT c.id, c.ref, c.name, coalesce(n.aliases, '{}') AS aliases
    FROM customers c
    LEFT JOIN (SELECT customer_id, array_agg(name ORDER BY name) AS aliases
      FROM bank_payer_names WHERE org_id = ${orgId} GROUP BY customer_id) n
      ON n.customer_id = c.id
    WHERE c.org_id = ${orgId}`.execute(db);
  return result.rows;
}

export async function learnedAccounts(
  db: Db,
  orgId: string,
): Promise<{ account: string; customer_id: string }[]> {
  return db
    .selectFrom('bank_payer_accounts')
    .select(['account', 'customer_id'])
    .where('org_id', '=', orgId)
    .execute();
}

export async function rejectionsOf(
  db: Db,
  orgId: string,
  lineIds: readonly string[],
): Promise<{ bank_line_id: string; target_id: string }[]> {
  if (lineIds.length === 0) return [];
  return db
    .selectFrom('bank_match_rejections')
    .select(['bank_line_id', 'target_id'])
    .where('org_id', '=', orgId)
    .where('bank_line_id', '=', sql<string>`any(${sql.val([...lineIds])}::uuid[])`)
    .execute();
}

export interface LineToMatch {
  id: string;
  bank_account_id: string;
  file_id: string;
  /** Its place in its file. */
  position: number;
  iban: string | null;
  value_date: string | null;
  booking_date: string | null;
  amount_minor: bigint;
  currency: string;
  payer_name: string | null;
  payer_account: string | null;
  ref: string;
  remittance: unknown;
  /** Its file was imported with sure matches to be applied. */
  auto_apply: boolean;
}

/** A line with what the matcher reads of it, and its account's IBAN (its country). */
function selectLineToMatch(db: Db) {
  return db
    .selectFrom('bank_lines as l')
    .innerJoin('bank_accounts as a', (join) =>
      join.onRef('a.org_id', '=', 'l.org_id').onRef('a.id', '=', 'l.bank_account_id'),
    )
    .innerJoin('bank_files as f', (join) =>
      join.onRef('f.org_id', '=', 'l.org_id').onRef('f.id', '=', 'l.file_id'),
    )
    .select([
      'f.auto_apply',
      'l.id',
      'l.bank_account_id',
      'l.file_id',
      'l.position',
      'a.iban',
      'l.value_date',
      'l.booking_date',
      'l.amount_minor',
      'l.currency',
      'l.payer_name',
      'l.payer_account',
      'l.ref',
      'l.remittance',
    ]);
}

/**
 * The lines waiting for the matcher (unmatched, or in review), locked so that two runs (or a run
 * and a person) never decide the same line at once; SKIP LOCKED lets a second run take the rest.
 */
export async function lockLinesToMatch(
  db: Db,
  orgId: string,
  filter: { lineIds?: readonly string[] | undefined; states: readonly string[] },
): Promise<LineToMatch[]> {
  let query = selectLineToMatch(db)
    .where('l.org_id', '=', orgId)
    .where('l.state', 'in', [...filter.states])
    .where('l.direction', '=', 'credit')
    .where('l.status', '=', 'booked');
  if (filter.lineIds) {
    if (filter.lineIds.length === 0) return [];
    query = query.where('l.id', '=', sql<string>`any(${sql.val([...filter.lineIds])}::uuid[])`);
  }
  return query.orderBy('l.id').forUpdate('l').skipLocked().execute();
}

export interface NewMatch {
  id: string;
  bankLineId: string;
  rank: number;
  customerId: string;
  allocations: unknown;
  unappliedMinor: bigint;
  confidence: number;
  basis: string;
  evidence: unknown;
  flags: readonly string[];
  engineVersion: string;
  state: 'proposed' | 'applied';
  appliedBy: string | null;
  paymentId: string | null;
}

/** Replaces the lines' proposals (never an applied match) with these. */
export async function replaceProposals(
  db: Db,
  orgId: string,
  lineIds: readonly string[],
  matches: readonly NewMatch[],
): Promise<void> {
  if (lineIds.length > 0) {
    await db
      .deleteFrom('bank_matches')
      .where('org_id', '=', orgId)
      .where('state', '=', 'proposed')
      .where('bank_line_id', '=', sql<string>`any(${sql.val([...lineIds])}::uuid[])`)
      .execute();
  }
  for (let start = 0; start < matches.length; start += 1000) {
    await db
      .insertInto('bank_matches')
      .values(
        matches.slice(start, start + 1000).map((match) => ({
          org_id: orgId,
          id: match.id,
          bank_line_id: match.bankLineId,
          rank: match.rank,
          customer_id: match.customerId,
          allocations: JSON.stringify(match.allocations),
          unapplied_minor: match.unappliedMinor,
          confidence: match.confidence.toFixed(3),
          basis: match.basis,
          evidence: JSON.stringify(match.evidence),
          flags: JSON.stringify(match.flags),
          engine_version: match.engineVersion,
          state: match.state,
          applied_by: match.appliedBy,
          payment_id: match.paymentId,
        })),
      )
      .execute();
  }
}

export async function setLineStates(
  db: Db,
  orgId: string,
  changes: readonly { id: string; state: string; paymentId: string | null }[],
): Promise<void> {
  if (changes.length === 0) return;
  await sql`
    UPDATE bank_lines l SET state = c.state, payment_id = c.payment_id
    FROM unnest(${sql.val(changes.map((c) => c.id))}::uuid[], ${sql.val(changes.map((c) => c.state))}::text[],
      ${sql.val(changes.map((c) => c.paymentId))}::uuid[]) AS c (id, state, payment_id)
    WHERE l.org_id = ${orgId} AND l.id = c.id`.execute(db);
}

/** Learns that these accounts paid for these customers (confirmed, or on a reference). */
export async function learnAccounts(
  db: Db,
  orgId: string,
  pairs: readonly { account: string; customerId: string; lineId: string }[],
): Promise<void> {
  if (pairs.length === 0) return;
  // One row per pair however often a statement repeats it: an upsert may not touch a row twice.
  const folded = new Map<
    string,
    { account: string; customerId: string; lineId: string; n: number }
  >();
  for (const pair of pairs) {
    const key = `${pair.account}|${pair.customerId}`;
    const seen = folded.get(key);
    folded.set(key, { ...pair, n: (seen?.n ?? 0) + 1 });
  }
  await db
    .insertInto('bank_payer_accounts')
    .values(
      [...folded.values()].map((pair) => ({
        org_id: orgId,
        account: pair.account,
        customer_id: pair.customerId,
        last_line_id: pair.lineId,
        confirmations: pair.n,
      })),
    )
    .onConflict((conflict) =>
      conflict.columns(['org_id', 'account', 'customer_id']).doUpdateSet({
        confirmations: sql`bank_payer_accounts.confirmations + excluded.confirmations`,
        last_line_id: sql`excluded.last_line_id`,
      }),
    )
    .execute();
}

export async function learnNames(
  db: Db,
  orgId: string,
  pairs: readonly { name: string; customerId: string }[],
): Promise<void> {
  if (pairs.length === 0) return;
  const counts = new Map<string, { name: string; customerId: string; n: number }>();
  for (const pair of pairs) {
    const key = `${pair.name}|${pair.customerId}`;
    counts.set(key, { ...pair, n: (counts.get(key)?.n ?? 0) + 1 });
  }
  await db
    .insertInto('bank_payer_names')
    .values(
      [...counts.values()].map((pair) => ({
        org_id: orgId,
        name: pair.name,
        customer_id: pair.customerId,
        confirmations: pair.n,
      })),
    )
    .onConflict((conflict) =>
      conflict.columns(['org_id', 'name', 'customer_id']).doUpdateSet({
        confirmations: sql`bank_payer_names.confirmations + excluded.confirmations`,
      }),
    )
    .execute();
}

/** The references and names a person reads instead of ids. */
export async function labelsOf(
  db: Db,
  orgId: string,
  ids: { customerIds: readonly string[]; invoiceIds: readonly string[] },
): Promise<{
  customers: Map<string, { ref: string; name: string }>;
  invoices: Map<string, string>;
}> {
  const customers =
    ids.customerIds.length === 0
      ? []
      : await db
          .selectFrom('customers')
          .select(['id', 'ref', 'name'])
          .where('org_id', '=', orgId)
          .where('id', '=', sql<string>`any(${sql.val([...new Set(ids.customerIds)])}::uuid[])`)
          .execute();
  const invoices =
    ids.invoiceIds.length === 0
      ? []
      : await db
          .selectFrom('invoices')
          .select(['id', 'number'])
          .where('org_id', '=', orgId)
          .where('id', '=', sql<string>`any(${sql.val([...new Set(ids.invoiceIds)])}::uuid[])`)
          .execute();
  return {
    customers: new Map(customers.map((row) => [row.id, { ref: row.ref, name: row.name }])),
    invoices: new Map(invoices.map((row) => [row.id, row.number ?? row.id])),
  };
}

export interface LockedLine extends LineToMatch {
  reversal: boolean;
  state: string;
  payment_id: string | null;
  direction: string;
  status: string;
}

/** One line, locked for a person's decision. */
export async function lockLine(db: Db, orgId: string, id: string): Promise<LockedLine | undefined> {
  return selectLineToMatch(db)
    .select(['l.state', 'l.payment_id', 'l.direction', 'l.status', 'l.reversal'])
    .where('l.org_id', '=', orgId)
    .where('l.id', '=', id)
    .forUpdate('l')
    .executeTakeFirst();
}

export async function appliedMatchOf(
  db: Db,
  orgId: string,
  lineId: string,
): Promise<
  { id: string; customer_id: string; allocations: unknown; payment_id: string | null } | undefined
> {
  return db
    .selectFrom('bank_matches')
    .select(['id', 'customer_id', 'allocations', 'payment_id'])
    .where('org_id', '=', orgId)
    .where('bank_line_id', '=', lineId)
    .where('state', '=', 'applied')
    .executeTakeFirst();
}

/** A person confirmed this proposal; the others of its line are dropped. */
export async function markMatchApplied(
  db: Db,
  orgId: string,
  matchId: string,
  by: string,
): Promise<void> {
  const match = await db
    .updateTable('bank_matches')
    .set({ state: 'applied', applied_by: by })
    .where('org_id', '=', orgId)
    .where('id', '=', matchId)
    .where('state', '=', 'proposed')
    .returning('bank_line_id')
    .executeTakeFirstOrThrow();
  await db
    .deleteFrom('bank_matches')
    .where('org_id', '=', orgId)
    .where('bank_line_id', '=', match.bank_line_id)
    .where('state', '=', 'proposed')
    .execute();
}

export async function markMatchUndone(
  db: Db,
  orgId: string,
  matchId: string,
  undo: { by: string; reason: string },
): Promise<void> {
  await db
    .updateTable('bank_matches')
    .set({ state: 'undone', undone_at: now(), undone_by: undo.by, undo_reason: undo.reason })
    .where('org_id', '=', orgId)
    .where('id', '=', matchId)
    .execute();
}

export async function insertRejections(
  db: Db,
  orgId: string,
  lineId: string,
  targetIds: readonly string[],
): Promise<void> {
  if (targetIds.length === 0) return;
  await db
    .insertInto('bank_match_rejections')
    .values(
      [...new Set(targetIds)].map((target) => ({
        org_id: orgId,
        bank_line_id: lineId,
        target_id: target,
      })),
    )
    .onConflict((conflict) => conflict.doNothing())
    .execute();
}

/** Forgets what a line taught about its payer's account, when that line was matched wrongly. */
export async function unlearnAccount(
  db: Db,
  orgId: string,
  pair: { account: string; customerId: string },
): Promise<void> {
  await db
    .updateTable('bank_payer_accounts')
    .set({ confirmations: sql`confirmations - 1` })
    .where('org_id', '=', orgId)
    .where('account', '=', pair.account)
    .where('customer_id', '=', pair.customerId)
    .execute();
  await db
    .deleteFrom('bank_payer_accounts')
    .where('org_id', '=', orgId)
    .where('account', '=', pair.account)
    .where('customer_id', '=', pair.customerId)
    .where('confirmations', '<=', 0)
    .execute();
}
