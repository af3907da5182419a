import type { Actor } from '../core/actor.js';
import { AppError } from '../core/errors.js';
import type { Database } from '../platform/db/database.js';
import { findListedBankLine, matchesOfLines } from './bank-lines.sql.js';
import { labelIdsOf } from './bank-queue.view.js';
import { labelsOf } from './match.sql.js';

/**
 * One bank line with everything a person needs to decide it: its references and text, the
 * proposals best first, what was applied, and what was applied before and undone.
 * Codes: bank_line_not_found.
 */
export async function getBankLine(database: Database, actor: Actor, id: string) {
  const line = await findListedBankLine(database.db, actor.orgId, id);
  if (!line) throw AppError.notFound('bank_line');
  const matches = await matchesOfLines(database.db, actor.orgId, [line.id], { withUndone: true });
  const labels = await labelsOf(database.db, actor.orgId, labelIdsOf(matches));
  return { line, matches, labels };
}
