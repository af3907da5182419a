import type { Actor } from '../core/actor.js';
import { listAuditEvents as auditEventRows } from '../platform/audit/audit.sql.js';
import type { Database } from '../platform/db/database.js';

export interface AuditEventQuery {
  /** Only the events about this entity. */
  readonly entityId?: string | undefined;
  /** At most this many events (default 100). */
  readonly limit?: number | undefined;
}

/** The organization's audit log, newest first. */
export async function listAuditEvents(
  database: Database,
  actor: Actor,
  query: AuditEventQuery = {},
) {
  return auditEventRows(database.db, actor.orgId, query.entityId, query.limit ?? 100);
}
