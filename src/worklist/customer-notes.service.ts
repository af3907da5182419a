import type { Actor } from '../core/actor.js';
import { AppError } from '../core/errors.js';
import { isId, newId } from '../core/ids.js';
import { limits } from '../core/limits.js';
import { findCustomer } from '../customers/find-customer.service.js';
import { recordAudit } from '../platform/audit/audit.sql.js';
import type { Database, Db } from '../platform/db/database.js';
import { insertNote, listNoteRows, type CustomerNote } from './customer-notes.sql.js';

/** Notes as the API and the CLI's JSON give them. */
export function noteView(note: CustomerNote) {
  return {
    id: note.id,
    customer_id: note.customerId,
    body: note.body,
    author_id: note.authorId,
    author_name: note.authorName,
    created_at: note.createdAt.toISOString(),
  };
}

async function checkCustomer(db: Db, orgId: string, customerId: string): Promise<string> {
  const customer = isId(customerId) ? await findCustomer(db, orgId, customerId) : undefined;
  if (!customer) throw AppError.notFound('customer', 'id');
  return customer.id;
}

function parseBody(text: string): string {
  const body = text.trim();
  if (body === '')
    throw new AppError('invalid', 'note_body_required', 'A note needs some text.', 'body');
  if (body.length > limits.textLengthMax)
    throw new AppError(
      'invalid',
      'note_body_too_long',
      `A note has at most ${limits.textLengthMax} characters.`,
      'body',
    );
  return body;
}

/**
 * Writes a note on a customer's account, signed by the actor. Notes are a record of what was
 * said, so they are never edited: a correction is another note.
 * Codes: customer_not_found, note_body_required, note_body_too_long.
 */
export async function addCustomerNote(
  database: Database,
  actor: Actor,
  customerId: string,
  text: string,
): Promise<CustomerNote> {
  const body = parseBody(text);
  return database.transaction(async ({ db }) => {
    const id = await checkCustomer(db, actor.orgId, customerId);
    const note = await insertNote(db, actor.orgId, {
      id: newId(),
      customerId: id,
      body,
      authorId: actor.id,
    });
    await recordAudit(db, actor, [
      {
        action: 'customer_note.created',
        entityType: 'customer_note',
        entityId: note.id,
        after: noteView(note),
      },
    ]);
    return note;
  });
}

/** A customer's notes, newest first. Codes: customer_not_found, limit_invalid, cursor_invalid. */
export async function listCustomerNotes(
  database: Database,
  actor: Actor,
  customerId: string,
  page: { readonly limit?: number | undefined; readonly cursor?: string | undefined } = {},
) {
  const id = await checkCustomer(database.db, actor.orgId, customerId);
  return listNoteRows(database.db, actor.orgId, id, page);
}
