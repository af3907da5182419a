import { newId } from '../../core/ids.js';
import type { Actor } from '../../core/actor.js';
import { toJsonValue } from '../../core/json.js';
import { sql } from 'kysely';
import type { Db, Tx } from '../db/database.js';
import type { Write } from '../db/one-statement.sql.js';
import { now } from '../../core/clock.js';

export interface AuditEvent {
  readonly action: string;
  readonly entityType: string;
  readonly entityId: string | null;
  readonly before?: unknown;
  readonly after?: unknown;
}

function json(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(toJsonValue(value));
}

/** Writes audit events in the caller's transaction: the change and its record commit together. */
export async function recordAudit(
  db: Db,
  actor: Actor,
  events: readonly AuditEvent[],
): Promise<void> {
  if (events.length === 0) return;
  // The application's clock, not the database's: the two differ in a run with a shifted clock.
  const at = now();
  // In chunks under the 65,535 parameters of one statement (11 an event): a matcher run may
  // record thousands of applications.
  for (let start = 0; start < events.length; start += auditChunkEvents)
    await insertAuditEvents(db, actor, at, events.slice(start, start + auditChunkEvents));
}

/**
 * The same events as a write another statement carries (platform/db/one-statement.sql.ts), for a use
 * case that sends its writes in one statement; none when there are no events. At most a few hundred
 * events: one statement's parameters are limited.
 */
export function auditEventsWrites(actor: Actor, events: readonly AuditEvent[]): Write[] {
  if (events.length === 0) return [];
  const at = now();
  const rows = events.map(
    (event) =>
      sql`(${actor.orgId}, ${newId()}, ${actor.type}, ${actor.id}, ${actor.name}, ${at},
        ${event.action}, ${event.entityType}, ${event.entityId}, ${json(event.before)},
        ${json(event.after)})`,
  );
  return [
    sql`INSERT INTO audit_events (org_id, id, actor_type, actor_id, actor_name, at, action,
    entity_type, entity_id, before, after) VALUES ${sql.join(rows)}`,
  ];
}

const auditChunkEvents = 4000;

async function insertAuditEvents(
  db: Db,
  actor: Actor,
  at: Date,
  events: readonly AuditEvent[],
): Promise<void> {
  await db
    .insertInto('audit_events')
    .values(
      events.map((event) => ({
        org_id: actor.orgId,
        id: newId(),
        actor_type: actor.type,
        actor_id: actor.id,
        actor_name: actor.name,
        at,
        action: event.action,
        entity_type: event.entityType,
        entity_id: event.entityId,
        before: json(event.before),
        after: json(event.after),
      })),
    )
    .execute();
}

/** The same for bulk loads, through COPY. */
export async function recordAuditBulk(
  tx: Tx,
  actor: Actor,
  events: Iterable<AuditEvent>,
): Promise<number> {
  const at = now();
  function* rows() {
    for (const event of events) {
      yield [
        actor.orgId,
        newId(),
        at,
        actor.type,
        actor.id,
        actor.name,
        event.action,
        event.entityType,
        event.entityId,
        json(event.before),
        json(event.after),
      ] as const;
    }
  }
  return tx.copy(
    'audit_events',
    [
      'org_id',
      'id',
      'at',
      'actor_type',
      'actor_id',
      'actor_name',
      'action',
      'entity_type',
      'entity_id',
      'before',
      'after',
    ],
    rows(),
  );
}

/** Narrows the audit log; every field is optional. */
export interface AuditEventFilter {
  readonly entityType?: string | undefined;
  readonly action?: string | undefined;
  readonly actorId?: string | undefined;
  /** Events at or after this instant, and before `before`. */
  readonly atFrom?: Date | undefined;
  readonly atBefore?: Date | undefined;
  /** Events older than this one (ids grow with time): the next page after it. */
  readonly afterId?: string | undefined;
}

export async function listAuditEvents(
  db: Db,
  orgId: string,
  entityId: string | undefined,
  limit: number,
  filter: AuditEventFilter = {},
) {
  let query = db.selectFrom('audit_events').selectAll().where('org_id', '=', orgId);
  if (entityId) query = query.where('entity_id', '=', entityId);
  if (filter.entityType) query = query.where('entity_type', '=', filter.entityType);
  if (filter.action) query = query.where('action', '=', filter.action);
  if (filter.actorId) query = query.where('actor_id', '=', filter.actorId);
  if (filter.atFrom) query = query.where('at', '>=', filter.atFrom);
  if (filter.atBefore) query = query.where('at', '<', filter.atBefore);
  if (filter.afterId) query = query.where('id', '<', filter.afterId);
  return query.orderBy('id', 'desc').limit(limit).execute();
}
