// Proves that the bank-statement generator is deterministic per seed, that what it writes is a
// camt.053 the real parser reads back line for line as its truth says (amounts, directions,
// references, payers, balances), that the truth only pays invoices that are open (and issued by
// the statement's day) and never more than is open, and that every kind of noise the benchmark
// counts occurs.
import { describe, expect, it } from 'vitest';
import { calendarDate } from '../../core/calendar-date.js';
import { parseCamt } from '../../banking/formats/camt.js';
import { generateBook, periodStartFor } from './generate-book.js';
import {
  generateBankStatements,
  openInvoicesOf,
  statementCustomersOf,
  type BankStatementsOptions,
  type NoiseKind,
} from './bank-statements.js';

const today = calendarDate('2026-06-30');
const book = generateBook({
  seed: 3,
  customers: 300,
  invoices: 6000,
  startOn: periodStartFor(today, 2),
  months: 2,
  currency: 'EUR',
  today,
});
const customers = statementCustomersOf(book);
const invoices = openInvoicesOf(book);

function generate(overrides: Partial<BankStatementsOptions> = {}) {
  return generateBankStatements(customers, invoices, {
    seed: 7,
    lines: 1500,
    historyLines: 600,
    bookedOn: today,
    currency: 'EUR',
    ...overrides,
  });
}

const generated = generate();

describe('generateBankStatements', () => {
  it('writes the same statements for the same seed, and others for another', () => {
    const again = generate();
    expect(again.history.xml).toBe(generated.history.xml);
    expect(again.statement.xml).toBe(generated.statement.xml);
    expect(again.statement.truth).toEqual(generated.statement.truth);
    expect(generate({ seed: 8 }).statement.xml).not.toBe(generated.statement.xml);
  });

  it('writes a camt.053 that parses back into the lines its truth describes', () => {
    for (const written of [generated.history, generated.statement]) {
      const file = parseCamt(written.xml);
      expect(file.format).toBe('camt.053');
      expect(file.warnings).toEqual([]);
      const lines = file.statements.flatMap((statement) => statement.lines);
      expect(lines).toHaveLength(written.truth.length);
      lines.forEach((line, index) => {
        const truth = written.truth[index]!;
        expect(line.position).toBe(truth.position);
        expect(line.ref).toBe(truth.ref);
        expect(line.amountMinor).toBe(truth.amountMinor);
        expect(line.direction).toBe(truth.direction);
        expect(line.payerAccount).toBe(truth.payerAccount);
        expect(line.payerName).toBe(truth.payerName);
        expect(line.bookingDate).toBe(written.bookedOn);
      });
      const credits = written.truth.filter((line) => line.direction === 'credit').length;
      expect(credits).toBe(written === generated.history ? 600 : 1500);
    }
  });

  it('pays only open invoices, each once, never more than is open, and adds up', () => {
    const openOf = new Map(invoices.map((invoice) => [invoice.id, invoice]));
    const paid = new Set<string>();
    for (const line of [...generated.history.truth, ...generated.statement.truth]) {
      if (line.customerId === null) {
        expect(line.allocations).toEqual([]);
        expect(line.decidedBy).toBeNull();
        continue;
      }
      const cash = line.allocations.reduce((sum, allocation) => sum + allocation.amountMinor, 0n);
      expect(cash + line.unappliedMinor).toBe(line.amountMinor);
      for (const allocation of line.allocations) {
        const invoice = openOf.get(allocation.invoiceId)!;
        expect(invoice.customerId).toBe(line.customerId);
        expect(allocation.amountMinor + allocation.discountMinor).toBeLessThanOrEqual(
          invoice.openMinor,
        );
        expect(allocation.amountMinor).toBeGreaterThan(0n);
        expect(paid.has(invoice.id)).toBe(false);
        paid.add(invoice.id);
      }
    }
    // A statement pays only invoices issued by its day: the history, yesterday's, none of today's.
    const issuedToday = invoices.filter((invoice) => invoice.issuedOn === today);
    expect(issuedToday.length).toBeGreaterThan(0);
    for (const [written, day] of [
      [generated.history, calendarDate('2026-06-29')],
      [generated.statement, today],
    ] as const) {
      for (const line of written.truth) {
        for (const allocation of line.allocations) {
          expect(openOf.get(allocation.invoiceId)!.issuedOn <= day).toBe(true);
        }
      }
    }
    // What the history paid in full is no longer open for the measured statement.
    const stillOpen = new Set(generated.openAfterHistory.map((invoice) => invoice.id));
    for (const line of generated.history.truth) {
      for (const allocation of line.allocations) {
        const whole =
          allocation.amountMinor + allocation.discountMinor ===
          openOf.get(allocation.invoiceId)!.openMinor;
        expect(stillOpen.has(allocation.invoiceId)).toBe(!whole);
      }
    }
  });

  it('writes at most one line per customer in a statement when asked', () => {
    const once = generate({ customerOncePerStatement: true });
    for (const written of [once.history, once.statement]) {
      const paying = written.truth.flatMap((line) => (line.customerId ? [line.customerId] : []));
      expect(new Set(paying).size).toBe(paying.length);
    }
    const repeated = generated.statement.truth.flatMap((line) =>
      line.customerId ? [line.customerId] : [],
    );
    expect(new Set(repeated).size).toBeLessThan(repeated.length);
  });

  it('carries every kind of noise, and lines the data decides on both grounds', () => {
    const seen = new Set<NoiseKind>(generated.statement.truth.flatMap((line) => line.noise));
    const kinds: NoiseKind[] = [
      'several_invoices',
      'partial_payment',
      'short_payment',
      'discount_taken',
      'over_payment',
      'unrelated_credit',
      'debit',
      'no_reference',
      'rf_reference',
      'rf_wrong_check_digit',
      'number_exact',
      'number_without_separators',
      'number_wrapped',
      'number_with_prefix_text',
      'number_digits_only',
      'number_typo',
      'customer_ref',
      'payer_name_differs',
      'parent_pays',
      'private_person',
      'new_account',
    ];
    for (const kind of kinds) expect(seen, kind).toContain(kind);
    const grounds = new Set(generated.statement.truth.map((line) => line.decidedBy));
    expect(grounds).toEqual(new Set(['reference', 'payer', null]));
    // A plain number paid short or over decides only when the payer points to the customer too.
    // A short history leaves most payers untaught.
    const fresh = generate({ historyLines: 30 });
    const taught = new Set(
      fresh.history.truth.map((line) => `${line.payerAccount} ${line.customerId}`),
    );
    const inexact = fresh.statement.truth.filter(
      (line) =>
        line.noise.some((kind) => kind.startsWith('number_') && kind !== 'number_typo') &&
        line.noise.some((kind) =>
          ['partial_payment', 'short_payment', 'over_payment'].includes(kind),
        ),
    );
    const strangers = inexact.filter(
      (line) =>
        (line.noise.includes('parent_pays') || line.noise.includes('private_person')) &&
        !taught.has(`${line.payerAccount} ${line.customerId}`) &&
        // That style sometimes writes the customer's reference beside the number.
        !line.noise.includes('number_with_prefix_text'),
    );
    expect(strangers.length).toBeGreaterThan(0);
    for (const line of strangers) expect(line.decidedBy, line.payerName).toBeNull();
    const own = inexact.filter(
      (line) => !line.noise.includes('parent_pays') && !line.noise.includes('private_person'),
    );
    expect(own.some((line) => line.decidedBy === 'reference')).toBe(true);
    // A wrapped number really is cut across two pieces of text.
    const wrapped = parseCamt(generated.statement.xml)
      .statements[0]!.lines.filter((_, index) =>
        generated.statement.truth[index]!.noise.includes('number_wrapped'),
      )
      .map((line) => line.remittance.unstructured);
    expect(wrapped.some((pieces) => pieces.length > 1)).toBe(true);
  });
});
