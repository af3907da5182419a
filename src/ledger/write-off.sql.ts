import type { Db } from '../platform/db/database.js';

export async function insertWriteOff(
  db: Db,
  orgId: string,
  writeOff: {
    id: string; customerId: string; invoiceId: string; writtenOffOn: string; amountMinor: bigint; currency: string;
    reason: string; memo: string | null;
  },
) {
  await db
    .insertInto('write_offs')
    .values({
      org_id: orgId,
      id: writeOff.id,
      customer_id: writeOff.customerId,
      invoice_id: writeOff.invoiceId,
      written_off_on: writeOff.writtenOffOn,
      amount_minor: writeOff.amountMinor,
      currency: writeOff.currency,
      reason: writeOff.reason,
      memo: writeOff.memo,
    })
    .execute();
}

export async function writeOffsOfInvoice(db: Db, orgId: string, invoiceId: string) {
  return db.selectFrom('write_offs').selectAll().where('org_id', '=', orgId).where('invoice_id', '=', invoiceId).orderBy('id').execute();
}

export async function listWriteOffs(db: Db, orgId: string, filter: { customerId?: string | undefined; from?: string | undefined; to?: string | undefined }, limit: number) {
  let query = db.selectFrom('write_offs').selectAll().where('org_id', '=', orgId);
  if (filter.customerId) query = query.where('customer_id', '=', filter.customerId);
  if (filter.from) query = query.where('written_off_on', '>=', filter.from);
  if (filter.to) query = query.where('written_off_on', '<=', filter.to);
  return query.orderBy('written_off_on', 'desc').orderBy('id', 'desc').limit(limit).execute();
}
