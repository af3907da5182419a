import { sql } from 'kysely';
import type { Db } from '../platform/db/database.js';

export interface BankAccountRow {
  id: string;
  name: string;
  iban: string | null;
  account_number: string | null;
  bic: string | null;
  currency: string | null;
  csv_mapping: unknown;
}

const accountColumns = [
  'id',
  'name',
  'iban',
  'account_number',
  'bic',
  'currency',
  'csv_mapping',
] as const;

export async function listBankAccounts(db: Db, orgId: string): Promise<BankAccountRow[]> {
  return db
    .selectFrom('bank_accounts')
    .select(accountColumns)
    .where('org_id', '=', orgId)
    .orderBy('name')
    .orderBy('id')
    .execute();
}

export async function findBankAccount(
  db: Db,
  orgId: string,
  id: string,
): Promise<BankAccountRow | undefined> {
  return db
    .selectFrom('bank_accounts')
    .select(accountColumns)
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/**
 * The account a statement names: by IBAN when it has one, else by number. Locked, so that two
 * imports of statements for a new account at once create it once (the second waits, then finds).
 */
export async function findBankAccountByIdentity(
  db: Db,
  orgId: string,
  identity: { iban: string | null; number: string | null },
): Promise<BankAccountRow | undefined> {
  let query = db.selectFrom('bank_accounts').select(accountColumns).where('org_id', '=', orgId);
  if (identity.iban !== null) query = query.where('iban', '=', identity.iban);
  else if (identity.number !== null)
    query = query.where('iban', 'is', null).where('account_number', '=', identity.number);
  else return undefined;
  return query.executeTakeFirst();
}

export async function insertBankAccount(
  db: Db,
  orgId: string,
  account: {
    id: string;
    name: string;
    iban: string | null;
    accountNumber: string | null;
    bic: string | null;
    currency: string | null;
    csvMapping: unknown;
  },
): Promise<BankAccountRow | undefined> {
  // ON CONFLICT: a concurrent import may have created the same account first; the caller then
  // reads that one.
  await db
    .insertInto('bank_accounts')
    .values({
      org_id: orgId,
      id: account.id,
      name: account.name,
      iban: account.iban,
      account_number: account.accountNumber,
      bic: account.bic,
      currency: account.currency,
      csv_mapping: account.csvMapping === null ? null : JSON.stringify(account.csvMapping),
    })
    .onConflict((conflict) => conflict.doNothing())
    .execute();
  return findBankAccountByIdentity(db, orgId, {
    iban: account.iban,
    number: account.accountNumber,
  });
}

export async function renameBankAccount(
  db: Db,
  orgId: string,
  id: string,
  name: string,
): Promise<void> {
  await db
    .updateTable('bank_accounts')
    .set({ name })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .execute();
}

export async function setBankAccountMapping(
  db: Db,
  orgId: string,
  id: string,
  mapping: unknown,
): Promise<void> {
  await db
    .updateTable('bank_accounts')
    .set({ csv_mapping: mapping === null ? null : JSON.stringify(mapping) })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .execute();
}

export async function setFileLinesAdded(
  db: Db,
  orgId: string,
  fileId: string,
  linesAdded: number,
): Promise<void> {
  await db
    .updateTable('bank_files')
    .set({ lines_added: linesAdded })
    .where('org_id', '=', orgId)
    .where('id', '=', fileId)
    .execute();
}

export interface BankFileRow {
  id: string;
  sha256: string;
  file_name: string | null;
  format: string;
  version: string | null;
  statements: number;
  lines: number;
  lines_added: number;
  warnings: unknown;
  imported_at: Date;
}

export async function findBankFileByHash(
  db: Db,
  orgId: string,
  sha256: string,
): Promise<BankFileRow | undefined> {
  return db
    .selectFrom('bank_files')
    .select([
      'id',
      'sha256',
      'file_name',
      'format',
      'version',
      'statements',
      'lines',
      'lines_added',
      'warnings',
      'imported_at',
    ])
    .where('org_id', '=', orgId)
    .where('sha256', '=', sha256)
    .executeTakeFirst();
}

/**
 * Takes a transaction-scoped lock on the file's hash: two imports of the same file at once
 * queue here, and the second then finds the first's row instead of failing on the unique key.
 */
export async function lockBankFileHash(db: Db, orgId: string, sha256: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`bank_file:${orgId}:${sha256}`}, 0))`.execute(
    db,
  );
}

export async function insertBankFile(
  db: Db,
  orgId: string,
  file: {
    id: string;
    sha256: string;
    fileName: string | null;
    format: string;
    version: string | null;
    statements: number;
    lines: number;
    linesAdded: number;
    warnings: readonly string[];
    importedBy: string | null;
    autoApply: boolean;
  },
): Promise<void> {
  await db
    .insertInto('bank_files')
    .values({
      org_id: orgId,
      id: file.id,
      sha256: file.sha256,
      file_name: file.fileName,
      format: file.format,
      version: file.version,
      statements: file.statements,
      lines: file.lines,
      lines_added: file.linesAdded,
      auto_apply: file.autoApply,
      warnings: JSON.stringify(file.warnings),
      imported_by: file.importedBy,
    })
    .execute();
}

export interface NewBankLine {
  id: string;
  bankAccountId: string;
  position: number;
  dedupeKey: string;
  occurrence: number;
  valueDate: string | null;
  bookingDate: string | null;
  amountMinor: bigint;
  currency: string;
  direction: 'credit' | 'debit';
  status: 'booked' | 'pending' | 'info';
  reversal: boolean;
  payerName: string | null;
  payerAccount: string | null;
  payerBic: string | null;
  ref: string;
  refs: Readonly<Record<string, string>>;
  remittance: unknown;
  transactionCode: string | null;
  additionalInfo: string | null;
  state: 'unmatched' | 'review' | 'ignored';
}

/** Rows per INSERT: well under PostgreSQL's 65,535 parameters at 24 columns. */
const insertChunkRows = 1000;
const lookupChunkKeys = 10_000;

/**
 * Adds the lines the accounts do not hold yet and returns the ids of those added. A line whose
 * key and occurrence are already there is the same transaction seen again and adds nothing, with
 * one exception: a line first seen pending (a camt.054 during the day) and now booked takes the
 * booked status and date, and becomes matchable, without becoming a second line.
 */
export async function insertBankLines(
  db: Db,
  orgId: string,
  fileId: string,
  lines: readonly NewBankLine[],
): Promise<{ added: string[]; nowBooked: string[] }> {
  const added: string[] = [];
  const nowBooked: string[] = [];
  for (let start = 0; start < lines.length; start += insertChunkRows) {
    const chunk = lines.slice(start, start + insertChunkRows);
    const rows = await db
      .insertInto('bank_lines')
      .values(
        chunk.map((line) => ({
          org_id: orgId,
          id: line.id,
          bank_account_id: line.bankAccountId,
          file_id: fileId,
          position: line.position,
          dedupe_key: line.dedupeKey,
          occurrence: line.occurrence,
          value_date: line.valueDate,
          booking_date: line.bookingDate,
          amount_minor: line.amountMinor,
          currency: line.currency,
          direction: line.direction,
          status: line.status,
          reversal: line.reversal,
          payer_name: line.payerName,
          payer_account: line.payerAccount,
          payer_bic: line.payerBic,
          ref: line.ref,
          refs: JSON.stringify(line.refs),
          remittance: JSON.stringify(line.remittance),
          transaction_code: line.transactionCode,
          additional_info: line.additionalInfo,
          state: line.state,
        })),
      )
      .onConflict((conflict) =>
        conflict
          .columns(['org_id', 'bank_account_id', 'dedupe_key', 'occurrence'])
          .doUpdateSet({
            status: sql`excluded.status`,
            booking_date: sql`excluded.booking_date`,
            value_date: sql`excluded.value_date`,
            state: sql`excluded.state`,
          })
          .where('bank_lines.status', '=', 'pending')
          .where(sql<boolean>`excluded.status = 'booked'`),
      )
      .returning(['id', sql<boolean>`xmax = 0`.as('inserted')])
      .execute();
    for (const row of rows) (row.inserted ? added : nowBooked).push(row.id);
  }
  return { added, nowBooked };
}

export interface BankLineRow {
  id: string;
  bank_account_id: string;
  file_id: string;
  position: number;
  dedupe_key: string;
  occurrence: number;
  value_date: string | null;
  booking_date: string | null;
  amount_minor: bigint;
  currency: string;
  direction: string;
  status: string;
  reversal: boolean;
  payer_name: string | null;
  payer_account: string | null;
  payer_bic: string | null;
  ref: string;
  refs: unknown;
  remittance: unknown;
  transaction_code: string | null;
  additional_info: string | null;
  state: string;
  payment_id: string | null;
}

/** The stored lines with these keys: where each line of a file went, new or seen before. */
function selectLines(db: Db) {
  return db
    .selectFrom('bank_lines')
    .select([
      'id',
      'bank_account_id',
      'file_id',
      'position',
      'dedupe_key',
      'occurrence',
      'value_date',
      'booking_date',
      'amount_minor',
      'currency',
      'direction',
      'status',
      'reversal',
      'payer_name',
      'payer_account',
      'payer_bic',
      'ref',
      'refs',
      'remittance',
      'transaction_code',
      'additional_info',
      'state',
      'payment_id',
    ]);
}

export async function findLinesByKeys(
  db: Db,
  orgId: string,
  keys: readonly { bankAccountId: string; dedupeKey: string; occurrence: number }[],
): Promise<BankLineRow[]> {
  if (keys.length === 0) return [];
  const rows: BankLineRow[] = [];
  // The keys travel as three arrays, whatever their number: a list of row values with three
  // parameters each found nothing on PGlite past a few hundred keys.
  for (let start = 0; start < keys.length; start += lookupChunkKeys) {
    const chunk = keys.slice(start, start + lookupChunkKeys);
    const found = await selectLines(db)
      .where('org_id', '=', orgId)
      .where(
        sql<boolean>`(bank_account_id, dedupe_key, occurrence) IN (
          SELECT * FROM unnest(
            ${sql.val(chunk.map((key) => key.bankAccountId))}::uuid[],
            ${sql.val(chunk.map((key) => key.dedupeKey))}::text[],
            ${sql.val(chunk.map((key) => key.occurrence))}::int4[]))`,
      )
      .execute();
    rows.push(...found);
  }
  return rows;
}

export async function listFileLines(db: Db, orgId: string, fileId: string): Promise<BankLineRow[]> {
  return selectLines(db)
    .where('org_id', '=', orgId)
    .where('file_id', '=', fileId)
    .orderBy('position')
    .execute();
}

export async function linesByIds(
  db: Db,
  orgId: string,
  ids: readonly string[],
): Promise<BankLineRow[]> {
  if (ids.length === 0) return [];
  return selectLines(db)
    .where('org_id', '=', orgId)
    .where('id', '=', sql<string>`any(${sql.val([...ids])}::uuid[])`)
    .orderBy('booking_date')
    .orderBy('id')
    .execute();
}
