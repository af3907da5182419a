import { assert } from '../../core/assert.js';
import {
  addDays,
  addMonths,
  fromDayNumber,
  toDayNumber,
  type CalendarDate,
} from '../../core/calendar-date.js';
import { formatScaledDecimal } from '../../core/decimal.js';
import { limits } from '../../core/limits.js';
import { allocate, currencyExponent, formatAmount, isCurrency } from '../../core/money.js';
import {
  priceLines,
  totalsOf,
  type DocumentLine,
  type DocumentTotals,
  type LineInput,
} from '../../ledger/document-math.js';
import {
  parsePaymentTerms,
  scheduleFor,
  type PaymentTerms,
} from '../../customers/payment-terms.js';
import type {
  Book,
  BookApplication,
  BookCreditNote,
  BookInvoice,
  BookPayment,
  BookReversal,
  BookWriteOff,
} from '../../ledger/book.js';
import { generateCustomers, type CustomerProfile, type GeneratedCustomer } from './customers.js';
import { Random, randomIdOn } from './random.js';
import { catalogue, creditReasons, reversalReasons } from './vocabulary.js';

/**
 * A seeded synthetic book: the customers of a realistic business and every invoice, credit note,
 * payment, reversal and write-off of theirs over a period, as a `Book` for loadBook(). Customers
 * pay according to a behaviour (prompt, slow, partial, disputer, defaulter) with occasional
 * overpayments, bounced payments and small-balance write-offs. Pure and deterministic: the same
 * options give the same data, ids included, and nothing is dated after `today`.
 */
export interface GenerateBookOptions {
  readonly seed: number;
  readonly customers: number;
  readonly invoices: number;
  /** The first day invoices may be issued on. */
  readonly startOn: CalendarDate;
  /** Length of the issuing period from startOn, in months; it ends at `today` at the latest. */
  readonly months: number;
  /** ISO 4217 code of every customer and document. */
  readonly currency: string;
  /** Nothing is dated after this day: the demo passes the real today, tests a fixed date. */
  readonly today: CalendarDate;
}

export interface GeneratedBook {
  readonly customers: readonly GeneratedCustomer[];
  readonly book: Book;
  /** The issuing period actually used. */
  readonly startOn: CalendarDate;
  readonly endOn: CalendarDate;
}

/** The first day of a period of `months` months that ends on `today`. */
export function periodStartFor(today: CalendarDate, months: number): CalendarDate {
  return addDays(addMonths(today, -months), 1);
}

// 1970-01-01, day 0, was a Thursday.
function weekdayOf(day: number): number {
  return (day + 4) % 7;
}

/** Calendar dates by day number and back, so the hot loops neither format nor parse dates. */
class DateTable {
  private readonly dates: CalendarDate[] = [];
  private readonly days = new Map<string, number>();
  constructor(
    private readonly firstDay: number,
    lastDay: number,
  ) {
    for (let day = firstDay; day <= lastDay; day++) {
      const date = fromDayNumber(day);
      this.dates.push(date);
      this.days.set(date, day);
    }
  }
  of(day: number): CalendarDate {
    return this.dates[day - this.firstDay] ?? fromDayNumber(day);
  }
  dayOf(date: CalendarDate): number {
    return this.days.get(date) ?? toDayNumber(date);
  }
}

/** A terms schedule with its dates as day numbers too. */
interface Schedule {
  readonly dueOn: CalendarDate;
  readonly dueDay: number;
  readonly discountOn: CalendarDate | null;
  readonly discountDay: number;
  readonly discountMinor: bigint;
}

/**
 * scheduleFor() for each invoice, remembered per terms and issue day when the terms have no
 * discount: then the schedule does not depend on the amount, and a million invoices share a few
 * thousand schedules.
 */
class Schedules {
  private readonly cache = new Map<string, Schedule[]>();
  constructor(
    private readonly dates: DateTable,
    private readonly firstDay: number,
  ) {}

  of(terms: PaymentTerms, day: number, totalMinor: bigint): Schedule {
    if (terms.discount !== null) return this.compute(terms, day, totalMinor);
    let byDay = this.cache.get(terms.code);
    if (!byDay) this.cache.set(terms.code, (byDay = []));
    return (byDay[day - this.firstDay] ??= this.compute(terms, day, 0n));
  }

  private compute(terms: PaymentTerms, day: number, totalMinor: bigint): Schedule {
    const schedule = scheduleFor(terms, this.dates.of(day), totalMinor);
    const dueDay = this.dates.dayOf(schedule.dueOn);
    const discountDay = schedule.discountOn === null ? -1 : this.dates.dayOf(schedule.discountOn);
    return {
      dueOn: this.dates.of(dueDay),
      dueDay,
      discountOn: discountDay < 0 ? null : this.dates.of(discountDay),
      discountDay,
      discountMinor: schedule.discountMinor,
    };
  }
}

/** Issue days for `count` invoices, sorted: business days only, a growing business, busier at month ends. */
function sampleIssueDays(
  random: Random,
  firstDay: number,
  lastDay: number,
  count: number,
  dates: DateTable,
): Int32Array {
  const days: number[] = [];
  const cumulative: number[] = [];
  let total = 0;
  const span = Math.max(1, lastDay - firstDay);
  for (let day = firstDay; day <= lastDay; day++) {
    const weekday = weekdayOf(day);
    if ((weekday === 0 || weekday === 6) && lastDay - firstDay >= 7) continue;
    const dayOfMonth = Number(dates.of(day).slice(8));
    total += (1 + (0.6 * (day - firstDay)) / span) * (dayOfMonth >= 26 ? 1.4 : 1);
    days.push(day);
    cumulative.push(total);
  }
  const result = new Int32Array(count);
  for (let i = 0; i < count; i++)
    result[i] = days[searchCumulative(cumulative, random.float() * total)]!;
  return result.sort();
}

function searchCumulative(cumulative: ArrayLike<number>, point: number): number {
  let low = 0;
  let high = cumulative.length - 1;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (cumulative[middle]! > point) high = middle;
    else low = middle + 1;
  }
  return low;
}

function minorFromCents(cents: number, currency: string): bigint {
  const exponent = currencyExponent(currency);
  if (exponent >= 2) return BigInt(cents) * 10n ** BigInt(exponent - 2);
  return BigInt(Math.max(1, Math.round(cents / 10 ** (2 - exponent))));
}

const quantityTexts = Array.from({ length: 121 }, (_, n) => String(n));
const hourTexts = Array.from({ length: 81 }, (_, halves) =>
  halves % 2 === 1 ? `${(halves - 1) / 2}.5` : String(halves / 2),
);

function quantityText(
  random: Random,
  unit: 'hours' | 'units' | 'months',
  priceCents: number,
): string {
  if (unit === 'hours') return hourTexts[random.int(1, 80)]!;
  if (unit === 'months')
    return quantityTexts[
      random.weighted([
        [1, 85],
        [3, 10],
        [12, 5],
      ] as const)
    ]!;
  return quantityTexts[random.int(1, priceCents < 5_000 ? 120 : 12)]!;
}

/** Each customer's price list: the catalogue at its negotiated level, as the unit-price text of a line. */
class PriceLists {
  private readonly lists = new Map<number, string[]>();
  constructor(
    private readonly profiles: readonly CustomerProfile[],
    private readonly currency: string,
  ) {}

  unitPrice(customer: number, item: number): string {
    let list = this.lists.get(customer);
    if (!list) {
      const factor = this.profiles[customer]!.priceFactor;
      list = catalogue.map((entry) =>
        formatAmount(
          minorFromCents(Math.max(1, Math.round(entry.priceCents * factor)), this.currency),
          this.currency,
        ),
      );
      this.lists.set(customer, list);
    }
    return list[item]!;
  }
}

/** The UN/ECE Recommendation 20 code an e-invoice gives each kind of quantity. */
const unitCodes = { hours: 'HUR', months: 'MON', units: 'C62' } as const;

function invoiceLines(
  random: Random,
  prices: PriceLists,
  customer: number,
  currency: string,
): DocumentLine[] {
  const count = random.weighted([
    [1, 35],
    [2, 25],
    [3, 20],
    [4, 12],
    [5, 8],
  ] as const);
  const inputs: LineInput[] = [];
  for (let i = 0; i < count; i++) {
    const itemIndex = random.int(0, catalogue.length - 1);
    const item = catalogue[itemIndex]!;
    inputs.push({
      description: item.description,
      quantity: quantityText(random, item.unit, item.priceCents),
      unitPrice: prices.unitPrice(customer, itemIndex),
      taxRate: item.taxRate,
      unitCode: unitCodes[item.unit],
    });
  }
  const priced = priceLines(inputs, currency);
  assert(
    priced.ok,
    `generated invoice lines are invalid: ${priced.ok ? '' : priced.error.message}`,
  );
  return priced.value;
}

interface CreditNoteDraft {
  readonly id: string;
  readonly day: number;
  readonly customerId: string;
  readonly invoiceId: string;
  readonly lines: readonly DocumentLine[];
  readonly totals: DocumentTotals;
  readonly reason: string;
}

/** A full settlement of an invoice's open balance on a day, net of a discount or a small shortfall. */
interface Settlement {
  readonly invoice: number;
  readonly day: number;
  readonly openMinor: bigint;
  readonly wantsDiscount: boolean;
  readonly shortMinor: bigint;
}

const termsByCode = new Map<string, PaymentTerms>();
function termsOf(code: string): PaymentTerms {
  let terms = termsByCode.get(code);
  if (!terms) {
    const parsed = parsePaymentTerms(code);
    assert(parsed.ok, `generated terms ${code} are invalid`);
    terms = parsed.value;
    termsByCode.set(code, terms);
  }
  return terms;
}

/**
 * What every part of a book shares: the calendar, the customers, which invoice goes to whom and
 * on which day, and each customer's own random stream. A customer's documents depend only on its
 * stream, so the book is the same whether it is made whole or in parts.
 */
class BookWorld {
  readonly schedules: Schedules;
  readonly prices: PriceLists;
  constructor(
    readonly currency: string,
    readonly customers: readonly GeneratedCustomer[],
    readonly profiles: readonly CustomerProfile[],
    readonly dates: DateTable,
    readonly firstDay: number,
    readonly lastIssueDay: number,
    readonly todayDay: number,
    /** By invoice number − 1: the day each invoice is issued on, in order. */
    readonly issueDays: Int32Array,
    /** Each customer's invoice numbers − 1, in issue order: `order[offsets[c] .. offsets[c + 1]]`. */
    readonly invoicesOf: { readonly offsets: Int32Array; readonly order: Int32Array },
    readonly customerSeeds: Uint32Array,
  ) {
    this.schedules = new Schedules(dates, firstDay);
    this.prices = new PriceLists(profiles, currency);
  }

  invoiceIndexesOf(customer: number): Int32Array {
    const { offsets, order } = this.invoicesOf;
    return order.subarray(offsets[customer]!, offsets[customer + 1]!);
  }
}

/**
 * The documents of some customers, made one customer after another: their invoices as parallel
 * arrays of day numbers (the simulation reads them millions of times), and the documents and
 * applications produced. Indexes into `invoices` are this part's own.
 */
class BookBuilder {
  readonly invoices: BookInvoice[] = [];
  /** Each invoice's number − 1: its place in the whole book's issue order. */
  readonly invoiceIndex: number[] = [];
  readonly issueDay: number[] = [];
  readonly dueDay: number[] = [];
  readonly discountDay: number[] = [];
  readonly payments: BookPayment[] = [];
  /** The day each payment was received, for sorting them by date without parsing. */
  readonly paymentDays: number[] = [];
  readonly applications: BookApplication[] = [];
  readonly writeOffs: BookWriteOff[] = [];
  readonly reversals: BookReversal[] = [];
  readonly creditNotes: CreditNoteDraft[] = [];
  /** The stream of the customer being made. */
  random: Random = new Random(0);
  readonly currency: string;
  readonly customers: readonly GeneratedCustomer[];
  readonly profiles: readonly CustomerProfile[];
  readonly dates: DateTable;
  readonly firstDay: number;
  readonly lastIssueDay: number;
  readonly todayDay: number;

  constructor(
    private readonly world: BookWorld,
    /** Payments made so far in the whole book, for the bank references that count them. */
    private readonly counter: { payments: number },
  ) {
    this.currency = world.currency;
    this.customers = world.customers;
    this.profiles = world.profiles;
    this.dates = world.dates;
    this.firstDay = world.firstDay;
    this.lastIssueDay = world.lastIssueDay;
    this.todayDay = world.todayDay;
  }

  /** Issues a customer's invoices from its own stream, then settles them by its behaviour. */
  addCustomer(customer: number): void {
    this.random = new Random(this.world.customerSeeds[customer]!);
    const first = this.invoices.length;
    for (const index of this.world.invoiceIndexesOf(customer)) this.issue(customer, index);
    new CustomerSimulation(this, customer).run(first, this.invoices.length);
  }

  /**
   * The part as a Book: invoices in number order, payments in date order (so that they are
   * written roughly in the order of their time-prefixed ids and the primary-key index grows at
   * its right edge), credit notes numbered by `creditNoteNumbers`, or among themselves when this
   * part is the whole book.
   */
  finish(creditNoteNumbers: ReadonlyMap<string, string> | null): Book {
    const byNumber = this.invoices
      .map((invoice, local) => ({ invoice, index: this.invoiceIndex[local]! }))
      .sort((a, b) => a.index - b.index)
      .map(({ invoice }) => invoice);
    const numbers = creditNoteNumbers ?? numberCreditNotes(this.creditNotes);
    const creditNotes = this.creditNotes
      .map((draft): BookCreditNote => {
        const number = numbers.get(draft.id);
        assert(number !== undefined, `credit note ${draft.id} has a number`);
        return {
          id: draft.id,
          customerId: draft.customerId,
          number,
          invoiceId: draft.invoiceId,
          currency: this.currency,
          issuedOn: this.dates.of(draft.day),
          lines: draft.lines,
          totals: draft.totals,
          reason: draft.reason,
        };
      })
      .sort((a, b) => (a.number < b.number ? -1 : a.number > b.number ? 1 : 0));
    return {
      origin: 'demo',
      invoices: byNumber,
      creditNotes,
      payments: this.paymentsByDate(),
      writeOffs: this.writeOffs.sort(byId),
      reversals: this.reversals.sort(byId),
      applications: this.applications,
    };
  }

  private paymentsByDate(): BookPayment[] {
    const buckets = new Map<number, BookPayment[]>();
    this.payments.forEach((payment, index) => {
      const day = this.paymentDays[index]!;
      const bucket = buckets.get(day);
      if (bucket) bucket.push(payment);
      else buckets.set(day, [payment]);
    });
    return [...buckets.keys()].sort((a, b) => a - b).flatMap((day) => buckets.get(day)!);
  }

  private issue(customerIndex: number, index: number): void {
    const day = this.world.issueDays[index]!;
    const customer = this.customers[customerIndex]!;
    const profile = this.profiles[customerIndex]!;
    const lines = invoiceLines(this.random, this.world.prices, customerIndex, this.currency);
    const totals = totalsOf(lines);
    const terms = termsOf(customer.fields.termsCode);
    const schedule = this.world.schedules.of(terms, day, totals.totalMinor);
    this.invoiceIndex.push(index);
    this.issueDay.push(day);
    this.dueDay.push(schedule.dueDay);
    this.discountDay.push(schedule.discountDay);
    this.invoices.push({
      id: randomIdOn(this.random, day),
      customerId: customer.id,
      // Six digits, as the application numbers them; the millionth gets a seventh.
      number: `INV-${String(index + 1).padStart(6, '0')}`,
      currency: this.currency,
      issuedOn: this.dates.of(day),
      dueOn: schedule.dueOn,
      termsCode: terms.code,
      discountOn: schedule.discountOn,
      discountMinor: schedule.discountMinor,
      lines,
      totals,
      poNumber: profile.requiresPurchaseOrder ? `PO-${this.random.int(10_000, 99_999)}` : null,
      memo: null,
    });
  }

  apply(
    invoice: number,
    sourceType: BookApplication['sourceType'],
    sourceId: string,
    amountMinor: bigint,
    day: number,
    reversalId: string | null = null,
  ): void {
    const target = this.invoices[invoice]!;
    this.applications.push({
      customerId: target.customerId,
      invoiceId: target.id,
      sourceType,
      sourceId,
      amountMinor,
      currency: this.currency,
      appliedOn: this.dates.of(day),
      reversalId,
    });
  }

  pay(
    customer: number,
    day: number,
    amountMinor: bigint,
    method: string,
    reference: string,
  ): BookPayment {
    this.counter.payments++;
    const payment: BookPayment = {
      id: randomIdOn(this.random, day),
      customerId: this.customers[customer]!.id,
      receivedOn: this.dates.of(day),
      amountMinor,
      currency: this.currency,
      method,
      reference,
      payer: this.customers[customer]!.fields.legalName,
    };
    this.payments.push(payment);
    this.paymentDays.push(day);
    return payment;
  }

  nextReference(): string {
    return `BT${String(this.counter.payments + 1).padStart(8, '0')}`;
  }

  writeOff(
    invoice: number,
    day: number,
    amountMinor: bigint,
    reason: BookWriteOff['reason'],
  ): void {
    const target = this.invoices[invoice]!;
    const writeOff: BookWriteOff = {
      id: randomIdOn(this.random, day),
      customerId: target.customerId,
      invoiceId: target.id,
      writtenOffOn: this.dates.of(day),
      amountMinor,
      currency: this.currency,
      reason,
    };
    this.writeOffs.push(writeOff);
    this.apply(invoice, 'write_off', writeOff.id, amountMinor, day);
  }

  /** A credit note against part of an invoice; returns what it credits (0 when none fits). */
  creditPart(invoice: number, day: number, openMinor: bigint): bigint {
    const target = this.invoices[invoice]!;
    const line = this.random.pick(target.lines);
    const quantity = Number(line.quantityScaled) / 10 ** limits.quantityScale;
    const share = 0.1 + this.random.float() * 0.4;
    let input: LineInput;
    if (quantity >= 2) {
      const credited = Number.isInteger(quantity)
        ? Math.max(1, Math.floor(quantity * share))
        : Math.max(0.5, Math.floor(quantity * share * 2) / 2);
      input = {
        description: `Credit: ${line.description}`,
        quantity: String(credited),
        unitPrice: formatAmount(line.unitPriceMinor, this.currency),
        unitCode: line.unitCode,
      };
    } else {
      const adjustment = (line.netMinor * BigInt(Math.round(share * 1000))) / 1000n;
      if (adjustment <= 0n) return 0n;
      input = {
        description: `Price adjustment: ${line.description}`,
        quantity: '1',
        unitPrice: formatAmount(adjustment, this.currency),
      };
    }
    const priced = priceLines(
      [{ ...input, taxRate: formatScaledDecimal(line.taxRateScaled, limits.taxRateScale) }],
      this.currency,
    );
    assert(priced.ok, 'generated credit note lines are valid');
    const totals = totalsOf(priced.value);
    if (totals.totalMinor <= 0n || totals.totalMinor >= openMinor) return 0n;
    const draft: CreditNoteDraft = {
      id: randomIdOn(this.random, day),
      day,
      customerId: target.customerId,
      invoiceId: target.id,
      lines: priced.value,
      totals,
      reason: this.random.pick(creditReasons),
    };
    this.creditNotes.push(draft);
    this.apply(invoice, 'credit_note', draft.id, totals.totalMinor, day);
    return totals.totalMinor;
  }

  discountOf(settlement: Settlement, day: number): bigint {
    const invoice = this.invoices[settlement.invoice]!;
    const windowEnd = this.discountDay[settlement.invoice]!;
    if (!settlement.wantsDiscount || windowEnd < 0 || day > windowEnd) return 0n;
    return invoice.discountMinor > 0n && invoice.discountMinor < settlement.openMinor
      ? invoice.discountMinor
      : 0n;
  }
}

/** How one customer settles its invoices: the behaviour rules, run over its invoices in issue order. */
class CustomerSimulation {
  private readonly runs = new Map<number, Settlement[]>();
  private readonly random: Random;
  private readonly profile: CustomerProfile;
  private readonly defaultDay: number;

  constructor(
    private readonly builder: BookBuilder,
    private readonly customer: number,
  ) {
    this.random = builder.random;
    this.profile = builder.profiles[customer]!;
    const { firstDay, lastIssueDay } = builder;
    // A defaulter stops paying on some day, mostly early enough for some of its debt to be
    // written off by now; a few never paid anything at all.
    const earliest = firstDay + Math.floor((lastIssueDay - firstDay) / 4);
    this.defaultDay =
      this.profile.behaviour !== 'defaulter'
        ? Number.POSITIVE_INFINITY
        : this.random.chance(0.3)
          ? firstDay
          : this.random.int(earliest, Math.max(earliest, lastIssueDay - 210));
  }

  /** Settles the builder's invoices from `first` up to `end`, this customer's, in issue order. */
  run(first: number, end: number): void {
    for (let invoice = first; invoice < end; invoice++) this.settle(invoice);
    for (const [day, settlements] of this.runs) this.payRun(day, settlements);
  }

  private settle(invoice: number): void {
    const b = this.builder;
    const issue = b.issueDay[invoice]!;
    const due = b.dueDay[invoice]!;
    const total = b.invoices[invoice]!.totals.totalMinor;
    switch (this.profile.behaviour) {
      case 'prompt': {
        const discountEnd = b.discountDay[invoice]!;
        if (
          discountEnd >= issue &&
          (this.profile.takesDiscounts ? this.random.chance(0.85) : this.random.chance(0.1))
        ) {
          this.fullSettlement(invoice, this.random.int(issue, discountEnd), total, true);
        } else {
          this.fullSettlement(
            invoice,
            this.random.int(Math.max(issue, due - 10), due),
            total,
            false,
          );
        }
        return;
      }
      case 'slow':
        this.fullSettlement(invoice, due + this.lateness(), total, false);
        return;
      case 'partial':
        if (this.random.chance(0.15))
          this.fullSettlement(invoice, due + this.random.int(0, 20), total, false);
        else this.payInParts(invoice, total);
        return;
      case 'disputer': {
        let open = total;
        let earliest = issue;
        if (this.random.chance(0.35)) {
          const creditDay = issue + this.random.int(3, 25);
          if (creditDay > b.todayDay) return;
          open -= b.creditPart(invoice, creditDay, open);
          earliest = creditDay + 1;
        }
        this.fullSettlement(invoice, Math.max(earliest, due + this.random.int(0, 40)), open, false);
        return;
      }
      case 'defaulter': {
        const day = due + this.lateness();
        if (day < this.defaultDay) this.fullSettlement(invoice, day, total, false);
        else this.writeOffBadDebt(invoice, total);
        return;
      }
    }
  }

  private lateness(): number {
    return Math.min(60, Math.max(10, this.profile.lateDays + this.random.int(-12, 12)));
  }

  private fullSettlement(
    invoice: number,
    day: number,
    openMinor: bigint,
    wantsDiscount: boolean,
  ): void {
    // Slow and partial payers sometimes leave a few cents unpaid, which are written off later.
    const sloppy =
      (this.profile.behaviour === 'slow' || this.profile.behaviour === 'disputer') &&
      !wantsDiscount &&
      this.random.chance(0.04);
    const shortMinor = sloppy ? this.smallShortfall(openMinor) : 0n;
    const settlement: Settlement = { invoice, day, openMinor, wantsDiscount, shortMinor };
    const weekday = this.profile.paymentRunWeekday;
    if (weekday === null) {
      this.paySingle(settlement);
      return;
    }
    const runDay = day + ((weekday - weekdayOf(day) + 7) % 7);
    const run = this.runs.get(runDay);
    if (run) run.push(settlement);
    else this.runs.set(runDay, [settlement]);
  }

  private smallShortfall(openMinor: bigint): bigint {
    const cap = openMinor / 50n < 500n ? openMinor / 50n : 500n;
    return cap < 1n ? 0n : BigInt(this.random.int(1, Number(cap)));
  }

  private paySingle(settlement: Settlement): void {
    const b = this.builder;
    const { invoice, day } = settlement;
    if (day > b.todayDay) return;
    const discount = b.discountOf(settlement, day);
    const applied = settlement.openMinor - discount - settlement.shortMinor;
    const plain = discount === 0n && settlement.shortMinor === 0n;
    const overpays = plain && this.random.chance(0.02);
    const bounces = plain && !overpays && this.random.chance(0.005);
    const extra = overpays ? this.overpayment(applied) : 0n;
    const number = b.invoices[invoice]!.number;
    const method =
      bounces && this.profile.method === 'bank_transfer' ? 'cheque' : this.profile.method;
    const payment = b.pay(
      this.customer,
      day,
      applied + extra,
      method,
      this.random.chance(0.6) ? number : b.nextReference(),
    );
    b.apply(invoice, 'payment', payment.id, applied, day);
    if (discount > 0n) b.apply(invoice, 'discount', payment.id, discount, day);
    if (settlement.shortMinor > 0n) this.writeOffResidue(invoice, day, settlement.shortMinor);
    if (bounces) this.bounce(invoice, payment, applied, day, settlement.openMinor);
  }

  private overpayment(applied: bigint): bigint {
    // Paid twice by mistake, or rounded up to a round sum.
    if (this.random.chance(0.2)) return applied;
    const unit = 10n ** BigInt(currencyExponent(this.builder.currency));
    return unit * BigInt(this.random.int(1, 100));
  }

  /** The payment bounces a few days later; the customer pays again some days after that. */
  private bounce(
    invoice: number,
    payment: BookPayment,
    applied: bigint,
    day: number,
    openMinor: bigint,
  ): void {
    const b = this.builder;
    const reversedDay = day + this.random.int(3, 10);
    if (reversedDay > b.todayDay) return;
    const reason =
      payment.method === 'direct_debit'
        ? reversalReasons[1]
        : payment.method === 'card'
          ? reversalReasons[2]
          : reversalReasons[0];
    const reversal: BookReversal = {
      id: randomIdOn(this.random, reversedDay),
      paymentId: payment.id,
      reversedOn: b.dates.of(reversedDay),
      reason,
    };
    b.reversals.push(reversal);
    b.apply(invoice, 'payment', payment.id, -applied, reversedDay, reversal.id);
    const againDay = reversedDay + this.random.int(2, 20);
    if (againDay > b.todayDay) return;
    const again = b.pay(
      this.customer,
      againDay,
      openMinor,
      'bank_transfer',
      b.invoices[invoice]!.number,
    );
    b.apply(invoice, 'payment', again.id, openMinor, againDay);
  }

  private payRun(day: number, settlements: readonly Settlement[]): void {
    const b = this.builder;
    if (day > b.todayDay) return;
    let amount = 0n;
    const planned = settlements.map((settlement) => {
      const discount = b.discountOf(settlement, day);
      const applied = settlement.openMinor - discount - settlement.shortMinor;
      amount += applied;
      return { settlement, discount, applied };
    });
    const reference = `Remittance ${b.dates.of(day)} ${this.builder.customers[this.customer]!.fields.ref}`;
    const payment = b.pay(this.customer, day, amount, this.profile.method, reference);
    for (const { settlement, discount, applied } of planned) {
      b.apply(settlement.invoice, 'payment', payment.id, applied, day);
      if (discount > 0n) b.apply(settlement.invoice, 'discount', payment.id, discount, day);
      if (settlement.shortMinor > 0n)
        this.writeOffResidue(settlement.invoice, day, settlement.shortMinor);
    }
  }

  private writeOffResidue(invoice: number, paidDay: number, amountMinor: bigint): void {
    const day = paidDay + this.random.int(5, 30);
    if (day <= this.builder.todayDay)
      this.builder.writeOff(invoice, day, amountMinor, 'small_balance');
  }

  /** Several payments over weeks; a few partial payers never finish. */
  private payInParts(invoice: number, total: bigint): void {
    const b = this.builder;
    const parts = this.random.int(2, 4);
    const shares = allocate(
      total,
      Array.from({ length: parts }, () => BigInt(this.random.int(2, 10))),
    );
    const stopsAfter = this.random.chance(0.15) ? this.random.int(1, parts - 1) : parts;
    let day = Math.max(b.issueDay[invoice]!, b.dueDay[invoice]! + this.random.int(-5, 15));
    const number = b.invoices[invoice]!.number;
    for (let part = 0; part < stopsAfter; part++) {
      if (day > b.todayDay) return;
      const amount = shares[part]!;
      const payment = b.pay(
        this.customer,
        day,
        amount,
        this.profile.method,
        `${number} part ${part + 1}`,
      );
      b.apply(invoice, 'payment', payment.id, amount, day);
      day += this.random.int(10, 35);
    }
  }

  /** What a defaulter leaves unpaid is written off as bad debt four to seven months after the due date. */
  private writeOffBadDebt(invoice: number, openMinor: bigint): void {
    const day = this.builder.dueDay[invoice]! + this.random.int(120, 200);
    if (day <= this.builder.todayDay) this.builder.writeOff(invoice, day, openMinor, 'bad_debt');
  }
}

/** Invoice indexes grouped by customer, each group in issue order (counting sort). */
function invoicesByCustomer(
  invoiceCustomer: Int32Array,
  customerCount: number,
): { offsets: Int32Array; order: Int32Array } {
  const offsets = new Int32Array(customerCount + 1);
  for (const customer of invoiceCustomer) offsets[customer + 1]!++;
  for (let c = 0; c < customerCount; c++) offsets[c + 1]! += offsets[c]!;
  const cursor = offsets.slice(0, customerCount);
  const order = new Int32Array(invoiceCustomer.length);
  for (let invoice = 0; invoice < invoiceCustomer.length; invoice++)
    order[cursor[invoiceCustomer[invoice]!]!++] = invoice;
  return { offsets, order };
}

function byId<T extends { readonly id: string }>(a: T, b: T): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function checkOptions(options: GenerateBookOptions): void {
  assert(Number.isSafeInteger(options.seed), 'the seed is an integer');
  assert(Number.isInteger(options.customers) && options.customers >= 1, 'at least one customer');
  assert(Number.isInteger(options.invoices) && options.invoices >= 0, 'a whole number of invoices');
  assert(Number.isInteger(options.months) && options.months >= 1, 'at least one month');
  assert(isCurrency(options.currency), `unknown currency ${options.currency}`);
  assert(options.startOn <= options.today, 'the period starts on or before today');
}

/**
 * Credit notes are numbered in date order across the whole book, but a part is made before the
 * customers after it: the numbers come from making the disputers' documents once beforehand
 * (only disputers are credited), keeping just each credit note's day and id.
 */
function creditNoteNumbersOf(world: BookWorld): Map<string, string> {
  const drafts: { readonly day: number; readonly id: string }[] = [];
  world.profiles.forEach((profile, customer) => {
    if (profile.behaviour !== 'disputer') return;
    const builder = new BookBuilder(world, { payments: 0 });
    builder.addCustomer(customer);
    for (const { day, id } of builder.creditNotes) drafts.push({ day, id });
  });
  return numberCreditNotes(drafts);
}

/** Credit-note numbers in date order, ties by id. */
function numberCreditNotes(
  drafts: readonly { readonly day: number; readonly id: string }[],
): Map<string, string> {
  const sorted = [...drafts].sort(
    (a, b) => a.day - b.day || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  return new Map(
    sorted.map((draft, index) => [draft.id, `CN-${String(index + 1).padStart(6, '0')}`]),
  );
}

/**
 * A book to be made: its customers and the day and customer of every invoice, decided up front
 * (a few bytes per invoice), and the documents themselves made part by part on demand.
 */
export interface BookPlan {
  readonly customers: readonly GeneratedCustomer[];
  readonly invoices: number;
  /** The issuing period actually used. */
  readonly startOn: CalendarDate;
  readonly endOn: CalendarDate;
  /**
   * The book in parts of whole customers, each of at least `partInvoices` invoices but the last
   * (or one customer's, when it has more): every application, payment, write-off and reversal is
   * in the part of its invoice's customer, so each part is a Book that loadBook accepts on its
   * own. The same plan gives the same documents for any part size; only the grouping changes.
   */
  parts(partInvoices: number): Generator<Book>;
}

function assignCustomers(
  random: Random,
  profiles: readonly CustomerProfile[],
  invoices: number,
): Int32Array {
  const cumulative = new Float64Array(profiles.length);
  let total = 0;
  profiles.forEach((profile, index) => {
    total += profile.volume;
    cumulative[index] = total;
  });
  const customerOf = new Int32Array(invoices);
  for (let index = 0; index < invoices; index++)
    customerOf[index] = searchCumulative(cumulative, random.float() * total);
  return customerOf;
}

export function planBook(options: GenerateBookOptions): BookPlan {
  checkOptions(options);
  const random = new Random(options.seed);
  const firstDay = toDayNumber(options.startOn);
  const todayDay = toDayNumber(options.today);
  const lastIssueDay = Math.min(
    toDayNumber(addMonths(options.startOn, options.months)) - 1,
    todayDay,
  );
  // Due dates run up to three months past the last issue day.
  const dates = new DateTable(firstDay - 1, Math.max(todayDay, lastIssueDay + 100));
  const { customers, profiles } = generateCustomers(
    random.fork(),
    options.customers,
    options.currency,
    firstDay,
  );
  const assignment = random.fork();
  const issueDays = sampleIssueDays(random.fork(), firstDay, lastIssueDay, options.invoices, dates);
  const customerOf = assignCustomers(assignment, profiles, options.invoices);
  const customerSeeds = Uint32Array.from(customers, () => assignment.uint32());
  const world = new BookWorld(
    options.currency,
    customers,
    profiles,
    dates,
    firstDay,
    lastIssueDay,
    todayDay,
    issueDays,
    invoicesByCustomer(customerOf, customers.length),
    customerSeeds,
  );
  return {
    customers,
    invoices: options.invoices,
    startOn: options.startOn,
    endOn: dates.of(lastIssueDay),
    *parts(partInvoices: number): Generator<Book> {
      assert(partInvoices >= 1, 'a part holds at least one invoice');
      const whole = partInvoices >= options.invoices;
      const numbers = whole ? null : creditNoteNumbersOf(world);
      const counter = { payments: 0 };
      let builder = new BookBuilder(world, counter);
      let made = 0;
      for (let customer = 0; customer < customers.length; customer++) {
        builder.addCustomer(customer);
        if (builder.invoices.length >= partInvoices && customer < customers.length - 1) {
          yield builder.finish(numbers);
          made++;
          builder = new BookBuilder(world, counter);
        }
      }
      if (made === 0 || builder.invoices.length > 0) yield builder.finish(numbers);
    },
  };
}

/** The whole book at once: for tests and small books; large ones are loaded part by part. */
export function generateBook(options: GenerateBookOptions): GeneratedBook {
  const plan = planBook(options);
  const [book] = plan.parts(Math.max(1, options.invoices));
  return { customers: plan.customers, book: book!, startOn: plan.startOn, endOn: plan.endOn };
}

/** A book already made whole, as a plan of one part: for callers that also read the whole book. */
export function wholePlanOf(generated: GeneratedBook): BookPlan {
  return {
    customers: generated.customers,
    invoices: generated.book.invoices.length,
    startOn: generated.startOn,
    endOn: generated.endOn,
    *parts(): Generator<Book> {
      yield generated.book;
    },
  };
}
