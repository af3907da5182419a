import type { Actor } from '../core/actor.js';
import type { Database } from '../platform/db/database.js';
import { getDocumentPdf } from './get-document-pdf.service.js';
import {
  recordRenderingFailure,
  removeFromRenderingQueue,
  waitingRenderings,
} from './rendering.sql.js';

export const renderingJobName = 'document rendering';

function renderingActor(orgId: string): Actor {
  return { orgId, type: 'system', id: null, name: renderingJobName, role: 'owner' };
}

export interface RenderingPass {
  readonly rendered: number;
  readonly failed: number;
}

/**
 * Renders the PDFs of documents issued since the last pass, oldest first, each outside any
 * transaction and stored with its hash (getDocumentPdf); a document already rendered meanwhile
 * (its e-mail was delivered, or someone downloaded it) only leaves the queue. A document that
 * fails keeps its place with the error and is tried again on later passes, a few times.
 */
export async function renderQueuedDocuments(
  database: Database,
  options: { readonly limit?: number; readonly stopped?: () => boolean } = {},
): Promise<RenderingPass> {
  let rendered = 0;
  let failed = 0;
  for (const row of await waitingRenderings(database.db, options.limit ?? 100)) {
    if (options.stopped?.()) break;
    const kind = row.source_type;
    try {
      await getDocumentPdf(database, renderingActor(row.org_id), kind, row.source_id);
      await removeFromRenderingQueue(database.db, row.org_id, kind, row.source_id);
      rendered += 1;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await recordRenderingFailure(database.db, row.org_id, kind, row.source_id, message);
      failed += 1;
    }
  }
  return { rendered, failed };
}
