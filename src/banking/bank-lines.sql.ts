import { sql } from 'kysely';
import type { Db } from '../platform/db/database.js';
import {
  paginate,
  sortKeySelection,
  type PageRequest,
  type SortSpec,
} from '../platform/db/pagination.js';

/**
 * The review queue's reads: bank lines with their account and file, and what the matcher or a
 * person made of them. The line's own writes stay in bank.sql.ts and match.sql.ts.
 */

// A line's date is its booking date, else its value date (a pending line may have only one).
const lineDate = 'coalesce(bank_lines.booking_date, bank_lines.value_date)';

export const bankLineSorts: Record<string, SortSpec> = {
  date: { expression: lineDate, idColumn: 'bank_lines.id', nullsAs: '0001-01-01', cast: 'date' },
  amount: { expression: 'bank_lines.amount_minor', idColumn: 'bank_lines.id', cast: 'bigint' },
  imported_at: {
    expression: 'bank_lines.created_at',
    idColumn: 'bank_lines.id',
    cast: 'timestamptz',
  },
};

export interface BankLineFilter {
  /** unmatched, review, applied, ignored; none: all of them. */
  readonly states?: readonly string[] | undefined;
  readonly bankAccountId?: string | undefined;
  readonly fileId?: string | undefined;
  readonly direction?: string | undefined;
  readonly currency?: string | undefined;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  /**
   * Words the line must all hold, each in the payer's name or account, the references or the
   * remittance text, or, for a word that reads as an amount, as the line's amount.
   */
  readonly words?: readonly SearchWord[] | undefined;
}

export interface SearchWord {
  readonly text: string;
  /** The word read as an amount in each currency the lines are in (none when it is no number). */
  readonly amounts: readonly { readonly currency: string; readonly minor: bigint }[];
}

const listedColumns = [
  'bank_lines.id',
  'bank_lines.bank_account_id',
  'bank_lines.file_id',
  'bank_lines.position',
  'bank_lines.value_date',
  'bank_lines.booking_date',
  'bank_lines.amount_minor',
  'bank_lines.currency',
  'bank_lines.direction',
  'bank_lines.status',
  'bank_lines.reversal',
  'bank_lines.payer_name',
  'bank_lines.payer_account',
  'bank_lines.payer_bic',
  'bank_lines.ref',
  'bank_lines.refs',
  'bank_lines.remittance',
  'bank_lines.transaction_code',
  'bank_lines.additional_info',
  'bank_lines.state',
  'bank_lines.payment_id',
  'bank_lines.aside_reason',
  'bank_lines.created_at',
] as const;

function selectListedLines(db: Db) {
  return db
    .selectFrom('bank_lines')
    .innerJoin('bank_accounts', (join) =>
      join
        .onRef('bank_accounts.org_id', '=', 'bank_lines.org_id')
        .onRef('bank_accounts.id', '=', 'bank_lines.bank_account_id'),
    )
    .innerJoin('bank_files', (join) =>
      join
        .onRef('bank_files.org_id', '=', 'bank_lines.org_id')
        .onRef('bank_files.id', '=', 'bank_lines.file_id'),
    )
    .select(listedColumns)
    .select([
      'bank_accounts.name as account_name',
      'bank_files.file_name',
      'bank_files.format as file_format',
    ]);
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

export async function listBankLines(
  db: Db,
  orgId: string,
  filter: BankLineFilter,
  sort: SortSpec,
  page: PageRequest,
) {
  let query = selectListedLines(db)
    .select(sortKeySelection(sort))
    .where('bank_lines.org_id', '=', orgId);
  if (filter.states && filter.states.length > 0)
    query = query.where('bank_lines.state', 'in', [...filter.states]);
  if (filter.bankAccountId)
    query = query.where('bank_lines.bank_account_id', '=', filter.bankAccountId);
  if (filter.fileId) query = query.where('bank_lines.file_id', '=', filter.fileId);
  if (filter.direction) query = query.where('bank_lines.direction', '=', filter.direction);
  if (filter.currency) query = query.where('bank_lines.currency', '=', filter.currency);
  if (filter.from) query = query.where(sql<boolean>`${sql.raw(lineDate)} >= ${filter.from}::date`);
  if (filter.to) query = query.where(sql<boolean>`${sql.raw(lineDate)} <= ${filter.to}::date`);
  for (const word of filter.words ?? []) {
    // The remittance is searched as its JSON text: its pieces are what a person reads, and a
    // review queue is small enough that a scan of it is fast.
    const pattern = `%${escapeLike(word.text)}%`;
    const text = sql<boolean>`(coalesce(bank_lines.payer_name, '') || ' '
      || coalesce(bank_lines.payer_account, '') || ' ' || bank_lines.ref || ' '
      || bank_lines.remittance::text || ' ' || bank_lines.refs::text) ilike ${pattern}`;
    query =
      word.amounts.length === 0
        ? query.where(text)
        : query.where(
            sql<boolean>`(${text} or (bank_lines.currency, bank_lines.amount_minor) in (${sql.join(
              word.amounts.map((amount) => sql`(${amount.currency}, ${amount.minor}::bigint)`),
            )}))`,
          );
  }
  return paginate(query, sort, page);
}

export type ListedBankLine = Awaited<ReturnType<typeof listBankLines>>['items'][number];

export async function findListedBankLine(
  db: Db,
  orgId: string,
  id: string,
): Promise<ListedBankLine | undefined> {
  return selectListedLines(db)
    .where('bank_lines.org_id', '=', orgId)
    .where('bank_lines.id', '=', id)
    .executeTakeFirst();
}

export interface BankMatchRow {
  id: string;
  bank_line_id: string;
  rank: number;
  customer_id: string;
  allocations: unknown;
  unapplied_minor: bigint;
  confidence: string;
  basis: string;
  evidence: unknown;
  flags: unknown;
  engine_version: string;
  state: string;
  applied_by: string | null;
  payment_id: string | null;
  created_at: Date;
  undone_at: Date | null;
  undone_by: string | null;
  undo_reason: string | null;
}

/**
 * What was proposed or applied for these lines, best first; the undone ones (history) when asked.
 */
export async function matchesOfLines(
  db: Db,
  orgId: string,
  lineIds: readonly string[],
  options: { withUndone: boolean },
): Promise<BankMatchRow[]> {
  if (lineIds.length === 0) return [];
  let query = db
    .selectFrom('bank_matches')
    .select([
      'id',
      'bank_line_id',
      'rank',
      'customer_id',
      'allocations',
      'unapplied_minor',
      'confidence',
      'basis',
      'evidence',
      'flags',
      'engine_version',
      'state',
      'applied_by',
      'payment_id',
      'created_at',
      'undone_at',
      'undone_by',
      'undo_reason',
    ])
    .where('org_id', '=', orgId)
    .where('bank_line_id', '=', sql<string>`any(${sql.val([...lineIds])}::uuid[])`);
  if (!options.withUndone) query = query.where('state', '!=', 'undone');
  return (await query
    .orderBy('bank_line_id')
    .orderBy(sql`case state when 'applied' then 0 when 'proposed' then 1 else 2 end`)
    .orderBy('rank')
    .orderBy('created_at')
    .execute()) as BankMatchRow[];
}

/** A person sets a line aside (state ignored) or brings it back to review; returns false when the line is not in a state that allows it. */
export async function moveLine(
  db: Db,
  orgId: string,
  id: string,
  move: { from: readonly string[]; to: 'ignored' | 'review'; reason: string | null },
): Promise<boolean> {
  const result = await db
    .updateTable('bank_lines')
    .set({ state: move.to, aside_reason: move.reason })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .where('state', 'in', [...move.from])
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Proposals are for lines in review; a line set aside keeps none. */
export async function dropProposals(db: Db, orgId: string, lineId: string): Promise<void> {
  await db
    .deleteFrom('bank_matches')
    .where('org_id', '=', orgId)
    .where('bank_line_id', '=', lineId)
    .where('state', '=', 'proposed')
    .execute();
}

/** The currencies the organization's lines are in: what an amount searched for may be in. */
export async function lineCurrencies(db: Db, orgId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('bank_lines')
    .select('currency')
    .distinct()
    .where('org_id', '=', orgId)
    .execute();
  return rows.map((row) => row.currency);
}

/** How many lines wait in each state: the queue's tabs. */
export async function countLinesByState(
  db: Db,
  orgId: string,
): Promise<{ state: string; lines: number }[]> {
  const rows = await db
    .selectFrom('bank_lines')
    .select(['state', sql<string>`count(*)`.as('lines')])
    .where('org_id', '=', orgId)
    .groupBy('state')
    .execute();
  return rows.map((row) => ({ state: row.state, lines: Number(row.lines) }));
}
