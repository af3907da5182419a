import { AppError } from '../core/errors.js';
import { parseCurrency } from '../core/money.js';
import { unwrap } from '../core/errors.js';
import { findUser } from '../auth/find-user.service.js';
import { customerIdsByRef, findCustomer } from '../customers/find-customer.service.js';
import type { Db } from '../platform/db/database.js';
import type { ReportScope } from './aging.sql.js';

/** What a report is narrowed to, as callers name it: a customer by id or by reference. */
export interface ScopeInput {
  readonly customerId?: string | undefined;
  readonly customerRef?: string | undefined;
  readonly collectorId?: string | undefined;
  readonly tag?: string | undefined;
  readonly currency?: string | undefined;
}

/**
 * Checks that the customer and collector exist in this organization, so that a typo is an error
 * naming the field rather than an empty report.
 * Codes: customer_not_found, collector_not_found, currency_invalid.
 */
export async function resolveScope(db: Db, orgId: string, input: ScopeInput): Promise<ReportScope> {
  let customerId = input.customerId;
  if (customerId !== undefined && !(await findCustomer(db, orgId, customerId))) {
    throw AppError.notFound('customer', 'customer_id');
  }
  if (input.customerRef !== undefined) {
    const found = (await customerIdsByRef(db, orgId, [input.customerRef])).get(input.customerRef);
    if (!found)
      throw new AppError(
        'not_found',
        'customer_not_found',
        `No customer has the reference "${input.customerRef}".`,
        'customer_ref',
      );
    if (customerId !== undefined && customerId !== found.id) {
      throw new AppError(
        'invalid',
        'customer_mismatch',
        'customer_id and customer_ref name different customers.',
        'customer_ref',
      );
    }
    customerId = found.id;
  }
  if (input.collectorId !== undefined && !(await findUser(db, orgId, input.collectorId))) {
    throw AppError.notFound('collector', 'collector_id');
  }
  const currency =
    input.currency === undefined
      ? undefined
      : unwrap(parseCurrency(input.currency.toUpperCase(), 'currency'));
  return {
    customerId,
    collectorId: input.collectorId,
    tag: input.tag === undefined ? undefined : input.tag.trim().toLowerCase(),
    currency,
  };
}
