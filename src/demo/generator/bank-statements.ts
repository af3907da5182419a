import { assert } from '../../core/assert.js';
import { addDays, type CalendarDate } from '../../core/calendar-date.js';
import { formatAmount } from '../../core/money.js';
import { makeRfReference } from '../../banking/matching/creditor-reference.js';
import type { GeneratedBook } from './generate-book.js';
import { Random } from './random.js';
import { firstNames, lastNames } from './vocabulary.js';

/**
 * Seeded camt.053 statements for a generated book, with the noise real remittances carry and the
 * truth beside every line, for the cash-application benchmark (issue #14). Two statements: a
 * "history" one (yesterday's, which a person confirms, so that payer accounts and names are
 * learned) and the one measured. They pay disjoint sets of open invoices, so the truth of the
 * second holds whatever happened to the first, as long as the first was applied as its truth says.
 *
 * The statements are camt.053.001.02 text, so the benchmark goes through the real parser and
 * import path. Pure and deterministic: the same book and options give the same bytes.
 */

/** An open invoice as the statements see it: what is open after the generated book's history. */
export interface StatementInvoice {
  readonly id: string;
  readonly number: string;
  readonly customerId: string;
  readonly openMinor: bigint;
  /** A line can pay it only from this day on: the history of yesterday never pays today's. */
  readonly issuedOn: CalendarDate;
  readonly dueOn: CalendarDate;
  readonly discountOn: CalendarDate | null;
  readonly discountMinor: bigint;
  readonly discountTaken: boolean;
}

export interface StatementCustomer {
  readonly id: string;
  readonly ref: string;
  readonly name: string;
}

/** What each line shows, for the benchmark's breakdown and the generator's test. */
export type NoiseKind =
  | 'several_invoices'
  | 'partial_payment'
  | 'short_payment'
  | 'discount_taken'
  | 'over_payment'
  | 'unrelated_credit'
  | 'debit'
  | 'no_reference'
  | 'rf_reference'
  | 'rf_wrong_check_digit'
  | 'number_exact'
  | 'number_without_separators'
  | 'number_wrapped'
  | 'number_with_prefix_text'
  | 'number_digits_only'
  | 'number_typo'
  | 'customer_ref'
  | 'payer_name_differs'
  | 'parent_pays'
  | 'private_person'
  | 'new_account';

export interface LineTruth {
  /** The line's AcctSvcrRef: what the import stores as its `ref`. */
  readonly ref: string;
  /** 1-based position in the file, as the parser numbers it. */
  readonly position: number;
  readonly direction: 'credit' | 'debit';
  readonly amountMinor: bigint;
  /** The customer the money really is from; null for an unrelated credit or a debit. */
  readonly customerId: string | null;
  /** What the money really pays: cash per invoice, and the discount the payer took on it. */
  readonly allocations: readonly {
    readonly invoiceId: string;
    readonly amountMinor: bigint;
    readonly discountMinor: bigint;
  }[];
  /** What is left as the customer's credit (an over-payment). */
  readonly unappliedMinor: bigint;
  readonly noise: readonly NoiseKind[];
  readonly payerName: string;
  readonly payerAccount: string;
  /**
   * Whether the data alone decides the line, and on what ground (the two sure grounds,
   * defined from what the generator wrote, never from what the matcher does):
   * - `reference`: every invoice paid is named by an RF reference whose check digits hold or by
   *   its number with all its letters and digits (any case, separators or wrapping; no typo, no
   *   missing prefix), and the amount has one reading against them: exactly their open amounts
   *   (less discounts earned by the date), or less than the one invoice named, or more than all
   *   of them with a rest that is not the open amount of one or two other open invoices of the
   *   customer. Less or more decides for a plain number only when the payer points to the
   *   customer as well (its own name, an account the history taught for it, its reference in
   *   the text): otherwise the line reads the same as a number typed wrong that hit another
   *   open invoice, and on the benchmark's statement such typos were 223 of the 318 lines of
   *   that form;
   * - `payer`: no such reference, the payer is known beyond doubt (an account the history taught
   *   for this customer alone, or the customer's reference written in the text), no discount, and
   *   the amount is exactly the open amount of the invoices paid and of no other set of the
   *   customer's open invoices of as many or fewer (at least three), found within a bounded
   *   search (a search that runs out of steps leaves the line undecided);
   * - null: a person has to decide (or there is nothing to decide: unrelated money, debits).
   */
  readonly decidedBy: 'reference' | 'payer' | null;
}

export interface GeneratedStatement {
  readonly xml: string;
  readonly bookedOn: CalendarDate;
  readonly truth: readonly LineTruth[];
}

export interface BankStatementsOptions {
  readonly seed: number;
  /** Incoming lines of the measured statement (debits come on top). */
  readonly lines: number;
  /** Incoming lines of the history statement. */
  readonly historyLines: number;
  /** The measured statement's booking day; the history is the day before. */
  readonly bookedOn: CalendarDate;
  readonly currency: string;
  /**
   * At most one line per customer in a statement, as when every customer pays in one daily run.
   * Off by default: real statements hold several payments of one payer, which the matcher must
   * learn from together.
   */
  readonly customerOncePerStatement?: boolean | undefined;
}

export interface GeneratedStatements {
  readonly history: GeneratedStatement;
  readonly statement: GeneratedStatement;
  /** The open invoices when the measured statement comes (after the history is applied). */
  readonly openAfterHistory: readonly StatementInvoice[];
}

/** The receiving account: Settle's own, as the statements name it. */
export const benchAccountIban = 'DE89370400440532013000';

/** The open invoices of a generated book: total less every application, discounts included. */
export function openInvoicesOf(generated: GeneratedBook): StatementInvoice[] {
  const applied = new Map<string, bigint>();
  const discounted = new Set<string>();
  for (const application of generated.book.applications) {
    applied.set(
      application.invoiceId,
      (applied.get(application.invoiceId) ?? 0n) + application.amountMinor,
    );
    if (application.sourceType === 'discount') discounted.add(application.invoiceId);
  }
  const open: StatementInvoice[] = [];
  for (const invoice of generated.book.invoices) {
    const openMinor = invoice.totals.totalMinor - (applied.get(invoice.id) ?? 0n);
    if (openMinor <= 0n) continue;
    open.push({
      id: invoice.id,
      number: invoice.number,
      customerId: invoice.customerId,
      openMinor,
      issuedOn: invoice.issuedOn,
      dueOn: invoice.dueOn,
      discountOn: invoice.discountOn,
      discountMinor: invoice.discountMinor,
      discountTaken: discounted.has(invoice.id),
    });
  }
  return open;
}

export function statementCustomersOf(generated: GeneratedBook): StatementCustomer[] {
  return generated.customers.map((customer) => ({
    id: customer.id,
    ref: customer.fields.ref,
    name: customer.fields.legalName ?? customer.fields.name,
  }));
}

/** ISO 13616 check digits over a German BBAN: a valid IBAN, as a bank would send it. */
function germanIban(bban: string): string {
  const numeric = `${bban}131400`; // "DE00" moved to the end, letters as numbers
  let remainder = 0;
  for (const digit of numeric) remainder = (remainder * 10 + Number(digit)) % 97;
  return `DE${String(98 - remainder).padStart(2, '0')}${bban}`;
}

function randomIban(random: Random): string {
  let bban = '';
  for (let i = 0; i < 18; i++) bban += String(random.int(0, 9));
  return germanIban(bban);
}

/** How a customer's money arrives: from which account, under which name. */
interface Payer {
  readonly account: string;
  /** Another account of the customer's that the history never shows. */
  readonly otherAccount: string;
  readonly name: string;
  readonly kind: 'own' | 'parent' | 'private';
  /** The name differs from the customer's as a bank writes it (upper case, cut, other form). */
  readonly nameDiffers: boolean;
}

function bankStyleName(random: Random, name: string): { name: string; differs: boolean } {
  const style = random.weighted([
    ['as is', 55],
    ['upper', 25],
    ['cut', 10],
    ['no suffix', 10],
  ] as const);
  switch (style) {
    case 'as is':
      return { name, differs: false };
    case 'upper':
      return { name: name.toUpperCase().replace(/[.,]/g, ''), differs: true };
    case 'cut':
      return { name: name.toUpperCase().slice(0, 18).trim(), differs: true };
    case 'no suffix':
      return { name: name.split(' ').slice(0, -1).join(' ') || name, differs: true };
  }
}

function payersOf(random: Random, customers: readonly StatementCustomer[]): Map<string, Payer> {
  const payers = new Map<string, Payer>();
  let parent: { account: string; name: string; left: number } | null = null;
  for (const customer of customers) {
    const kind = random.weighted([
      ['own', 84],
      ['parent', 9],
      ['private', 7],
    ] as const);
    const otherAccount = randomIban(random);
    if (kind === 'parent') {
      // Parents pay for two to four subsidiaries, one after the other in the customer list.
      if (parent === null || parent.left === 0) {
        const stem = customer.name.split(' ')[0] ?? 'Group';
        parent = {
          account: randomIban(random),
          name: `${stem} ${random.pick(['Holding AG', 'Group Ltd', 'Beteiligungs GmbH'])}`,
          left: random.int(2, 4),
        };
      }
      parent.left -= 1;
      payers.set(customer.id, {
        account: parent.account,
        otherAccount,
        name: parent.name,
        kind,
        nameDiffers: true,
      });
    } else if (kind === 'private') {
      payers.set(customer.id, {
        account: randomIban(random),
        otherAccount,
        name: `${random.pick(firstNames)} ${random.pick(lastNames)}`,
        kind,
        nameDiffers: true,
      });
    } else {
      const styled = bankStyleName(random, customer.name);
      payers.set(customer.id, {
        account: randomIban(random),
        otherAccount,
        name: styled.name,
        kind,
        nameDiffers: styled.differs,
      });
    }
  }
  return payers;
}

type ReferenceStyle =
  | 'rf_reference'
  | 'rf_wrong_check_digit'
  | 'number_exact'
  | 'number_without_separators'
  | 'number_wrapped'
  | 'number_with_prefix_text'
  | 'number_digits_only'
  | 'number_typo'
  | 'customer_ref'
  | 'no_reference';

const referenceStyles = [
  ['rf_reference', 18],
  ['rf_wrong_check_digit', 3],
  ['number_exact', 24],
  ['number_without_separators', 9],
  ['number_wrapped', 7],
  ['number_with_prefix_text', 10],
  ['number_digits_only', 6],
  ['number_typo', 5],
  ['customer_ref', 5],
  ['no_reference', 13],
] as const;

/** One character of the number's digits changed: a neighbour swapped or a digit mistyped. */
function withTypo(random: Random, number: string): string {
  const digits = [...number];
  const positions = digits.flatMap((char, index) => (/\d/.test(char) ? [index] : []));
  const at = positions[random.int(Math.max(0, positions.length - 4), positions.length - 1)]!;
  const next = positions.includes(at + 1) ? at + 1 : null;
  if (next !== null && digits[at] !== digits[next] && random.chance(0.5)) {
    [digits[at], digits[next]] = [digits[next]!, digits[at]!];
  } else {
    digits[at] = String((Number(digits[at]) + random.int(1, 9)) % 10);
  }
  return digits.join('');
}

function wrongCheckDigits(reference: string): string {
  const check = Number(reference.slice(2, 4));
  return `RF${String((check + 1) % 100).padStart(2, '0')}${reference.slice(4)}`;
}

/** Banks cut free text into pieces of 35 characters, wherever a number happens to stand. */
function wrap(text: string, width = 35): string[] {
  const pieces: string[] = [];
  for (let at = 0; at < text.length; at += width) pieces.push(text.slice(at, at + width));
  return pieces;
}

interface Remittance {
  readonly structured: readonly string[];
  readonly unstructured: readonly string[];
}

function remittanceFor(
  random: Random,
  style: ReferenceStyle,
  invoices: readonly StatementInvoice[],
  customer: StatementCustomer,
  amountText: string,
): Remittance {
  const numbers = invoices.map((invoice) => invoice.number);
  const list = numbers.join(random.pick([', ', ' ', '/', ' + ']));
  switch (style) {
    case 'rf_reference':
      return {
        structured: numbers.map((number) => makeRfReference(number)),
        unstructured: random.chance(0.3) ? [`Zahlung ${amountText} EUR`] : [],
      };
    case 'rf_wrong_check_digit':
      return {
        structured: numbers.map((number) => wrongCheckDigits(makeRfReference(number))),
        unstructured: [],
      };
    case 'number_exact':
      return { structured: [], unstructured: [list] };
    case 'number_without_separators':
      return {
        structured: [],
        unstructured: [
          numbers
            .map((number) =>
              random.chance(0.5)
                ? number.replace(/-/g, '')
                : number.toLowerCase().replace('-', ' '),
            )
            .join(' '),
        ],
      };
    case 'number_wrapped': {
      // A prefix long enough that the first number straddles the 35th character.
      const lead = 'Zahlung fuer Rechnung Nr. '.padEnd(random.int(28, 33), ' ');
      return { structured: [], unstructured: wrap(`${lead}${list}`) };
    }
    case 'number_with_prefix_text':
      return {
        structured: [],
        unstructured: [
          `${random.pick(['Rechnung', 'Invoice', 'RE', 'Facture', 'Rg.'])} ${list} ${random.pick(['vom', 'Kunde', 'Betrag'])} ${random.chance(0.5) ? customer.ref : amountText}`,
        ],
      };
    case 'number_digits_only':
      return {
        structured: [],
        unstructured: [`Rg ${numbers.map((number) => number.replace(/^\D+0*/, '')).join(' ')}`],
      };
    case 'number_typo':
      return {
        structured: [],
        unstructured: [`Invoice ${numbers.map((number) => withTypo(random, number)).join(', ')}`],
      };
    case 'customer_ref':
      return {
        structured: [],
        unstructured: [
          `${random.pick(['Kd-Nr', 'Customer', 'Client'])} ${customer.ref} ${amountText}`,
        ],
      };
    case 'no_reference':
      return {
        structured: [],
        unstructured: random.chance(0.5)
          ? [random.pick(['Zahlung', 'Payment', 'Ueberweisung', 'Danke'])]
          : [],
      };
  }
}

const unrelatedCredits = [
  { name: 'Finanzamt Muenchen', text: 'Erstattung Umsatzsteuer {n}' },
  { name: 'Own account', text: 'Umbuchung Tagesgeld' },
  { name: 'Bank interest', text: 'Zinsen {n}' },
  { name: 'Card Acquirer GmbH', text: 'Settlement batch {n}' },
  { name: '{person}', text: 'Rueckzahlung Auslage {n}' },
  { name: 'Versicherung AG', text: 'Schadenregulierung Vertrag {n}' },
] as const;

const debits = ['Bank fees', 'Supplier payment', 'Salary', 'Rent'] as const;

function xmlText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

interface Drafted {
  readonly truth: Omit<LineTruth, 'position' | 'ref'>;
  readonly remittance: Remittance;
}

/**
 * How many sets of at most `size` of the amounts add up to `target`: 0, 1, or 2 for "two or
 * more", which is also the answer when the search runs out of steps (not shown to be one).
 */
function setsSummingTo(amounts: readonly bigint[], target: bigint, size: number): number {
  const sorted = [...amounts].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  let count = 0;
  let steps = 0;
  const search = (from: number, left: bigint, depth: number): void => {
    for (let i = from; i < sorted.length && count < 2; i++) {
      if (++steps > 200_000) {
        count = 2;
        return;
      }
      const amount = sorted[i]!;
      if (amount > left) return;
      if (amount === left) count += 1;
      else if (depth > 1) search(i + 1, left - amount, depth - 1);
    }
  };
  search(0, target, size);
  return count;
}

class StatementWriter {
  private readonly byCustomer = new Map<string, StatementInvoice[]>();
  private readonly used = new Set<string>();
  /** Customers who paid a line of the statement being written. */
  readonly paidNow = new Set<string>();
  /** What each invoice has open when the statement being written is matched. */
  private readonly remaining = new Map<string, bigint>();
  private readonly pool: StatementInvoice[];

  constructor(
    private readonly random: Random,
    invoices: readonly StatementInvoice[],
    private readonly customers: ReadonlyMap<string, StatementCustomer>,
    private readonly payers: ReadonlyMap<string, Payer>,
    private readonly currency: string,
    private readonly customerOnce: boolean,
  ) {
    this.pool = [...invoices];
    for (const invoice of invoices) {
      this.remaining.set(invoice.id, invoice.openMinor);
      const list = this.byCustomer.get(invoice.customerId);
      if (list) list.push(invoice);
      else this.byCustomer.set(invoice.customerId, [invoice]);
    }
  }

  /** The day of the statement being written: it pays only invoices issued by then. */
  private bookedOn: CalendarDate | null = null;

  private payable(invoice: StatementInvoice): boolean {
    return this.bookedOn === null || invoice.issuedOn <= this.bookedOn;
  }

  /** The open invoices of the customer still open (not paid by a line written so far). */
  openOf(customerId: string): StatementInvoice[] {
    return (this.byCustomer.get(customerId) ?? []).filter(
      (invoice) => !this.used.has(invoice.id) && this.payable(invoice),
    );
  }

  /** The customer's open amounts when the statement is matched (earlier statements applied). */
  private amountsOpenAtMatch(customerId: string, except: ReadonlySet<string>): bigint[] {
    return (this.byCustomer.get(customerId) ?? [])
      .filter((invoice) => !except.has(invoice.id))
      .map((invoice) => this.remaining.get(invoice.id)!)
      .filter((open) => open > 0n);
  }

  /** A statement's truth applied: the next statement is matched against what is left open. */
  applied(truth: readonly LineTruth[]): void {
    for (const line of truth) {
      for (const allocation of line.allocations) {
        const open = this.remaining.get(allocation.invoiceId)!;
        this.remaining.set(
          allocation.invoiceId,
          allocation.discountMinor > 0n
            ? 0n
            : open - allocation.amountMinor - allocation.discountMinor,
        );
      }
    }
  }

  /** The invoices still open, with what they have open. */
  stillOpen(invoices: readonly StatementInvoice[]): StatementInvoice[] {
    return invoices.flatMap((invoice) => {
      const open = this.remaining.get(invoice.id)!;
      return open > 0n ? [{ ...invoice, openMinor: open }] : [];
    });
  }

  /** A random open invoice not yet paid by any line: customers with more open invoices pay more often. */
  private anyOpen(): StatementInvoice | null {
    for (let tries = 0; tries < 200 && this.pool.length > 0; tries++) {
      const at = this.random.int(0, this.pool.length - 1);
      const invoice = this.pool[at]!;
      if (this.customerOnce && this.paidNow.has(invoice.customerId)) continue;
      // Issued after the statement's day: left in the pool for a later statement.
      if (!this.payable(invoice)) continue;
      // Swap-remove: the pool shrinks as invoices are taken.
      this.pool[at] = this.pool[this.pool.length - 1]!;
      this.pool.pop();
      if (!this.used.has(invoice.id)) return invoice;
    }
    return null;
  }

  draft(bookedOn: CalendarDate, learned: ReadonlyMap<string, ReadonlySet<string>>): Drafted | null {
    this.bookedOn = bookedOn;
    const random = this.random;
    if (random.chance(0.04)) return this.unrelated();
    const first = this.anyOpen();
    if (first === null) return null;
    const customer = this.customers.get(first.customerId)!;
    this.paidNow.add(customer.id);
    const payer = this.payers.get(customer.id)!;
    const noise: NoiseKind[] = [];
    const amountKind = random.weighted([
      ['exact', 55],
      ['several', 18],
      ['partial', 7],
      ['short', 6],
      ['discount', 9],
      ['over', 5],
    ] as const);
    const paid: StatementInvoice[] = [first];
    this.used.add(first.id);
    if (amountKind === 'several') {
      const others = this.openOf(customer.id).slice(0, random.int(1, 4));
      for (const invoice of others) {
        paid.push(invoice);
        this.used.add(invoice.id);
      }
      if (paid.length > 1) noise.push('several_invoices');
    }
    const allocations = paid.map((invoice) => ({
      invoiceId: invoice.id,
      amountMinor: invoice.openMinor,
      discountMinor: 0n,
    }));
    let amount = paid.reduce((sum, invoice) => sum + invoice.openMinor, 0n);
    let unapplied = 0n;
    const only = allocations[0]!;
    if (amountKind === 'partial' && first.openMinor >= 200n) {
      only.amountMinor = (first.openMinor * BigInt(random.int(20, 80))) / 100n;
      amount = only.amountMinor;
      noise.push('partial_payment');
    } else if (amountKind === 'short' && first.openMinor > 2_000n) {
      // Bank charges or a rounding the payer allowed itself.
      only.amountMinor = first.openMinor - BigInt(random.int(50, 1_500));
      amount = only.amountMinor;
      noise.push('short_payment');
    } else if (
      amountKind === 'discount' &&
      first.discountMinor > 0n &&
      !first.discountTaken &&
      first.discountOn !== null &&
      first.discountOn >= bookedOn &&
      first.discountMinor < first.openMinor
    ) {
      only.amountMinor = first.openMinor - first.discountMinor;
      only.discountMinor = first.discountMinor;
      amount = only.amountMinor;
      noise.push('discount_taken');
    } else if (amountKind === 'over') {
      unapplied = random.chance(0.5)
        ? BigInt(random.int(1, 99)) * 100n
        : BigInt(random.int(1, 999));
      amount += unapplied;
      noise.push('over_payment');
    }

    const style: ReferenceStyle = random.weighted(referenceStyles);
    const amountText = formatAmount(amount, this.currency).replace('.', ',');
    const remittance = remittanceFor(random, style, paid, customer, amountText);
    noise.push(style);
    if (payer.kind === 'parent') noise.push('parent_pays');
    if (payer.kind === 'private') noise.push('private_person');
    if (payer.nameDiffers) noise.push('payer_name_differs');
    const fromOtherAccount = random.chance(0.1);
    if (fromOtherAccount) noise.push('new_account');
    const account = fromOtherAccount ? payer.otherAccount : payer.account;

    const paidIds = new Set(paid.map((invoice) => invoice.id));
    const referenceNamesAll = [
      'rf_reference',
      'number_exact',
      'number_without_separators',
      'number_wrapped',
      'number_with_prefix_text',
    ].includes(style);
    const total = paid.reduce((sum, invoice) => sum + invoice.openMinor, 0n);
    // The invoices paid whole (less an earned discount), nothing left over, nothing short.
    const whole =
      unapplied === 0n && !noise.includes('partial_payment') && !noise.includes('short_payment');
    let decidedBy: LineTruth['decidedBy'] = null;
    const accountCustomers = learned.get(account);
    if (referenceNamesAll) {
      const lessThanOne = paid.length === 1 && amount < total && !whole;
      const overWithPlainRest =
        unapplied > 0n &&
        setsSummingTo(this.amountsOpenAtMatch(customer.id, paidIds), unapplied, 2) === 0;
      // A plain number paid short or over reads the same as a typo that landed on another open
      // invoice, and such typos outnumber it, so it decides only with the payer pointing to the
      // customer too (check digits rule the typo out for RF references).
      const payerPoints =
        payer.kind === 'own' ||
        accountCustomers?.has(customer.id) === true ||
        remittance.unstructured.join(' ').includes(customer.ref);
      if (
        whole ||
        ((lessThanOne || overWithPlainRest) && (style === 'rf_reference' || payerPoints))
      )
        decidedBy = 'reference';
    } else {
      const known =
        (accountCustomers !== undefined &&
          accountCustomers.size === 1 &&
          accountCustomers.has(customer.id)) ||
        style === 'customer_ref';
      if (
        known &&
        whole &&
        !noise.includes('discount_taken') &&
        setsSummingTo(
          this.amountsOpenAtMatch(customer.id, new Set()),
          amount,
          Math.max(3, paid.length),
        ) === 1
      ) {
        decidedBy = 'payer';
      }
    }
    return {
      truth: {
        direction: 'credit',
        amountMinor: amount,
        customerId: customer.id,
        allocations,
        unappliedMinor: unapplied,
        noise,
        payerName: payer.name,
        payerAccount: account,
        decidedBy,
      },
      remittance,
    };
  }

  private unrelated(): Drafted {
    const random = this.random;
    const kind = random.pick(unrelatedCredits);
    const n = String(random.int(10_000, 9_999_999));
    const name = kind.name.replace(
      '{person}',
      `${random.pick(firstNames)} ${random.pick(lastNames)}`,
    );
    return {
      truth: {
        direction: 'credit',
        amountMinor: BigInt(random.int(500, 500_000)),
        customerId: null,
        allocations: [],
        unappliedMinor: 0n,
        noise: ['unrelated_credit'],
        payerName: name,
        payerAccount: randomIban(random),
        decidedBy: null,
      },
      remittance: { structured: [], unstructured: [kind.text.replace('{n}', n)] },
    };
  }

  debit(): Drafted {
    const random = this.random;
    return {
      truth: {
        direction: 'debit',
        amountMinor: BigInt(random.int(100, 300_000)),
        customerId: null,
        allocations: [],
        unappliedMinor: 0n,
        noise: ['debit'],
        payerName: random.pick(debits),
        payerAccount: randomIban(random),
        decidedBy: null,
      },
      remittance: { structured: [], unstructured: [random.pick(debits)] },
    };
  }
}

function entryXml(line: Drafted, ref: string, bookedOn: CalendarDate, currency: string): string {
  const side = line.truth.direction === 'credit' ? 'Dbtr' : 'Cdtr';
  const structured = line.remittance.structured
    .map(
      (reference) =>
        `<Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry></Tp><Ref>${reference}</Ref></CdtrRefInf></Strd>`,
    )
    .join('');
  const unstructured = line.remittance.unstructured
    .map((piece) => `<Ustrd>${xmlText(piece)}</Ustrd>`)
    .join('');
  const remittance =
    structured || unstructured ? `\n          <RmtInf>${unstructured}${structured}</RmtInf>` : '';
  return `
      <Ntry>
        <Amt Ccy="${currency}">${formatAmount(line.truth.amountMinor, currency)}</Amt>
        <CdtDbtInd>${line.truth.direction === 'credit' ? 'CRDT' : 'DBIT'}</CdtDbtInd>
        <Sts>BOOK</Sts>
        <BookgDt><Dt>${bookedOn}</Dt></BookgDt>
        <ValDt><Dt>${bookedOn}</Dt></ValDt>
        <NtryDtls><TxDtls>
          <Refs><AcctSvcrRef>${ref}</AcctSvcrRef></Refs>
          <RltdPties><${side}><Nm>${xmlText(line.truth.payerName)}</Nm></${side}><${side}Acct><Id><IBAN>${line.truth.payerAccount}</IBAN></Id></${side}Acct></RltdPties>${remittance}
        </TxDtls></NtryDtls>
      </Ntry>`;
}

function writeStatement(
  writer: StatementWriter,
  id: string,
  incoming: number,
  bookedOn: CalendarDate,
  currency: string,
  learned: ReadonlyMap<string, ReadonlySet<string>>,
  random: Random,
): GeneratedStatement {
  const drafted: Drafted[] = [];
  writer.paidNow.clear();
  for (let i = 0; i < incoming; i++) {
    const line = writer.draft(bookedOn, learned);
    if (line === null) break;
    drafted.push(line);
    // About one line in fifty is money out, kept by the import and never matched.
    if (random.chance(0.02)) drafted.push(writer.debit());
  }
  let balance = 0n;
  const entries: string[] = [];
  const truth: LineTruth[] = drafted.map((line, index) => {
    const ref = `${id}-${String(index + 1).padStart(6, '0')}`;
    balance += line.truth.direction === 'credit' ? line.truth.amountMinor : -line.truth.amountMinor;
    entries.push(entryXml(line, ref, bookedOn, currency));
    return { ...line.truth, ref, position: index + 1 };
  });
  const amount = (minor: bigint) => formatAmount(minor < 0n ? -minor : minor, currency);
  const xml = `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">
  <BkToCstmrStmt>
    <GrpHdr><MsgId>${id}</MsgId><CreDtTm>${bookedOn}T18:00:00</CreDtTm></GrpHdr>
    <Stmt>
      <Id>${id}</Id>
      <CreDtTm>${bookedOn}T18:00:00</CreDtTm>
      <Acct><Id><IBAN>${benchAccountIban}</IBAN></Id><Ccy>${currency}</Ccy></Acct>
      <Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="${currency}">0.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>${bookedOn}</Dt></Dt></Bal>
      <Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="${currency}">${amount(balance)}</Amt><CdtDbtInd>${balance < 0n ? 'DBIT' : 'CRDT'}</CdtDbtInd><Dt><Dt>${bookedOn}</Dt></Dt></Bal>${entries.join('')}
    </Stmt>
  </BkToCstmrStmt>
</Document>
`;
  return { xml, bookedOn, truth };
}

/**
 * The history statement and the measured one for a book's open invoices. Each open invoice is
 * paid by at most one line of the two; the history's truth, once confirmed, teaches the payer
 * accounts the measured statement's `payer` ground relies on.
 */
export function generateBankStatements(
  customers: readonly StatementCustomer[],
  invoices: readonly StatementInvoice[],
  options: BankStatementsOptions,
): GeneratedStatements {
  assert(Number.isSafeInteger(options.seed), 'the seed is an integer');
  assert(options.lines >= 0 && options.historyLines >= 0, 'line counts are not negative');
  const random = new Random(options.seed);
  const payers = payersOf(random.fork(), customers);
  const byId = new Map(customers.map((customer) => [customer.id, customer]));
  const writer = new StatementWriter(
    random.fork(),
    invoices,
    byId,
    payers,
    options.currency,
    options.customerOncePerStatement === true,
  );
  const historyOn = addDays(options.bookedOn, -1);
  const history = writeStatement(
    writer,
    `HIST-${options.seed}`,
    options.historyLines,
    historyOn,
    options.currency,
    new Map(),
    random.fork(),
  );
  // What confirming the history teaches: each account, the customers it paid for.
  const learned = new Map<string, Set<string>>();
  for (const line of history.truth) {
    if (line.customerId === null) continue;
    const set = learned.get(line.payerAccount) ?? new Set<string>();
    set.add(line.customerId);
    learned.set(line.payerAccount, set);
  }
  writer.applied(history.truth);
  const openAfterHistory = writer.stillOpen(invoices);
  const statement = writeStatement(
    writer,
    `STMT-${options.seed}`,
    options.lines,
    options.bookedOn,
    options.currency,
    learned,
    random.fork(),
  );
  return { history, statement, openAfterHistory };
}
