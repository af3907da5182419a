import type { Actor } from '../core/actor.js';
import { AppError } from '../core/errors.js';
import { applicationsOfInvoice } from '../ledger/list-applications.service.js';
import type { Database } from '../platform/db/database.js';
import { findInvoice, invoiceLines } from './invoice.sql.js';

/** An invoice with its lines and what was applied to it (payments, credits, write-offs). Codes: invoice_not_found. */
export async function getInvoice(database: Database, actor: Actor, id: string) {
  const invoice = await findInvoice(database.db, actor.orgId, id);
  if (!invoice) throw AppError.notFound('invoice');
  const [lines, applications] = await Promise.all([
    invoiceLines(database.db, actor.orgId, id),
    applicationsOfInvoice(database.db, actor.orgId, id),
  ]);
  return { invoice, lines, applications };
}
