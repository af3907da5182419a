import type { Actor } from '../core/actor.js';
import { transactionAsDatabase, type Database } from '../platform/db/database.js';
import {
  importBankFile,
  type BankFileImport,
  type BankFileImportResult,
} from './import-bank-file.service.js';
import type { Labels, LineOutcome } from './bank-line.view.js';
import { labelsOf } from './match.sql.js';
import { proposeReturnedPayments } from './propose-returned-payments.service.js';
import {
  matchBankLines,
  matchBookOf,
  readMatchBookRows,
  type MatchOutcome,
  type MatchRun,
} from './match-bank-lines.service.js';
import type { MatchBook } from './matching/match-line.js';

export interface StatementImport {
  readonly imported: BankFileImportResult;
  /** By position in the file. */
  readonly lines: readonly {
    readonly line: BankFileImportResult['lines'][number];
    readonly outcome: LineOutcome;
    readonly match: MatchOutcome | null;
  }[];
  readonly run: MatchRun | null;
  /** The customers' references and invoices' numbers the proposals name. */
  readonly labels: Labels;
}

class Rollback extends Error {
  constructor(readonly result: StatementImport) {
    super('dry run');
  }
}

/**
 * Imports a statement and matches the lines it added, in one transaction: applying what is sure
 * when `autoApply`, proposing the rest, and proposing to reverse the payment each returned credit
 * came from. A dry run does all of it and rolls it back, so it shows
 * exactly what the real run would do.
 */
export async function importBankStatement(
  database: Database,
  actor: Actor,
  request: Omit<BankFileImport, 'dryRun' | 'autoApply'>,
  options: { autoApply: boolean; dryRun: boolean },
): Promise<StatementImport> {
  try {
    return await database.transaction(async (tx) => {
      const inner = transactionAsDatabase(database, tx);
      // The book is read once the file has been read and found new (a malformed or repeated
      // upload costs no reading of it), and indexed while the file's lines are written: the
      // matcher needs none of them to know the invoices and customers. Its queries go first on
      // the transaction's connection; the lines' inserts wait for them, and the indexing, in this
      // process, runs while the database writes the lines.
      let book: Promise<MatchBook> | undefined;
      const readBook = () => {
        book = readMatchBookRows(tx.db, actor.orgId).then(matchBookOf);
        // Awaited only when there are new lines to match; a failure is then thrown there.
        book.catch(() => undefined);
      };
      const imported = await importBankFile(
        inner,
        actor,
        { ...request, autoApply: options.autoApply },
        { beforeNewLines: readBook },
      );
      const toMatch = imported.lines
        .filter((line) => line.added && line.state === 'unmatched')
        .map((line) => line.id);
      const run =
        toMatch.length > 0
          ? await matchBankLines(inner, actor, {
              lineIds: toMatch,
              autoApply: options.autoApply,
              book,
            })
          : null;
      await proposeReturnedPayments(
        tx.db,
        actor,
        imported.lines.filter((line) => line.added && line.reversal).map((line) => line.id),
      );
      const matchOf = new Map(run?.outcomes.map((outcome) => [outcome.lineId, outcome]) ?? []);
      const proposals = run?.outcomes.flatMap((outcome) => outcome.proposals) ?? [];
      const labels = await labelsOf(tx.db, actor.orgId, {
        customerIds: proposals.map((proposal) => proposal.customerId),
        invoiceIds: proposals.flatMap((proposal) =>
          proposal.allocations.map((allocation) => allocation.invoiceId),
        ),
      });
      const result: StatementImport = {
        imported,
        run,
        labels,
        lines: imported.lines.map((line) => {
          const match = matchOf.get(line.id) ?? null;
          const outcome: LineOutcome = !line.added
            ? 'duplicate'
            : match
              ? match.outcome
              : line.state === 'review'
                ? 'review'
                : 'ignored';
          return { line, outcome, match };
        }),
      };
      if (options.dryRun) throw new Rollback(result);
      return result;
    });
  } catch (error) {
    if (error instanceof Rollback) return error.result;
    throw error;
  }
}
