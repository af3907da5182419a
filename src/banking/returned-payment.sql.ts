import { sql } from 'kysely';
import type { Db } from '../platform/db/database.js';

export interface ReturnedLine {
  id: string;
  bank_account_id: string;
  amount_minor: bigint;
  currency: string;
  booking_date: string | null;
  value_date: string | null;
  payer_account: string | null;
  ref: string;
  refs: unknown;
  remittance: unknown;
}

/** Booked money out marked as a reversal: credits the bank took back, waiting for a person. */
export async function returnedLinesWaiting(
  db: Db,
  orgId: string,
  lineIds: readonly string[],
): Promise<ReturnedLine[]> {
  if (lineIds.length === 0) return [];
  return db
    .selectFrom('bank_lines')
    .select([
      'id',
      'bank_account_id',
      'amount_minor',
      'currency',
      'booking_date',
      'value_date',
      'payer_account',
      'ref',
      'refs',
      'remittance',
    ])
    .where('org_id', '=', orgId)
    .where('id', '=', sql<string>`any(${sql.val([...lineIds])}::uuid[])`)
    .where('direction', '=', 'debit')
    .where('reversal', '=', true)
    .where('status', '=', 'booked')
    .where('state', '=', 'review')
    .execute();
}

export interface OriginalCredit {
  id: string;
  ref: string;
  refs: unknown;
  payer_account: string | null;
  payer_name: string | null;
  booking_date: string | null;
  value_date: string | null;
  payment_id: string;
  customer_id: string;
}

/**
 * The applied credits a return may be taking back: same account, currency and amount, booked no
 * later, whose payment is not reversed yet. Newest first; the caller weighs the evidence.
 */
export async function originalCreditsOf(
  db: Db,
  orgId: string,
  line: ReturnedLine,
): Promise<OriginalCredit[]> {
  const date = line.booking_date ?? line.value_date;
  let query = db
    .selectFrom('bank_lines as l')
    .innerJoin('payments as p', (join) =>
      join.onRef('p.org_id', '=', 'l.org_id').onRef('p.id', '=', 'l.payment_id'),
    )
    .select([
      'l.id',
      'l.ref',
      'l.refs',
      'l.payer_account',
      'l.payer_name',
      'l.booking_date',
      'l.value_date',
      'p.id as payment_id',
      'p.customer_id',
    ])
    .where('l.org_id', '=', orgId)
    .where('l.bank_account_id', '=', line.bank_account_id)
    .where('l.direction', '=', 'credit')
    .where('l.state', '=', 'applied')
    .where('l.currency', '=', line.currency)
    .where('l.amount_minor', '=', line.amount_minor)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('payment_reversals as v')
            .select('v.payment_id')
            .whereRef('v.org_id', '=', 'p.org_id')
            .whereRef('v.payment_id', '=', 'p.id'),
        ),
      ),
    );
  if (date !== null)
    query = query.where(sql<boolean>`coalesce(l.booking_date, l.value_date) <= ${date}::date`);
  return (await query
    .orderBy(sql`coalesce(l.booking_date, l.value_date)`, 'desc')
    .limit(20)
    .execute()) as OriginalCredit[];
}
