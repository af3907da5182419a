import type { Actor } from '../core/actor.js';
import { AppError, unwrap } from '../core/errors.js';
import { findCustomer } from './customer.sql.js';
import { recordAudit } from '../platform/audit/audit.sql.js';
import type { Database, Db } from '../platform/db/database.js';
import {
  checkCredit,
  draftCreditMode,
  parseCreditControlMode,
  type CreditControlMode,
  type CreditWarning,
} from './credit-limit.js';
import {
  creditControlModeOf,
  customerExposureMinor,
  updateCreditControlMode,
} from './credit-limit.sql.js';

export interface CreditControlSettings {
  readonly mode: CreditControlMode;
}

export async function getCreditControl(
  database: Database,
  actor: Actor,
): Promise<CreditControlSettings> {
  return { mode: await creditControlModeOf(database.db, actor.orgId) };
}

/** Sets how invoices over the credit limit or on hold are treated. Codes: credit_control_mode_invalid. */
export async function setCreditControl(
  database: Database,
  actor: Actor,
  input: { mode: string },
): Promise<CreditControlSettings> {
  const mode = unwrap(parseCreditControlMode(input.mode, 'mode'));
  return database.transaction(async ({ db }) => {
    const before = { mode: await creditControlModeOf(db, actor.orgId) };
    if (before.mode === mode) return before;
    await updateCreditControlMode(db, actor.orgId, mode);
    await recordAudit(db, actor, [
      {
        action: 'organization.credit_control_changed',
        entityType: 'organization',
        entityId: actor.orgId,
        before,
        after: { mode },
      },
    ]);
    return { mode };
  });
}

export interface InvoiceCreditCheck {
  readonly customerId: string;
  readonly currency: string;
  readonly totalMinor: bigint;
  /** A draft is only ever warned about; an issue follows the organization's mode. */
  readonly stage: 'draft' | 'issue';
}

/**
 * Checks a new invoice against the customer's hold and credit limit, inside the caller's
 * transaction, and returns the warnings to show. In block mode the customer row is locked first,
 * so that two invoices issued at once for one customer cannot both fit under the same headroom.
 * Codes (block mode, at issue): customer_on_credit_hold, credit_limit_exceeded (409, field
 * customer_id); customer_not_found.
 */
export async function checkInvoiceCredit(
  db: Db,
  actor: Actor,
  invoice: InvoiceCreditCheck,
): Promise<CreditWarning[]> {
  const organizationMode = await creditControlModeOf(db, actor.orgId);
  const mode = invoice.stage === 'draft' ? draftCreditMode(organizationMode) : organizationMode;
  if (mode === 'off') return [];
  const customer = await findCustomer(db, actor.orgId, invoice.customerId, {
    forUpdate: mode === 'block',
  });
  if (!customer) throw AppError.notFound('customer', 'customer_id');
  const position = {
    currency: customer.currency,
    creditHold: customer.credit_hold,
    creditLimitMinor: customer.credit_limit_minor,
    // Most customers have no limit: their invoices cost no exposure query.
    exposureMinor:
      customer.credit_limit_minor === null
        ? 0n
        : await customerExposureMinor(db, actor.orgId, customer.id, customer.currency),
  };
  return unwrap(
    checkCredit(mode, position, { currency: invoice.currency, totalMinor: invoice.totalMinor }),
    'conflict',
  );
}
