import type { Actor } from '../core/actor.js';
import { AppError } from '../core/errors.js';
import { recordAudit } from '../platform/audit/audit.sql.js';
import { transactionAsDatabase, type Database, type Tx } from '../platform/db/database.js';
import { idempotent } from '../platform/idempotency/idempotency.sql.js';
import { reversePayment } from '../payments/reverse-payment.service.js';
import { matchBankLines } from './match-bank-lines.service.js';
import {
  appliedMatchOf,
  insertRejections,
  lockLine,
  markMatchUndone,
  setLineStates,
  unlearnAccount,
} from './match.sql.js';

/**
 * Undoes an applied line: its payment is reversed (posted money is never changed), the line goes
 * back to review with fresh proposals, and the matcher never proposes those invoices (or that
 * customer's credit) for it again.
 * What the line taught about its payer's account is forgotten.
 * Codes: bank_line_not_found, bank_line_not_applied, bank_line_return_final, and reversePayment's.
 */
export async function undoBankLine(
  database: Database,
  actor: Actor,
  lineId: string,
  input: { reason: string },
  options: { idempotencyKey?: string | undefined } = {},
) {
  return database.transaction((tx) =>
    idempotent(tx, actor, options.idempotencyKey, 'bank_line.undo', { lineId, ...input }, () =>
      undo(database, tx, actor, lineId, input),
    ),
  );
}

async function undo(
  database: Database,
  tx: Tx,
  actor: Actor,
  lineId: string,
  input: { reason: string },
) {
  const { db } = tx;
  const line = await lockLine(db, actor.orgId, lineId);
  if (!line) throw AppError.notFound('bank_line');
  if (line.direction === 'debit')
    throw new AppError(
      'conflict',
      'bank_line_return_final',
      'The payment this return took back stays reversed; if the return was wrong, record the payment again.',
    );
  const match = await appliedMatchOf(db, actor.orgId, line.id);
  if (line.state !== 'applied' || !match || !match.payment_id)
    throw new AppError(
      'conflict',
      'bank_line_not_applied',
      'The line is not applied; there is nothing to undo.',
    );
  await reversePayment(transactionAsDatabase(database, tx), actor, match.payment_id, {
    reason: input.reason.trim() || 'bank line applied to the wrong invoices',
  });
  await markMatchUndone(db, actor.orgId, match.id, { by: actor.name, reason: input.reason.trim() });
  const allocations = match.allocations as { invoice_id: string }[];
  // The invoices it was applied to, or the customer when it was only their credit: another
  // invoice of the same customer may well be the right one.
  await insertRejections(
    db,
    actor.orgId,
    line.id,
    allocations.length > 0
      ? allocations.map((allocation) => allocation.invoice_id)
      : [match.customer_id],
  );
  if (line.payer_account)
    await unlearnAccount(db, actor.orgId, {
      account: line.payer_account,
      customerId: match.customer_id,
    });
  await setLineStates(db, actor.orgId, [{ id: line.id, state: 'review', paymentId: null }]);
  // Proposed again at once, without the pair just undone, so the person sees what else fits.
  await matchBankLines(transactionAsDatabase(database, tx), actor, {
    lineIds: [line.id],
    autoApply: false,
  });
  await recordAudit(db, actor, [
    {
      action: 'bank_line.undone',
      entityType: 'bank_line',
      entityId: line.id,
      before: { payment_id: match.payment_id, customer_id: match.customer_id },
      after: { state: 'review', reason: input.reason },
    },
  ]);
  return { lineId: line.id, reversedPaymentId: match.payment_id };
}
