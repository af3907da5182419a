import type { Actor } from '../core/actor.js';
import { parseCalendarDate, type CalendarDate } from '../core/calendar-date.js';
import { AppError, unwrap } from '../core/errors.js';
import { newId } from '../core/ids.js';
import { parseAmount } from '../core/money.js';
import { organizationToday } from '../organizations/find-organization.service.js';
import { recordAudit } from '../platform/audit/audit.sql.js';
import type { Database } from '../platform/db/database.js';
import { idempotent } from '../platform/idempotency/idempotency.sql.js';
import { requireOpenInvoice } from './invoice-status.js';
import { writeOffEntry } from './journal.js';
import {
  insertApplications,
  insertJournalEntries,
  lockOpenInvoices,
  recomputeInvoiceBalances,
} from './ledger.sql.js';
import { exceedsOpenMessage } from './post-applications.service.js';
import { insertWriteOff } from './write-off.sql.js';

export const writeOffReasons = ['bad_debt', 'small_balance', 'other'] as const;

export interface WriteOffInput {
  /** Decimal string; defaults to the whole open balance. */
  readonly amount?: string | undefined;
  readonly reason: string;
  readonly memo?: string | null | undefined;
  readonly writtenOffOn?: string | undefined;
}

/**
 * Writes off what a customer will not pay (bad debt, a small residue). The invoice's balance is
 * reduced by an application from the write-off, charged to bad-debt expense.
 * Codes: invoice_not_found, invoice_not_open, write_off_reason_invalid, amount_not_positive,
 * write_off_exceeds_open_balance, write_off_before_issue, idempotency_key_reused.
 */
export async function writeOffInvoice(
  database: Database,
  actor: Actor,
  invoiceId: string,
  input: WriteOffInput,
  options: { idempotencyKey?: string | undefined } = {},
) {
  if (!(writeOffReasons as readonly string[]).includes(input.reason)) {
    throw new AppError(
      'invalid',
      'write_off_reason_invalid',
      `The reason is one of ${writeOffReasons.join(', ')}.`,
      'reason',
    );
  }
  return database.transaction((tx) =>
    idempotent(
      tx,
      actor,
      options.idempotencyKey,
      'invoice.write_off',
      { invoiceId, ...input },
      async () => {
        const { db } = tx;
        const writtenOffOn = input.writtenOffOn
          ? unwrap(parseCalendarDate(input.writtenOffOn, 'written_off_on'))
          : await organizationToday(db, actor.orgId);
        const [invoice] = await lockOpenInvoices(
          db,
          actor.orgId,
          [invoiceId],
          writtenOffOn as CalendarDate,
        );
        if (!invoice) throw AppError.notFound('invoice');
        requireOpenInvoice(invoice);
        if (writtenOffOn < (invoice.issued_on as string)) {
          throw new AppError(
            'invalid',
            'write_off_before_issue',
            `Invoice ${invoice.number} was issued on ${invoice.issued_on}.`,
            'written_off_on',
          );
        }
        const amountMinor =
          input.amount === undefined
            ? invoice.open_minor
            : unwrap(parseAmount(input.amount, invoice.currency));
        if (amountMinor <= 0n)
          throw new AppError(
            'invalid',
            'amount_not_positive',
            'A write-off is more than zero.',
            'amount',
          );
        if (amountMinor > invoice.applicable_minor) {
          throw new AppError(
            'conflict',
            'write_off_exceeds_open_balance',
            exceedsOpenMessage(invoice, amountMinor, writtenOffOn as CalendarDate),
            'amount',
          );
        }
        const id = newId();
        const writeOff = {
          id,
          customerId: invoice.customer_id,
          invoiceId,
          writtenOffOn,
          amountMinor,
          currency: invoice.currency,
          reason: input.reason,
          memo: input.memo?.trim() || null,
        };
        await insertWriteOff(db, actor.orgId, writeOff);
        await insertApplications(db, actor.orgId, [
          {
            customerId: invoice.customer_id,
            invoiceId,
            sourceType: 'write_off',
            sourceId: id,
            amountMinor,
            currency: invoice.currency,
            appliedOn: writtenOffOn as CalendarDate,
          },
        ]);
        await recomputeInvoiceBalances(db, actor.orgId, [invoiceId]);
        await insertJournalEntries(db, actor.orgId, [
          writeOffEntry({
            on: writtenOffOn,
            sourceId: id,
            customerId: invoice.customer_id,
            currency: invoice.currency,
            description: `Write-off of invoice ${invoice.number} (${input.reason})`,
            amountMinor,
          }),
        ]);
        await recordAudit(db, actor, [
          {
            action: 'invoice.written_off',
            entityType: 'invoice',
            entityId: invoiceId,
            before: invoice,
            after: writeOff,
          },
        ]);
        return writeOff;
      },
    ),
  );
}
