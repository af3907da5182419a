import type { Db } from '../platform/db/database.js';

export type RenderedKind = 'invoice' | 'credit_note';

/** The stored PDF of an issued document, with its hash, or undefined before it is rendered. */
export async function findRendering(db: Db, orgId: string, kind: RenderedKind, id: string) {
  return db
    .selectFrom('document_renderings')
    .innerJoin('documents', (join) =>
      join
        .onRef('documents.org_id', '=', 'document_renderings.org_id')
        .onRef('documents.id', '=', 'document_renderings.document_id'),
    )
    .select([
      'document_renderings.sha256',
      'document_renderings.rendered_at',
      'documents.file_name',
      'documents.content',
    ])
    .where('document_renderings.org_id', '=', orgId)
    .where('document_renderings.source_type', '=', kind)
    .where('document_renderings.source_id', '=', id)
    .executeTakeFirst();
}

/** Records a rendering; false when another got there first (the first one stays). */
export async function insertRendering(
  db: Db,
  orgId: string,
  rendering: { kind: RenderedKind; id: string; documentId: string; sha256: string },
): Promise<boolean> {
  const inserted = await db
    .insertInto('document_renderings')
    .values({
      org_id: orgId,
      source_type: rendering.kind,
      source_id: rendering.id,
      document_id: rendering.documentId,
      sha256: rendering.sha256,
    })
    .onConflict((conflict) => conflict.doNothing())
    .returning('source_id')
    .executeTakeFirst();
  return inserted !== undefined;
}
