// Proves that the synthetic-book generator is deterministic per seed (ids included), that it
// produces every payment behaviour the demo and the benchmarks rely on, that whatever the seed
// and size its book passes the ledger's own checks, stays consistent as of every past date and
// dates nothing after `today`, and that made in parts it is the same book, each part whole in
// itself.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  generateBook,
  periodStartFor,
  planBook,
  type GenerateBookOptions,
  type GeneratedBook,
} from './generate-book.js';
import { Random, randomIdOn } from './random.js';
import {
  addMonths,
  calendarDate,
  toDayNumber,
  type CalendarDate,
} from '../../core/calendar-date.js';
import { isId } from '../../core/ids.js';
import { priceLines, totalsOf } from '../../ledger/document-math.js';
import { parsePaymentTerms, scheduleFor } from '../../customers/payment-terms.js';
import { balancesOf, type Book, type BookApplication } from '../../ledger/book.js';

const today = calendarDate('2026-06-30');

function options(overrides: Partial<GenerateBookOptions> = {}): GenerateBookOptions {
  return {
    seed: 1,
    customers: 60,
    invoices: 3000,
    startOn: periodStartFor(today, 15),
    months: 15,
    currency: 'EUR',
    today,
    ...overrides,
  };
}

/** The date a source came into being: an application is never dated before it. */
function sourceDates(book: Book): Map<string, CalendarDate> {
  const dates = new Map<string, CalendarDate>();
  for (const payment of book.payments) dates.set(payment.id, payment.receivedOn);
  for (const note of book.creditNotes) dates.set(note.id, note.issuedOn);
  for (const writeOff of book.writeOffs) dates.set(writeOff.id, writeOff.writtenOffOn);
  return dates;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}

/**
 * Replays each invoice's and each source's applications in date order and checks the invariants
 * as of every date on which something happened: open balances between zero and the total, and
 * sources applying no more than their amount.
 */
function expectConsistentAsOfEveryDate(book: Book): void {
  const totals = new Map(book.invoices.map((invoice) => [invoice.id, invoice.totals.totalMinor]));
  const amounts = new Map<string, bigint>([
    ...book.payments.map((payment) => [payment.id, payment.amountMinor] as const),
    ...book.creditNotes.map((note) => [note.id, note.totals.totalMinor] as const),
  ]);
  const check = (
    groups: Map<string, BookApplication[]>,
    limitOf: (id: string) => bigint | undefined,
    what: string,
  ) => {
    for (const [id, applications] of groups) {
      const limit = limitOf(id);
      if (limit === undefined) continue;
      const byDate = [...groupBy(applications, (a) => a.appliedOn)].sort(([a], [b]) =>
        a < b ? -1 : 1,
      );
      let applied = 0n;
      for (const [date, sameDay] of byDate) {
        applied += sameDay.reduce((sum, a) => sum + a.amountMinor, 0n);
        if (applied < 0n || applied > limit)
          throw new Error(`${what} ${id} has ${applied} applied of ${limit} on ${date}`);
      }
    }
  };
  check(
    groupBy(book.applications, (a) => a.invoiceId),
    (id) => totals.get(id),
    'invoice',
  );
  const spending = book.applications.filter(
    (a) => a.sourceType === 'payment' || a.sourceType === 'credit_note',
  );
  check(
    groupBy(spending, (a) => a.sourceId),
    (id) => amounts.get(id),
    'source',
  );
}

function datesOf(book: Book): CalendarDate[] {
  return [
    ...book.invoices.map((invoice) => invoice.issuedOn),
    ...book.creditNotes.map((note) => note.issuedOn),
    ...book.payments.map((payment) => payment.receivedOn),
    ...book.writeOffs.map((writeOff) => writeOff.writtenOffOn),
    ...book.reversals.map((reversal) => reversal.reversedOn),
    ...book.applications.map((application) => application.appliedOn),
  ];
}

describe('the seeded random generator', () => {
  it('gives the same sequence for the same seed and another for another seed', () => {
    const draw = (seed: number) => {
      const random = new Random(seed);
      return Array.from({ length: 8 }, () => random.uint32());
    };
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
  });

  it('makes UUIDv7-shaped ids whose time prefix is on the given day', () => {
    const random = new Random(7);
    const day = toDayNumber(calendarDate('2026-03-15'));
    const ids = Array.from({ length: 200 }, () => randomIdOn(random, day));
    for (const id of ids) {
      expect(isId(id)).toBe(true);
      expect(id[14]).toBe('7');
      expect('89ab').toContain(id[19]);
      const ms = parseInt(id.replace(/-/g, '').slice(0, 12), 16);
      expect(new Date(ms).toISOString().slice(0, 10)).toBe('2026-03-15');
    }
    expect(new Set(ids).size).toBe(ids.length);
    expect(randomIdOn(new Random(7), day + 1) > randomIdOn(new Random(7), day)).toBe(true);
  });
});

describe('generateBook', () => {
  const generated = generateBook(options());
  const { book } = generated;

  it('gives an identical book, ids included, for the same seed, and a different one for another seed', () => {
    expect(generateBook(options())).toEqual(generated);
    const other = generateBook(options({ seed: 2 }));
    expect(other.book.invoices[0]!.id).not.toBe(book.invoices[0]!.id);
    expect(other.customers.map((c) => c.fields.name)).not.toEqual(
      generated.customers.map((c) => c.fields.name),
    );
  });

  it('issues invoices numbered gaplessly in issue order, priced by the document rules and scheduled by the terms', () => {
    expect(book.invoices).toHaveLength(3000);
    book.invoices.forEach((invoice, index) => {
      expect(invoice.number).toBe(`INV-${String(index + 1).padStart(6, '0')}`);
      if (index > 0) expect(invoice.issuedOn >= book.invoices[index - 1]!.issuedOn).toBe(true);
    });
    for (const invoice of book.invoices.slice(0, 300)) {
      expect(invoice.lines.length).toBeGreaterThanOrEqual(1);
      expect(invoice.lines.length).toBeLessThanOrEqual(5);
      const repriced = priceLines(
        invoice.lines.map((line) => ({
          description: line.description,
          quantity: String(Number(line.quantityScaled) / 1e6),
          unitPrice: (Number(line.unitPriceMinor) / 100).toFixed(2),
          taxRate: String(Number(line.taxRateScaled) / 1e4),
        })),
        'EUR',
      );
      expect(repriced.ok && totalsOf(repriced.value)).toEqual(invoice.totals);
      const terms = parsePaymentTerms(invoice.termsCode);
      expect(
        terms.ok && scheduleFor(terms.value, invoice.issuedOn, invoice.totals.totalMinor),
      ).toEqual({
        dueOn: invoice.dueOn,
        discountOn: invoice.discountOn,
        discountMinor: invoice.discountMinor,
      });
    }
    const rates = new Set(
      book.invoices.flatMap((invoice) => invoice.lines.map((line) => line.taxRateScaled)),
    );
    expect([...rates].sort()).toEqual([0n, 100_000n, 200_000n]);
  });

  it('makes customers with refs, terms of every kind and contacts with e-mail addresses', () => {
    const { customers } = generated;
    expect(customers).toHaveLength(60);
    expect(customers[0]!.fields.ref).toBe('C-00001');
    expect(new Set(customers.map((c) => c.fields.ref)).size).toBe(60);
    const terms = new Set(customers.map((c) => c.fields.termsCode));
    for (const code of ['NET30', 'NET45', 'NET30_EOM', '2/10_NET30', 'DUE_ON_RECEIPT'])
      expect(terms).toContain(code);
    for (const customer of customers) {
      expect(customer.contacts.length).toBeGreaterThanOrEqual(1);
      expect(customer.contacts[0]!.fields.email).toMatch(/^[a-z0-9.-]+@[a-z0-9.-]+\.example$/);
      expect(customer.contacts[0]!.fields.receivesReminders).toBe(true);
    }
    expect(new Set(customers.map((c) => c.behaviour))).toEqual(
      new Set(['prompt', 'slow', 'partial', 'disputer', 'defaulter']),
    );
  });

  it('gives every customer what an e-invoice needs: address, VAT number, Peppol address, a reference', () => {
    const { customers } = generated;
    for (const { fields } of customers) {
      const address = fields.billingAddress!;
      for (const part of [address.line1, address.city, address.postalCode])
        expect(part?.trim()).toBeTruthy();
      expect(address.country).toMatch(/^[A-Z]{2}$/);
      const prefix = address.country === 'GR' ? 'EL' : address.country;
      expect(fields.taxId!.startsWith(prefix!), fields.taxId!).toBe(true);
      expect(fields.electronicAddress).not.toBeNull();
      expect(fields.buyerReference).toMatch(/^AP-/);
    }
    expect(customers.filter((c) => c.fields.sendUbl).length).toBeGreaterThanOrEqual(2);
    const names = customers.map((c) => c.fields.name);
    expect(names).toContain('Παπαδόπουλος Α.Ε.');
    expect(customers[3]!.fields.billingAddress).toMatchObject({ city: 'Αθήνα', country: 'GR' });
    expect(customers[3]!.fields.taxId).toMatch(/^EL\d{9}$/);
    expect(customers.map((c) => c.fields.billingAddress!.city)).toEqual(
      expect.arrayContaining(['Łódź', 'Šiauliai']),
    );
    expect(customers[3]!.contacts[0]!.fields.email).toMatch(/@papadopoulos\.example$/);
  });

  it('gives every line a unit of measure that fits how it is counted', () => {
    const units = new Map<string, string>();
    for (const invoice of generated.book.invoices)
      for (const line of invoice.lines) units.set(line.description, line.unitCode);
    expect(units.get('Consulting (hours)')).toBe('HUR');
    expect(units.get('Hosting, monthly')).toBe('MON');
    expect(units.get('Widget A-100')).toBe('C62');
    for (const note of generated.book.creditNotes)
      for (const line of note.lines) expect(['HUR', 'MON', 'C62']).toContain(line.unitCode);
  });

  it('takes early-payment discounts inside the window, paying exactly the open balance less the discount', () => {
    const invoices = new Map(book.invoices.map((invoice) => [invoice.id, invoice]));
    const discounts = book.applications.filter(
      (a) => a.sourceType === 'discount' && a.reversalId === null,
    );
    expect(discounts.length).toBeGreaterThan(20);
    for (const discount of discounts) {
      const invoice = invoices.get(discount.invoiceId)!;
      expect(discount.amountMinor).toBe(invoice.discountMinor);
      expect(discount.appliedOn <= invoice.discountOn!).toBe(true);
      const paid = book.applications.filter(
        (a) =>
          a.sourceType === 'payment' &&
          a.sourceId === discount.sourceId &&
          a.invoiceId === invoice.id,
      );
      expect(paid).toHaveLength(1);
      expect(paid[0]!.amountMinor).toBe(invoice.totals.totalMinor - invoice.discountMinor);
      expect(paid[0]!.appliedOn).toBe(discount.appliedOn);
    }
  });

  it('has partial payments, credit notes, overpayments, bounced payments and write-offs of both kinds', () => {
    const paymentsPerInvoice = groupBy(
      book.applications.filter((a) => a.sourceType === 'payment' && a.amountMinor > 0n),
      (a) => a.invoiceId,
    );
    expect(
      [...paymentsPerInvoice.values()].filter(
        (group) => new Set(group.map((a) => a.sourceId)).size >= 3,
      ).length,
    ).toBeGreaterThan(5);

    expect(book.creditNotes.length).toBeGreaterThan(10);
    const invoices = new Map(book.invoices.map((invoice) => [invoice.id, invoice]));
    book.creditNotes.forEach((note, index) => {
      expect(note.number).toBe(`CN-${String(index + 1).padStart(6, '0')}`);
      if (index > 0) expect(note.issuedOn >= book.creditNotes[index - 1]!.issuedOn).toBe(true);
      expect(note.totals.totalMinor).toBeLessThan(invoices.get(note.invoiceId!)!.totals.totalMinor);
    });

    const reversed = new Set(book.reversals.map((reversal) => reversal.paymentId));
    const appliedBySource = new Map<string, bigint>();
    for (const a of book.applications)
      appliedBySource.set(a.sourceId, (appliedBySource.get(a.sourceId) ?? 0n) + a.amountMinor);
    const overpaid = book.payments.filter(
      (p) => !reversed.has(p.id) && (appliedBySource.get(p.id) ?? 0n) < p.amountMinor,
    );
    expect(overpaid.length).toBeGreaterThan(5);

    expect(book.reversals.length).toBeGreaterThan(0);
    for (const reversal of book.reversals) {
      const rows = book.applications.filter((a) => a.sourceId === reversal.paymentId);
      const negative = rows.filter((a) => a.amountMinor < 0n);
      expect(negative.length).toBeGreaterThan(0);
      for (const row of negative) {
        expect(row.reversalId).toBe(reversal.id);
        expect(row.appliedOn).toBe(reversal.reversedOn);
      }
      expect(rows.reduce((sum, a) => sum + a.amountMinor, 0n)).toBe(0n);
    }

    const reasons = new Set(book.writeOffs.map((writeOff) => writeOff.reason));
    expect(reasons).toEqual(new Set(['bad_debt', 'small_balance']));
    const statuses = new Set([...balancesOf(book).values()].map((balance) => balance.status));
    expect(statuses).toEqual(new Set(['open', 'partially_paid', 'paid', 'written_off']));
  });

  it('gives every document a unique id whose time prefix is its date', () => {
    const ids = [
      ...book.invoices,
      ...book.creditNotes,
      ...book.payments,
      ...book.writeOffs,
      ...book.reversals,
    ].map((d) => d.id);
    expect(new Set(ids).size).toBe(ids.length);
    const day = (id: string) =>
      new Date(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toISOString().slice(0, 10);
    for (const invoice of book.invoices.slice(0, 500))
      expect(day(invoice.id)).toBe(invoice.issuedOn);
    for (const payment of book.payments.slice(0, 500))
      expect(day(payment.id)).toBe(payment.receivedOn);
    const paymentIds = book.payments.map((p) => p.receivedOn);
    expect(paymentIds).toEqual([...paymentIds].sort());
  });

  it('never applies a source before the day it came into being', () => {
    const dates = sourceDates(book);
    for (const application of book.applications)
      expect(application.appliedOn >= dates.get(application.sourceId)!).toBe(true);
  });
});

describe('the generated book passes the ledger checks', () => {
  it('is accepted by balancesOf and consistent as of every date, for any seed and size, with nothing after today', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 32 - 1 }),
        fc.integer({ min: 1, max: 25 }),
        fc.integer({ min: 0, max: 400 }),
        fc.integer({ min: 1, max: 26 }),
        fc.integer({ min: 0, max: 30 }),
        (seed, customers, invoices, months, monthsBack) => {
          // Some periods end months before today, others are cut short by it.
          const startOn = addMonths(today, -monthsBack);
          const { book }: GeneratedBook = generateBook({
            seed,
            customers,
            invoices,
            startOn,
            months,
            currency: 'EUR',
            today,
          });
          expect(book.invoices).toHaveLength(invoices);
          expect(() => balancesOf(book)).not.toThrow();
          expectConsistentAsOfEveryDate(book);
          for (const date of datesOf(book)) expect(date <= today).toBe(true);
          const dates = sourceDates(book);
          for (const application of book.applications)
            expect(application.appliedOn >= dates.get(application.sourceId)!).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('works in a currency without minor units', () => {
    const { book } = generateBook(options({ currency: 'JPY', invoices: 500, customers: 20 }));
    expect(() => balancesOf(book)).not.toThrow();
    expect(book.invoices.every((invoice) => invoice.currency === 'JPY')).toBe(true);
  });
});

describe('the book made in parts', () => {
  /** Every document of a book, by id, whatever its order. */
  function byIdOf(book: Book) {
    const all = [
      ...book.invoices,
      ...book.creditNotes,
      ...book.payments,
      ...book.writeOffs,
      ...book.reversals,
    ];
    return new Map(all.map((document) => [document.id, document]));
  }

  it('gives the whole book for any part size, each part accepted on its own, in the order loadBook writes', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 32 - 1 }),
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 0, max: 600 }),
        fc.integer({ min: 1, max: 200 }),
        (seed, customers, invoices, partInvoices) => {
          const settings = { ...options({ seed, customers, invoices }), months: 8 };
          const whole = generateBook(settings).book;
          const parts = [...planBook(settings).parts(partInvoices)];
          // Every part but the last has at least partInvoices invoices, and whole customers.
          parts.slice(0, -1).forEach((part) => {
            expect(part.invoices.length).toBeGreaterThanOrEqual(partInvoices);
          });
          const owners = parts.map(
            (part) => new Set(part.invoices.map((invoice) => invoice.customerId)),
          );
          owners.forEach((customers, index) => {
            for (const other of owners.slice(index + 1))
              for (const customer of customers) expect(other.has(customer)).toBe(false);
          });
          for (const part of parts) {
            expect(() => balancesOf(part)).not.toThrow();
            const documents = byIdOf(part);
            for (const application of part.applications) {
              expect(documents.has(application.invoiceId)).toBe(true);
              if (application.sourceType !== 'discount')
                expect(documents.has(application.sourceId)).toBe(true);
            }
            const numbers = part.invoices.map((invoice) => Number(invoice.number.slice(4)));
            expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
            const received = part.payments.map((payment) => payment.receivedOn);
            expect(received).toEqual([...received].sort());
          }
          const together = parts.flatMap((part) => [...byIdOf(part).entries()]);
          expect(together).toHaveLength(byIdOf(whole).size);
          expect(new Map(together)).toEqual(byIdOf(whole));
          const applications = (book: Book) =>
            book.applications
              .map((a) => JSON.stringify(a, (_, v) => (typeof v === 'bigint' ? String(v) : v)))
              .sort();
          expect(parts.flatMap(applications).sort()).toEqual(applications(whole));
        },
      ),
      { numRuns: 40 },
    );
  });
});
