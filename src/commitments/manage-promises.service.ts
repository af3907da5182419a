import type { Actor } from '../core/actor.js';
import { AppError, unwrap, type AppErrorKind } from '../core/errors.js';
import { isId, newId } from '../core/ids.js';
import { parseCurrency } from '../core/money.js';
import { findCustomer, type CustomerRow } from '../customers/find-customer.service.js';
import { organizationToday } from '../organizations/find-organization.service.js';
import { recordAudit } from '../platform/audit/audit.sql.js';
import type { Database, Db } from '../platform/db/database.js';
import {
  cancelPromiseRow,
  coveredInvoices,
  customerOpenMinor,
  findPromise,
  insertPromise,
  listPromiseRows,
  promisePaidMinor,
  type PromiseDetail,
  type PromiseRow,
} from './commitments.sql.js';
import { promiseView } from './commitments.view.js';
import {
  checkCoveredInvoices,
  parsePromiseInput,
  promiseStatuses,
  type CoveredInvoices,
} from './promise.js';

export interface PromiseRequest {
  readonly customerId: string;
  /** None: a promise on the whole account, in `currency` (default the customer's). */
  readonly invoiceIds?: readonly string[] | undefined;
  readonly currency?: string | undefined;
  readonly amount: string;
  readonly promisedOn: string;
  /** The day the customer promised (default today). */
  readonly madeOn?: string | undefined;
  readonly notes?: string | null | undefined;
}

// ---------------------------------------------------------------------------------------------
// Shared by promises and plans

/** Codes: customer_not_found. */
export async function loadCustomer(db: Db, orgId: string, id: string): Promise<CustomerRow> {
  const customer = isId(id) ? await findCustomer(db, orgId, id) : undefined;
  if (!customer) throw AppError.notFound('customer', 'customer_id');
  return customer;
}

/** As postApplications answers: a missing invoice is a 404, one no longer open a conflict. */
const invoiceErrorKinds: Readonly<Record<string, AppErrorKind>> = {
  invoice_not_found: 'not_found',
  invoice_not_open: 'conflict',
};

/**
 * The named invoices, checked to be the customer's, issued, open and in one currency.
 * Codes: invoice_not_found, invoice_customer_mismatch, invoice_not_open, currency_mismatch,
 * invoice_repeated, too_many_invoices (each naming invoice_ids[i]).
 */
export async function checkInvoicesOf(
  db: Db,
  orgId: string,
  customerId: string,
  invoiceIds: readonly string[],
): Promise<CoveredInvoices> {
  const bad = invoiceIds.findIndex((id) => !isId(id));
  if (bad >= 0) throw AppError.notFound('invoice', `invoice_ids[${bad}]`);
  const found = await coveredInvoices(db, orgId, invoiceIds);
  const checked = checkCoveredInvoices(invoiceIds, found, customerId);
  if (!checked.ok)
    throw AppError.fromDomain(checked.error, invoiceErrorKinds[checked.error.code] ?? 'invalid');
  return checked.value;
}

// ---------------------------------------------------------------------------------------------
// Use cases

async function coverage(
  db: Db,
  orgId: string,
  customer: CustomerRow,
  request: PromiseRequest,
): Promise<CoveredInvoices> {
  const currency =
    request.currency === undefined
      ? undefined
      : unwrap(parseCurrency(request.currency, 'currency'));
  const invoiceIds = request.invoiceIds ?? [];
  if (invoiceIds.length === 0) {
    const accountCurrency = currency ?? customer.currency;
    return {
      currency: accountCurrency,
      openMinor: await customerOpenMinor(db, orgId, customer.id, accountCurrency),
    };
  }
  const covered = await checkInvoicesOf(db, orgId, customer.id, invoiceIds);
  if (currency !== undefined && currency !== covered.currency) {
    throw new AppError(
      'invalid',
      'currency_mismatch',
      `The invoices are in ${covered.currency}, not ${currency}.`,
      'currency',
    );
  }
  return covered;
}

/**
 * Records a promise to pay an amount by a date, for some invoices or the whole account. It is
 * kept or broken later by reviewCommitments, from the payments applied in its window.
 * Codes: customer_not_found, currency_unknown, currency_mismatch, the invoice codes of
 * checkInvoicesOf, amount_invalid, amount_too_precise, amount_not_positive,
 * promise_exceeds_open_balance, date_invalid, made_on_in_future, promised_on_before_made_on,
 * text_too_long.
 */
export async function createPromise(
  database: Database,
  actor: Actor,
  request: PromiseRequest,
): Promise<PromiseDetail> {
  return database.transaction(async ({ db }) => {
    const customer = await loadCustomer(db, actor.orgId, request.customerId);
    const covered = await coverage(db, actor.orgId, customer, request);
    const today = await organizationToday(db, actor.orgId);
    const fields = unwrap(parsePromiseInput(request, covered.currency, covered.openMinor, today));
    const id = newId();
    await insertPromise(db, actor.orgId, {
      id,
      customerId: customer.id,
      currency: covered.currency,
      invoiceIds: request.invoiceIds ?? [],
      createdBy: actor.id,
      ...fields,
    });
    const promise = (await findPromise(db, actor.orgId, id))!;
    await recordAudit(db, actor, [
      {
        action: 'promise.created',
        entityType: 'promise',
        entityId: id,
        after: promiseView(promise),
      },
    ]);
    return { promise, paidMinor: await promisePaidMinor(db, actor.orgId, id) };
  });
}

async function loadPromise(
  db: Db,
  orgId: string,
  id: string,
  forUpdate = false,
): Promise<PromiseRow> {
  const promise = isId(id) ? await findPromise(db, orgId, id, { forUpdate }) : undefined;
  if (!promise) throw AppError.notFound('promise', 'id');
  return promise;
}

/** A promise with what has been paid in its window so far. Codes: promise_not_found. */
export async function getPromise(
  database: Database,
  actor: Actor,
  id: string,
): Promise<PromiseDetail> {
  const promise = await loadPromise(database.db, actor.orgId, id);
  return { promise, paidMinor: await promisePaidMinor(database.db, actor.orgId, promise.id) };
}

export interface CommitmentListQuery {
  readonly status?: string | undefined;
  readonly customerId?: string | undefined;
  readonly limit?: number | undefined;
  readonly cursor?: string | undefined;
}

/** Checks the filters every list of commitments shares. Codes: status_invalid, customer_id_invalid. */
export function checkListQuery(query: CommitmentListQuery, statuses: readonly string[]): void {
  if (query.status !== undefined && !statuses.includes(query.status)) {
    throw new AppError(
      'invalid',
      'status_invalid',
      `The status is one of ${statuses.join(', ')}.`,
      'status',
    );
  }
  if (query.customerId !== undefined && !isId(query.customerId)) {
    throw new AppError(
      'invalid',
      'customer_id_invalid',
      `"${query.customerId}" is not a customer id.`,
      'customer_id',
    );
  }
}

/** Promises by promised date. Codes: status_invalid, customer_id_invalid, limit_invalid, cursor_invalid. */
export async function listPromises(
  database: Database,
  actor: Actor,
  query: CommitmentListQuery = {},
) {
  checkListQuery(query, promiseStatuses);
  const page = await listPromiseRows(database.db, actor.orgId, query, {
    limit: query.limit,
    cursor: query.cursor,
  });
  return { items: page.items as PromiseRow[], nextCursor: page.nextCursor };
}

/** Withdraws an open promise (the customer took it back, or it was recorded in error). Codes: promise_not_found, promise_not_open. */
export async function cancelPromise(
  database: Database,
  actor: Actor,
  id: string,
): Promise<PromiseDetail> {
  return database.transaction(async ({ db }) => {
    const before = await loadPromise(db, actor.orgId, id, true);
    if (before.status !== 'open')
      throw new AppError('conflict', 'promise_not_open', `The promise is ${before.status}.`, 'id');
    await cancelPromiseRow(db, actor.orgId, before.id, await organizationToday(db, actor.orgId));
    const after = (await findPromise(db, actor.orgId, before.id))!;
    await recordAudit(db, actor, [
      {
        action: 'promise.cancelled',
        entityType: 'promise',
        entityId: before.id,
        before: promiseView(before),
        after: promiseView(after),
      },
    ]);
    return { promise: after, paidMinor: await promisePaidMinor(db, actor.orgId, before.id) };
  });
}
