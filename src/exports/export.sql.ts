import { sql } from 'kysely';
import type { Db } from '../platform/db/database.js';

/**
 * The queries of exports: each returns one batch of rows after a key (keyset pagination), so an
 * export of any size holds one batch in memory and every batch costs the same.
 */

export async function customersBatch(
  db: Db,
  orgId: string,
  afterRef: string | null,
  limit: number,
) {
  let query = db
    .selectFrom('customers as c')
    .select([
      'c.ref',
      'c.name',
      'c.currency',
      'c.terms_code',
      // The contact who receives reminders is the one an import creates from the email column.
      sql<string | null>`(select ct.email from contacts ct
        where ct.org_id = c.org_id and ct.customer_id = c.id and ct.receives_reminders and ct.email is not null
        order by ct.created_at, ct.id limit 1)`.as('email'),
    ])
    .where('c.org_id', '=', orgId);
  if (afterRef !== null) query = query.where('c.ref', '>', afterRef);
  return query.orderBy('c.ref').limit(limit).execute();
}

/** Issued invoices only: drafts were never sent, and a void invoice is no longer owed. */
export async function invoicesBatch(
  db: Db,
  orgId: string,
  afterNumber: string | null,
  limit: number,
) {
  let query = db
    .selectFrom('invoices as i')
    .innerJoin('customers as c', (join) =>
      join.onRef('c.org_id', '=', 'i.org_id').onRef('c.id', '=', 'i.customer_id'),
    )
    .select([
      sql<string>`i.number`.as('number'),
      'c.ref as customer_ref',
      sql<string>`i.issued_on`.as('issued_on'),
      sql<string>`i.due_on`.as('due_on'),
      'i.currency',
      'i.total_minor',
      'i.po_number',
      sql<string | null>`(select l.description from invoice_lines l
        where l.org_id = i.org_id and l.invoice_id = i.id order by l.position limit 1)`.as(
        'description',
      ),
    ])
    .where('i.org_id', '=', orgId)
    .where('i.status', 'not in', ['draft', 'void']);
  if (afterNumber !== null) query = query.where('i.number', '>', afterNumber);
  return query.orderBy('i.number').limit(limit).execute();
}

export async function creditNotesBatch(
  db: Db,
  orgId: string,
  afterNumber: string | null,
  limit: number,
) {
  let query = db
    .selectFrom('credit_notes as n')
    .innerJoin('customers as c', (join) =>
      join.onRef('c.org_id', '=', 'n.org_id').onRef('c.id', '=', 'n.customer_id'),
    )
    .leftJoin('invoices as i', (join) =>
      join.onRef('i.org_id', '=', 'n.org_id').onRef('i.id', '=', 'n.invoice_id'),
    )
    .select([
      'n.number',
      'c.ref as customer_ref',
      'n.issued_on',
      'n.currency',
      'n.total_minor',
      'i.number as invoice_number',
    ])
    .where('n.org_id', '=', orgId);
  if (afterNumber !== null) query = query.where('n.number', '>', afterNumber);
  return query.orderBy('n.number').limit(limit).execute();
}

/**
 * Payments that stand (reversed ones are left out), ordered by their reference; a payment
 * recorded without one is identified by its id, which an import then keeps as its reference.
 */
export async function paymentsBatch(
  db: Db,
  orgId: string,
  after: { ref: string; id: string } | null,
  limit: number,
) {
  const key = sql<string>`coalesce(p.reference, p.id::text)`;
  let query = db
    .selectFrom('payments as p')
    .innerJoin('customers as c', (join) =>
      join.onRef('c.org_id', '=', 'p.org_id').onRef('c.id', '=', 'p.customer_id'),
    )
    .select([
      'p.id',
      key.as('ref'),
      'c.ref as customer_ref',
      'p.received_on',
      'p.currency',
      'p.amount_minor',
    ])
    .where('p.org_id', '=', orgId)
    .where(
      sql<boolean>`not exists (select 1 from payment_reversals v where v.org_id = p.org_id and v.payment_id = p.id)`,
    );
  if (after !== null)
    query = query.where(sql<boolean>`(${key}, p.id) > (${after.ref}, ${after.id}::uuid)`);
  return query.orderBy(key).orderBy('p.id').limit(limit).execute();
}

/** What each payment has applied to each invoice, net of un-applications, in invoice-number order. */
export async function paymentApplications(db: Db, orgId: string, paymentIds: readonly string[]) {
  if (paymentIds.length === 0) return [];
  return db
    .selectFrom('applications as a')
    .innerJoin('invoices as i', (join) =>
      join.onRef('i.org_id', '=', 'a.org_id').onRef('i.id', '=', 'a.invoice_id'),
    )
    .select([
      'a.source_id',
      sql<string>`i.number`.as('invoice_number'),
      sql<bigint>`sum(a.amount_minor)`.as('amount_minor'),
    ])
    .where('a.org_id', '=', orgId)
    .where('a.source_type', '=', 'payment')
    .where('a.source_id', '=', sql<string>`any(${sql.val(paymentIds)}::uuid[])`)
    .groupBy(['a.source_id', 'i.number'])
    .having(sql<boolean>`sum(a.amount_minor) <> 0`)
    .orderBy('a.source_id')
    .orderBy('i.number')
    .execute();
}
