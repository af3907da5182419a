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

/** Puts an issued document on the queue of PDFs to render (once; again is harmless). */
export async function queueRendering(
  db: Db,
  orgId: string,
  kind: RenderedKind,
  id: string,
): Promise<void> {
  await db
    .insertInto('rendering_queue')
    .values({ org_id: orgId, source_type: kind, source_id: id })
    .onConflict((conflict) => conflict.doNothing())
    .execute();
}

/** Tries before a document that fails to render waits for a person. */
export const renderingAttemptsMax = 5;

/**
 * The oldest documents waiting for their PDF, of every organization: the job's work list (each
 * is then rendered within its own organization). Rows that failed too often are left out.
 */
export async function waitingRenderings(db: Db, limit: number) {
  return db
    .selectFrom('rendering_queue')
    .select(['org_id', 'source_type', 'source_id'])
    .where('attempts', '<', renderingAttemptsMax)
    .orderBy('queued_at')
    .orderBy('source_id')
    .limit(limit)
    .execute();
}

export async function removeFromRenderingQueue(
  db: Db,
  orgId: string,
  kind: RenderedKind,
  id: string,
): Promise<void> {
  await db
    .deleteFrom('rendering_queue')
    .where('org_id', '=', orgId)
    .where('source_type', '=', kind)
    .where('source_id', '=', id)
    .execute();
}

export async function recordRenderingFailure(
  db: Db,
  orgId: string,
  kind: RenderedKind,
  id: string,
  error: string,
): Promise<void> {
  await db
    .updateTable('rendering_queue')
    .set((eb) => ({ attempts: eb('attempts', '+', 1), last_error: error }))
    .where('org_id', '=', orgId)
    .where('source_type', '=', kind)
    .where('source_id', '=', id)
    .execute();
}
