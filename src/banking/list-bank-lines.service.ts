import type { Actor } from '../core/actor.js';
import { AppError } from '../core/errors.js';
import { parseAmount } from '../core/money.js';
import type { Database } from '../platform/db/database.js';
import type { PageRequest } from '../platform/db/pagination.js';
import {
  bankLineSorts,
  countLinesByState,
  lineCurrencies,
  listBankLines as bankLineRows,
  matchesOfLines,
  type BankLineFilter,
  type SearchWord,
} from './bank-lines.sql.js';
import { labelsOf } from './match.sql.js';
import { labelIdsOf } from './bank-queue.view.js';

/** The keys a list of bank lines sorts by (`?sort=`, `-` for descending). */
export const bankLineSortKeys = Object.keys(bankLineSorts);

export type BankLineListFilter = Omit<BankLineFilter, 'words'> & {
  /** What a person types: words of the payer, the references or the text, or an amount. */
  readonly search?: string | undefined;
};

/** Each word of a search, and what it means as an amount in each currency the lines are in. */
async function searchWords(
  database: Database,
  actor: Actor,
  search: string | undefined,
): Promise<SearchWord[]> {
  const texts = (search ?? '').trim().split(/\s+/).filter(Boolean).slice(0, 8);
  if (texts.length === 0) return [];
  const looksLikeAmount = (text: string) => /^[0-9]+(?:[.,][0-9]{1,3})?$/.test(text);
  const currencies = texts.some(looksLikeAmount)
    ? await lineCurrencies(database.db, actor.orgId)
    : [];
  return texts.map((text) => ({
    text,
    amounts: looksLikeAmount(text)
      ? currencies.flatMap((currency) => {
          const parsed = parseAmount(text.replace(',', '.'), currency, 'search');
          return parsed.ok ? [{ currency, minor: parsed.value }] : [];
        })
      : [],
  }));
}

/**
 * A page of bank lines (the review queue, or any state) with what the matcher or a person made of
 * each, the customers and invoices they name, and how many lines are in each state.
 * Codes: sort_invalid, limit_invalid, cursor_invalid.
 */
export async function listBankLines(
  database: Database,
  actor: Actor,
  filter: BankLineListFilter,
  sortKey: string,
  page: PageRequest,
) {
  const sort = Object.hasOwn(bankLineSorts, sortKey) ? bankLineSorts[sortKey] : undefined;
  if (!sort)
    throw new AppError(
      'invalid',
      'sort_invalid',
      `The sort is one of ${bankLineSortKeys.join(', ')}.`,
      'sort',
    );
  const { search, ...rest } = filter;
  const words = await searchWords(database, actor, search);
  const lines = await bankLineRows(database.db, actor.orgId, { ...rest, words }, sort, page);
  const matches = await matchesOfLines(
    database.db,
    actor.orgId,
    lines.items.map((line) => line.id),
    { withUndone: false },
  );
  const labels = await labelsOf(database.db, actor.orgId, labelIdsOf(matches));
  const counts = await countLinesByState(database.db, actor.orgId);
  return { lines, matches, labels, counts };
}
