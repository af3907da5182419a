import type { Actor } from '../core/actor.js';
import { parseCalendarDate, type CalendarDate } from '../core/calendar-date.js';
import { AppError, unwrap } from '../core/errors.js';
import { postApplications } from '../ledger/post-applications.service.js';
import { organizationToday } from '../organizations/find-organization.service.js';
import { recordAudit } from '../platform/audit/audit.sql.js';
import type { Database } from '../platform/db/database.js';
import { idempotent } from '../platform/idempotency/idempotency.sql.js';
import { lockUnappliedSource } from './lock-unapplied-source.service.js';
import { planFor, type ApplicationInput } from './record-payment.service.js';

export interface ApplyUnappliedInput {
  readonly sourceType: 'payment' | 'credit_note';
  readonly sourceId: string;
  readonly apply?: 'oldest_first' | undefined;
  readonly applications?: readonly ApplicationInput[] | undefined;
  /** Defaults to today; never before the payment was received or the credit note issued. */
  readonly appliedOn?: string | undefined;
}

/**
 * Applies what is left of a payment or credit note to invoices, by hand or oldest first.
 * Codes: payment_not_found, credit_note_not_found, payment_reversed, applications_required,
 * application_before_source, and postApplications' codes, idempotency_key_reused.
 */
export async function applyUnapplied(
  database: Database,
  actor: Actor,
  input: ApplyUnappliedInput,
  options: { idempotencyKey?: string | undefined } = {},
) {
  return database.transaction((tx) =>
    idempotent(tx, actor, options.idempotencyKey, 'credit.apply', input, async () => {
      const { db } = tx;
      const source = await lockUnappliedSource(db, actor.orgId, input.sourceType, input.sourceId);
      const plan = planFor(input, source.currency);
      if (!plan)
        throw new AppError(
          'invalid',
          'applications_required',
          'Name the invoices, or apply oldest_first.',
          'applications',
        );
      const appliedOn = input.appliedOn
        ? unwrap(parseCalendarDate(input.appliedOn, 'applied_on'))
        : await organizationToday(db, actor.orgId);
      if (appliedOn < source.date) {
        throw new AppError(
          'invalid',
          'application_before_source',
          `${source.label} is dated ${source.date}.`,
          'applied_on',
        );
      }
      const posted = await postApplications(db, actor, source, plan, appliedOn as CalendarDate);
      const result = {
        sourceType: source.type,
        sourceId: source.id,
        currency: source.currency,
        appliedOn,
        appliedMinor: posted.appliedMinor,
        unappliedMinor: source.availableMinor - posted.appliedMinor,
        applications: posted.applications,
      };
      await recordAudit(db, actor, [
        {
          action: `${source.type}.applied`,
          entityType: source.type,
          entityId: source.id,
          after: result,
        },
      ]);
      return result;
    }),
  );
}
