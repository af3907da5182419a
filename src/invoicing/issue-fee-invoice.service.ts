import { defaultUnitCode } from '../core/unit-codes.js';
import type { Actor } from '../core/actor.js';
import type { CalendarDate } from '../core/calendar-date.js';
import { unwrap } from '../core/errors.js';
import { newId } from '../core/ids.js';
import { limits } from '../core/limits.js';
import { parsePaymentTerms } from '../customers/payment-terms.js';
import { noDiscount, totalsOf, type DocumentLine } from '../ledger/document-math.js';
import type { Db } from '../platform/db/database.js';
import {
  findInvoice,
  insertDraftRow,
  insertInvoiceLines,
  markLateFeeDraft,
} from './invoice.sql.js';
import { issueDraft } from './issue-invoice.service.js';

/**
 * Late-payment interest and recovery fees compensate for the delay; they are not consideration
 * for a supply, so the fee invoice bears no VAT and says why (category O, "not subject to VAT").
 */
export const lateChargeExemptionReason =
  'Late-payment interest and recovery costs are compensation, not subject to VAT';

function feeLine(position: number, description: string, amountMinor: bigint): DocumentLine {
  return {
    position,
    description,
    quantityScaled: 10n ** BigInt(limits.quantityScale),
    unitPriceMinor: amountMinor,
    taxRateScaled: 0n,
    netMinor: amountMinor,
    taxMinor: 0n,
    unitCode: defaultUnitCode,
    vatCategory: 'O',
    exemptionReason: lateChargeExemptionReason,
    ...noDiscount,
  };
}

/**
 * Issues an invoice of late fees and interest, due on receipt, one line per charge and no tax,
 * inside the caller's transaction (the collections run). It is marked as a late-fee invoice, so
 * that no later step charges a fee on a fee. Returns its id.
 */
export async function issueFeeInvoice(
  db: Db,
  actor: Actor,
  fee: {
    customerId: string;
    currency: string;
    issuedOn: CalendarDate;
    charges: readonly { description: string; amountMinor: bigint }[];
  },
): Promise<string> {
  const lines = fee.charges.map((charge, index) =>
    feeLine(index + 1, charge.description, charge.amountMinor),
  );
  const id = newId();
  await insertDraftRow(db, actor.orgId, id, fee.customerId, fee.currency, {
    lines,
    totals: totalsOf(lines),
    issuedOn: fee.issuedOn,
    dueOn: null,
    terms: unwrap(parsePaymentTerms('DUE_ON_RECEIPT')),
    poNumber: null,
    memo: 'Late fees and interest',
  });
  await insertInvoiceLines(db, actor.orgId, id, lines);
  await markLateFeeDraft(db, actor.orgId, id);
  const draft = (await findInvoice(db, actor.orgId, id, { forUpdate: true }))!;
  // Issued by the collections run, not by a person: it is not mailed on its own.
  await issueDraft(db, actor, draft, fee.issuedOn, { send: false });
  return id;
}
