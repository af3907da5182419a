import type { Actor } from '../core/actor.js';
import { AppError } from '../core/errors.js';
import { applicationsOfSource } from '../ledger/list-applications.service.js';
import type { Database } from '../platform/db/database.js';
import { findPayment, refundsOfSource } from './payment.sql.js';

/** A payment with the invoices it was applied to and its refunds. Codes: payment_not_found. */
export async function getPayment(database: Database, actor: Actor, id: string) {
  const payment = await findPayment(database.db, actor.orgId, id);
  if (!payment) throw AppError.notFound('payment');
  const [applications, refunds] = await Promise.all([
    applicationsOfSource(database.db, actor.orgId, id),
    refundsOfSource(database.db, actor.orgId, id),
  ]);
  return { payment, applications, refunds };
}
