import { sql } from 'kysely';
import type { Db } from '../platform/db/database.js';
import type { Write } from '../platform/db/one-statement.sql.js';
import {
  paginate,
  sortKeySelection,
  type PageRequest,
  type SortSpec,
} from '../platform/db/pagination.js';

export interface PaymentValues {
  readonly id: string;
  readonly customerId: string;
  readonly receivedOn: string;
  readonly amountMinor: bigint;
  readonly currency: string;
  readonly method: string;
  readonly reference: string | null;
  readonly payer: string | null;
  readonly memo: string | null;
}

export async function insertPayment(db: Db, orgId: string, payment: PaymentValues) {
  await insertPayments(db, orgId, [payment]);
}

/**
 * The payment's row as a write another statement carries (platform/db/one-statement.sql.ts), stamped
 * with the application's clock: recordPayment sends it with its applications, its journal entry
 * and its audit event in one statement, and answers with these values rather than reading them
 * back.
 */
export function paymentWrite(orgId: string, payment: PaymentValues, createdAt: Date): Write {
  return sql`INSERT INTO payments (org_id, id, customer_id, received_on, amount_minor, currency,
    method, reference, payer, memo, origin, created_at)
    VALUES (${orgId}, ${payment.id}, ${payment.customerId}, ${payment.receivedOn},
      ${payment.amountMinor}, ${payment.currency}, ${payment.method}, ${payment.reference},
      ${payment.payer}, ${payment.memo}, ${paymentOriginDefault}, ${createdAt})`;
}

/** The origin of a payment recorded through the API or by hand (the column's default). */
export const paymentOriginDefault = 'api';

/** Many payments in one statement per thousand (the bulk posting path). */
export async function insertPayments(
  db: Db,
  orgId: string,
  payments: readonly (PaymentValues & { readonly origin?: string })[],
) {
  for (let start = 0; start < payments.length; start += 1000) {
    await db
      .insertInto('payments')
      .values(
        payments.slice(start, start + 1000).map((payment) => ({
          org_id: orgId,
          id: payment.id,
          customer_id: payment.customerId,
          received_on: payment.receivedOn,
          amount_minor: payment.amountMinor,
          currency: payment.currency,
          method: payment.method,
          reference: payment.reference,
          payer: payment.payer,
          memo: payment.memo,
          ...(payment.origin === undefined ? {} : { origin: payment.origin }),
        })),
      )
      .execute();
  }
}

/** What a payment has applied and refunded, and when it was reversed: derived, never stored. */
const paymentFigures = [
  sql<bigint>`(select coalesce(sum(a.amount_minor), 0) from applications a
    where a.org_id = payments.org_id and a.source_id = payments.id and a.source_type = 'payment')`.as(
    'applied_minor',
  ),
  sql<bigint>`(select coalesce(sum(r.amount_minor), 0) from refunds r
    where r.org_id = payments.org_id and r.source_id = payments.id)`.as('refunded_minor'),
  sql<string | null>`(select v.reversed_on from payment_reversals v
    where v.org_id = payments.org_id and v.payment_id = payments.id)`.as('reversed_on'),
];

/** A payment with what is left of it and whether it was reversed; `forUpdate` locks it. */
export async function findPayment(
  db: Db,
  orgId: string,
  id: string,
  options: { forUpdate?: boolean } = {},
) {
  if (options.forUpdate) {
    // Lock first, read after: the figures are sums over other tables, and under READ COMMITTED a
    // statement that waited for the lock would still compute them from its older snapshot.
    const locked = await db
      .selectFrom('payments')
      .select('id')
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!locked) return undefined;
  }
  return db
    .selectFrom('payments')
    .selectAll('payments')
    .select(paymentFigures)
    .where('payments.org_id', '=', orgId)
    .where('payments.id', '=', id)
    .executeTakeFirst();
}

export type PaymentRow = NonNullable<Awaited<ReturnType<typeof findPayment>>>;

export function unappliedOfPayment(payment: PaymentRow): bigint {
  return payment.reversed_on !== null
    ? 0n
    : payment.amount_minor - payment.applied_minor - payment.refunded_minor;
}

export async function insertPaymentReversal(
  db: Db,
  orgId: string,
  reversal: { id: string; paymentId: string; reversedOn: string; reason: string },
) {
  await db
    .insertInto('payment_reversals')
    .values({
      org_id: orgId,
      id: reversal.id,
      payment_id: reversal.paymentId,
      reversed_on: reversal.reversedOn,
      reason: reversal.reason,
    })
    .execute();
}

export async function latestApplicationOn(
  db: Db,
  orgId: string,
  sourceId: string,
): Promise<string | null> {
  const row = await db
    .selectFrom('applications')
    .select(sql<string | null>`max(applied_on)::text`.as('latest'))
    .where('org_id', '=', orgId)
    .where('source_id', '=', sourceId)
    .executeTakeFirstOrThrow();
  return row.latest;
}

export async function insertRefund(
  db: Db,
  orgId: string,
  refund: {
    id: string;
    customerId: string;
    sourceType: string;
    sourceId: string;
    refundedOn: string;
    amountMinor: bigint;
    currency: string;
    method: string;
    reference: string | null;
  },
) {
  await db
    .insertInto('refunds')
    .values({
      org_id: orgId,
      id: refund.id,
      customer_id: refund.customerId,
      source_type: refund.sourceType,
      source_id: refund.sourceId,
      refunded_on: refund.refundedOn,
      amount_minor: refund.amountMinor,
      currency: refund.currency,
      method: refund.method,
      reference: refund.reference,
    })
    .execute();
}

export async function refundsOfSource(db: Db, orgId: string, sourceId: string) {
  return db
    .selectFrom('refunds')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('source_id', '=', sourceId)
    .orderBy('id')
    .execute();
}

export const paymentSorts: Record<string, SortSpec> = {
  received_on: { expression: 'payments.received_on', idColumn: 'payments.id', cast: 'date' },
  amount: { expression: 'payments.amount_minor', idColumn: 'payments.id', cast: 'bigint' },
  created_at: { expression: 'payments.created_at', idColumn: 'payments.id', cast: 'timestamptz' },
};

export interface PaymentFilter {
  readonly customerId?: string | undefined;
  readonly currency?: string | undefined;
  readonly receivedFrom?: string | undefined;
  readonly receivedTo?: string | undefined;
  readonly reference?: string | undefined;
  /** Only payments with money left to apply or refund: not reversed, not all applied or refunded. */
  readonly withUnapplied?: boolean | undefined;
}

export async function listPayments(
  db: Db,
  orgId: string,
  filter: PaymentFilter,
  sort: SortSpec,
  page: PageRequest,
) {
  let query = db
    .selectFrom('payments')
    .innerJoin('customers', (join) =>
      join
        .onRef('customers.org_id', '=', 'payments.org_id')
        .onRef('customers.id', '=', 'payments.customer_id'),
    )
    .selectAll('payments')
    .select(['customers.ref as customer_ref'])
    .select(paymentFigures)
    .select(sortKeySelection(sort))
    .where('payments.org_id', '=', orgId);
  if (filter.customerId) query = query.where('payments.customer_id', '=', filter.customerId);
  if (filter.currency) query = query.where('payments.currency', '=', filter.currency);
  if (filter.receivedFrom) query = query.where('payments.received_on', '>=', filter.receivedFrom);
  if (filter.receivedTo) query = query.where('payments.received_on', '<=', filter.receivedTo);
  if (filter.reference) query = query.where('payments.reference', '=', filter.reference);
  if (filter.withUnapplied) {
    query = query.where(
      sql<boolean>`not exists (select 1 from payment_reversals v
        where v.org_id = payments.org_id and v.payment_id = payments.id)
      and payments.amount_minor > (select coalesce(sum(a.amount_minor), 0) from applications a
        where a.org_id = payments.org_id and a.source_id = payments.id
        and a.source_type = 'payment')
        + (select coalesce(sum(r.amount_minor), 0) from refunds r
        where r.org_id = payments.org_id and r.source_id = payments.id)`,
    );
  }
  return paginate(query, sort, page);
}
