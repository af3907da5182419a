import type { Actor } from '../core/actor.js';
import { transactionAsDatabase, type Database } from '../platform/db/database.js';
import type { Labels } from './bank-line.view.js';
import { linesByIds, type BankLineRow } from './bank.sql.js';
import { labelsOf } from './match.sql.js';
import { matchBankLines, type MatchOutcome } from './match-bank-lines.service.js';

/**
 * Matches again every line waiting for a person or the matcher: invoices issued since, customers
 * changed, or accounts learned may now decide them. Applies what is now sure when asked.
 */
export async function rematchBankLines(
  database: Database,
  actor: Actor,
  options: { autoApply: boolean },
): Promise<{
  lines: readonly { line: BankLineRow; match: MatchOutcome }[];
  labels: Labels;
}> {
  return database.transaction(async (tx) => {
    const run = await matchBankLines(transactionAsDatabase(database, tx), actor, options);
    const rows = new Map(
      (
        await linesByIds(
          tx.db,
          actor.orgId,
          run.outcomes.map((outcome) => outcome.lineId),
        )
      ).map((row) => [row.id, row]),
    );
    const proposals = run.outcomes.flatMap((outcome) => outcome.proposals);
    const labels = await labelsOf(tx.db, actor.orgId, {
      customerIds: proposals.map((proposal) => proposal.customerId),
      invoiceIds: proposals.flatMap((proposal) => proposal.allocations.map((a) => a.invoiceId)),
    });
    return {
      labels,
      lines: run.outcomes.map((match) => ({ line: rows.get(match.lineId)!, match })),
    };
  });
}
