import type { Actor } from '../core/actor.js';
import { AppError } from '../core/errors.js';
import { recordAudit } from '../platform/audit/audit.sql.js';
import { transactionAsDatabase, type Database, type Tx } from '../platform/db/database.js';
import { idempotent } from '../platform/idempotency/idempotency.sql.js';
import { reversePayment } from '../payments/reverse-payment.service.js';
import { matchesOfLines } from './bank-lines.sql.js';
import { lockLine, markMatchApplied, setLineStates } from './match.sql.js';
import { reversePaymentFlag } from './propose-returned-payments.service.js';

/**
 * A person confirms that a returned credit takes back a payment: that payment is reversed (its
 * invoices open again, dated the day of the return), and the return line is settled by it. The
 * payment is the line's proposal's, or another one of the proposals the person picks.
 * Codes: bank_line_not_found, bank_line_not_returned, bank_line_not_open, proposal_not_found,
 * and reversePayment's (payment_already_reversed, payment_refunded, reversal_before_application).
 */
export async function reverseReturnedPayment(
  database: Database,
  actor: Actor,
  lineId: string,
  input: { matchId?: string | undefined },
  options: { idempotencyKey?: string | undefined } = {},
) {
  return database.transaction((tx) =>
    idempotent(tx, actor, options.idempotencyKey, 'bank_line.reverse', { lineId, ...input }, () =>
      settleReturn(database, tx, actor, lineId, input),
    ),
  );
}

async function settleReturn(
  database: Database,
  tx: Tx,
  actor: Actor,
  lineId: string,
  input: { matchId?: string | undefined },
) {
  const { db } = tx;
  const line = await lockLine(db, actor.orgId, lineId);
  if (!line) throw AppError.notFound('bank_line');
  if (line.direction !== 'debit' || !line.reversal)
    throw new AppError(
      'invalid',
      'bank_line_not_returned',
      'Only a returned credit (money the bank took back) reverses a payment.',
    );
  if (line.state !== 'review')
    throw new AppError('conflict', 'bank_line_not_open', 'The line is not waiting for review.');
  const proposals = (
    await matchesOfLines(db, actor.orgId, [line.id], { withUndone: false })
  ).filter(
    (match) =>
      match.state === 'proposed' &&
      (match.flags as string[]).includes(reversePaymentFlag) &&
      match.payment_id !== null,
  );
  const chosen =
    input.matchId === undefined
      ? proposals[0]
      : proposals.find((proposal) => proposal.id === input.matchId);
  if (!chosen)
    throw new AppError(
      'not_found',
      'proposal_not_found',
      'There is no proposal to reverse a payment for this line.',
      'match_id',
    );
  const reversedOn = line.booking_date ?? line.value_date ?? undefined;
  await reversePayment(transactionAsDatabase(database, tx), actor, chosen.payment_id!, {
    reason: `returned by the bank: ${line.ref}`,
    reversedOn,
  });
  await markMatchApplied(db, actor.orgId, chosen.id, actor.name);
  await setLineStates(db, actor.orgId, [
    { id: line.id, state: 'applied', paymentId: chosen.payment_id },
  ]);
  await recordAudit(db, actor, [
    {
      action: 'bank_line.return_reversed',
      entityType: 'bank_line',
      entityId: line.id,
      after: { payment_id: chosen.payment_id, customer_id: chosen.customer_id },
    },
  ]);
  return { lineId: line.id, reversedPaymentId: chosen.payment_id! };
}
