import type { Actor } from '../core/actor.js';
import { now } from '../core/clock.js';
import { transactionAsDatabase, type Database } from '../platform/db/database.js';
import { matchBankLines, matcherName } from './match-bank-lines.service.js';
import { lockRematchMark, newestEventId, rematchMark, setRematchMark } from './rematch.sql.js';

function matcherActor(orgId: string): Actor {
  return { orgId, type: 'system', id: null, name: matcherName, role: 'owner' };
}

/**
 * Matches the organization's waiting lines again when its book changed since the last time (an
 * invoice issued, a customer added or renamed, money applied elsewhere): proposals follow the
 * book, and a line that is now sure is applied when its file was imported asking for that.
 * Answers what it did, or null when nothing changed. Two servers never rematch one organization
 * at once: the second waits on the mark, then finds it current.
 */
export async function rematchChangedBook(
  database: Database,
  orgId: string,
): Promise<{ lines: number; applied: number } | null> {
  // A cheap look first, outside any lock: most ticks find nothing changed.
  const seen = await rematchMark(database.db, orgId);
  if (seen !== undefined && seen === (await newestEventId(database.db, orgId))) return null;
  return database.transaction(async (tx) => {
    const mark = await lockRematchMark(tx.db, orgId);
    if (mark !== null && mark === (await newestEventId(tx.db, orgId))) return null;
    const run = await matchBankLines(transactionAsDatabase(database, tx), matcherActor(orgId), {
      autoApply: 'as-imported',
    });
    // The run's own events count as seen: applying a line must not trigger another rematch.
    await setRematchMark(tx.db, orgId, await newestEventId(tx.db, orgId), now());
    return {
      lines: run.outcomes.length,
      applied: run.outcomes.filter((outcome) => outcome.outcome === 'applied').length,
    };
  });
}
