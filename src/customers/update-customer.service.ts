import type { Actor } from '../core/actor.js';
import { AppError, unwrap } from '../core/errors.js';
import { formatAmount } from '../core/money.js';
import { recordAudit } from '../platform/audit/audit.sql.js';
import type { Database } from '../platform/db/database.js';
import { checkCollector } from './create-customer.service.js';
import { parseCustomerInput, type CustomerInput } from './customer.js';
import {
  customerHasDocuments,
  findCustomer,
  refTaken,
  updateCustomerRow,
  type CustomerRow,
} from './customer.sql.js';

function asInput(row: CustomerRow): CustomerInput {
  return {
    ref: row.ref,
    name: row.name,
    legalName: row.legal_name,
    taxId: row.tax_id,
    billingAddress: (row.billing_address as CustomerInput['billingAddress']) ?? null,
    currency: row.currency,
    terms: row.terms_code,
    creditLimit:
      row.credit_limit_minor === null ? null : formatAmount(row.credit_limit_minor, row.currency),
    creditHold: row.credit_hold,
    tags: row.tags,
    notes: row.notes,
    collectorId: row.collector_id,
    registrationId: row.registration_id,
    electronicAddress:
      row.electronic_address_scheme !== null && row.electronic_address_id !== null
        ? { scheme: row.electronic_address_scheme, id: row.electronic_address_id }
        : null,
    buyerReference: row.buyer_reference,
    sendUbl: row.send_ubl,
  };
}

/**
 * Changes a customer's fields (a partial update). The currency cannot change once documents exist
 * in it, since their amounts are in that currency. A new collector is checked as on creation; the
 * current one is not rechecked, so that disabling a user does not block every other change to
 * the customers they collect.
 * Codes: as createCustomer, plus customer_not_found, customer_currency_locked.
 */
export async function updateCustomer(
  database: Database,
  actor: Actor,
  customerId: string,
  changes: Partial<CustomerInput>,
) {
  return database.transaction(async ({ db }) => {
    const before = await findCustomer(db, actor.orgId, customerId, { forUpdate: true });
    if (!before) throw AppError.notFound('customer');
    const fields = unwrap(parseCustomerInput({ ...asInput(before), ...changes }));
    if (fields.ref !== before.ref && (await refTaken(db, actor.orgId, fields.ref, customerId))) {
      throw new AppError(
        'conflict',
        'customer_ref_taken',
        `A customer with ref ${fields.ref} exists.`,
        'ref',
      );
    }
    if (fields.currency !== before.currency) {
      const used = await customerHasDocuments(db, actor.orgId, customerId);
      if (used) {
        throw new AppError(
          'conflict',
          'customer_currency_locked',
          'The currency cannot change once the customer has documents.',
          'currency',
        );
      }
    }
    if (fields.collectorId !== null && fields.collectorId !== before.collector_id)
      await checkCollector(db, actor.orgId, fields.collectorId);
    await updateCustomerRow(db, actor.orgId, customerId, fields);
    const after = (await findCustomer(db, actor.orgId, customerId))!;
    await recordAudit(db, actor, [
      { action: 'customer.updated', entityType: 'customer', entityId: customerId, before, after },
    ]);
    return after;
  });
}
