// Scoring of the cash-application benchmark against the generator's truth, and the naive baseline
// it is compared with. Pure: no database, so the same scoring reads Settle's outcomes and the
// baseline's decisions.
import type { BankLine } from '../src/banking/formats/bank-statement.js';
import type { LineTruth, StatementInvoice } from '../src/demo/generator/bank-statements.js';

/** What a matcher did with one line: applied (or only proposed) this, at this confidence. */
export interface Decision {
  readonly ref: string;
  readonly applied: boolean;
  /** The applied proposal, or the first one a person would see; null when there is none. */
  readonly top: {
    readonly customerId: string;
    readonly allocations: readonly { readonly invoiceId: string; readonly amountMinor: bigint }[];
    readonly confidence: number;
    readonly basis: string;
  } | null;
}

/** Right when it names the customer the money is from and pays each invoice what the truth does. */
export function isRight(truth: LineTruth, top: Decision['top']): boolean {
  if (top === null || truth.customerId === null || top.customerId !== truth.customerId)
    return false;
  const paid = top.allocations.filter((allocation) => allocation.amountMinor > 0n);
  if (paid.length !== truth.allocations.length) return false;
  const want = new Map(truth.allocations.map((a) => [a.invoiceId, a.amountMinor]));
  return paid.every((allocation) => want.get(allocation.invoiceId) === allocation.amountMinor);
}

export interface Score {
  readonly lines: number;
  readonly payments: number;
  readonly unrelated: number;
  readonly decided: { readonly reference: number; readonly payer: number; readonly all: number };
  readonly applied: number;
  readonly appliedRight: number;
  readonly appliedOfDecided: number;
  readonly appliedRightOfDecided: number;
  readonly applications: number;
  readonly applicationsRight: number;
  readonly topRight: number;
  readonly bands: readonly {
    readonly band: string;
    readonly lines: number;
    readonly right: number;
    readonly meanConfidence: number;
  }[];
  /** Per noise kind: lines, applied, applied right, top right. */
  readonly byNoise: ReadonlyMap<string, [number, number, number, number]>;
  /** Applied and wrong: what went wrong, for the report. */
  readonly wrong: readonly { readonly truth: LineTruth; readonly decision: Decision }[];
}

export const confidenceBands = [
  [0, 0.5],
  [0.5, 0.7],
  [0.7, 0.9],
  [0.9, 0.99],
  [0.99, 1.0001],
] as const;

export function score(truths: readonly LineTruth[], decisions: readonly Decision[]): Score {
  const byRef = new Map(decisions.map((decision) => [decision.ref, decision]));
  const credits = truths.filter((truth) => truth.direction === 'credit');
  let applied = 0;
  let appliedRight = 0;
  let appliedOfDecided = 0;
  let appliedRightOfDecided = 0;
  let applications = 0;
  let applicationsRight = 0;
  let topRight = 0;
  const bandCounts = confidenceBands.map(() => ({ lines: 0, right: 0, sum: 0 }));
  const byNoise = new Map<string, [number, number, number, number]>();
  const wrong: { truth: LineTruth; decision: Decision }[] = [];
  for (const truth of credits) {
    const decision = byRef.get(truth.ref);
    const right = decision ? isRight(truth, decision.top) : false;
    const isApplied = decision?.applied === true;
    if (right) topRight += truth.customerId !== null ? 1 : 0;
    if (decision?.top) {
      const confidence = decision.top.confidence;
      const band = confidenceBands.findIndex(
        ([low, high]) => confidence >= low && confidence < high,
      );
      const counts = bandCounts[band]!;
      counts.lines += 1;
      counts.right += right ? 1 : 0;
      counts.sum += confidence;
    }
    if (isApplied) {
      applied += 1;
      appliedRight += right ? 1 : 0;
      if (truth.decidedBy !== null) {
        appliedOfDecided += 1;
        appliedRightOfDecided += right ? 1 : 0;
      }
      const want = new Map(truth.allocations.map((a) => [a.invoiceId, a.amountMinor]));
      for (const allocation of decision!.top!.allocations) {
        if (allocation.amountMinor === 0n) continue;
        applications += 1;
        const sameCustomer = decision!.top!.customerId === truth.customerId;
        if (sameCustomer && want.get(allocation.invoiceId) === allocation.amountMinor)
          applicationsRight += 1;
      }
      if (!right) wrong.push({ truth, decision: decision! });
    }
    for (const kind of truth.noise) {
      const counts = byNoise.get(kind) ?? [0, 0, 0, 0];
      counts[0] += 1;
      counts[1] += isApplied ? 1 : 0;
      counts[2] += isApplied && right ? 1 : 0;
      counts[3] += right ? 1 : 0;
      byNoise.set(kind, counts);
    }
  }
  const decidedReference = credits.filter((truth) => truth.decidedBy === 'reference').length;
  const decidedPayer = credits.filter((truth) => truth.decidedBy === 'payer').length;
  return {
    lines: truths.length,
    payments: credits.filter((truth) => truth.customerId !== null).length,
    unrelated: credits.filter((truth) => truth.customerId === null).length,
    decided: {
      reference: decidedReference,
      payer: decidedPayer,
      all: decidedReference + decidedPayer,
    },
    applied,
    appliedRight,
    appliedOfDecided,
    appliedRightOfDecided,
    applications,
    applicationsRight,
    topRight,
    bands: confidenceBands.map(([low, high], index) => ({
      band: high > 1 ? `≥ ${low}` : `${low}–${high}`,
      lines: bandCounts[index]!.lines,
      right: bandCounts[index]!.right,
      meanConfidence: bandCounts[index]!.lines
        ? bandCounts[index]!.sum / bandCounts[index]!.lines
        : 0,
    })),
    byNoise,
    wrong,
  };
}

/**
 * The naive baseline: an invoice number written exactly as printed, found as a word of the
 * line's text or references, gets the line's amount (oldest first when several are found, the
 * rest left as credit). No reference check digits, no amounts, no payers.
 */
export function exactNumberBaseline(
  lines: readonly BankLine[],
  invoices: readonly StatementInvoice[],
): Decision[] {
  const byNumber = new Map(invoices.map((invoice) => [invoice.number, invoice]));
  const decisions: Decision[] = [];
  for (const line of lines) {
    if (line.direction !== 'credit') continue;
    const words = [
      ...line.remittance.unstructured,
      ...line.remittance.structured.map((item) => item.reference),
    ]
      .join(' ')
      .split(/[\s,;/+]+/);
    const found = [
      ...new Set(
        words.map((word) => byNumber.get(word)).filter((invoice) => invoice !== undefined),
      ),
    ].sort((a, b) => (a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : 0));
    if (found.length === 0) {
      decisions.push({ ref: line.ref, applied: false, top: null });
      continue;
    }
    let left = line.amountMinor;
    const allocations = found.map((invoice) => {
      const amountMinor = left < invoice.openMinor ? left : invoice.openMinor;
      left -= amountMinor;
      return { invoiceId: invoice.id, amountMinor };
    });
    decisions.push({
      ref: line.ref,
      applied: true,
      top: { customerId: found[0]!.customerId, allocations, confidence: 1, basis: 'exact-number' },
    });
  }
  return decisions;
}
