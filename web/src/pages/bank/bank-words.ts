/**
 * The words the cash application pages use for what the API names with codes: the states of a
 * line, the kinds of evidence, the flags, and what a proposal rests on. Pure, so it is unit-tested.
 */
import { formatAmount } from '../../format/money';

export const lineStates = ['review', 'unmatched', 'applied', 'ignored'] as const;
export type LineState = (typeof lineStates)[number];

/** The queue's tabs, To review first. */
export const stateLabels: Readonly<Record<LineState, string>> = {
  review: 'To review',
  unmatched: 'Not matched yet',
  applied: 'Applied',
  ignored: 'Set aside or ignored',
};

const evidenceLabels: Readonly<Record<string, string>> = {
  creditor_reference: 'creditor reference',
  invoice_number: 'invoice number in the text',
  customer_ref: 'customer reference in the text',
  payer_account: 'payer’s account known',
  payer_name: 'payer’s name',
  amount: 'amount fits',
  person: 'applied by a person',
  returned_payment: 'returns an earlier credit',
  original_reference: 'the earlier credit’s reference',
};

/** "invoice_number" → "invoice number in the text"; an unknown kind as itself, underscores spaced. */
export function evidenceLabel(kind: string): string {
  return evidenceLabels[kind] ?? kind.replace(/_/g, ' ');
}

const flagLabels: Readonly<Record<string, string>> = {
  short_payment: 'short payment',
  over_payment: 'over payment',
  discount_taken_late: 'discount taken late',
  no_amount_reading: 'the amount fits no invoices',
  reverse_payment: 'the bank returned this payment',
};

export function flagLabel(flag: string): string {
  return flagLabels[flag] ?? flag.replace(/_/g, ' ');
}

const basisLabels: Readonly<Record<string, string>> = {
  reference: 'a reference to the invoices',
  payer: 'the payer’s known account',
  weak: 'the name and amount only',
  person: 'a person’s decision',
};

export function basisLabel(basis: string): string {
  return basisLabels[basis] ?? basis;
}

/** 0.9 → "90 %"; 0.987 → "98.7 %": a confidence as people read it. */
export function percent(confidence: number): string {
  const tenths = Math.round(confidence * 1000) / 10;
  return `${tenths} %`;
}

/** The first words of a text, cut at a word with "…", for a table cell. */
export function shortened(text: string, most = 60): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= most) return flat;
  const cut = flat.slice(0, most);
  const space = cut.lastIndexOf(' ');
  return `${(space > most / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

interface Applied {
  readonly customer_name: string | null;
  readonly customer_ref: string | null;
  readonly allocations: readonly { invoice_number: string | null; amount: string }[];
  readonly unapplied: string;
}

function listed(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/**
 * What an apply did, for the notice: "Applied 1,250.00 EUR to INV-0042 for Acme GmbH", with
 * what stays as the customer's credit when some does.
 */
export function appliedSummary(match: Applied, currency: string): string {
  const who = match.customer_name ?? match.customer_ref ?? 'the customer';
  const money = (amount: string) => `${formatAmount(amount, currency)} ${currency}`;
  const unapplied = /^0+(\.0+)?$/.test(match.unapplied) ? '' : match.unapplied;
  const invoices = listed(
    match.allocations.map(
      (allocation) => `${money(allocation.amount)} to ${allocation.invoice_number ?? 'an invoice'}`,
    ),
  );
  if (!invoices) return `Kept ${money(match.unapplied)} as the unapplied credit of ${who}.`;
  return `Applied ${invoices} for ${who}${unapplied ? `; ${money(unapplied)} left as ${who}’s unapplied credit` : ''}.`;
}
