import type { Actor } from '../core/actor.js';
import { addDays, type CalendarDate } from '../core/calendar-date.js';
import { AppError, unwrap } from '../core/errors.js';
import type { BillingAddress } from '../customers/customer.js';
import { findCustomer } from '../customers/find-customer.service.js';
import { findOrganization } from '../organizations/find-organization.service.js';
import { organizationToday } from '../organizations/find-organization.service.js';
import type { Database, Db } from '../platform/db/database.js';
import { agingRow, type AgingBasis, type AgingBucket, type AgingRow } from './aging.js';
import { agingBoundsFor } from './aging-settings.service.js';
import { agingOf, type AgingReport } from './get-aging.service.js';
import { resolveScope } from './resolve-report-scope.service.js';
import {
  checkLineCount,
  statementCurrencies,
  statementLinesMax,
  statementPeriod,
  statementSection,
  type StatementEvent,
  type StatementPeriod,
  type StatementSection,
} from './statement.js';
import {
  customerBalancesAsOf,
  readOneSnapshot,
  statementEvents,
  type StatementEventRow,
} from './statement.sql.js';

export interface StatementRequest {
  /** The customer, by id or by reference. */
  readonly customerId?: string | undefined;
  readonly customerRef?: string | undefined;
  /** Defaults to the first day of the month of `to`. */
  readonly from?: CalendarDate | undefined;
  /** Defaults to today in the organization's time zone. */
  readonly to?: CalendarDate | undefined;
  /** One currency; by default every currency the customer had a balance or an event in. */
  readonly currency?: string | undefined;
}

export interface StatementCustomer {
  readonly id: string;
  readonly ref: string;
  readonly name: string;
  readonly legalName: string | null;
  readonly billingAddress: BillingAddress | null;
}

export interface StatementCurrency extends StatementSection {
  /** The customer's aging as of the end of the period: its balance is the closing balance. */
  readonly aging: AgingRow;
}

export interface Statement {
  readonly organizationName: string;
  readonly customer: StatementCustomer;
  readonly from: CalendarDate;
  readonly to: CalendarDate;
  readonly agingBasis: AgingBasis;
  readonly agingBuckets: readonly AgingBucket[];
  readonly currencies: readonly StatementCurrency[];
}

const agingBasis: AgingBasis = 'due';

/**
 * A customer's statement of account for a period, per currency: the balance the day before the
 * period, every invoice, void, credit note, payment, discount, write-off, refund and reversal in
 * it with the running balance, the closing balance and the aging as of the last day. All of it
 * is read from one snapshot, and the lines are checked to lead from the opening balance to the
 * closing one, which is the aging's.
 * Codes: customer_required, customer_not_found, customer_mismatch, currency_unknown, period_invalid,
 * statement_too_long.
 */
export async function getStatement(
  database: Database,
  actor: Actor,
  request: StatementRequest,
): Promise<Statement> {
  if (request.customerId === undefined && request.customerRef === undefined) {
    throw new AppError(
      'invalid',
      'customer_required',
      'Name the customer, by id or by reference.',
      'customer',
    );
  }
  return database.transaction(async ({ db }) => {
    await readOneSnapshot(db);
    const scope = await resolveScope(db, actor.orgId, {
      customerId: request.customerId,
      customerRef: request.customerRef,
      currency: request.currency,
    });
    const customer = (await findCustomer(db, actor.orgId, scope.customerId!))!;
    const period = unwrap(
      statementPeriod(request.from, request.to ?? (await organizationToday(db, actor.orgId))),
    );
    const ledger = await readLedger(db, actor.orgId, customer.id, period, scope.currency);
    return {
      organizationName: (await findOrganization(db, actor.orgId))?.name ?? '',
      customer: {
        id: customer.id,
        ref: customer.ref,
        name: customer.name,
        legalName: customer.legal_name,
        billingAddress: customer.billing_address as BillingAddress | null,
      },
      from: period.from,
      to: period.to,
      agingBasis,
      agingBuckets: ledger.aging.buckets,
      currencies: sectionsOf(
        ledger,
        customer.id,
        statementCurrencies(scope.currency, currenciesOf(ledger, customer.id), customer.currency),
      ),
    };
  });
}

interface StatementLedger {
  readonly events: readonly StatementEvent[];
  readonly opening: ReadonlyMap<string, bigint>;
  readonly aging: AgingReport;
}

/** What the statement is made of: the period's events, the balances the day before, the aging on the last day. */
async function readLedger(
  db: Db,
  orgId: string,
  customerId: string,
  period: StatementPeriod,
  currency: string | undefined,
): Promise<StatementLedger> {
  const rows = await statementEvents(
    db,
    orgId,
    customerId,
    period,
    currency,
    statementLinesMax + 1,
  );
  unwrap(checkLineCount(rows.length));
  const opening = await customerBalancesAsOf(
    db,
    orgId,
    customerId,
    addDays(period.from, -1),
    currency,
  );
  const bounds = await agingBoundsFor(db, orgId, agingBasis);
  const aging = await agingOf(
    db,
    orgId,
    period.to,
    agingBasis,
    bounds,
    { customerId, currency },
    false,
  );
  return { events: rows.map(eventOf), opening, aging };
}

function agingRowOf(
  aging: AgingReport,
  customerId: string,
  currency: string,
): AgingRow | undefined {
  return aging.currencies
    .find((c) => c.currency === currency)
    ?.customers.find((row) => row.customerId === customerId);
}

/** Every currency with an event, or a balance before or after the period. */
function currenciesOf(ledger: StatementLedger, customerId: string): string[] {
  const opened = [...ledger.opening.entries()]
    .filter(([, minor]) => minor !== 0n)
    .map(([currency]) => currency);
  const closed = ledger.aging.currencies
    .filter((c) => agingRowOf(ledger.aging, customerId, c.currency))
    .map((c) => c.currency);
  return [...ledger.events.map((event) => event.currency), ...opened, ...closed];
}

function sectionsOf(
  ledger: StatementLedger,
  customerId: string,
  currencies: readonly string[],
): StatementCurrency[] {
  const noAging = agingRow(
    ledger.aging.buckets.map(() => 0n),
    0n,
  );
  return currencies.map((currency) => {
    const aging = agingRowOf(ledger.aging, customerId, currency) ?? noAging;
    const events = ledger.events.filter((event) => event.currency === currency);
    return {
      ...statementSection(currency, ledger.opening.get(currency) ?? 0n, events, aging.balanceMinor),
      aging,
    };
  });
}

function eventOf(row: StatementEventRow): StatementEvent {
  const common = {
    type: row.type,
    on: row.on_date as CalendarDate,
    currency: row.currency,
    documentType: row.document_type,
    documentId: row.document_id,
    eventId: row.event_id,
    number: row.number,
    amountMinor: row.amount_minor,
  };
  switch (row.type) {
    case 'invoice':
      return {
        ...common,
        facts: {
          dueOn: row.due_on as CalendarDate | null,
          lateFee: row.note === 'late_fee',
          poNumber: row.related,
        },
      };
    case 'credit_note':
    case 'discount':
      return { ...common, facts: { relatedNumber: row.related, reason: row.note } };
    case 'payment':
      return { ...common, facts: { appliedTo: row.applied_to ?? [] } };
    case 'payment_reversal':
      return { ...common, facts: { reason: row.note, discountMinor: row.discount_minor ?? 0n } };
    case 'refund':
      return { ...common, facts: { reference: row.note } };
    case 'invoice_void':
    case 'write_off':
      return { ...common, facts: { reason: row.note } };
  }
}
