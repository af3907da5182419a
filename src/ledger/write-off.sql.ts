import type { Db } from '../platform/db/database.js';

export async function insertWriteOff(
  db: Db,
  orgId: string,
  writeOff: {
    id: string;
    customerId: string;
    invoiceId: string;
    writtenOffOn: string;
    amountMinor: bigint;
    currency: string;
    reason: string;
    memo: string | null;
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
