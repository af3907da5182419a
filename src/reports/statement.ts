import { assert } from '../core/assert.js';
import { startOfMonth, type CalendarDate } from '../core/calendar-date.js';
import { formatAmount } from '../core/money.js';
import { fail, ok, type Result } from '../core/result.js';
import type { BillingAddress } from '../customers/customer.js';

/**
 * A customer statement: for a period, the balance the customer owed the day before it began,
 * every event of the period that changed that balance, and the balance at its end. Amounts are
 * signed as the A/R control account moves for the customer: positive raises what the customer
 * owes (debit), negative lowers it (credit). Moving money between credit and invoices
 * (applications) changes nothing the customer owes in total, so it is not a line.
 */

/**
 * The events that change a customer's balance, in the order they are listed within one day:
 * documents first, then money in, then what gives money back or re-opens invoices.
 */
export const statementLineTypes = [
  'invoice',
  'invoice_void',
  'credit_note',
  'payment',
  'discount',
  'write_off',
  'refund',
  'payment_reversal',
] as const;
export type StatementLineType = (typeof statementLineTypes)[number];

export const statementLineLabels: Readonly<Record<StatementLineType, string>> = {
  invoice: 'Invoice',
  invoice_void: 'Invoice voided',
  credit_note: 'Credit note',
  payment: 'Payment',
  discount: 'Discount',
  write_off: 'Write-off',
  refund: 'Refund',
  payment_reversal: 'Payment reversed',
};

/**
 * Lines one statement lists before it asks for a shorter period: about 200 PDF pages. It belongs
 * with the others in core/limits.ts.
 */
export const statementLinesMax = 10_000;

export type StatementDocumentType = 'invoice' | 'credit_note' | 'payment';

/** One event, as read from the ledger, with the facts its description is made of. */
export interface StatementEvent {
  readonly type: StatementLineType;
  readonly on: CalendarDate;
  readonly currency: string;
  /** The document the line is about, as the API serves it: a reversal is about its payment. */
  readonly documentType: StatementDocumentType;
  readonly documentId: string;
  /** The record that is the event (the refund, the reversal…): the last key of the order. */
  readonly eventId: string;
  /** Invoice or credit-note number, or the payment's reference (which may be missing). */
  readonly number: string | null;
  /** Signed as the customer's balance moves. */
  readonly amountMinor: bigint;
  readonly facts: StatementFacts;
}

/** What each type of line says besides its amount; every fact is optional. */
export interface StatementFacts {
  /** Invoice: its due date. */
  readonly dueOn?: CalendarDate | null | undefined;
  readonly lateFee?: boolean | undefined;
  readonly poNumber?: string | null | undefined;
  /** Void, credit note, reversal, write-off: why. */
  readonly reason?: string | null | undefined;
  /** Credit note: the invoice it was issued against. Discount: the payment or credit note. */
  readonly relatedNumber?: string | null | undefined;
  /** Payment: the invoices it was applied to by the end of the period. */
  readonly appliedTo?: readonly string[] | undefined;
  /** Reversal: the early-payment discounts it took back along with the payment. */
  readonly discountMinor?: bigint | undefined;
  /** Refund: its own reference. */
  readonly reference?: string | null | undefined;
}

export interface StatementLine {
  readonly type: StatementLineType;
  readonly on: CalendarDate;
  readonly documentType: StatementDocumentType;
  readonly documentId: string;
  readonly number: string | null;
  readonly description: string;
  readonly amountMinor: bigint;
  /** The balance after this line. */
  readonly balanceMinor: bigint;
}

export interface StatementSection {
  readonly currency: string;
  readonly openingMinor: bigint;
  readonly lines: readonly StatementLine[];
  readonly closingMinor: bigint;
}

/**
 * A currency's part of the statement as the rows of a table (date, type, number, description,
 * amount, balance): the opening balance, every line, the closing balance. The CLI prints them and
 * the PDF draws them; `money` formats an amount in the section's currency.
 */
export function statementTableRows(
  period: { readonly from: CalendarDate; readonly to: CalendarDate },
  section: StatementSection,
  money: (minor: bigint) => string,
): string[][] {
  return [
    [period.from, '', '', 'Opening balance', '', money(section.openingMinor)],
    ...section.lines.map((line) => [
      line.on,
      statementLineLabels[line.type],
      line.number ?? '',
      line.description,
      money(line.amountMinor),
      money(line.balanceMinor),
    ]),
    [period.to, '', '', 'Closing balance', '', money(section.closingMinor)],
  ];
}

export interface StatementPeriod {
  readonly from: CalendarDate;
  readonly to: CalendarDate;
}

/** The period asked for; `from` defaults to the first day of the month of `to`. */
export function statementPeriod(
  from: CalendarDate | undefined,
  to: CalendarDate,
): Result<StatementPeriod> {
  const start = from ?? startOfMonth(to);
  if (start > to)
    return fail('period_invalid', `The period starts (${start}) after it ends (${to}).`, 'from');
  return ok({ from: start, to });
}

/** Refuses a period with more lines than a statement lists; the caller reads at most one more. */
export function checkLineCount(count: number, max = statementLinesMax): Result<number> {
  if (count > max)
    return fail(
      'statement_too_long',
      `The period has more than ${max} lines; ask for a shorter one.`,
      'from',
    );
  return ok(count);
}

/**
 * The sections a statement has: the currency asked for, or every currency the customer had a
 * balance or an event in; a customer with neither gets one empty section in its own currency.
 */
export function statementCurrencies(
  requested: string | undefined,
  withActivity: Iterable<string>,
  customerCurrency: string,
): string[] {
  if (requested !== undefined) return [requested];
  const currencies = [...new Set(withActivity)].sort();
  return currencies.length > 0 ? currencies : [customerCurrency];
}

/** The billing address as the lines of an envelope. */
export function addressLines(address: BillingAddress | null): string[] {
  if (!address) return [];
  const cityLine = [address.postalCode, address.city, address.region].filter(Boolean).join(' ');
  return [address.line1, address.line2, cityLine, address.country].filter((line): line is string =>
    Boolean(line),
  );
}

const typeRank = new Map<StatementLineType, number>(
  statementLineTypes.map((type, index) => [type, index]),
);

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** By date, then type, then document number, then the event's own id, so the order never varies. */
export function compareEvents(a: StatementEvent, b: StatementEvent): number {
  return (
    compareText(a.on, b.on) ||
    typeRank.get(a.type)! - typeRank.get(b.type)! ||
    compareText(a.number ?? '', b.number ?? '') ||
    compareText(a.eventId, b.eventId)
  );
}

/** The words of a line, from its facts. */
export function describeEvent(event: StatementEvent): string {
  const facts = event.facts;
  switch (event.type) {
    case 'invoice':
      return [
        `${facts.lateFee ? 'Late fee, due' : 'Due'} ${facts.dueOn ?? ''}`.trim(),
        facts.poNumber ? `PO ${facts.poNumber}` : null,
      ]
        .filter(Boolean)
        .join(', ');
    case 'invoice_void':
      return facts.reason ? `Voided: ${facts.reason}` : 'Voided';
    case 'credit_note':
      return [facts.relatedNumber ? `Against ${facts.relatedNumber}` : null, facts.reason]
        .filter(Boolean)
        .join('; ');
    case 'payment':
      return facts.appliedTo && facts.appliedTo.length > 0
        ? `Applied to ${facts.appliedTo.join(', ')}`
        : 'Not applied to an invoice';
    case 'discount':
      return facts.relatedNumber
        ? `Early-payment discount with ${facts.relatedNumber}`
        : 'Early-payment discount';
    case 'write_off':
      return facts.reason ? `Written off: ${facts.reason.replace(/_/g, ' ')}` : 'Written off';
    case 'refund': {
      const source = event.documentType === 'payment' ? 'payment' : 'credit note';
      return [
        `Refund of ${source} ${event.number ?? ''}`.trim(),
        facts.reference ? `ref ${facts.reference}` : null,
      ]
        .filter(Boolean)
        .join(', ');
    }
    case 'payment_reversal': {
      // The discount comes first: a long reason is cut to fit on paper, the figure must not be.
      const reversed = facts.discountMinor
        ? `Reversed with discount ${formatAmount(facts.discountMinor, event.currency)}`
        : 'Reversed';
      return facts.reason ? `${reversed}: ${facts.reason}` : reversed;
    }
  }
}

/**
 * One currency's section: the events in order with the balance after each. The lines must lead
 * from the opening to the closing balance, both read from the ledger independently of them; a
 * statement that does not add up is a bug and is never handed out.
 */
export function statementSection(
  currency: string,
  openingMinor: bigint,
  events: readonly StatementEvent[],
  closingMinor: bigint,
): StatementSection {
  let balanceMinor = openingMinor;
  const lines = [...events].sort(compareEvents).map((event): StatementLine => {
    assert(event.currency === currency, 'a statement section holds one currency');
    balanceMinor += event.amountMinor;
    return {
      type: event.type,
      on: event.on,
      documentType: event.documentType,
      documentId: event.documentId,
      number: event.number,
      description: describeEvent(event),
      amountMinor: event.amountMinor,
      balanceMinor,
    };
  });
  assert(
    balanceMinor === closingMinor,
    `statement lines in ${currency} lead from ${openingMinor} to ${balanceMinor}, but the closing balance is ${closingMinor}`,
  );
  return { currency, openingMinor, lines, closingMinor };
}
