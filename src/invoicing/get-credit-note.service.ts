import type { Actor } from '../core/actor.js';
import { AppError } from '../core/errors.js';
import type { Database } from '../platform/db/database.js';
import { creditNoteLines, findCreditNote } from './credit-note.sql.js';

/** A credit note with its lines. Codes: credit_note_not_found. */
export async function getCreditNote(database: Database, actor: Actor, id: string) {
  const creditNote = await findCreditNote(database.db, actor.orgId, id);
  if (!creditNote) throw AppError.notFound('credit_note');
  return { creditNote, lines: await creditNoteLines(database.db, actor.orgId, id) };
}
