import type { Actor } from '../core/actor.js';
import { addDays, type CalendarDate } from '../core/calendar-date.js';
import { listAuditEvents as auditEventRows } from '../platform/audit/audit.sql.js';
import type { Database } from '../platform/db/database.js';

export interface AuditEventQuery {
  /** Only the events about this entity. */
  readonly entityId?: string | undefined;
  /** Only the events about this kind of entity ("invoice", "payment", "goal", …). */
  readonly entityType?: string | undefined;
  /** Only this action ("create", "issue", …). */
  readonly action?: string | undefined;
  /** Only the events of this user. */
  readonly actorId?: string | undefined;
  /** Only the events on these days (UTC, as the timestamps are shown), both included. */
  readonly from?: CalendarDate | undefined;
  readonly to?: CalendarDate | undefined;
  /** The id of the last event of the previous page. */
  readonly cursor?: string | undefined;
  /** At most this many events (default 100). */
  readonly limit?: number | undefined;
}

/**
 * The organization's audit log, newest first, a page at a time: the page and the id to ask for
 * the next one after it (null on the last page).
 */
export async function listAuditEvents(
  database: Database,
  actor: Actor,
  query: AuditEventQuery = {},
) {
  const limit = query.limit ?? 100;
  // One more than asked tells whether another page follows without a count.
  const rows = await auditEventRows(database.db, actor.orgId, query.entityId, limit + 1, {
    entityType: query.entityType,
    action: query.action,
    actorId: query.actorId,
    atFrom: query.from ? new Date(`${query.from}T00:00:00Z`) : undefined,
    atBefore: query.to ? new Date(`${addDays(query.to, 1)}T00:00:00Z`) : undefined,
    afterId: query.cursor,
  });
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? items[items.length - 1]!.id : null };
}
