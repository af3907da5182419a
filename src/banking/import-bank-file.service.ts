import { createHash } from 'node:crypto';
import type { Actor } from '../core/actor.js';
import { AppError } from '../core/errors.js';
import { newId } from '../core/ids.js';
import { recordAudit } from '../platform/audit/audit.sql.js';
import type { Database, Db } from '../platform/db/database.js';
import { bankLineKey, occurrences } from './bank-line-key.js';
import {
  findBankAccount,
  findBankAccountByIdentity,
  findBankFileByHash,
  findLinesByKeys,
  insertBankAccount,
  insertBankFile,
  insertBankLines,
  lockBankFileHash,
  setBankAccountMapping,
  setFileLinesAdded,
  type BankAccountRow,
  type BankFileRow,
  type BankLineRow,
  type NewBankLine,
} from './bank.sql.js';
import type { CsvStatementMapping } from './formats/csv-statement.js';
import type {
  BankFile,
  BankLine,
  BankStatement,
  StatementFormat,
} from './formats/bank-statement.js';
import { readStatementFile } from './read-statement-file.js';

export interface BankFileImport {
  /** The file as the bank sent it: bytes are decoded in the character set it declares. */
  readonly text: string | Uint8Array;
  readonly fileName?: string | null | undefined;
  /** Without it, the format is recognised from the file (a CSV export must say "csv"). */
  readonly format?: StatementFormat | undefined;
  /** The account the file is for: required for CSV; otherwise the file names its account. */
  readonly bankAccountId?: string | undefined;
  /** For CSV: the column mapping, saved on the account when given (else the account's). */
  readonly csvMapping?: CsvStatementMapping | undefined;
  readonly dryRun?: boolean | undefined;
  /** The importer asked for sure matches to be applied; later rematches of its lines do too. */
  readonly autoApply?: boolean | undefined;
}

export interface BankFileImportResult {
  readonly file: BankFileRow;
  /** The same file (by its SHA-256) was imported before: nothing was added this time. */
  readonly alreadyImported: boolean;
  readonly dryRun: boolean;
  /**
   * Every line of the file in file order, as stored: added by this import, or the line an
   * earlier file brought (its id, state and payment), and whether this import added it.
   */
  readonly lines: readonly (BankLineRow & { readonly added: boolean })[];
}

class DryRunRollback extends Error {
  constructor(readonly result: BankFileImportResult) {
    super('dry run');
  }
}

/**
 * A line is for matching when it is money in that the bank has booked. A booked debit marked as
 * a reversal is a credit coming back (a returned transfer): a person reviews the payment it
 * undoes. Everything else (money out, pending or informational lines) is kept and never matched.
 */
export function initialState(line: BankLine): NewBankLine['state'] {
  if (line.status !== 'booked') return 'ignored';
  if (line.reversal) return line.direction === 'debit' ? 'review' : 'ignored';
  return line.direction === 'credit' ? 'unmatched' : 'ignored';
}

async function accountFor(
  db: Db,
  actor: Actor,
  statement: BankStatement,
  chosen: BankAccountRow | undefined,
): Promise<BankAccountRow> {
  const named = statement.account.iban ?? statement.account.number;
  if (chosen) {
    const differs =
      (statement.account.iban !== null &&
        chosen.iban !== null &&
        statement.account.iban !== chosen.iban) ||
      (statement.account.iban === null &&
        statement.account.number !== null &&
        chosen.account_number !== null &&
        statement.account.number !== chosen.account_number);
    if (differs) {
      throw new AppError(
        'invalid',
        'bank_account_mismatch',
        `The statement is for account ${named}, not for ${chosen.iban ?? chosen.account_number} (${chosen.name}).`,
        'bank_account_id',
      );
    }
    return chosen;
  }
  if (named === null) {
    throw new AppError(
      'invalid',
      'bank_account_missing',
      'The statement does not name its account: choose the bank account it is for.',
      'bank_account_id',
    );
  }
  const identity = { iban: statement.account.iban, number: statement.account.number };
  const found = await findBankAccountByIdentity(db, actor.orgId, identity);
  if (found) return found;
  // The organization's own account, met for the first time in a statement: recorded as the file
  // names it, so the next statement for it lands on the same account.
  const created = await insertBankAccount(db, actor.orgId, {
    id: newId(),
    name: named,
    iban: statement.account.iban,
    accountNumber: statement.account.iban === null ? statement.account.number : null,
    bic: statement.account.bic,
    currency: statement.currency,
    csvMapping: null,
  });
  return created!;
}

function newLines(parsed: BankFile, accounts: readonly BankAccountRow[]): NewBankLine[] {
  const rows: { account: BankAccountRow; line: BankLine; key: string }[] = [];
  parsed.statements.forEach((statement, index) => {
    const account = accounts[index]!;
    for (const line of statement.lines) {
      rows.push({ account, line, key: bankLineKey(statement.account, line) });
    }
  });
  // Identical lines are counted per account: the key is unique within an account.
  const counts = occurrences(rows.map((row) => `${row.account.id}|${row.key}`));
  return rows.map(({ account, line, key }, index) => ({
    id: newId(),
    bankAccountId: account.id,
    position: line.position,
    dedupeKey: key,
    occurrence: counts[index]!,
    valueDate: line.valueDate,
    bookingDate: line.bookingDate,
    amountMinor: line.amountMinor,
    currency: line.currency,
    direction: line.direction,
    status: line.status,
    reversal: line.reversal,
    payerName: line.payerName,
    payerAccount: line.payerAccount,
    payerBic: line.payerBic,
    ref: line.ref,
    refs: line.references,
    remittance: line.remittance,
    transactionCode: line.transactionCode,
    additionalInfo: line.additionalInfo,
    state: initialState(line),
  }));
}

/**
 * Imports a bank statement file: every transaction becomes a bank line, once. All or nothing: a
 * file that cannot be read imports nothing and says where it is wrong. The same file again (by
 * its SHA-256) adds nothing and answers what the first import stored; another file holding
 * transactions already imported (overlapping statements, the day's camt.054 then the camt.053)
 * adds only the ones that are new (bank-line-key.ts).
 */
export async function importBankFile(
  database: Database,
  actor: Actor,
  request: BankFileImport,
  hooks: {
    /**
     * Called once the file has been read without error and is not one imported before, just
     * before its lines are written: work that only a new, valid file is worth can start here.
     */
    readonly beforeNewLines?: () => void;
  } = {},
): Promise<BankFileImportResult> {
  const sha256 = createHash('sha256')
    .update(typeof request.text === 'string' ? Buffer.from(request.text, 'utf8') : request.text)
    .digest('hex');
  try {
    return await database.transaction(async ({ db }) => {
      let chosen: BankAccountRow | undefined;
      if (request.bankAccountId !== undefined) {
        chosen = await findBankAccount(db, actor.orgId, request.bankAccountId);
        if (!chosen) throw AppError.notFound('bank_account', 'bank_account_id');
      }
      const saved = request.csvMapping ?? (chosen?.csv_mapping as CsvStatementMapping | null);
      // A CSV export does not name its account; the one chosen does, for the lines' references.
      const mapping =
        saved && chosen
          ? { ...saved, account: { iban: chosen.iban, number: chosen.account_number } }
          : saved;
      const parsed = readStatementFile(request.text, {
        format: request.format,
        csvMapping: mapping ?? null,
      });
      if (parsed.format === 'csv' && !chosen) {
        throw new AppError(
          'invalid',
          'bank_account_missing',
          'A CSV statement does not name its account: choose the bank account it is for.',
          'bank_account_id',
        );
      }

      await lockBankFileHash(db, actor.orgId, sha256);
      const earlier = await findBankFileByHash(db, actor.orgId, sha256);
      const accounts: BankAccountRow[] = [];
      for (const statement of parsed.statements) {
        accounts.push(await accountFor(db, actor, statement, chosen));
      }
      const rows = newLines(parsed, accounts);
      const storedLines = async (addedIds: ReadonlySet<string>) => {
        const stored = new Map(
          (await findLinesByKeys(db, actor.orgId, rows)).map((line) => [
            `${line.bank_account_id}|${line.dedupe_key}|${line.occurrence}`,
            line,
          ]),
        );
        return rows.map((row) => {
          const line = stored.get(`${row.bankAccountId}|${row.dedupeKey}|${row.occurrence}`)!;
          return { ...line, position: row.position, added: addedIds.has(line.id) };
        });
      };
      if (earlier) {
        return {
          file: earlier,
          alreadyImported: true,
          dryRun: request.dryRun === true,
          lines: await storedLines(new Set()),
        };
      }

      hooks.beforeNewLines?.();
      const fileId = newId();
      const fileRow = {
        id: fileId,
        sha256,
        fileName: request.fileName ?? null,
        format: parsed.format,
        version: parsed.version,
        statements: parsed.statements.length,
        lines: rows.length,
        linesAdded: 0,
        warnings: parsed.warnings,
        importedBy: actor.type === 'user' ? actor.id : null,
        autoApply: request.autoApply === true,
      };
      // The file row first: the lines reference it.
      await insertBankFile(db, actor.orgId, fileRow);
      const { added } = await insertBankLines(db, actor.orgId, fileId, rows);
      const addedIds = new Set(added);
      await setFileLinesAdded(db, actor.orgId, fileId, added.length);
      if (parsed.format === 'csv' && request.csvMapping && chosen)
        await setBankAccountMapping(db, actor.orgId, chosen.id, request.csvMapping);
      const file = (await findBankFileByHash(db, actor.orgId, sha256))!;
      await recordAudit(db, actor, [
        {
          action: 'bank_file.imported',
          entityType: 'bank_file',
          entityId: fileId,
          after: {
            file_name: file.file_name,
            format: file.format,
            sha256,
            lines: file.lines,
            lines_added: file.lines_added,
          },
        },
      ]);
      const result: BankFileImportResult = {
        file,
        alreadyImported: false,
        dryRun: request.dryRun === true,
        lines: await storedLines(addedIds),
      };
      if (request.dryRun) throw new DryRunRollback(result);
      return result;
    });
  } catch (error) {
    if (error instanceof DryRunRollback) return error.result;
    throw error;
  }
}
