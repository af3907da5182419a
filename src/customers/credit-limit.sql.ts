import { sql } from 'kysely';
import { openInvoiceStatusList } from '../ledger/open-items.sql.js';
import type { Db } from '../platform/db/database.js';
import type { CreditControlMode } from './credit-limit.js';

export async function creditControlModeOf(db: Db, orgId: string): Promise<CreditControlMode> {
  const row = await db
    .selectFrom('organizations')
    .select('credit_control')
    .where('id', '=', orgId)
    .executeTakeFirstOrThrow();
  return row.credit_control as CreditControlMode;
}

export async function updateCreditControlMode(
  db: Db,
  orgId: string,
  mode: CreditControlMode,
): Promise<void> {
  await db
    .updateTable('organizations')
    .set({ credit_control: mode })
    .where('id', '=', orgId)
    .execute();
}

/**
 * What the customer owes now in a currency: the open balances of its issued invoices minus the
 * credit it has not used (payments not reversed, and credit notes, less what they applied and
 * refunded). Reads the invoices' cached open balance, which every application recomputes in its
 * own transaction, and uses the per-customer indexes of every table it touches.
 */
export async function customerExposureMinor(
  db: Db,
  orgId: string,
  customerId: string,
  currency: string,
): Promise<bigint> {
  const result = await sql<{ exposure_minor: bigint }>`
    WITH sources AS (
      SELECT p.id, p.amount_minor FROM payments p
      WHERE p.org_id = ${orgId} AND p.customer_id = ${customerId} AND p.currency = ${currency}
        AND NOT EXISTS (SELECT 1 FROM payment_reversals v WHERE v.org_id = p.org_id AND v.payment_id = p.id)
      UNION ALL
      SELECT c.id, c.total_minor FROM credit_notes c
      WHERE c.org_id = ${orgId} AND c.customer_id = ${customerId} AND c.currency = ${currency}
    )
    SELECT (
      coalesce((SELECT sum(i.open_minor) FROM invoices i
        WHERE i.org_id = ${orgId} AND i.customer_id = ${customerId} AND i.currency = ${currency}
          AND i.status IN (${openInvoiceStatusList})), 0)
      - coalesce((SELECT sum(s.amount_minor
          - coalesce((SELECT sum(a.amount_minor) FROM applications a
              WHERE a.org_id = ${orgId} AND a.source_id = s.id AND a.source_type IN ('payment', 'credit_note')), 0)
          - coalesce((SELECT sum(r.amount_minor) FROM refunds r WHERE r.org_id = ${orgId} AND r.source_id = s.id), 0))
        FROM sources s), 0)
    ) AS exposure_minor`.execute(db);
  return result.rows[0]!.exposure_minor;
}
