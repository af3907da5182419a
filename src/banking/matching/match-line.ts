import type { CalendarDate } from '../../core/calendar-date.js';
import {
  findCreditorReferencesInText,
  parseCreditorReference,
  rfPayloadOf,
  type CreditorReference,
} from './creditor-reference.js';
import { indexKnownNumbers, type KnownNumberIndex, type NumberMatch } from './find-in-text.js';
import { bestNameMatches, indexNames, nameSimilarity, type NameIndex } from './name-match.js';
import {
  lineReadings,
  smallSetMax,
  type AmountReading,
  type ReadingInvoice,
} from './line-readings.js';

/**
 * The matcher's rules for one incoming bank line, pure: given what is known of the book (open
 * invoices, customers, what earlier confirmations taught), it gathers the evidence the line
 * carries and decides whether the money can be applied without a person, or proposes what a
 * person should look at first.
 *
 * Applied automatically only when sure, as the issue defines it:
 * - reference evidence (a structured creditor reference whose check digits hold, or an invoice
 *   number written in the text) whose amount has exactly one reading; or
 * - a payer identified beyond doubt (an account that only ever paid for this customer, or the
 *   customer's own reference in the text) whose amount has exactly one reading among that
 *   customer's open invoices.
 * An amount alone, a name alone, or an unknown payer always goes to review; so does money in a
 * currency none of the candidate invoices is in. Changing these rules changes the version.
 *
 * cashapp-2, from the benchmark (docs/benchmarks.md, "Cash application"): a number with a typo is
 * often another customer's invoice number, read as exact. The amount then is not what that
 * invoice has open, and the "one reading" was a short or over payment. So an invoice number
 * (not an RF reference, whose check digits catch typos) whose reading is not the exact open
 * amount applies only when something about the payer (its account, the customer's reference, its
 * name) points to the same customer and no payer known beyond doubt points to another. A number
 * read without its prefix or with a typo no longer hides a payer known beyond doubt.
 *
 * cashapp-3:
 * - the search for invoices that add up to the amount skips the branches that cannot reach it,
 *   so within the same step budget it finishes for more customers with many open invoices, where
 *   it used to stop and send the line to a person;
 * - when the payer alone is known, a set of invoices that adds up only with a discount taken
 *   after its last day is proposed but is no reading: it neither applies (the benchmark's history
 *   applied one such coincidence, wrongly) nor stands in the way of the one reading at full
 *   value. Against invoices the line names, a late discount still reads as before;
 * - when the payer alone is known, a set of more than three invoices is proposed, never applied
 *   by itself, since some large set adds up to almost any amount by chance.
 *
 * cashapp-4: when no invoice is named (the payer alone is known, or the rest of an over payment),
 * a set of invoices is a reading only if sets of its size rarely add up to the amount by chance
 * among the customer's open invoices (line-readings.ts, chance-sums.ts); those that do not count
 * are proposed, and no longer make the one that counts ambiguous. Sets of up to three are looked
 * for among all the open invoices, so a customer with more than 40 no longer sends every such
 * line to a person; a larger set counts when the search saw every set of its size.
 *
 * cashapp-5: a payer's name that is the start of the customer's name, cut short as banks cut
 * names, is a weak name match (name-match.ts, cutNameScore). It confirms a number paid short or
 * over, as the uncut name did: 24 such lines of the benchmark's statement went to a person.
 */
export const matchEngineVersion = 'cashapp-5';

export interface MatchInvoice extends ReadingInvoice {
  readonly number: string;
  readonly customerId: string;
  readonly currency: string;
}

export interface MatchCustomer {
  readonly id: string;
  readonly ref: string;
  readonly name: string;
  /** Names it was confirmed to pay under (learned). */
  readonly aliases: readonly string[];
}

export interface MatchLine {
  readonly id: string;
  readonly amountMinor: bigint;
  readonly currency: string;
  readonly date: CalendarDate;
  readonly payerName: string | null;
  readonly payerAccount: string | null;
  readonly structured: readonly { readonly type: string | null; readonly reference: string }[];
  readonly unstructured: readonly string[];
  /** The receiving account's country (its IBAN's first letters): it says how plain digits read. */
  readonly accountCountry: string | null;
}

export type EvidenceKind =
  | 'creditor_reference'
  | 'invoice_number'
  | 'customer_ref'
  | 'payer_account'
  | 'payer_name'
  | 'amount';

/** One reason to believe a proposal, as stored with the application. */
export interface Evidence {
  readonly kind: EvidenceKind;
  readonly detail: string;
  /** How much it says on its own, 0..1. */
  readonly weight: number;
}

export interface Proposal {
  readonly customerId: string;
  readonly allocations: readonly {
    readonly invoiceId: string;
    readonly amountMinor: bigint;
    readonly takeDiscount: boolean;
  }[];
  /** What is left as the customer's unapplied credit. */
  readonly unappliedMinor: bigint;
  readonly evidence: readonly Evidence[];
  /** Calibrated: the share of such proposals found right when measured (see confidenceOf). */
  readonly confidence: number;
  /** Short, over or late-discount payments, which a person may want to follow up. */
  readonly flags: readonly string[];
  /** What the proposal rests on: the issue's two sure grounds, or neither. */
  readonly basis: 'reference' | 'payer' | 'weak';
  /**
   * How many ways the amount reads against the invoices in question (1 = one reading); 0 for a
   * set shown to a person that counts for nothing on the payer ground alone (one that adds up
   * only with a late discount, of more than three invoices, or of a size that the payer's open
   * invoices make too often by chance: line-readings.ts).
   */
  readonly readings: number;
}

export interface MatchDecision {
  readonly lineId: string;
  readonly outcome: 'apply' | 'review';
  /** Best first; the first is what `apply` applies. */
  readonly proposals: readonly Proposal[];
  /** Why it went to review, for the person reviewing it (empty when applied). */
  readonly reason: string;
}

/** What the matcher knows of the book, indexed once for a whole run. */
export interface MatchBook {
  readonly invoices: ReadonlyMap<string, MatchInvoice>;
  readonly invoiceByNumber: ReadonlyMap<string, MatchInvoice>;
  readonly invoicesOfCustomer: ReadonlyMap<string, readonly MatchInvoice[]>;
  /** By the letters and digits an RF reference carries after "RFnn" (rfPayloadOf). */
  readonly invoiceByRf: ReadonlyMap<string, MatchInvoice>;
  readonly invoicesByDigits: ReadonlyMap<string, readonly MatchInvoice[]>;
  readonly invoicesByAmount: ReadonlyMap<string, readonly MatchInvoice[]>;
  readonly customers: ReadonlyMap<string, MatchCustomer>;
  readonly customerByRef: ReadonlyMap<string, MatchCustomer>;
  readonly numbers: KnownNumberIndex;
  readonly names: NameIndex;
  /** Payer account → the customers it was confirmed for. */
  readonly accounts: ReadonlyMap<string, ReadonlySet<string>>;
  /** `${lineId}|${invoiceId}` and `${lineId}|${customerId}` pairs a person undid. */
  readonly rejected: ReadonlySet<string>;
}

export function buildMatchBook(input: {
  invoices: readonly MatchInvoice[];
  customers: readonly MatchCustomer[];
  accounts: readonly { account: string; customerId: string }[];
  rejected: readonly string[];
}): MatchBook {
  const invoices = new Map<string, MatchInvoice>();
  const invoiceByNumber = new Map<string, MatchInvoice>();
  const invoicesOfCustomer = new Map<string, MatchInvoice[]>();
  const invoiceByRf = new Map<string, MatchInvoice>();
  const invoicesByDigits = new Map<string, MatchInvoice[]>();
  const invoicesByAmount = new Map<string, MatchInvoice[]>();
  const push = <K, V>(map: Map<K, V[]>, key: K, value: V) => {
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
  };
  for (const invoice of input.invoices) {
    invoices.set(invoice.id, invoice);
    invoiceByNumber.set(invoice.number, invoice);
    push(invoicesOfCustomer, invoice.customerId, invoice);
    // An RF reference is "RF", check digits and this payload; the check digits are verified
    // when the reference is read, so the payload alone names the invoice (and no check digits
    // are computed for a hundred thousand invoices the statement never quotes).
    const payload = rfPayloadOf(invoice.number);
    invoiceByRf.set(payload, invoice);
    const digits = /\d+$/.exec(payload)?.[0];
    if (digits) push(invoicesByDigits, digits.replace(/^0+/, ''), invoice);
    push(invoicesByAmount, `${invoice.currency}|${invoice.openMinor}`, invoice);
  }
  for (const list of invoicesOfCustomer.values()) {
    list.sort((a, b) => (a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : a.id < b.id ? -1 : 1));
  }
  const customers = new Map(input.customers.map((customer) => [customer.id, customer]));
  const customerByRef = new Map(input.customers.map((customer) => [customer.ref, customer]));
  const accounts = new Map<string, Set<string>>();
  for (const { account, customerId } of input.accounts) {
    const set = accounts.get(account) ?? new Set<string>();
    set.add(customerId);
    accounts.set(account, set);
  }
  return {
    invoices,
    invoiceByNumber,
    invoicesOfCustomer,
    invoiceByRf,
    invoicesByDigits,
    invoicesByAmount,
    customers,
    customerByRef,
    numbers: indexKnownNumbers([
      ...input.invoices.map((invoice) => invoice.number),
      ...input.customers.map((customer) => customer.ref),
    ]),
    names: indexNames(
      input.customers.map((customer) => ({
        id: customer.id,
        name: customer.name,
        aliases: customer.aliases,
      })),
    ),
    accounts,
    rejected: new Set(input.rejected),
  };
}

/** Weights of the kinds of evidence; the confidence of a proposal comes from measurement. */
const weights = {
  creditorReference: 0.99,
  numberExact: 0.95,
  numberWithoutPrefix: 0.7,
  numberTypo: 0.5,
  customerRef: 0.9,
  accountUnique: 0.95,
  accountShared: 0.3,
  nameStrong: 0.6,
  nameWeak: 0.3,
  amountExact: 0.5,
} as const;

/** A name at least this alike counts as the same name. */
const nameStrongMin = 0.92;
const nameWeakMin = 0.8;

interface InvoiceHit {
  readonly invoice: MatchInvoice;
  readonly evidence: Evidence;
  /** Reference evidence in the issue's sense: enough, with one reading, to apply. */
  readonly sure: boolean;
}

function invoiceHits(line: MatchLine, book: MatchBook): InvoiceHit[] {
  const hits: InvoiceHit[] = [];
  const textPieces = [...line.unstructured];
  const references: CreditorReference[] = [];
  for (const item of line.structured) {
    const reference = parseCreditorReference(item.reference, {
      type: item.type,
      country: line.accountCountry,
    });
    // A reference whose check digits fail is read as plain text, as a person would read it.
    if (reference) references.push(reference);
    else textPieces.push(item.reference);
  }
  const text = textPieces.join(' ');
  for (const found of findCreditorReferencesInText(text)) references.push(found.reference);
  for (const reference of references) {
    const invoices =
      reference.scheme === 'iso11649'
        ? [book.invoiceByRf.get(reference.payload)].filter((invoice) => invoice !== undefined)
        : (book.invoicesByDigits.get(reference.payload.replace(/^0+/, '')) ?? []);
    for (const invoice of invoices) {
      hits.push({
        invoice,
        sure: invoices.length === 1,
        evidence: {
          kind: 'creditor_reference',
          detail: `${reference.scheme} reference ${reference.reference} is invoice ${invoice.number}`,
          weight: weights.creditorReference,
        },
      });
    }
  }
  for (const match of book.numbers.find(textPieces)) {
    const invoice = book.invoiceByNumber.get(match.known);
    if (!invoice) continue;
    hits.push({ invoice, ...numberEvidence(match, invoice) });
  }
  // The strongest hit per invoice.
  const best = new Map<string, InvoiceHit>();
  for (const hit of hits) {
    const known = best.get(hit.invoice.id);
    if (!known || hit.evidence.weight > known.evidence.weight) best.set(hit.invoice.id, hit);
  }
  return [...best.values()];
}

function numberEvidence(match: NumberMatch, invoice: MatchInvoice): Omit<InvoiceHit, 'invoice'> {
  const sure = match.kind === 'exact' || match.kind === 'normalised';
  const weight = sure
    ? weights.numberExact
    : match.kind === 'without-prefix'
      ? weights.numberWithoutPrefix
      : weights.numberTypo;
  const how = {
    exact: 'written as is',
    normalised: 'written another way',
    'without-prefix': 'written without its prefix',
    typo: 'written with one character wrong',
  }[match.kind];
  return {
    sure,
    evidence: {
      kind: 'invoice_number',
      detail: `"${match.text}" in the text is invoice ${invoice.number} (${how})`,
      weight,
    },
  };
}

interface PayerClue {
  readonly customerId: string;
  readonly evidence: Evidence;
  /** The payer identified beyond doubt. */
  readonly sure: boolean;
}

/**
 * What points to the payer. The payer's name is looked up among all customers only when the line
 * names no invoice; when it does, it is compared with those invoices' customers alone, which is
 * all the rules need and spares the index look-up that is most of a line's cost.
 */
function payerClues(
  line: MatchLine,
  book: MatchBook,
  nameScope: ReadonlySet<string> | null,
): PayerClue[] {
  const clues: PayerClue[] = [];
  if (line.payerAccount) {
    const customers = book.accounts.get(line.payerAccount);
    if (customers) {
      // An account that paid for several customers identifies none of them alone.
      const sure = customers.size === 1;
      for (const customerId of customers) {
        clues.push({
          customerId,
          sure,
          evidence: {
            kind: 'payer_account',
            detail: sure
              ? `account ${line.payerAccount} has paid only for this customer before`
              : `account ${line.payerAccount} has paid for ${customers.size} customers`,
            weight: sure ? weights.accountUnique : weights.accountShared,
          },
        });
      }
    }
  }
  for (const match of book.numbers.find(line.unstructured)) {
    const customer = book.customerByRef.get(match.known);
    if (!customer) continue;
    const sure = match.kind === 'exact' || match.kind === 'normalised';
    clues.push({
      customerId: customer.id,
      sure,
      evidence: {
        kind: 'customer_ref',
        detail: `"${match.text}" in the text is customer ${customer.ref}`,
        weight: sure ? weights.customerRef : weights.nameWeak,
      },
    });
  }
  if (line.payerName && nameScope !== null) {
    for (const customerId of nameScope) {
      const customer = book.customers.get(customerId);
      if (!customer) continue;
      let score = nameSimilarity(line.payerName, customer.name);
      let matchedName = customer.name;
      let alias = false;
      for (const name of customer.aliases) {
        const aliasScore = nameSimilarity(line.payerName, name);
        if (aliasScore > score) [score, matchedName, alias] = [aliasScore, name, true];
      }
      if (score < nameWeakMin) continue;
      clues.push({
        customerId,
        sure: false,
        evidence: {
          kind: 'payer_name',
          detail: `payer "${line.payerName}" is like ${alias ? 'the learned name' : 'the customer name'} "${matchedName}" (${score.toFixed(2)})`,
          weight: score >= nameStrongMin ? weights.nameStrong : weights.nameWeak,
        },
      });
    }
  } else if (line.payerName) {
    for (const match of bestNameMatches(line.payerName, book.names, 5, nameWeakMin)) {
      clues.push({
        customerId: match.id,
        sure: false,
        evidence: {
          kind: 'payer_name',
          detail: `payer "${line.payerName}" is like ${match.alias ? 'the learned name' : 'the customer name'} "${match.matchedName}" (${match.score.toFixed(2)})`,
          weight: match.score >= nameStrongMin ? weights.nameStrong : weights.nameWeak,
        },
      });
    }
  }
  return clues;
}

function inCurrency(invoices: readonly MatchInvoice[], currency: string): MatchInvoice[] {
  return invoices.filter((invoice) => invoice.currency === currency);
}

function notRejected(book: MatchBook, lineId: string, proposal: Proposal): boolean {
  if (book.rejected.has(`${lineId}|${proposal.customerId}`)) return false;
  return proposal.allocations.every(
    (allocation) => !book.rejected.has(`${lineId}|${allocation.invoiceId}`),
  );
}

/** A reading that is not the open amount (less a discount, even a late one) of its invoices. */
function isShortOrOver(reading: AmountReading): boolean {
  return reading.flags.some((flag) => flag === 'short_payment' || flag === 'over_payment');
}

function proposalOf(
  customerId: string,
  reading: AmountReading,
  evidence: readonly Evidence[],
  basis: Proposal['basis'],
  readings: number,
  amountMinor: bigint,
): Proposal {
  const applied = reading.allocations.reduce((sum, allocation) => sum + allocation.amountMinor, 0n);
  const flags = [...reading.flags];
  const all = [...evidence];
  if (reading.flags.length === 0 && reading.allocations.length > 0) {
    all.push({
      kind: 'amount',
      detail: `the amount is exactly what ${reading.allocations.length === 1 ? 'the invoice has' : `the ${reading.allocations.length} invoices have`} open${reading.allocations.some((a) => a.takeDiscount) ? ', net of the early-payment discount' : ''}`,
      weight: weights.amountExact,
    });
  }
  return {
    customerId,
    allocations: reading.allocations,
    unappliedMinor: amountMinor - applied,
    evidence: all,
    confidence: confidenceOf(
      all,
      basis,
      readings,
      reading.allocations.length === 0 ? 'none' : isShortOrOver(reading) ? 'inexact' : 'exact',
    ),
    flags,
    basis,
    readings,
  };
}

/**
 * Calibrated against the benchmark's measured precision per kind of proposal (docs/benchmarks.md,
 * "Cash application"): the share of such top proposals found right (customer, invoices and
 * amounts) on the benchmark's statements. cashapp-1 gave every proposal the combined weight of
 * its evidence, which put number-only short and over payments (right a quarter of the time,
 * typos of another customer's number) and proposals with no invoices at all (never right about
 * the invoices) at 0.95, and name-and-exact-amount proposals (right nearly always) at 0.8.
 * - sure (a reference or a known payer, one reading): the evidence combined, at least 0.97;
 * - sure grounds with several readings: at most 0.8 (which reading is a person's call);
 * - weak, the exact open amount of invoices something else points to (a name, a number read
 *   without its prefix): 0.9 to 0.95;
 * - weak, the amount alone: 0.8 (the generated amounts are rarely alike; re-measure on real ones);
 * - weak, a short or over payment nothing about the payer confirms: at most 0.4;
 * - no invoices at all (the payer's money, invoices unknown): 0.2.
 */
export function confidenceOf(
  evidence: readonly Evidence[],
  basis: Proposal['basis'],
  readings: number,
  reading: 'exact' | 'inexact' | 'none' = 'exact',
): number {
  const combined = 1 - evidence.reduce((rest, item) => rest * (1 - item.weight), 1);
  const between = (low: number, high: number) => Math.max(low, Math.min(combined, high));
  let confidence: number;
  if (reading === 'none') confidence = 0.2;
  else if (basis !== 'weak') confidence = readings === 1 ? between(0.97, 0.999) : between(0, 0.8);
  else if (reading === 'inexact') confidence = between(0, 0.4);
  else if (evidence.every((item) => item.kind === 'amount')) confidence = 0.8;
  else confidence = between(0.9, 0.95);
  return Math.round(confidence * 1000) / 1000;
}

/** Decides one line: apply when sure, else the proposals a person sees first. */
export function matchLine(line: MatchLine, book: MatchBook): MatchDecision {
  const review = (reason: string, proposals: Proposal[]): MatchDecision => ({
    lineId: line.id,
    outcome: 'review',
    proposals: proposals
      .filter((proposal) => notRejected(book, line.id, proposal))
      .sort((a, b) => b.confidence - a.confidence)
      .slice(0, 5),
    reason,
  });

  const hits = invoiceHits(line, book);
  const clues = payerClues(
    line,
    book,
    hits.length > 0 ? new Set(hits.map((hit) => hit.invoice.customerId)) : null,
  );
  const proposals: Proposal[] = [];
  /** Why a payer-ground proposal counts for nothing, for the review's reason. */
  const uncountedBecause = new Map<Proposal, NonNullable<AmountReading['notCounted']>>();

  // 1. Reference evidence: the invoices the line names, per customer.
  const hitCustomers = new Set(hits.map((hit) => hit.invoice.customerId));
  const referenceGrounded = new Set<string>();
  let unconfirmed = false;
  const otherCurrency = hits.filter((hit) => hit.invoice.currency !== line.currency);
  for (const customerId of hitCustomers) {
    const named = hits.filter(
      (hit) => hit.invoice.customerId === customerId && hit.invoice.currency === line.currency,
    );
    if (named.length === 0) continue;
    const others = inCurrency(book.invoicesOfCustomer.get(customerId) ?? [], line.currency).filter(
      (invoice) => !named.some((hit) => hit.invoice.id === invoice.id),
    );
    const result = lineReadings(
      line.amountMinor,
      named.map((hit) => hit.invoice),
      line.date,
      { others },
    );
    const evidence = [
      ...named.map((hit) => hit.evidence),
      ...clues.filter((clue) => clue.customerId === customerId).map((clue) => clue.evidence),
    ];
    const sure = named.every((hit) => hit.sure);
    const customerClues = clues.filter((clue) => clue.customerId === customerId);
    // A payer known beyond doubt to be someone else outweighs a number that may be a typo.
    const payerIsOther =
      clues.some((clue) => clue.sure && clue.customerId !== customerId) &&
      !customerClues.some((clue) => clue.sure);
    // Check digits catch a mistyped reference; a plain number has none.
    const checked = named.every((hit) => hit.evidence.kind === 'creditor_reference');
    for (const reading of result.readings) {
      // Short or over: the amount does not confirm the number, so the payer has to (an exact
      // amount does, even from an account that paid for a sister company before).
      const confirmed =
        !isShortOrOver(reading) || checked || (customerClues.length > 0 && !payerIsOther);
      if (sure && !confirmed) unconfirmed = true;
      const basis = sure && confirmed ? 'reference' : 'weak';
      if (basis === 'reference') referenceGrounded.add(customerId);
      proposals.push(
        proposalOf(customerId, reading, evidence, basis, result.distinct, line.amountMinor),
      );
    }
  }

  // 2. The payer: customers the account, a customer reference or the name point to.
  const clueCustomers = new Set(clues.map((clue) => clue.customerId));
  for (const customerId of clueCustomers) {
    // A number read without its prefix or with a typo does not hide a payer known beyond doubt.
    if (referenceGrounded.has(customerId)) continue;
    const open = inCurrency(book.invoicesOfCustomer.get(customerId) ?? [], line.currency);
    const customerClues = clues.filter((clue) => clue.customerId === customerId);
    const sure = customerClues.some((clue) => clue.sure);
    const result = lineReadings(line.amountMinor, open, line.date, null);
    const evidence = customerClues.map((clue) => clue.evidence);
    for (const reading of result.readings) {
      // A set that adds up only with a discount taken late, or that many invoices make by chance,
      // is shown but is no reading (line-readings.ts, atLarge).
      const proposal = proposalOf(
        customerId,
        reading,
        evidence,
        sure ? 'payer' : 'weak',
        reading.notCounted === null ? result.distinct : 0,
        line.amountMinor,
      );
      if (reading.notCounted !== null) uncountedBecause.set(proposal, reading.notCounted);
      proposals.push(proposal);
    }
    if (result.readings.length === 0 && sure) {
      // Known payer, no reading: the money is the customer's, applied by a person.
      proposals.push({
        customerId,
        allocations: [],
        unappliedMinor: line.amountMinor,
        evidence,
        confidence: confidenceOf(evidence, 'weak', 0, 'none'),
        flags: ['no_amount_reading'],
        basis: 'weak',
        readings: 0,
      });
    }
  }

  // 3. The amount alone, for the reviewer: open invoices of exactly this amount.
  if (proposals.length === 0) {
    for (const invoice of book.invoicesByAmount.get(`${line.currency}|${line.amountMinor}`) ?? []) {
      if (proposals.length >= 5) break;
      proposals.push(
        proposalOf(
          invoice.customerId,
          {
            allocations: [
              { invoiceId: invoice.id, amountMinor: invoice.openMinor, takeDiscount: false },
            ],
            flags: [],
            notCounted: null,
          },
          [],
          'weak',
          2,
          line.amountMinor,
        ),
      );
    }
  }

  const candidates = proposals.filter((proposal) => notRejected(book, line.id, proposal));
  if (otherCurrency.length > 0 && candidates.every((p) => p.basis !== 'reference')) {
    return review(
      `The line names invoice ${otherCurrency[0]!.invoice.number}, which is in ${otherCurrency[0]!.invoice.currency}, not ${line.currency}.`,
      candidates,
    );
  }
  const sure = candidates.filter(
    (proposal) => proposal.basis !== 'weak' && proposal.readings === 1,
  );
  const sureCustomers = new Set(sure.map((proposal) => proposal.customerId));
  const groundedCustomers = new Set(
    candidates
      .filter((proposal) => proposal.basis !== 'weak')
      .map((proposal) => proposal.customerId),
  );
  if (sure.length === 1 && sureCustomers.size === 1 && groundedCustomers.size === 1) {
    return { lineId: line.id, outcome: 'apply', proposals: sure, reason: '' };
  }
  if (candidates.length === 0) {
    return review(
      clues.length === 0 && hits.length === 0
        ? 'Nothing in the line names a customer or an invoice.'
        : 'The amount fits none of the invoices the line points to.',
      candidates,
    );
  }
  if (groundedCustomers.size > 1 || hitCustomers.size > 1) {
    return review('The line points to more than one customer.', candidates);
  }
  if (
    sure.length > 1 ||
    candidates.some((proposal) => proposal.basis !== 'weak' && proposal.readings > 1)
  ) {
    return review('The amount reads more than one way.', candidates);
  }
  const uncounted = new Set(
    candidates
      .filter((proposal) => proposal.basis === 'payer' && proposal.readings === 0)
      .map((proposal) => uncountedBecause.get(proposal)),
  );
  if (sure.length === 0 && uncounted.has('late_discount')) {
    return review(
      "The amount fits the payer's invoices only with an early-payment discount taken after its last day.",
      candidates,
    );
  }
  if (sure.length === 0 && uncounted.has('chance')) {
    return review(
      "The amount is the sum of some of the payer's invoices, but among as many open invoices as the payer has, sets of that size add up to such an amount by chance too often to be sure.",
      candidates,
    );
  }
  if (sure.length === 0 && uncounted.has('large_set')) {
    return review(
      `The amount is the sum of more than ${smallSetMax} of the payer's invoices, and the payer has too many open invoices for every such set to be looked at.`,
      candidates,
    );
  }
  if (unconfirmed) {
    return review(
      'The amount is not what the invoice named has open, and nothing about the payer confirms the number (it may be a typo of another invoice number).',
      candidates,
    );
  }
  return review(
    hits.length === 0 && !clues.some((clue) => clue.sure)
      ? 'Only the name or the amount points to these; a person decides.'
      : 'The amount does not settle the invoices named.',
    candidates,
  );
}
