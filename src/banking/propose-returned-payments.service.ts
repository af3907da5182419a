import type { Actor } from '../core/actor.js';
import { newId } from '../core/ids.js';
import type { Db } from '../platform/db/database.js';
import type { BankLine } from './formats/bank-statement.js';
import { replaceProposals, type NewMatch } from './match.sql.js';
import { matchEngineVersion } from './matching/match-line.js';
import {
  originalCreditsOf,
  returnedLinesWaiting,
  type OriginalCredit,
  type ReturnedLine,
} from './returned-payment.sql.js';

/** The flag of a proposal to reverse the payment a returned credit came from. */
export const reversePaymentFlag = 'reverse_payment';

/** The references a line carries that name one transfer, as a bank repeats them on its return. */
function referencesOf(refs: unknown): string[] {
  return Object.values(refs as Record<string, string>).filter(
    (value) => value.length >= 6 && value.toUpperCase() !== 'NOTPROVIDED',
  );
}

function evidenceFor(line: ReturnedLine, original: OriginalCredit) {
  const remittance = line.remittance as BankLine['remittance'];
  const said = [
    ...referencesOf(line.refs),
    ...remittance.unstructured,
    ...remittance.structured.map((item) => item.reference),
  ].join(' ');
  const shared = referencesOf(original.refs).find(
    (reference) => said.includes(reference) || reference === line.ref,
  );
  const samePayer = line.payer_account !== null && line.payer_account === original.payer_account;
  const evidence = [
    {
      kind: 'returned_payment',
      detail: `returns the credit ${original.ref} of ${original.booking_date ?? original.value_date}${original.payer_name ? ` from ${original.payer_name}` : ''}: same account, currency and amount`,
      weight: 0.3,
    },
  ];
  if (shared)
    evidence.push({
      kind: 'original_reference',
      detail: `quotes its reference ${shared}`,
      weight: 0.9,
    });
  if (samePayer)
    evidence.push({
      kind: 'payer_account',
      detail: `to the account it came from, ${line.payer_account}`,
      weight: 0.5,
    });
  const basis = shared ? 'reference' : samePayer ? 'payer' : 'weak';
  return { evidence, basis, strength: shared ? 2 : samePayer ? 1 : 0 };
}

/**
 * For each returned credit (a booked reversal of money in) among these lines, proposes reversing
 * the payment its original credit posted: the person confirms it, since a bank's return may name
 * its original loosely. The best candidate quotes the original's reference; next, it goes back to
 * the account the money came from; an amount alone is a weak proposal. Joins the caller's
 * transaction.
 */
export async function proposeReturnedPayments(
  db: Db,
  actor: Actor,
  lineIds: readonly string[],
): Promise<number> {
  const lines = await returnedLinesWaiting(db, actor.orgId, lineIds);
  const matches: NewMatch[] = [];
  for (const line of lines) {
    const candidates = (await originalCreditsOf(db, actor.orgId, line))
      .map((original) => ({ original, ...evidenceFor(line, original) }))
      .sort((a, b) => b.strength - a.strength)
      .slice(0, 3);
    const strongest = candidates[0]?.strength ?? 0;
    const alone = candidates.filter((candidate) => candidate.strength === strongest).length === 1;
    candidates.forEach((candidate, index) => {
      matches.push({
        id: newId(),
        bankLineId: line.id,
        rank: index + 1,
        customerId: candidate.original.customer_id,
        allocations: [],
        unappliedMinor: 0n,
        // Proposals only: how sure depends on the evidence and on there being one best.
        confidence: index === 0 && alone ? [0.4, 0.7, 0.95][candidate.strength]! : 0.3,
        basis: candidate.basis,
        evidence: candidate.evidence,
        flags: [reversePaymentFlag],
        engineVersion: matchEngineVersion,
        state: 'proposed',
        appliedBy: null,
        paymentId: candidate.original.payment_id,
      });
    });
  }
  await replaceProposals(
    db,
    actor.orgId,
    lines.map((line) => line.id),
    matches,
  );
  return matches.length;
}
