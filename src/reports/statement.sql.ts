import { sql, type RawBuilder } from 'kysely';
import type { CalendarDate } from '../core/calendar-date.js';
import type { Db } from '../platform/db/database.js';
import { openItemsAsOf } from '../ledger/open-items.sql.js';
import type { StatementDocumentType, StatementLineType } from './statement.js';

/**
 * Makes the rest of the caller's transaction read one snapshot. A statement reads its lines and
 * its opening and closing balances in separate queries; under READ COMMITTED a payment committed
 * between them would be in one and not the other, and the statement would not add up.
 */
export async function readOneSnapshot(db: Db): Promise<void> {
  await sql`SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY`.execute(db);
}

export interface StatementEventRow {
  type: StatementLineType;
  on_date: string;
  currency: string;
  document_type: StatementDocumentType;
  document_id: string;
  event_id: string;
  number: string | null;
  /** Signed as the A/R control account moves for the customer: debit positive. */
  amount_minor: bigint;
  /** Credit note: the invoice it is against. Discount: the payment or credit note. Invoice: the PO. */
  related: string | null;
  /** Why (void, credit note, write-off, reversal), the invoice's kind, or the refund's reference. */
  note: string | null;
  due_on: string | null;
  applied_to: string[] | null;
  discount_minor: bigint | null;
}

function currencyIs(
  column: RawBuilder<unknown>,
  currency: string | undefined,
): RawBuilder<unknown> {
  return currency === undefined ? sql`true` : sql`${column} = ${currency}`;
}

/**
 * Every event dated in [from, to] that moves the customer's balance, each with the sign and the
 * date of the journal entry it posted (src/ledger/journal.ts). At most `limit` rows.
 *
 * A reversal takes back the whole payment (what it had applied re-opens invoices, what was
 * unapplied leaves the credit) and the early-payment discounts taken with it: those are the
 * discount applications the reversal appended. Discounts are read from the applications that
 * are not part of a reversal, one line per invoice, source and day.
 */
export async function statementEvents(
  db: Db,
  orgId: string,
  customerId: string,
  period: { from: CalendarDate; to: CalendarDate },
  currency: string | undefined,
  limit: number,
): Promise<StatementEventRow[]> {
  const from = sql`${period.from}::date`;
  const to = sql`${period.to}::date`;
  const result = await sql<StatementEventRow>`
    SELECT * FROM (
      SELECT 'invoice'::text AS type, i.issued_on AS on_date, i.currency::text AS currency, 'invoice'::text AS document_type,
        i.id AS document_id, i.id::text AS event_id, i.number, i.total_minor AS amount_minor, i.po_number AS related,
        i.kind AS note, i.due_on, NULL::text[] AS applied_to, NULL::int8 AS discount_minor
      FROM invoices i
      WHERE i.org_id = ${orgId} AND i.customer_id = ${customerId} AND i.status <> 'draft'
        AND i.issued_on BETWEEN ${from} AND ${to} AND ${currencyIs(sql`i.currency`, currency)}
      UNION ALL
      SELECT 'invoice_void', i.voided_on, i.currency, 'invoice', i.id, i.id::text, i.number, -i.total_minor, NULL,
        i.void_reason, NULL, NULL, NULL
      FROM invoices i
      WHERE i.org_id = ${orgId} AND i.customer_id = ${customerId} AND i.status = 'void'
        AND i.voided_on BETWEEN ${from} AND ${to} AND ${currencyIs(sql`i.currency`, currency)}
      UNION ALL
      SELECT 'credit_note', n.issued_on, n.currency, 'credit_note', n.id, n.id::text, n.number, -n.total_minor, i.number,
        n.reason, NULL, NULL, NULL
      FROM credit_notes n
      LEFT JOIN invoices i ON i.org_id = n.org_id AND i.id = n.invoice_id
      WHERE n.org_id = ${orgId} AND n.customer_id = ${customerId}
        AND n.issued_on BETWEEN ${from} AND ${to} AND ${currencyIs(sql`n.currency`, currency)}
      UNION ALL
      SELECT 'payment', p.received_on, p.currency, 'payment', p.id, p.id::text, p.reference, -p.amount_minor, NULL,
        p.method, NULL,
        -- What the payment went to by the end of the period; a later reversal does not erase it.
        ARRAY(
          SELECT i.number FROM applications a
          JOIN invoices i ON i.org_id = a.org_id AND i.id = a.invoice_id
          WHERE a.org_id = p.org_id AND a.source_id = p.id AND a.source_type = 'payment' AND a.reversal_id IS NULL
            AND a.applied_on <= ${to}
          GROUP BY i.number HAVING sum(a.amount_minor) > 0
          ORDER BY i.number
        ),
        NULL
      FROM payments p
      WHERE p.org_id = ${orgId} AND p.customer_id = ${customerId}
        AND p.received_on BETWEEN ${from} AND ${to} AND ${currencyIs(sql`p.currency`, currency)}
      UNION ALL
      SELECT 'payment_reversal', v.reversed_on, p.currency, 'payment', p.id, v.id::text, p.reference,
        p.amount_minor + d.discount_minor, NULL, v.reason, NULL, NULL, d.discount_minor
      FROM payments p
      JOIN payment_reversals v ON v.org_id = p.org_id AND v.payment_id = p.id
      CROSS JOIN LATERAL (
        SELECT coalesce(-sum(a.amount_minor), 0)::int8 AS discount_minor FROM applications a
        WHERE a.org_id = p.org_id AND a.source_id = p.id AND a.source_type = 'discount' AND a.reversal_id = v.id
      ) d
      WHERE p.org_id = ${orgId} AND p.customer_id = ${customerId}
        AND v.reversed_on BETWEEN ${from} AND ${to} AND ${currencyIs(sql`p.currency`, currency)}
      UNION ALL
      SELECT 'refund', r.refunded_on, r.currency, r.source_type, r.source_id, r.id::text, coalesce(p.reference, n.number),
        r.amount_minor, NULL, r.reference, NULL, NULL, NULL
      FROM refunds r
      LEFT JOIN payments p ON r.source_type = 'payment' AND p.org_id = r.org_id AND p.id = r.source_id
      LEFT JOIN credit_notes n ON r.source_type = 'credit_note' AND n.org_id = r.org_id AND n.id = r.source_id
      WHERE r.org_id = ${orgId} AND r.customer_id = ${customerId}
        AND r.refunded_on BETWEEN ${from} AND ${to} AND ${currencyIs(sql`r.currency`, currency)}
      UNION ALL
      SELECT 'write_off', w.written_off_on, w.currency, 'invoice', w.invoice_id, w.id::text, i.number, -w.amount_minor, NULL,
        w.reason, NULL, NULL, NULL
      FROM write_offs w
      JOIN invoices i ON i.org_id = w.org_id AND i.id = w.invoice_id
      WHERE w.org_id = ${orgId} AND w.customer_id = ${customerId}
        AND w.written_off_on BETWEEN ${from} AND ${to} AND ${currencyIs(sql`w.currency`, currency)}
      UNION ALL
      SELECT 'discount', a.applied_on, a.currency, 'invoice', a.invoice_id, min(a.id::text), i.number,
        (-sum(a.amount_minor))::int8, coalesce(p.reference, n.number), NULL, NULL, NULL, NULL
      FROM applications a
      JOIN invoices i ON i.org_id = a.org_id AND i.id = a.invoice_id
      LEFT JOIN payments p ON p.org_id = a.org_id AND p.id = a.source_id
      LEFT JOIN credit_notes n ON n.org_id = a.org_id AND n.id = a.source_id
      WHERE a.org_id = ${orgId} AND a.customer_id = ${customerId} AND a.source_type = 'discount' AND a.reversal_id IS NULL
        AND a.applied_on BETWEEN ${from} AND ${to} AND ${currencyIs(sql`a.currency`, currency)}
      GROUP BY a.applied_on, a.currency, a.invoice_id, a.source_id, i.number, p.reference, n.number
      HAVING sum(a.amount_minor) <> 0
    ) e
    ORDER BY e.on_date, e.type, e.number, e.event_id
    LIMIT ${limit}`.execute(db);
  return result.rows;
}

/**
 * The customer's balance per currency as of a date: open invoice balances less unapplied credit,
 * read from the same balance steps as the aging, so the two always agree.
 */
export async function customerBalancesAsOf(
  db: Db,
  orgId: string,
  customerId: string,
  asOf: CalendarDate,
  currency: string | undefined,
): Promise<Map<string, bigint>> {
  const result = await sql<{ currency: string; balance_minor: bigint }>`
    SELECT o.currency, sum(o.balance_minor) AS balance_minor
    FROM (${openItemsAsOf(orgId, asOf, customerId)}) o
    WHERE ${currencyIs(sql`o.currency`, currency)}
    GROUP BY o.currency`.execute(db);
  return new Map(result.rows.map((row) => [row.currency, row.balance_minor]));
}
