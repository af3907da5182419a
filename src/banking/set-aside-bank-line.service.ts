import type { Actor } from '../core/actor.js';
import { AppError } from '../core/errors.js';
import { recordAudit } from '../platform/audit/audit.sql.js';
import type { Database, Db } from '../platform/db/database.js';
import { idempotent } from '../platform/idempotency/idempotency.sql.js';
import { dropProposals, moveLine } from './bank-lines.sql.js';
import { lockLine } from './match.sql.js';

/**
 * A person sets a line aside (money that is no customer's payment: a tax refund, a transfer
 * between own accounts), or brings a set-aside line back to review. Nothing is posted either way;
 * the matcher leaves a set-aside line alone. Only money in the bank booked (or a returned credit)
 * can come back, since the rest was never for review.
 * Codes: bank_line_not_found, bank_line_not_open (applied lines are undone first),
 * bank_line_not_incoming, reason_required.
 */
export async function setAsideBankLine(
  database: Database,
  actor: Actor,
  lineId: string,
  input: { aside: boolean; reason: string },
  options: { idempotencyKey?: string | undefined } = {},
) {
  const reason = input.reason.trim();
  if (input.aside && !reason)
    throw new AppError(
      'invalid',
      'reason_required',
      'Say why the line is set aside (e.g. transfer between our own accounts).',
      'reason',
    );
  return database.transaction((tx) =>
    idempotent(tx, actor, options.idempotencyKey, 'bank_line.set_aside', { lineId, ...input }, () =>
      move(tx.db, actor, lineId, input.aside, reason),
    ),
  );
}

async function move(db: Db, actor: Actor, lineId: string, aside: boolean, reason: string) {
  const line = await lockLine(db, actor.orgId, lineId);
  if (!line) throw AppError.notFound('bank_line');
  if (line.state === 'applied')
    throw new AppError(
      'conflict',
      'bank_line_not_open',
      'The line is applied; undo it before setting it aside.',
    );
  const forReview = line.status === 'booked' && (line.direction === 'credit' || line.reversal);
  if (!aside && !forReview)
    throw new AppError(
      'invalid',
      'bank_line_not_incoming',
      'Only money in that the bank has booked, or a credit it took back, goes to review.',
    );
  const moved = aside
    ? await moveLine(db, actor.orgId, line.id, {
        from: ['unmatched', 'review'],
        to: 'ignored',
        reason,
      })
    : await moveLine(db, actor.orgId, line.id, { from: ['ignored'], to: 'review', reason: null });
  if (!moved)
    throw new AppError(
      'conflict',
      'bank_line_not_open',
      aside ? 'The line is set aside already.' : 'The line is not set aside.',
    );
  if (aside) await dropProposals(db, actor.orgId, line.id);
  await recordAudit(db, actor, [
    {
      action: aside ? 'bank_line.set_aside' : 'bank_line.returned',
      entityType: 'bank_line',
      entityId: line.id,
      before: { state: line.state },
      after: { state: aside ? 'ignored' : 'review', reason: reason || null },
    },
  ]);
  return { lineId: line.id, state: aside ? 'ignored' : 'review' };
}
