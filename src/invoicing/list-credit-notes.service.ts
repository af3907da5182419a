import type { Actor } from '../core/actor.js';
import { AppError } from '../core/errors.js';
import type { Database } from '../platform/db/database.js';
import type { PageRequest } from '../platform/db/pagination.js';
import {
  creditNoteSorts,
  listCreditNotes as creditNoteRows,
  type CreditNoteFilter,
} from './credit-note.sql.js';

export type { CreditNoteFilter };

/** The keys a list of credit notes sorts by (`?sort=`, `-` for descending). */
export const creditNoteSortKeys = Object.keys(creditNoteSorts);

/**
 * A page of the organization's credit notes with their customer's ref, sorted by one of
 * creditNoteSortKeys. Codes: sort_invalid, limit_invalid, cursor_invalid.
 */
export async function listCreditNotes(
  database: Database,
  actor: Actor,
  filter: CreditNoteFilter,
  sortKey: string,
  page: PageRequest,
) {
  const sort = Object.hasOwn(creditNoteSorts, sortKey) ? creditNoteSorts[sortKey] : undefined;
  if (!sort) {
    throw new AppError(
      'invalid',
      'sort_invalid',
      `The sort is one of ${creditNoteSortKeys.join(', ')}.`,
      'sort',
    );
  }
  return creditNoteRows(database.db, actor.orgId, filter, sort, page);
}
