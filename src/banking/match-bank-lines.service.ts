import type { Actor } from '../core/actor.js';
import { compareDates, type CalendarDate } from '../core/calendar-date.js';
import { newId } from '../core/ids.js';
import { recordAudit } from '../platform/audit/audit.sql.js';
import type { Database, Db } from '../platform/db/database.js';
import { postPaymentsInBulk, type BulkPayment } from '../payments/post-payments-in-bulk.service.js';
import { bankLinePayment } from './bank-line-payment.js';
import type { BankLine } from './formats/bank-statement.js';
import {
  customersForMatching,
  learnAccounts,
  learnedAccounts,
  lockLinesToMatch,
  openInvoicesForMatching,
  rejectionsOf,
  replaceProposals,
  setLineStates,
  type LineToMatch,
  type NewMatch,
} from './match.sql.js';
import {
  buildMatchBook,
  matchEngineVersion,
  matchLine,
  type MatchBook,
  type MatchDecision,
  type MatchLine,
  type Proposal,
} from './matching/match-line.js';

/** Lines decided before their sure ones are posted, while the next ones are decided. */
const decideChunk = 1000;
/** Lines decided between two turns of the event loop, which let a posting's statements go out. */
const yieldEvery = 25;

/** Who applied a line the matcher was sure of, as its match records it. */
export const matcherName = 'bank matcher';

export interface MatchOutcome {
  readonly lineId: string;
  /** applied: a payment was posted; review: a person decides (with the proposals, if any). */
  readonly outcome: 'applied' | 'review';
  readonly reason: string;
  readonly paymentId: string | null;
  readonly proposals: readonly Proposal[];
}

export interface MatchRun {
  readonly outcomes: readonly MatchOutcome[];
  /**
   * Milliseconds per phase, for the benchmark: load, match (deciding, while the chunks decided so
   * far are posted and recorded) and post (the posting and recording left when every line is
   * decided) add up to the run; postOverlapped is the posting and recording done while deciding.
   */
  readonly timings: Readonly<Record<'load' | 'match' | 'post' | 'postOverlapped', number>>;
}

/** The day the money was paid: the value date, else the booking date. */
function dateOf(row: LineToMatch): CalendarDate {
  return (row.value_date ?? row.booking_date) as CalendarDate;
}

/** The line as the matcher reads it. */
function matchLineOf(row: LineToMatch): MatchLine {
  const remittance = row.remittance as BankLine['remittance'];
  return {
    id: row.id,
    amountMinor: row.amount_minor,
    currency: row.currency,
    date: dateOf(row),
    payerName: row.payer_name,
    payerAccount: row.payer_account,
    structured: remittance.structured.map((item) => ({
      type: item.type,
      reference: item.reference,
    })),
    unstructured: remittance.unstructured,
    accountCountry: row.iban ? row.iban.slice(0, 2) : null,
  };
}

/** What the matcher reads of the book: the open invoices, the customers, the learned accounts. */
export interface MatchBookRows {
  readonly invoices: Awaited<ReturnType<typeof openInvoicesForMatching>>;
  readonly customers: Awaited<ReturnType<typeof customersForMatching>>;
  readonly accounts: Awaited<ReturnType<typeof learnedAccounts>>;
}

export async function readMatchBookRows(db: Db, orgId: string): Promise<MatchBookRows> {
  // One after the other: a transaction is one connection, which runs one statement at a time.
  const invoices = await openInvoicesForMatching(db, orgId);
  const customers = await customersForMatching(db, orgId);
  const accounts = await learnedAccounts(db, orgId);
  return { invoices, customers, accounts };
}

/** The rows indexed for the matcher; no line's rejections yet (withRejections adds them). */
export function matchBookOf(rows: MatchBookRows): MatchBook {
  return buildMatchBook({
    invoices: rows.invoices.map((row) => ({
      id: row.id,
      number: row.number,
      customerId: row.customer_id,
      currency: row.currency,
      openMinor: row.open_minor,
      dueOn: row.due_on as CalendarDate,
      discountOn: row.discount_on as CalendarDate | null,
      discountMinor: row.discount_minor,
      discountTaken: row.discount_taken,
    })),
    customers: rows.customers.map((row) => ({
      id: row.id,
      ref: row.ref,
      name: row.name,
      aliases: row.aliases,
    })),
    accounts: rows.accounts.map((row) => ({ account: row.account, customerId: row.customer_id })),
    rejected: [],
  });
}

/** The book with the pairs a person rejected for these lines, never proposed again. */
async function withRejections(
  db: Db,
  orgId: string,
  book: MatchBook,
  lineIds: readonly string[],
): Promise<MatchBook> {
  const rejections = await rejectionsOf(db, orgId, lineIds);
  return {
    ...book,
    rejected: new Set(rejections.map((row) => `${row.bank_line_id}|${row.target_id}`)),
  };
}

function matchRows(
  decision: MatchDecision,
  applied: { paymentId: string; by: string } | null,
): NewMatch[] {
  const proposals = applied ? decision.proposals.slice(0, 1) : decision.proposals;
  return proposals.map((proposal, rank) => ({
    id: newId(),
    bankLineId: decision.lineId,
    rank: rank + 1,
    customerId: proposal.customerId,
    allocations: proposal.allocations.map((allocation) => ({
      invoice_id: allocation.invoiceId,
      amount_minor: allocation.amountMinor.toString(),
      take_discount: allocation.takeDiscount,
    })),
    unappliedMinor: proposal.unappliedMinor,
    confidence: proposal.confidence,
    basis: proposal.basis,
    evidence: proposal.evidence,
    flags: proposal.flags,
    engineVersion: matchEngineVersion,
    state: applied ? 'applied' : 'proposed',
    appliedBy: applied?.by ?? null,
    paymentId: applied?.paymentId ?? null,
  }));
}

/**
 * Posts a chunk's sure lines through the bulk path and records what became of each of its lines:
 * its proposals (the applied one alone, when applied), its state, the accounts learned from
 * reference-backed applications (learning comes only from those, and, elsewhere, from a person's
 * confirmations) and the audit of each application. A line whose payment no longer fits goes to
 * review with the reason.
 */
async function settleChunk(
  db: Db,
  actor: Actor,
  decisions: readonly MatchDecision[],
  payments: readonly BulkPayment[],
  byId: ReadonlyMap<string, LineToMatch>,
  holdingLocks: boolean,
): Promise<MatchOutcome[]> {
  const { posted, refused } = await postPaymentsInBulk(db, actor, payments, { holdingLocks });
  const paymentOf = new Map(posted.map((item) => [item.key, item.paymentId]));
  const refusedReason = new Map(refused.map((item) => [item.key, item.reason]));
  const outcomes: MatchOutcome[] = decisions.map((decision) => {
    const paymentId = paymentOf.get(decision.lineId) ?? null;
    if (paymentId) {
      return {
        lineId: decision.lineId,
        outcome: 'applied',
        reason: '',
        paymentId,
        proposals: decision.proposals,
      };
    }
    const reason =
      refusedReason.get(decision.lineId) ??
      (decision.outcome === 'apply' ? 'Sure, and waiting to be applied.' : decision.reason);
    return {
      lineId: decision.lineId,
      outcome: 'review',
      reason,
      paymentId: null,
      proposals: decision.proposals,
    };
  });
  // Whoever ran the import, the line was decided by the matcher.
  const by = matcherName;
  await replaceProposals(
    db,
    actor.orgId,
    decisions.map((decision) => decision.lineId),
    outcomes.flatMap((outcome) =>
      matchRows(
        {
          lineId: outcome.lineId,
          outcome: 'review',
          proposals: outcome.proposals,
          reason: outcome.reason,
        },
        outcome.paymentId ? { paymentId: outcome.paymentId, by } : null,
      ),
    ),
  );
  await setLineStates(
    db,
    actor.orgId,
    outcomes.map((outcome) => ({
      id: outcome.lineId,
      state: outcome.outcome === 'applied' ? 'applied' : 'review',
      paymentId: outcome.paymentId,
    })),
  );
  await learnAccounts(
    db,
    actor.orgId,
    outcomes.flatMap((outcome) => {
      const line = byId.get(outcome.lineId)!;
      const proposal = outcome.proposals[0];
      return outcome.paymentId && line.payer_account && proposal?.basis === 'reference'
        ? [{ account: line.payer_account, customerId: proposal.customerId, lineId: line.id }]
        : [];
    }),
  );
  await recordAudit(
    db,
    actor,
    outcomes
      .filter((outcome) => outcome.paymentId !== null)
      .map((outcome) => ({
        action: 'bank_line.applied',
        entityType: 'bank_line',
        entityId: outcome.lineId,
        after: {
          payment_id: outcome.paymentId,
          customer_id: outcome.proposals[0]!.customerId,
          allocations: outcome.proposals[0]!.allocations,
          confidence: outcome.proposals[0]!.confidence,
          engine_version: matchEngineVersion,
        },
      })),
  );
  return outcomes;
}

/**
 * Matches the bank lines waiting for it (all of the organization's, or those named): the lines
 * are locked, the book is read once, each line decided by the matcher, and, when `autoApply`,
 * the sure ones posted through the bulk path in the same transaction, a chunk at a time while
 * the next is decided (settleChunk records each chunk's outcomes). A line in review
 * posts nothing: it keeps its proposals for a person. What was applied on a reference teaches the
 * payer's account. A line whose payment no longer fits when posted (a person paid the invoice a
 * moment ago) goes to review with the reason.
 */
export async function matchBankLines(
  database: Database,
  actor: Actor,
  options: {
    lineIds?: readonly string[] | undefined;
    /** as-imported: apply what is sure only on lines whose file was imported asking for it. */
    autoApply: boolean | 'as-imported';
    /**
     * The book read (matchBookOf) by the caller, which may have started reading it before the
     * lines were written; read here, in the transaction, when absent. Either way the posting
     * re-checks every invoice under its lock, so a book read a moment earlier can send a line
     * to review, never over-apply.
     */
    book?: Promise<MatchBook> | undefined;
  },
): Promise<MatchRun> {
  return database.transaction(async ({ db }) => {
    const started = performance.now();
    const lines = await lockLinesToMatch(db, actor.orgId, {
      lineIds: options.lineIds,
      states: ['unmatched', 'review'],
    });
    // Decided and posted in the order the money came in (date, then file and place in it): when
    // two lines pay the same invoice, the earlier is applied and the later waits for a person.
    lines.sort(
      (a, b) =>
        compareDates(dateOf(a), dateOf(b)) ||
        (a.file_id < b.file_id ? -1 : a.file_id > b.file_id ? 1 : a.position - b.position),
    );
    const book = await withRejections(
      db,
      actor.orgId,
      await (options.book ?? readMatchBookRows(db, actor.orgId).then(matchBookOf)),
      lines.map((line) => line.id),
    );
    const loaded = performance.now();
    const byId = new Map(lines.map((line) => [line.id, line]));
    const applies = (decision: MatchDecision) =>
      decision.outcome === 'apply' &&
      (options.autoApply === true ||
        (options.autoApply === 'as-imported' && byId.get(decision.lineId)!.auto_apply));

    // Deciding is pure work for this process and posting is work for the database: the lines are
    // decided in chunks, and each chunk's sure ones are posted, and its outcomes recorded, while
    // the next chunk is decided. Only the first posting waits for invoices someone else holds;
    // later ones hold locks taken chunk by chunk, out of the one lock order, and leave busy
    // invoices to review instead.
    const outcomes: MatchOutcome[] = [];
    let settling: Promise<void> = Promise.resolve();
    let settlingFailed: { error: unknown } | null = null;
    let holdingLocks = false;
    let settlingMs = 0;
    for (let from = 0; from < lines.length; from += decideChunk) {
      const chunk: MatchDecision[] = [];
      for (const line of lines.slice(from, from + decideChunk)) {
        chunk.push(matchLine(matchLineOf(line), book));
        // The chunk before sends its next statement when this process is free.
        if (chunk.length % yieldEvery === 0) await new Promise((resolve) => setImmediate(resolve));
      }
      await settling;
      if (settlingFailed) break;
      const startedAt = performance.now();
      const payments = chunk
        .filter(applies)
        .map((decision) =>
          bankLinePayment(
            byId.get(decision.lineId)!,
            decision.proposals[0]!.customerId,
            decision.proposals[0]!.allocations,
          ),
        );
      // Handled at once, so that a failure while the next chunk is decided is not unhandled.
      settling = settleChunk(db, actor, chunk, payments, byId, holdingLocks).then(
        (settled) => {
          outcomes.push(...settled);
          settlingMs += performance.now() - startedAt;
        },
        (error: unknown) => {
          settlingFailed = { error };
        },
      );
      holdingLocks ||= payments.length > 0;
    }
    const decided = performance.now();
    await settling;
    if (settlingFailed) throw (settlingFailed as { error: unknown }).error;
    const settled = performance.now();
    return {
      outcomes,
      timings: {
        load: loaded - started,
        match: decided - loaded,
        post: settled - decided,
        postOverlapped: Math.max(0, settlingMs - (settled - decided)),
      },
    };
  });
}
