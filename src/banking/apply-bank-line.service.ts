import type { Actor } from '../core/actor.js';
import { AppError } from '../core/errors.js';
import { newId } from '../core/ids.js';
import { parseAmount } from '../core/money.js';
import { recordAudit } from '../platform/audit/audit.sql.js';
import type { Database, Db } from '../platform/db/database.js';
import { idempotent } from '../platform/idempotency/idempotency.sql.js';
import { postPaymentsInBulk } from '../payments/post-payments-in-bulk.service.js';
import {
  learnAccounts,
  learnNames,
  lockLine,
  replaceProposals,
  setLineStates,
} from './match.sql.js';
import { bankLinePayment } from './bank-line-payment.js';
import { matchEngineVersion } from './matching/match-line.js';

export interface LineDecisionInput {
  readonly customerId: string;
  /** The invoices and amounts (major units) to pay; none keeps it all as the customer's credit. */
  readonly allocations: readonly { readonly invoiceId: string; readonly amount: string }[];
}

/**
 * A person applies a bank line: confirming the matcher's proposal, picking another, or splitting
 * it across invoices of their choice; with no invoices it becomes the customer's unapplied
 * credit. Posted through the same bulk path as the matcher, so the same checks hold (an invoice
 * paid meanwhile is refused, never over-applied). A confirmation teaches the payer's account and
 * name for next time.
 * Codes: bank_line_not_found, bank_line_not_open, bank_line_not_incoming, amount_*,
 * allocations_exceed_line, the bulk path's reasons as bank_line_refused, idempotency_key_reused.
 */
export async function applyBankLine(
  database: Database,
  actor: Actor,
  lineId: string,
  input: LineDecisionInput,
  options: { idempotencyKey?: string | undefined } = {},
) {
  return database.transaction((tx) =>
    idempotent(tx, actor, options.idempotencyKey, 'bank_line.apply', { lineId, ...input }, () =>
      decide(tx.db, actor, lineId, input),
    ),
  );
}

async function decide(db: Db, actor: Actor, lineId: string, input: LineDecisionInput) {
  const line = await lockLine(db, actor.orgId, lineId);
  if (!line) throw AppError.notFound('bank_line');
  if (line.direction !== 'credit' || line.status !== 'booked')
    throw new AppError(
      'invalid',
      'bank_line_not_incoming',
      'Only money in that the bank has booked is applied.',
    );
  if (line.state === 'applied')
    throw new AppError(
      'conflict',
      'bank_line_not_open',
      'The line is applied already; undo it first.',
    );
  const allocations = input.allocations.map((allocation, index) => {
    const parsed = parseAmount(allocation.amount, line.currency, `allocations[${index}].amount`);
    if (!parsed.ok) throw AppError.fromDomain(parsed.error);
    return { invoiceId: allocation.invoiceId, amountMinor: parsed.value, takeDiscount: true };
  });
  const total = allocations.reduce((sum, allocation) => sum + allocation.amountMinor, 0n);
  if (total > line.amount_minor)
    throw new AppError(
      'invalid',
      'allocations_exceed_line',
      'The amounts applied add up to more than the line.',
      'allocations',
    );
  const { posted, refused } = await postPaymentsInBulk(db, actor, [
    bankLinePayment(line, input.customerId, allocations),
  ]);
  if (refused.length > 0)
    throw new AppError('conflict', 'bank_line_refused', refused[0]!.reason, 'allocations');
  const paymentId = posted[0]!.paymentId;
  await replaceProposals(
    db,
    actor.orgId,
    [line.id],
    [
      {
        id: newId(),
        bankLineId: line.id,
        rank: 1,
        customerId: input.customerId,
        allocations: posted[0]!.applications.map((application) => ({
          invoice_id: application.invoiceId,
          amount_minor: application.amountMinor.toString(),
          take_discount: application.discountMinor > 0n,
        })),
        unappliedMinor: line.amount_minor - total,
        confidence: 1,
        basis: 'person',
        evidence: [{ kind: 'person', detail: `applied by ${actor.name}`, weight: 1 }],
        flags: [],
        engineVersion: matchEngineVersion,
        state: 'applied',
        appliedBy: actor.name,
        paymentId,
      },
    ],
  );
  await setLineStates(db, actor.orgId, [{ id: line.id, state: 'applied', paymentId }]);
  if (line.payer_account)
    await learnAccounts(db, actor.orgId, [
      { account: line.payer_account, customerId: input.customerId, lineId: line.id },
    ]);
  if (line.payer_name)
    await learnNames(db, actor.orgId, [{ name: line.payer_name, customerId: input.customerId }]);
  await recordAudit(db, actor, [
    {
      action: 'bank_line.applied',
      entityType: 'bank_line',
      entityId: line.id,
      after: { payment_id: paymentId, customer_id: input.customerId, allocations, by: 'person' },
    },
  ]);
  return { lineId: line.id, paymentId };
}
