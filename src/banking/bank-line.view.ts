import { formatAmount } from '../core/money.js';
import type { BankFileRow, BankLineRow } from './bank.sql.js';
import type { MatchOutcome } from './match-bank-lines.service.js';
import type { Proposal } from './matching/match-line.js';

/** What became of each line of a file. */
export type LineOutcome = 'applied' | 'review' | 'ignored' | 'duplicate';

export interface Labels {
  readonly customers: ReadonlyMap<string, { ref: string; name: string }>;
  readonly invoices: ReadonlyMap<string, string>;
}

/** A proposal as the API and the CLI show it: amounts in major units, references not ids. */
export function proposalView(proposal: Proposal, currency: string, labels: Labels) {
  const customer = labels.customers.get(proposal.customerId);
  return {
    customer_id: proposal.customerId,
    customer_ref: customer?.ref ?? null,
    customer_name: customer?.name ?? null,
    allocations: proposal.allocations.map((allocation) => ({
      invoice_id: allocation.invoiceId,
      invoice_number: labels.invoices.get(allocation.invoiceId) ?? null,
      amount: formatAmount(allocation.amountMinor, currency),
      take_discount: allocation.takeDiscount,
    })),
    unapplied: formatAmount(proposal.unappliedMinor, currency),
    confidence: proposal.confidence,
    basis: proposal.basis,
    flags: [...proposal.flags],
    evidence: proposal.evidence.map((item) => ({ ...item })),
  };
}

/** One line of a statement and what became of it. */
export function lineOutcomeView(
  line: BankLineRow,
  outcome: LineOutcome,
  reason: string,
  paymentId: string | null,
  proposals: readonly Proposal[],
  labels: Labels,
) {
  return {
    id: line.id,
    position: line.position,
    ref: line.ref,
    booking_date: line.booking_date,
    value_date: line.value_date,
    amount: formatAmount(line.amount_minor, line.currency),
    currency: line.currency,
    direction: line.direction,
    status: line.status,
    payer_name: line.payer_name,
    payer_account: line.payer_account,
    outcome,
    reason,
    payment_id: paymentId,
    proposals: proposals.map((proposal) => proposalView(proposal, line.currency, labels)),
  };
}

/** What an import of a statement did (import-bank-statement.service.ts's StatementImport). */
interface ImportedStatement {
  readonly imported: {
    readonly file: BankFileRow;
    readonly alreadyImported: boolean;
    readonly dryRun: boolean;
  };
  readonly lines: readonly {
    readonly line: BankLineRow;
    readonly outcome: LineOutcome;
    readonly match: MatchOutcome | null;
  }[];
  readonly labels: Labels;
}

/** A statement import as the API and `settle bank import --format json` answer it. */
export function statementImportView(result: ImportedStatement, dryRun: boolean) {
  const lines = result.lines.map(({ line, outcome, match }) =>
    lineOutcomeView(
      line,
      outcome,
      match?.reason ?? '',
      match?.paymentId ?? null,
      match?.proposals ?? [],
      result.labels,
    ),
  );
  const counts = { applied: 0, review: 0, ignored: 0, duplicate: 0 };
  for (const line of lines) counts[line.outcome] += 1;
  const file = result.imported.file;
  return {
    file: {
      id: file.id,
      name: file.file_name,
      format: file.format,
      version: file.version,
      sha256: file.sha256,
      statements: file.statements,
      lines: file.lines,
      lines_added: file.lines_added,
      warnings: file.warnings as string[],
    },
    already_imported: result.imported.alreadyImported,
    dry_run: result.imported.dryRun || dryRun,
    counts,
    lines,
  };
}
