import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../platform/db/database.js';
import type { TimelineType } from './timeline.js';

/**
 * One event of a customer's history, in columns every kind of event fills in its own way: `label`,
 * `kind`, `status`, `detail`, `on_date` and `number` are read per type by the summary
 * (get-timeline.service.ts).
 */
export interface TimelineRow {
  at: Date;
  /** `at` in UTC to the microsecond: the keyset of the page, which a JavaScript Date would round. */
  at_key: string;
  type: TimelineType;
  id: string;
  amount_minor: bigint | null;
  currency: string | null;
  label: string | null;
  kind: string | null;
  status: string | null;
  detail: string | null;
  on_date: string | null;
  number: string | null;
  invoice_ids: string[];
  /** A sent message's Message-ID as the mail relay accepted it; null for every other event. */
  relay_message_id: string | null;
}

export interface TimelinePosition {
  readonly atKey: string;
  readonly type: string;
  readonly id: string;
}

/**
 * When a document was recorded, or the start of its own date (in the organization's time zone) when
 * it was recorded on a later day: an imported book, or a payment entered a week after it arrived,
 * then takes its place in the history by its date rather than all at the moment of the import.
 */
function onItsDay(recordedAt: RawBuilder<unknown>, day: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`CASE WHEN (${recordedAt} AT TIME ZONE z.time_zone)::date > ${day} THEN (${day}::timestamp AT TIME ZONE z.time_zone) ELSE ${recordedAt} END`;
}

/**
 * A customer's events, newest first, in one UNION ALL over the tables that record them. `at` is
 * when the event was recorded (a message: when it was sent, or queued while unsent; an invoice or
 * a payment recorded after its date: the start of its date). A page ends
 * before `before` (an instant) and after `after` (the last event of the previous page).
 */
export async function timelineRows(
  db: Db,
  orgId: string,
  customerId: string,
  page: {
    readonly limit: number;
    readonly before?: Date | undefined;
    readonly after?: TimelinePosition | undefined;
  },
): Promise<TimelineRow[]> {
  const before =
    page.before === undefined ? sql`true` : sql`e.at < ${page.before.toISOString()}::timestamptz`;
  const after =
    page.after === undefined
      ? sql`true`
      : sql`(to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), e.type, e.id::text) < (${page.after.atKey}, ${page.after.type}, ${page.after.id})`;
  const result = await sql<TimelineRow>`
    WITH zone AS (SELECT time_zone FROM organizations WHERE id = ${orgId})
    SELECT e.*, to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at_key FROM (
      SELECT coalesce(m.sent_at, m.created_at) AS at, 'message'::text AS type, m.id, NULL::int8 AS amount_minor, NULL::text AS currency,
        m.subject AS label, m.kind, m.status, array_to_string(m.to_addresses, ', ') AS detail, NULL::date AS on_date, NULL::text AS number,
        m.invoice_ids, m.smtp_message_id AS relay_message_id
      FROM outbox_messages m WHERE m.org_id = ${orgId} AND m.customer_id = ${customerId}
      UNION ALL
      SELECT s.created_at, 'step', s.id, NULL, NULL, s.step_key, s.action, s.outcome, NULL, s.done_on, i.number, ARRAY[s.invoice_id], NULL
      FROM collection_steps s JOIN invoices i ON i.org_id = s.org_id AND i.id = s.invoice_id
      WHERE s.org_id = ${orgId} AND s.customer_id = ${customerId}
      UNION ALL
      SELECT t.created_at, 'task_created', t.id, NULL, NULL, t.title, t.kind, t.source, u.name, t.due_on, NULL, t.invoice_ids, NULL
      FROM collection_tasks t LEFT JOIN users u ON u.org_id = t.org_id AND u.id = t.assignee_id
      WHERE t.org_id = ${orgId} AND t.customer_id = ${customerId}
        -- A logged call (log-call.service.ts) is created done in one transaction: it shows once, done.
        AND t.completed_at IS DISTINCT FROM t.created_at
      UNION ALL
      SELECT t.completed_at, 'task_completed', t.id, NULL, NULL, t.title, t.kind, t.outcome, t.notes, NULL, NULL, t.invoice_ids, NULL
      FROM collection_tasks t
      WHERE t.org_id = ${orgId} AND t.customer_id = ${customerId} AND t.status = 'done'
      UNION ALL
      SELECT n.created_at, 'note', n.id, NULL, NULL, n.body, NULL, NULL, u.name, NULL, NULL, '{}'::uuid[], NULL
      FROM customer_notes n LEFT JOIN users u ON u.org_id = n.org_id AND u.id = n.author_id
      WHERE n.org_id = ${orgId} AND n.customer_id = ${customerId}
      UNION ALL
      SELECT p.created_at, 'promise', p.id, p.amount_minor, p.currency, NULL, NULL, p.status, p.notes, p.promised_on, NULL, p.invoice_ids, NULL
      FROM promises p WHERE p.org_id = ${orgId} AND p.customer_id = ${customerId}
      UNION ALL
      SELECT d.created_at, 'dispute', d.id, d.amount_minor, i.currency, NULL, d.reason, d.status, d.notes, d.opened_on, i.number, ARRAY[d.invoice_id], NULL
      FROM disputes d JOIN invoices i ON i.org_id = d.org_id AND i.id = d.invoice_id
      WHERE d.org_id = ${orgId} AND d.customer_id = ${customerId}
      UNION ALL
      SELECT pp.created_at, 'payment_plan', pp.id, pp.total_minor, pp.currency, NULL, NULL, pp.status, pp.notes, pp.starts_on, NULL, pp.invoice_ids, NULL
      FROM payment_plans pp WHERE pp.org_id = ${orgId} AND pp.customer_id = ${customerId}
      UNION ALL
      SELECT a.created_at, 'placement', a.id, a.amount_minor, a.currency, a.agency, a.channel, a.status, a.notes, a.placed_on, NULL, a.invoice_ids, NULL
      FROM agency_placements a WHERE a.org_id = ${orgId} AND a.customer_id = ${customerId}
      UNION ALL
      SELECT ${onItsDay(sql`coalesce(i.issued_at, i.created_at)`, sql`i.issued_on`)}, 'invoice_issued', i.id, i.total_minor, i.currency, NULL, i.kind, i.status, NULL,
        i.due_on, i.number, ARRAY[i.id], NULL
      FROM invoices i, zone z WHERE i.org_id = ${orgId} AND i.customer_id = ${customerId} AND i.status <> 'draft'
      UNION ALL
      SELECT ${onItsDay(sql`p.created_at`, sql`p.received_on`)}, 'payment_received', p.id, p.amount_minor, p.currency, p.reference, p.method, NULL, p.payer,
        p.received_on, NULL, '{}'::uuid[], NULL
      FROM payments p, zone z WHERE p.org_id = ${orgId} AND p.customer_id = ${customerId}
    ) e
    WHERE e.at IS NOT NULL AND ${before} AND ${after}
    ORDER BY e.at DESC, e.type DESC, e.id DESC
    LIMIT ${page.limit + 1}`.execute(db);
  return result.rows.map((row) => ({
    ...row,
    on_date: row.on_date === null ? null : String(row.on_date),
  }));
}
