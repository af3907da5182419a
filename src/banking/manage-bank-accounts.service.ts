import type { Actor } from '../core/actor.js';
import { AppError } from '../core/errors.js';
import { newId } from '../core/ids.js';
import { parseCurrency } from '../core/money.js';
import { recordAudit } from '../platform/audit/audit.sql.js';
import type { Database } from '../platform/db/database.js';
import {
  findBankAccount,
  findBankAccountByIdentity,
  insertBankAccount,
  listBankAccounts as bankAccountRows,
  renameBankAccount,
  setBankAccountMapping,
} from './bank.sql.js';
import { validateCsvMapping } from './formats/csv-mapping.js';
import { ibanChecks } from '../core/iban.js';

/** The organization's bank accounts, with the CSV mapping saved on each. */
export async function listBankAccounts(database: Database, actor: Actor) {
  return bankAccountRows(database.db, actor.orgId);
}

function checkedMapping(mapping: unknown) {
  if (mapping === null || mapping === undefined) return null;
  const checked = validateCsvMapping(mapping);
  if (!checked.ok) {
    const first = checked.errors[0]!;
    throw new AppError(
      'invalid',
      'csv_mapping_invalid',
      `The CSV mapping is wrong: ${checked.errors.map((error) => `${error.field}: ${error.message}`).join(' ')}`,
      `csv_mapping.${first.field}`,
      checked.errors.map((error) => ({ field: error.field, message: error.message })),
    );
  }
  return checked.value;
}

export interface NewBankAccount {
  readonly name: string;
  readonly iban?: string | null | undefined;
  readonly accountNumber?: string | null | undefined;
  readonly bic?: string | null | undefined;
  readonly currency?: string | null | undefined;
  readonly csvMapping?: unknown;
}

/**
 * Adds one of the organization's own bank accounts, by IBAN (its check digits checked) or by
 * account number, with the column mapping of its bank's CSV export when it has one. Statements
 * that name their account create it on their own; a CSV export names none, so its account is
 * added here first. Codes: name_required, iban_invalid, bank_account_identity_required,
 * bank_account_exists, currency_invalid, csv_mapping_invalid.
 */
export async function createBankAccount(database: Database, actor: Actor, input: NewBankAccount) {
  const name = input.name.trim();
  if (!name) throw new AppError('invalid', 'name_required', 'Name the account.', 'name');
  const iban = input.iban ? input.iban.replace(/\s+/g, '').toUpperCase() : null;
  if (iban !== null && !ibanChecks(iban))
    throw new AppError(
      'invalid',
      'iban_invalid',
      `${input.iban} is not an IBAN: its check digits do not hold.`,
      'iban',
    );
  const accountNumber = iban === null ? input.accountNumber?.trim() || null : null;
  if (iban === null && accountNumber === null)
    throw new AppError(
      'invalid',
      'bank_account_identity_required',
      'Give the account’s IBAN or its account number.',
      'iban',
    );
  let currency: string | null = null;
  if (input.currency) {
    const parsed = parseCurrency(input.currency);
    if (!parsed.ok) throw AppError.fromDomain(parsed.error);
    currency = parsed.value;
  }
  const csvMapping = checkedMapping(input.csvMapping);
  return database.transaction(async ({ db }) => {
    const identity = { iban, number: accountNumber };
    if (await findBankAccountByIdentity(db, actor.orgId, identity))
      throw new AppError(
        'conflict',
        'bank_account_exists',
        `The account ${iban ?? accountNumber} is there already.`,
        iban ? 'iban' : 'account_number',
      );
    const id = newId();
    const account = await insertBankAccount(db, actor.orgId, {
      id,
      name,
      iban,
      accountNumber,
      bic: input.bic?.trim().toUpperCase() || null,
      currency,
      csvMapping,
    });
    if (!account || account.id !== id)
      throw new AppError(
        'conflict',
        'bank_account_exists',
        `The account ${iban ?? accountNumber} is there already.`,
        iban ? 'iban' : 'account_number',
      );
    await recordAudit(db, actor, [
      {
        action: 'bank_account.created',
        entityType: 'bank_account',
        entityId: id,
        after: { name, iban, account_number: accountNumber, currency },
      },
    ]);
    return account;
  });
}

/**
 * Renames an account or saves its bank's CSV mapping (null removes it). The account's IBAN or
 * number stays: the lines already imported are keyed by it.
 * Codes: bank_account_not_found, name_required, csv_mapping_invalid.
 */
export async function updateBankAccount(
  database: Database,
  actor: Actor,
  id: string,
  input: { name?: string | undefined; csvMapping?: unknown },
) {
  const name = input.name === undefined ? undefined : input.name.trim();
  if (name === '') throw new AppError('invalid', 'name_required', 'Name the account.', 'name');
  const csvMapping = input.csvMapping === undefined ? undefined : checkedMapping(input.csvMapping);
  return database.transaction(async ({ db }) => {
    const before = await findBankAccount(db, actor.orgId, id);
    if (!before) throw AppError.notFound('bank_account');
    if (name !== undefined) await renameBankAccount(db, actor.orgId, id, name);
    if (csvMapping !== undefined) await setBankAccountMapping(db, actor.orgId, id, csvMapping);
    await recordAudit(db, actor, [
      {
        action: 'bank_account.updated',
        entityType: 'bank_account',
        entityId: id,
        before: { name: before.name, csv_mapping: before.csv_mapping },
        after: {
          name: name ?? before.name,
          csv_mapping: csvMapping === undefined ? before.csv_mapping : csvMapping,
        },
      },
    ]);
    return (await findBankAccount(db, actor.orgId, id))!;
  });
}
