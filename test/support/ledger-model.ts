import { addDays, endOfMonth, type CalendarDate } from '../../src/core/calendar-date.js';

/**
 * An independent, in-memory replay of the A/R ledger for property tests: plain JavaScript over
 * the operations that succeeded, written from the rules in docs/design-decisions.md rather than from the
 * services' code, so that a test can compare what the database says against what the history
 * says. Amounts are bigint minor units, dates `YYYY-MM-DD` strings (which compare as dates).
 */

export interface ModelLine {
  /** Quantity in thousandths (1500 = 1.5). */
  readonly quantityMilli: bigint;
  readonly priceMinor: bigint;
  /** Tax rate in hundredths of a percent (1950 = 19.5 %). */
  readonly taxRateCentiPercent: bigint;
}

export interface ModelTerms {
  readonly netDays: number;
  readonly endOfMonth: boolean;
  readonly discount: { readonly basisPoints: bigint; readonly days: number } | null;
}

export interface ModelInvoice {
  readonly id: string;
  readonly customerId: string;
  readonly currency: string;
  readonly totalMinor: bigint;
  readonly terms: ModelTerms;
  state: 'draft' | 'issued' | 'void';
  number: string | null;
  issuedOn: string | null;
  dueOn: string | null;
  discountOn: string | null;
  discountMinor: bigint;
  voidedOn: string | null;
}

export type SourceKind = 'payment' | 'credit_note';
export type ApplicationSourceType = 'payment' | 'credit_note' | 'write_off' | 'discount';

export interface ModelSource {
  readonly kind: SourceKind;
  readonly id: string;
  readonly customerId: string;
  readonly currency: string;
  readonly amountMinor: bigint;
  /** Received on (payment) or issued on (credit note). */
  readonly on: string;
  reversedOn: string | null;
  readonly refunds: { amountMinor: bigint; on: string }[];
}

export interface ModelApplication {
  readonly invoiceId: string;
  readonly sourceType: ApplicationSourceType;
  readonly sourceId: string;
  readonly amountMinor: bigint;
  readonly on: string;
}

export interface PlannedModelApplication {
  readonly invoiceId: string;
  readonly amountMinor: bigint;
  readonly discountMinor: bigint;
}

/** Integer division of non-negative numbers, rounding half up. */
export function halfUp(numerator: bigint, denominator: bigint): bigint {
  return (numerator * 2n + denominator) / (denominator * 2n);
}

/**
 * A document's total: each line's net is quantity × price rounded to the cent; tax is taken once
 * per rate on the sum of that rate's nets and rounded the same way.
 */
export function documentTotal(lines: readonly ModelLine[]): bigint {
  const netsByRate = new Map<bigint, bigint>();
  let subtotal = 0n;
  for (const line of lines) {
    const net = halfUp(line.quantityMilli * line.priceMinor, 1000n);
    subtotal += net;
    netsByRate.set(
      line.taxRateCentiPercent,
      (netsByRate.get(line.taxRateCentiPercent) ?? 0n) + net,
    );
  }
  let tax = 0n;
  for (const [rate, nets] of netsByRate) tax += halfUp(nets * rate, 10_000n);
  return subtotal + tax;
}

export class LedgerModel {
  readonly invoices: ModelInvoice[] = [];
  readonly sources: ModelSource[] = [];
  readonly applications: ModelApplication[] = [];
  private invoicesIssued = 0;
  private creditNotesIssued = 0;

  invoice(id: string): ModelInvoice {
    const invoice = this.invoices.find((candidate) => candidate.id === id);
    if (!invoice) throw new Error(`model: no invoice ${id}`);
    return invoice;
  }

  source(id: string): ModelSource {
    const source = this.sources.find((candidate) => candidate.id === id);
    if (!source) throw new Error(`model: no source ${id}`);
    return source;
  }

  nextInvoiceNumber(): string {
    return `INV-${String(this.invoicesIssued + 1).padStart(6, '0')}`;
  }

  nextCreditNoteNumber(): string {
    return `CN-${String(this.creditNotesIssued + 1).padStart(6, '0')}`;
  }

  addDraft(
    invoice: Omit<
      ModelInvoice,
      'state' | 'number' | 'issuedOn' | 'dueOn' | 'discountOn' | 'discountMinor' | 'voidedOn'
    >,
  ) {
    this.invoices.push({
      ...invoice,
      state: 'draft',
      number: null,
      issuedOn: null,
      dueOn: null,
      discountOn: null,
      discountMinor: 0n,
      voidedOn: null,
    });
  }

  /** Issues a draft: the next number, and the due date and discount the terms give. */
  issue(id: string, issuedOn: string) {
    const invoice = this.invoice(id);
    const base = invoice.terms.endOfMonth
      ? endOfMonth(issuedOn as CalendarDate)
      : (issuedOn as CalendarDate);
    invoice.state = 'issued';
    invoice.number = this.nextInvoiceNumber();
    this.invoicesIssued += 1;
    invoice.issuedOn = issuedOn;
    invoice.dueOn = addDays(base, invoice.terms.netDays);
    const discount = invoice.terms.discount;
    invoice.discountOn = discount ? addDays(base, discount.days) : null;
    invoice.discountMinor = discount
      ? halfUp(invoice.totalMinor * discount.basisPoints, 10_000n)
      : 0n;
  }

  addCreditNote(note: Omit<ModelSource, 'kind' | 'reversedOn' | 'refunds'>) {
    this.creditNotesIssued += 1;
    this.sources.push({ ...note, kind: 'credit_note', reversedOn: null, refunds: [] });
  }

  addPayment(payment: Omit<ModelSource, 'kind' | 'reversedOn' | 'refunds'>) {
    this.sources.push({ ...payment, kind: 'payment', reversedOn: null, refunds: [] });
  }

  applicationsOf(invoiceId: string): ModelApplication[] {
    return this.applications.filter((application) => application.invoiceId === invoiceId);
  }

  /** Open balance now: total minus every application. */
  openOf(invoice: ModelInvoice): bigint {
    if (invoice.state !== 'issued') return 0n;
    return (
      invoice.totalMinor -
      this.applicationsOf(invoice.id).reduce((sum, a) => sum + a.amountMinor, 0n)
    );
  }

  /** Open balance as of a date, or null when the invoice was not on the books that day. */
  openAsOf(invoice: ModelInvoice, asOf: string): bigint | null {
    if (invoice.state === 'draft' || invoice.issuedOn === null || invoice.issuedOn > asOf)
      return null;
    if (invoice.state === 'void' && invoice.voidedOn !== null && invoice.voidedOn <= asOf)
      return null;
    const applied = this.applicationsOf(invoice.id)
      .filter((application) => application.on <= asOf)
      .reduce((sum, a) => sum + a.amountMinor, 0n);
    return invoice.totalMinor - applied;
  }

  /**
   * The most that can be applied on `on`: money dated then counts on every later day too, so it is
   * the least of the open balances on `on` and on each later day something was applied or reversed.
   */
  applicableOn(invoice: ModelInvoice, on: string): bigint {
    if (invoice.state !== 'issued') return 0n;
    const days = new Set([
      on,
      ...this.applicationsOf(invoice.id)
        .map((a) => a.on)
        .filter((day) => day > on),
    ]);
    let least = this.openOf(invoice);
    for (const day of days) {
      const open = this.openAsOf(invoice, day) ?? invoice.totalMinor;
      if (open < least) least = open;
    }
    return least;
  }

  /** Money can be applied to an invoice that is issued, not void, and has something open. */
  acceptsMoney(invoice: ModelInvoice): boolean {
    return invoice.state === 'issued' && this.openOf(invoice) > 0n;
  }

  discountTaken(invoice: ModelInvoice): boolean {
    return (
      this.applicationsOf(invoice.id)
        .filter((a) => a.sourceType === 'discount')
        .reduce((sum, a) => sum + a.amountMinor, 0n) > 0n
    );
  }

  /** The early-payment discount still on offer on `on`: inside the window, once, less than what is open. */
  availableDiscount(invoice: ModelInvoice, on: string): bigint {
    if (invoice.discountOn === null || invoice.discountMinor === 0n || this.discountTaken(invoice))
      return 0n;
    if (on > invoice.discountOn) return 0n;
    return invoice.discountMinor < this.applicableOn(invoice, on) ? invoice.discountMinor : 0n;
  }

  /** What a source has applied (its own money, not discounts) and refunded. */
  appliedOf(source: ModelSource): bigint {
    return this.applications
      .filter((a) => a.sourceId === source.id && a.sourceType === source.kind)
      .reduce((sum, a) => sum + a.amountMinor, 0n);
  }

  refundedOf(source: ModelSource): bigint {
    return source.refunds.reduce((sum, refund) => sum + refund.amountMinor, 0n);
  }

  unappliedOf(source: ModelSource): bigint {
    if (source.reversedOn !== null) return 0n;
    return source.amountMinor - this.appliedOf(source) - this.refundedOf(source);
  }

  unappliedAsOf(source: ModelSource, asOf: string): bigint | null {
    if (source.on > asOf) return null;
    if (source.reversedOn !== null && source.reversedOn <= asOf) return 0n;
    const applied = this.applications
      .filter((a) => a.sourceId === source.id && a.sourceType === source.kind && a.on <= asOf)
      .reduce((sum, a) => sum + a.amountMinor, 0n);
    const refunded = source.refunds
      .filter((refund) => refund.on <= asOf)
      .reduce((sum, refund) => sum + refund.amountMinor, 0n);
    return source.amountMinor - applied - refunded;
  }

  /** The customer's invoices that money in `currency` could go to on `on`, oldest (by due date) first. */
  oldestFirst(customerId: string, currency: string, on: string): ModelInvoice[] {
    return this.invoices
      .filter(
        (i) =>
          i.customerId === customerId &&
          i.currency === currency &&
          this.acceptsMoney(i) &&
          (i.issuedOn as string) <= on,
      )
      .sort(
        (a, b) =>
          (a.dueOn as string).localeCompare(b.dueOn as string) ||
          (a.issuedOn as string).localeCompare(b.issuedOn as string) ||
          (a.number as string).localeCompare(b.number as string),
      );
  }

  /**
   * Spreads `amountMinor` over the customer's invoices oldest first; an invoice inside its
   * discount window is settled net of the discount when the money covers that.
   */
  planOldestFirst(
    customerId: string,
    currency: string,
    amountMinor: bigint,
    on: string,
  ): PlannedModelApplication[] {
    let remaining = amountMinor;
    const planned: PlannedModelApplication[] = [];
    for (const invoice of this.oldestFirst(customerId, currency, on)) {
      if (remaining === 0n) break;
      const open = this.applicableOn(invoice, on);
      if (open === 0n) continue;
      const discount = this.availableDiscount(invoice, on);
      if (discount > 0n && remaining >= open - discount) {
        planned.push({
          invoiceId: invoice.id,
          amountMinor: open - discount,
          discountMinor: discount,
        });
        remaining -= open - discount;
        continue;
      }
      const amount = remaining < open ? remaining : open;
      planned.push({ invoiceId: invoice.id, amountMinor: amount, discountMinor: 0n });
      remaining -= amount;
    }
    return planned;
  }

  /** The discount a manual application of exactly the open balance net of the discount earns. */
  manualDiscount(invoice: ModelInvoice, amountMinor: bigint, on: string): bigint {
    const discount = this.availableDiscount(invoice, on);
    return discount > 0n && amountMinor === this.applicableOn(invoice, on) - discount
      ? discount
      : 0n;
  }

  applyPlanned(source: ModelSource, planned: readonly PlannedModelApplication[], on: string) {
    // Discounts are decided before any row is added, as one request sees the invoices as they were.
    for (const application of planned) {
      this.applications.push({
        invoiceId: application.invoiceId,
        sourceType: source.kind,
        sourceId: source.id,
        amountMinor: application.amountMinor,
        on,
      });
      if (application.discountMinor > 0n) {
        this.applications.push({
          invoiceId: application.invoiceId,
          sourceType: 'discount',
          sourceId: source.id,
          amountMinor: application.discountMinor,
          on,
        });
      }
    }
  }

  /** A reversal appends the negative of everything the payment and its discounts still settle. */
  reverse(payment: ModelSource, on: string) {
    const net = new Map<
      string,
      { invoiceId: string; sourceType: ApplicationSourceType; amountMinor: bigint }
    >();
    for (const a of this.applications.filter((row) => row.sourceId === payment.id)) {
      const key = `${a.invoiceId}/${a.sourceType}`;
      const current = net.get(key) ?? {
        invoiceId: a.invoiceId,
        sourceType: a.sourceType,
        amountMinor: 0n,
      };
      net.set(key, { ...current, amountMinor: current.amountMinor + a.amountMinor });
    }
    for (const row of net.values()) {
      if (row.amountMinor !== 0n) {
        this.applications.push({
          invoiceId: row.invoiceId,
          sourceType: row.sourceType,
          sourceId: payment.id,
          amountMinor: -row.amountMinor,
          on,
        });
      }
    }
    payment.reversedOn = on;
  }

  /** An invoice's issue date or its latest application's, whichever is later (null for a draft). */
  latestActivityOf(invoice: ModelInvoice): string | null {
    if (invoice.issuedOn === null) return null;
    return this.applicationsOf(invoice.id).reduce(
      (latest, a) => (a.on > latest ? a.on : latest),
      invoice.issuedOn,
    );
  }

  latestApplicationOf(source: ModelSource): string {
    return this.applications
      .filter((a) => a.sourceId === source.id)
      .reduce((latest, a) => (a.on > latest ? a.on : latest), source.on);
  }
}
