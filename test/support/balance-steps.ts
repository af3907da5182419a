import { sql } from 'kysely';
import type { Db } from '../../src/platform/db/database.js';

/**
 * The balance steps an organization keeps that a full refresh from the ledger would not write, and
 * those it would write that are not kept: empty when the steps kept at each commit are right.
 */
export async function stepsAgainstFullRefresh(db: Db, orgId: string): Promise<string[]> {
  const result = await sql<{ side: string; row: string }>`
    WITH kept AS (
      SELECT item_id, item_type, customer_id, currency, document_on, due_on, valid_from, valid_to, span_class,
        balance_minor
      FROM balance_periods WHERE org_id = ${orgId}
    ), rebuilt AS (
      SELECT d.item_id, d.item_type, d.customer_id, d.currency, d.document_on, d.due_on, d.valid_from, d.valid_to,
        balance_span_class(d.valid_to - d.valid_from) AS span_class, d.balance_minor
      FROM derive_balance_periods(${orgId}::uuid, NULL) d
    )
    SELECT 'kept, not in a full refresh' AS side, x::text AS row FROM (SELECT * FROM kept EXCEPT ALL SELECT * FROM rebuilt) x
    UNION ALL
    SELECT 'in a full refresh, not kept', x::text FROM (SELECT * FROM rebuilt EXCEPT ALL SELECT * FROM kept) x
  `.execute(db);
  return result.rows.map((row) => `${row.side}: ${row.row}`);
}
