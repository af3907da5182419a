import type { Actor } from '../core/actor.js';
import { parseCalendarDate, type CalendarDate } from '../core/calendar-date.js';
import { AppError, unwrap } from '../core/errors.js';
import { isId, newId } from '../core/ids.js';
import { limits } from '../core/limits.js';
import { formatAmount, parseAmount, parseCurrency, sumMinor } from '../core/money.js';
import type { Result } from '../core/result.js';
import { findCustomer, type CustomerRow } from '../customers/find-customer.service.js';
import { openInvoiceIdsOfCustomer } from '../ledger/list-applications.service.js';
import { organizationToday } from '../organizations/find-organization.service.js';
import { recordPayment } from '../payments/record-payment.service.js';
import { recordAudit } from '../platform/audit/audit.sql.js';
import { transactionAsDatabase, type Database, type Db, type Tx } from '../platform/db/database.js';
import { idempotent } from '../platform/idempotency/idempotency.sql.js';
import {
  commissionMinor,
  overdueInvoices,
  parsePlacementInput,
  placementAmount,
  planRecovery,
  type PlaceableInvoice,
  type PlacementInput,
  type PlacementStatus,
  type PlacementTerms,
} from './agency.js';
import { agencyHistoryRowsMax, type AgencyFile } from './agency-file.js';
import {
  activelyPlaced,
  contactHistory,
  debtorOf,
  endPlacement,
  findPlacement,
  insertPlacement,
  insertRecovery,
  listPlacementRows,
  lockInvoices,
  placedInvoices,
  recoveriesOf,
  type Placement,
  type PlacementDetail,
  type Recovery,
} from './agency.sql.js';
import { placementAuditView } from './agency.view.js';

export type { PlacementDetail };

// Codes about the invoices' state are conflicts with the ledger; the rest are bad input.
const conflictCodes = new Set(['invoice_not_open', 'no_overdue_invoices', 'recovery_exceeds_open']);
const unwrapChecked = <T>(result: Result<T>): T =>
  unwrap(result, !result.ok && conflictCodes.has(result.error.code) ? 'conflict' : 'invalid');

async function loadPlacement(
  db: Db,
  orgId: string,
  id: string,
  forUpdate = false,
): Promise<Placement> {
  const placement = isId(id) ? await findPlacement(db, orgId, id, { forUpdate }) : undefined;
  if (!placement) throw AppError.notFound('placement', 'id');
  return placement;
}

async function loadCustomer(db: Db, orgId: string, customerId: string): Promise<CustomerRow> {
  const customer = isId(customerId) ? await findCustomer(db, orgId, customerId) : undefined;
  if (!customer) throw AppError.notFound('customer', 'customer_id');
  return customer;
}

function activeOnly(placement: Placement): void {
  if (placement.status !== 'active') {
    throw new AppError(
      'conflict',
      'placement_not_active',
      `The placement is ${placement.status}; only an active placement changes.`,
      'id',
    );
  }
}

function optionalDate(text: string | undefined, today: CalendarDate, field: string): CalendarDate {
  return text === undefined ? today : unwrap(parseCalendarDate(text, field));
}

// ---------------------------------------------------------------------------------------------
// Placing

interface Selected {
  readonly invoices: readonly PlaceableInvoice[];
  /** The request field of each invoice, for errors. */
  readonly fields: readonly string[];
}

async function namedInvoices(db: Db, orgId: string, ids: readonly string[]): Promise<Selected> {
  const badIndex = ids.findIndex((id) => !isId(id));
  if (badIndex >= 0) throw AppError.notFound('invoice', `invoice_ids[${badIndex}]`);
  const locked = await lockInvoices(db, orgId, ids);
  const missing = locked.findIndex((invoice) => invoice === undefined);
  if (missing >= 0) throw AppError.notFound('invoice', `invoice_ids[${missing}]`);
  const invoices = locked as PlaceableInvoice[];
  const placed = await activelyPlaced(db, orgId, ids);
  const taken = invoices.findIndex((invoice) => placed.has(invoice.id));
  if (taken >= 0) {
    const other = placed.get(invoices[taken]!.id);
    throw new AppError(
      'conflict',
      'invoice_already_placed',
      `Invoice ${invoices[taken]!.number} is already in the active placement ${other}.`,
      `invoice_ids[${taken}]`,
    );
  }
  return { invoices, fields: ids.map((_, index) => `invoice_ids[${index}]`) };
}

/** Every overdue invoice not already with an agency: those are left where they are. */
async function overdueSelection(
  db: Db,
  orgId: string,
  customer: CustomerRow,
  currencyText: string | undefined,
  placedOn: CalendarDate,
): Promise<Selected> {
  const currency =
    currencyText === undefined ? customer.currency : unwrap(parseCurrency(currencyText));
  const locked = await lockInvoices(
    db,
    orgId,
    await openInvoiceIdsOfCustomer(db, orgId, customer.id, currency),
  );
  const open = locked.filter((invoice): invoice is PlaceableInvoice => invoice !== undefined);
  const placed = await activelyPlaced(
    db,
    orgId,
    open.map((invoice) => invoice.id),
  );
  const invoices = overdueInvoices(open, currency, placedOn).filter(
    (invoice) => !placed.has(invoice.id),
  );
  if (invoices.length > limits.invoicesPerCommitmentMax) {
    throw new AppError(
      'invalid',
      'too_many_invoices',
      `${invoices.length} invoices are overdue; at most ${limits.invoicesPerCommitmentMax} go in one placement.`,
      'all_overdue',
    );
  }
  return { invoices, fields: invoices.map(() => 'all_overdue') };
}

async function selectInvoices(
  db: Db,
  orgId: string,
  customer: CustomerRow,
  terms: PlacementTerms,
  currency: string | undefined,
) {
  if (terms.selection.kind === 'invoices')
    return namedInvoices(db, orgId, terms.selection.invoiceIds);
  return overdueSelection(db, orgId, customer, currency, terms.placedOn);
}

/**
 * Hands invoices of one customer over to an agency or to legal. The amount is their open total
 * now. An invoice is in one active placement at most; with all_overdue, those already placed are
 * left out.
 * Codes: agency_required, text_too_long, channel_invalid, date_invalid, placed_on_future,
 * decimal_invalid, decimal_too_precise, percent_invalid (commission_percent), invoices_required,
 * invoice_selection_conflict, invoice_repeated, too_many_invoices, currency_unknown,
 * customer_not_found, invoice_not_found, invoice_customer_mismatch, invoice_not_open,
 * currency_mismatch, placement_before_issue, invoice_already_placed, no_overdue_invoices.
 */
export async function placeInvoices(
  database: Database,
  actor: Actor,
  input: PlacementInput,
): Promise<PlacementDetail> {
  const today = await organizationToday(database.db, actor.orgId);
  const terms = unwrap(parsePlacementInput(input, today));
  const id = await database.transaction(async ({ db }) => {
    const customer = await loadCustomer(db, actor.orgId, input.customerId);
    const selected = await selectInvoices(db, actor.orgId, customer, terms, input.currency);
    const { currency, amountMinor } = unwrapChecked(
      placementAmount(selected.invoices, customer.id, terms.placedOn, selected.fields),
    );
    const placementId = newId();
    const invoiceIds = selected.invoices.map((invoice) => invoice.id);
    await insertPlacement(
      db,
      actor.orgId,
      {
        id: placementId,
        customerId: customer.id,
        currency,
        amountMinor,
        invoiceIds,
        createdBy: actor.id,
      },
      terms,
    );
    const created = (await findPlacement(db, actor.orgId, placementId))!;
    await recordAudit(db, actor, [
      {
        action: 'agency_placement.created',
        entityType: 'agency_placement',
        entityId: placementId,
        after: placementAuditView(created),
      },
    ]);
    return placementId;
  });
  return getPlacement(database, actor, id);
}

// ---------------------------------------------------------------------------------------------
// Recoveries

export interface RecoveryInput {
  /** Gross: what the agency collected before its commission. Decimal string in major units. */
  readonly amount: string;
  readonly recoveredOn?: string | undefined;
  /** The agency's remittance reference, kept on the payment. */
  readonly reference?: string | null | undefined;
}

export interface RecordedRecovery {
  readonly recovery: Recovery;
  readonly placement: PlacementDetail;
}

/** Returns the new recovery's id: what an idempotent replay gives back, to be read afresh. */
async function recordRecoveryIn(
  tx: Tx,
  database: Database,
  actor: Actor,
  placementId: string,
  input: RecoveryInput,
): Promise<string> {
  const { db } = tx;
  const placement = await loadPlacement(db, actor.orgId, placementId, true);
  activeOnly(placement);
  const amountMinor = unwrap(parseAmount(input.amount, placement.currency, 'amount'));
  if (amountMinor === 0n)
    throw new AppError('invalid', 'amount_not_positive', 'A recovery is more than zero.', 'amount');
  const recoveredOn = optionalDate(
    input.recoveredOn,
    await organizationToday(db, actor.orgId),
    'recovered_on',
  );
  if (recoveredOn < placement.placedOn) {
    throw new AppError(
      'invalid',
      'recovery_before_placement',
      `The invoices were placed on ${placement.placedOn}.`,
      'recovered_on',
    );
  }
  const invoices = (await lockInvoices(db, actor.orgId, placement.invoiceIds)).filter(
    (invoice): invoice is PlaceableInvoice => invoice !== undefined,
  );
  const planned = unwrapChecked(
    planRecovery(amountMinor, invoices, recoveredOn, placement.currency),
  );
  const payment = await recordPayment(transactionAsDatabase(database, tx), actor, {
    customerId: placement.customerId,
    amount: formatAmount(amountMinor, placement.currency),
    currency: placement.currency,
    receivedOn: recoveredOn,
    // The payments CHECK (migration 0001) has no 'agency' method.
    method: 'other',
    reference: input.reference,
    payer: placement.agency,
    memo: `Recovered by ${placement.agency} (${placement.channel} placement ${placement.id})`,
    applications: planned.map((application) => ({
      invoiceId: application.invoiceId,
      amount: formatAmount(application.amountMinor, placement.currency),
      takeDiscount: false,
    })),
  });
  const recovery = {
    id: newId(),
    placementId: placement.id,
    recoveredOn,
    amountMinor,
    paymentId: payment.id,
    createdBy: actor.id,
    commissionMinor: commissionMinor(amountMinor, placement.commissionPercentScaled),
  };
  await insertRecovery(db, actor.orgId, recovery);
  await recordAudit(db, actor, [
    {
      action: 'agency_placement.recovery_recorded',
      entityType: 'agency_placement',
      entityId: placement.id,
      after: recovery,
    },
  ]);
  return recovery.id;
}

/**
 * Records money the agency recovered: a payment (method other, payer the agency) applied to the
 * placed invoices oldest first, and the recovery with its commission, in one transaction.
 * Idempotent with a key.
 * Codes: placement_not_found, placement_not_active, amount_invalid, amount_too_precise,
 * amount_not_positive, date_invalid, recovery_before_placement, recovery_exceeds_open (amount),
 * idempotency_key_reused, and recordPayment's codes.
 */
export async function recordRecovery(
  database: Database,
  actor: Actor,
  placementId: string,
  input: RecoveryInput,
  options: { idempotencyKey?: string | undefined } = {},
): Promise<RecordedRecovery> {
  const recoveryId = await database.transaction((tx) =>
    idempotent(
      tx,
      actor,
      options.idempotencyKey,
      'agency.recovery',
      { placementId, ...input },
      () => recordRecoveryIn(tx, database, actor, placementId, input),
    ),
  );
  const placement = await getPlacement(database, actor, placementId);
  return {
    recovery: placement.recoveries.find((recovery) => recovery.id === recoveryId)!,
    placement,
  };
}

// ---------------------------------------------------------------------------------------------
// Closing and recalling

export interface EndInput {
  /** Default today. */
  readonly on?: string | undefined;
  /** Why, kept with the placement's notes. */
  readonly reason?: string | null | undefined;
}

async function endAs(
  database: Database,
  actor: Actor,
  id: string,
  status: 'closed' | 'recalled',
  input: EndInput,
): Promise<PlacementDetail> {
  const reason = input.reason?.trim() || null;
  if (reason !== null && reason.length > limits.textLengthMax)
    throw new AppError(
      'invalid',
      'text_too_long',
      `At most ${limits.textLengthMax} characters.`,
      'reason',
    );
  await database.transaction(async ({ db }) => {
    const before = await loadPlacement(db, actor.orgId, id, true);
    activeOnly(before);
    const on = optionalDate(input.on, await organizationToday(db, actor.orgId), 'on');
    if (on < before.placedOn)
      throw new AppError(
        'invalid',
        'end_before_placement',
        `The invoices were placed on ${before.placedOn}.`,
        'on',
      );
    const noted =
      reason === null
        ? before.notes
        : [before.notes, `${status === 'closed' ? 'Closed' : 'Recalled'} on ${on}: ${reason}`]
            .filter(Boolean)
            .join('\n');
    await endPlacement(db, actor.orgId, before.id, status, on, noted);
    const after = (await findPlacement(db, actor.orgId, before.id))!;
    await recordAudit(db, actor, [
      {
        action: `agency_placement.${status}`,
        entityType: 'agency_placement',
        entityId: before.id,
        before: placementAuditView(before),
        after: placementAuditView(after),
      },
    ]);
  });
  return getPlacement(database, actor, id);
}

/**
 * Closes a placement: the agency recovered everything, or gave up. What is still open stays open
 * on the invoices (write it off if it is lost). Codes: placement_not_found, placement_not_active,
 * date_invalid, end_before_placement, text_too_long.
 */
export function closePlacement(
  database: Database,
  actor: Actor,
  id: string,
  input: EndInput = {},
): Promise<PlacementDetail> {
  return endAs(database, actor, id, 'closed', input);
}

/** Takes the invoices back from the agency; the collections run follows them up again. Codes: as closePlacement. */
export function recallPlacement(
  database: Database,
  actor: Actor,
  id: string,
  input: EndInput = {},
): Promise<PlacementDetail> {
  return endAs(database, actor, id, 'recalled', input);
}

// ---------------------------------------------------------------------------------------------
// Reading

async function detailOf(
  db: Db,
  orgId: string,
  placement: Placement,
  customer: { ref: string; name: string },
): Promise<PlacementDetail> {
  const [invoices, recoveries] = await Promise.all([
    placedInvoices(db, orgId, placement.invoiceIds),
    recoveriesOf(db, orgId, [placement.id]),
  ]);
  return {
    placement,
    customer,
    invoices,
    recoveries,
    recoveredMinor: sumMinor(recoveries.map((recovery) => recovery.amountMinor)),
    commissionMinor: sumMinor(recoveries.map((recovery) => recovery.commissionMinor)),
    openMinor: sumMinor(invoices.map((invoice) => invoice.openMinor)),
  };
}

/** One placement with its invoices and recoveries. Codes: placement_not_found. */
export async function getPlacement(
  database: Database,
  actor: Actor,
  id: string,
): Promise<PlacementDetail> {
  const placement = await loadPlacement(database.db, actor.orgId, id);
  const customer = await loadCustomer(database.db, actor.orgId, placement.customerId);
  return detailOf(database.db, actor.orgId, placement, customer);
}

export interface PlacementListQuery {
  readonly customerId?: string | undefined;
  readonly status?: string | undefined;
  readonly limit?: number | undefined;
  readonly cursor?: string | undefined;
}

/** Placements, latest first, each with its figures. Codes: customer_id_invalid, status_invalid, limit_invalid, cursor_invalid. */
export async function listPlacements(
  database: Database,
  actor: Actor,
  query: PlacementListQuery = {},
) {
  if (query.customerId !== undefined && !isId(query.customerId)) {
    throw new AppError(
      'invalid',
      'customer_id_invalid',
      `"${query.customerId}" is not a customer id.`,
      'customer_id',
    );
  }
  if (query.status !== undefined && !['active', 'closed', 'recalled'].includes(query.status)) {
    throw new AppError(
      'invalid',
      'status_invalid',
      `"${query.status}" is not one of active, closed, recalled.`,
      'status',
    );
  }
  const page = await listPlacementRows(
    database.db,
    actor.orgId,
    { customerId: query.customerId, status: query.status as PlacementStatus | undefined },
    { limit: query.limit, cursor: query.cursor },
  );
  const items: PlacementDetail[] = [];
  for (const row of page.items)
    items.push(
      await detailOf(database.db, actor.orgId, row.placement, {
        ref: row.customerRef,
        name: row.customerName,
      }),
    );
  return { items, nextCursor: page.nextCursor };
}

/** The file for the agency (see agency-file.ts), as of a day (default today). Codes: placement_not_found, date_invalid. */
export async function getAgencyFile(
  database: Database,
  actor: Actor,
  id: string,
  options: { asOf?: string | undefined } = {},
): Promise<AgencyFile> {
  const { db } = database;
  const placement = await loadPlacement(db, actor.orgId, id);
  const asOf = optionalDate(options.asOf, await organizationToday(db, actor.orgId), 'as_of');
  const [debtor, invoices, history] = await Promise.all([
    debtorOf(db, actor.orgId, placement.customerId),
    placedInvoices(db, actor.orgId, placement.invoiceIds),
    contactHistory(db, actor.orgId, placement.customerId, agencyHistoryRowsMax),
  ]);
  if (!debtor) throw AppError.notFound('customer', 'customer_id');
  return {
    asOf,
    placement: {
      id: placement.id,
      agency: placement.agency,
      channel: placement.channel,
      placedOn: placement.placedOn,
    },
    debtor,
    invoices,
    history,
  };
}
