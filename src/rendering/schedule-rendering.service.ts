import type { Database } from '../platform/db/database.js';
import { startPeriodic, type Periodic } from '../platform/jobs/periodic.js';
import { renderQueuedDocuments, type RenderingPass } from './render-queued-documents.service.js';

/**
 * Inside the server, every few seconds: the PDFs of documents just issued are rendered and stored
 * with their hash (render-queued-documents.service.ts), so the document a customer receives is
 * fixed soon after it is issued, whether or not it is e-mailed or downloaded. A pass keeps going
 * while there is work, so a burst of issued invoices is not spread over minutes.
 */
export function startRenderingScheduler(
  database: Database,
  options: {
    intervalMs?: number;
    onError?: (error: unknown) => void;
    onPass?: (pass: RenderingPass) => void;
  } = {},
): Periodic {
  return startPeriodic(
    async (stopped) => {
      for (;;) {
        const pass = await renderQueuedDocuments(database, { stopped });
        if (pass.rendered + pass.failed > 0) options.onPass?.(pass);
        if (pass.rendered === 0 || stopped()) return;
      }
    },
    { intervalMs: options.intervalMs ?? 5_000, onError: options.onError },
  );
}
