import { now } from '../core/clock.js';
import { sql } from 'kysely';
import type { CalendarDate } from '../core/calendar-date.js';
import type { Db } from '../platform/db/database.js';
import {
  paginate,
  sortKeySelection,
  type PageRequest,
  type SortSpec,
} from '../platform/db/pagination.js';
import { openItemsAsOf } from '../ledger/open-items.sql.js';

export interface NonpaymentReasonRecord {
  readonly id: string;
  readonly invoiceId: string;
  readonly reason: string;
  readonly note: string | null;
  readonly recordedBy: string | null;
  readonly recordedByName: string | null;
  readonly recordedAt: Date;
}

type ReasonRow = {
  id: string;
  invoice_id: string;
  reason: string;
  note: string | null;
  recorded_by: string | null;
  recorded_by_name: string | null;
  recorded_at: Date;
};

function recordOf(row: ReasonRow): NonpaymentReasonRecord {
  return {
    id: row.id,
    invoiceId: row.invoice_id,
    reason: row.reason,
    note: row.note,
    recordedBy: row.recorded_by,
    recordedByName: row.recorded_by_name,
    recordedAt: new Date(row.recorded_at),
  };
}

function selectReasons(db: Db, orgId: string) {
  return db
    .selectFrom('nonpayment_reasons as r')
    .leftJoin('users as u', (join) =>
      join.onRef('u.org_id', '=', 'r.org_id').onRef('u.id', '=', 'r.recorded_by'),
    )
    .select([
      'r.id',
      'r.invoice_id',
      'r.reason',
      'r.note',
      'r.recorded_by',
      'u.name as recorded_by_name',
      'r.recorded_at',
    ])
    .where('r.org_id', '=', orgId);
}

export async function insertReason(
  db: Db,
  orgId: string,
  record: {
    id: string;
    invoiceId: string;
    reason: string;
    note: string | null;
    recordedBy: string | null;
  },
): Promise<NonpaymentReasonRecord> {
  await db
    .insertInto('nonpayment_reasons')
    .values({
      org_id: orgId,
      id: record.id,
      invoice_id: record.invoiceId,
      reason: record.reason,
      note: record.note,
      recorded_by: record.recordedBy,
      recorded_at: now(),
    })
    .execute();
  return recordOf(
    (await selectReasons(db, orgId)
      .where('r.id', '=', record.id)
      .executeTakeFirstOrThrow()) as ReasonRow,
  );
}

// UUIDv7 ids sort in the order the reasons were recorded.
const reasonSort: SortSpec = { expression: 'r.id::text', idColumn: 'r.id', cast: 'text' };

/** An invoice's reasons, the latest first. */
export async function listReasonRows(db: Db, orgId: string, invoiceId: string, page: PageRequest) {
  const query = selectReasons(db, orgId)
    .select(sortKeySelection(reasonSort))
    .where('r.invoice_id', '=', invoiceId);
  const result = await paginate(query, reasonSort, { ...page, descending: true });
  return {
    items: result.items.map((row) => recordOf(row as ReasonRow)),
    nextCursor: result.nextCursor,
  };
}

export interface ReasonReportRow {
  reason: string;
  currency: string;
  invoices: number;
  open_minor: bigint;
}

/**
 * Invoices open on `asOf`, grouped by the latest reason recorded for each by the end of that day
 * in the organization's time zone, with their open balance then. Invoices without a reason are
 * not counted.
 */
export async function reasonReport(
  db: Db,
  orgId: string,
  asOf: CalendarDate,
): Promise<ReasonReportRow[]> {
  const result = await sql<ReasonReportRow>`
    WITH o AS MATERIALIZED (${openItemsAsOf(orgId, asOf)}),
    zone AS (SELECT time_zone FROM organizations WHERE id = ${orgId}),
    latest AS (
      SELECT DISTINCT ON (r.invoice_id) r.invoice_id, r.reason
      FROM nonpayment_reasons r, zone
      WHERE r.org_id = ${orgId} AND (r.recorded_at AT TIME ZONE zone.time_zone)::date <= ${asOf}::date
      ORDER BY r.invoice_id, r.recorded_at DESC, r.id DESC
    )
    SELECT l.reason, o.currency, count(*)::int4 AS invoices, sum(o.balance_minor) AS open_minor
    FROM o JOIN latest l ON l.invoice_id = o.item_id
    WHERE o.item_type = 'invoice' AND o.balance_minor > 0
    GROUP BY l.reason, o.currency
    ORDER BY o.currency, l.reason`.execute(db);
  return result.rows;
}
