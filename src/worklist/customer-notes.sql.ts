import { now } from '../core/clock.js';
import type { Db } from '../platform/db/database.js';
import {
  paginate,
  sortKeySelection,
  type PageRequest,
  type SortSpec,
} from '../platform/db/pagination.js';

export interface CustomerNote {
  readonly id: string;
  readonly customerId: string;
  readonly body: string;
  readonly authorId: string | null;
  readonly authorName: string | null;
  readonly createdAt: Date;
}

type NoteRow = {
  id: string;
  customer_id: string;
  body: string;
  author_id: string | null;
  author_name: string | null;
  created_at: Date;
};

function noteOf(row: NoteRow): CustomerNote {
  return {
    id: row.id,
    customerId: row.customer_id,
    body: row.body,
    authorId: row.author_id,
    authorName: row.author_name,
    createdAt: new Date(row.created_at),
  };
}

function selectNotes(db: Db, orgId: string) {
  return db
    .selectFrom('customer_notes as n')
    .leftJoin('users as u', (join) =>
      join.onRef('u.org_id', '=', 'n.org_id').onRef('u.id', '=', 'n.author_id'),
    )
    .select([
      'n.id',
      'n.customer_id',
      'n.body',
      'n.author_id',
      'u.name as author_name',
      'n.created_at',
    ])
    .where('n.org_id', '=', orgId);
}

export async function insertNote(
  db: Db,
  orgId: string,
  note: { id: string; customerId: string; body: string; authorId: string | null },
): Promise<CustomerNote> {
  await db
    .insertInto('customer_notes')
    .values({
      org_id: orgId,
      id: note.id,
      customer_id: note.customerId,
      body: note.body,
      author_id: note.authorId,
      created_at: now(),
    })
    .execute();
  const row = await selectNotes(db, orgId).where('n.id', '=', note.id).executeTakeFirstOrThrow();
  return noteOf(row as NoteRow);
}

// Ids are UUIDv7, so their order is the order notes were written in, without the sub-millisecond
// precision a timestamp cursor would lose.
const noteSort: SortSpec = { expression: 'n.id::text', idColumn: 'n.id', cast: 'text' };

/** A customer's notes, newest first. */
export async function listNoteRows(db: Db, orgId: string, customerId: string, page: PageRequest) {
  const query = selectNotes(db, orgId)
    .select(sortKeySelection(noteSort))
    .where('n.customer_id', '=', customerId);
  const result = await paginate(query, noteSort, { ...page, descending: true });
  return {
    items: result.items.map((row) => noteOf(row as NoteRow)),
    nextCursor: result.nextCursor,
  };
}
