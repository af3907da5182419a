import { assert } from '../core/assert.js';
import type { CalendarDate } from '../core/calendar-date.js';
import { accounts, type AccountKey } from './accounts.js';

/**
 * Balanced journal entries for every financial event, built as pure values. Each builder asserts
 * that debits equal credits, so an unbalanced entry is a bug that never reaches the database.
 */
export interface JournalLine {
  readonly account: string;
  readonly debitMinor: bigint;
  readonly creditMinor: bigint;
}

export interface JournalEntry {
  readonly entryOn: CalendarDate;
  readonly sourceType: string;
  readonly sourceId: string;
  readonly description: string;
  readonly customerId: string;
  readonly currency: string;
  readonly lines: readonly JournalLine[];
}

type Leg = readonly [AccountKey, bigint];

function entry(
  head: Omit<JournalEntry, 'lines'>,
  debits: readonly Leg[],
  credits: readonly Leg[],
): JournalEntry {
  const lines: JournalLine[] = [];
  for (const [key, amount] of debits) {
    assert(amount >= 0n, 'journal amounts are never negative');
    if (amount > 0n)
      lines.push({ account: accounts[key].code, debitMinor: amount, creditMinor: 0n });
  }
  for (const [key, amount] of credits) {
    assert(amount >= 0n, 'journal amounts are never negative');
    if (amount > 0n)
      lines.push({ account: accounts[key].code, debitMinor: 0n, creditMinor: amount });
  }
  const debit = lines.reduce((sum, line) => sum + line.debitMinor, 0n);
  const credit = lines.reduce((sum, line) => sum + line.creditMinor, 0n);
  assert(debit === credit, `journal entry for ${head.sourceType} is not balanced`);
  return { ...head, lines };
}

interface Event {
  readonly on: CalendarDate;
  readonly sourceId: string;
  readonly customerId: string;
  readonly currency: string;
  readonly description: string;
}

function head(event: Event, sourceType: string): Omit<JournalEntry, 'lines'> {
  return {
    entryOn: event.on,
    sourceType,
    sourceId: event.sourceId,
    description: event.description,
    customerId: event.customerId,
    currency: event.currency,
  };
}

/** Issuing an invoice: the customer owes the total; revenue and tax are earned and owed. */
export function invoiceIssuedEntry(
  event: Event & { subtotalMinor: bigint; taxMinor: bigint; imported: boolean; lateFee: boolean },
): JournalEntry {
  const income: AccountKey = event.imported
    ? 'importClearing'
    : event.lateFee
      ? 'lateFeeIncome'
      : 'revenue';
  return entry(
    head(event, 'invoice'),
    [['receivables', event.subtotalMinor + event.taxMinor]],
    event.imported
      ? [[income, event.subtotalMinor + event.taxMinor]]
      : [
          [income, event.subtotalMinor],
          ['taxPayable', event.taxMinor],
        ],
  );
}

/** Voiding an invoice reverses its issue entry exactly. */
export function invoiceVoidedEntry(
  event: Event & { subtotalMinor: bigint; taxMinor: bigint; imported: boolean; lateFee: boolean },
): JournalEntry {
  const issued = invoiceIssuedEntry(event);
  return {
    ...head(event, 'invoice_void'),
    lines: issued.lines.map((line) => ({
      ...line,
      debitMinor: line.creditMinor,
      creditMinor: line.debitMinor,
    })),
  };
}

/** A credit note reduces what the customer owes and the revenue and tax it was issued for. */
export function creditNoteIssuedEntry(
  event: Event & { subtotalMinor: bigint; taxMinor: bigint; imported: boolean },
): JournalEntry {
  return entry(
    head(event, 'credit_note'),
    event.imported
      ? [['importClearing', event.subtotalMinor + event.taxMinor]]
      : [
          ['revenue', event.subtotalMinor],
          ['taxPayable', event.taxMinor],
        ],
    [['receivables', event.subtotalMinor + event.taxMinor]],
  );
}

/** Cash received: all of it goes to A/R, applied or not (unapplied credit is a credit balance there). */
export function paymentReceivedEntry(event: Event & { amountMinor: bigint }): JournalEntry {
  return entry(
    head(event, 'payment'),
    [['cash', event.amountMinor]],
    [['receivables', event.amountMinor]],
  );
}

/** A reversed payment (bounced cheque) takes the cash back out and restores what it settled. */
export function paymentReversedEntry(
  event: Event & { amountMinor: bigint; discountMinor: bigint },
): JournalEntry {
  return entry(
    head(event, 'payment_reversal'),
    [['receivables', event.amountMinor + event.discountMinor]],
    [
      ['cash', event.amountMinor],
      ['discountsAllowed', event.discountMinor],
    ],
  );
}

export function refundPaidEntry(event: Event & { amountMinor: bigint }): JournalEntry {
  return entry(
    head(event, 'refund'),
    [['receivables', event.amountMinor]],
    [['cash', event.amountMinor]],
  );
}

export function writeOffEntry(event: Event & { amountMinor: bigint }): JournalEntry {
  return entry(
    head(event, 'write_off'),
    [['badDebtExpense', event.amountMinor]],
    [['receivables', event.amountMinor]],
  );
}

export function discountTakenEntry(event: Event & { amountMinor: bigint }): JournalEntry {
  return entry(
    head(event, 'discount'),
    [['discountsAllowed', event.amountMinor]],
    [['receivables', event.amountMinor]],
  );
}
