import type { Database } from '../platform/db/database.js';
import { startPeriodic, type Periodic } from '../platform/jobs/periodic.js';
import { rematchChangedBook } from './rematch-changed-book.service.js';
import { organizationsWithWaitingLines } from './rematch.sql.js';

/**
 * Inside the server, every minute: each organization with bank lines waiting whose book changed
 * since they were last matched has them matched again (rematch-changed-book.service.ts). So a
 * payment that quoted an invoice not yet issued is applied, or proposed, within a minute of the
 * invoice being issued, with no one running `settle bank rematch`.
 */
export function startRematchScheduler(
  database: Database,
  options: {
    intervalMs?: number;
    onError?: (error: unknown) => void;
    onRematch?: (orgId: string, result: { lines: number; applied: number }) => void;
  } = {},
): Periodic {
  return startPeriodic(
    async (stopped) => {
      for (const orgId of await organizationsWithWaitingLines(database.db)) {
        if (stopped()) return;
        const result = await rematchChangedBook(database, orgId);
        if (result) options.onRematch?.(orgId, result);
      }
    },
    { intervalMs: options.intervalMs ?? 60_000, onError: options.onError },
  );
}
