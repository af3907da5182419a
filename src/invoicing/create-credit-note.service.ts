import type { Actor } from '../core/actor.js';
import { parseCalendarDate, type CalendarDate } from '../core/calendar-date.js';
import { AppError, unwrap } from '../core/errors.js';
import { newId } from '../core/ids.js';
import { findCustomer } from '../customers/find-customer.service.js';
import { priceLines, totalsOf, type LineInput } from '../ledger/document-math.js';
import { runCreditNoteIssuedHooks } from './invoice-hooks.js';
import { takeDocumentNumber } from './invoice.sql.js';
import { requireOpenInvoice } from '../ledger/invoice-status.js';
import { creditNoteIssuedEntry } from '../ledger/journal.js';
import { insertJournalEntries, lockOpenInvoices } from '../ledger/post-to-ledger.service.js';
import { exceedsOpenMessage, postApplications } from '../ledger/post-applications.service.js';
import { organizationToday } from '../organizations/find-organization.service.js';
import { recordAudit } from '../platform/audit/audit.sql.js';
import type { Database } from '../platform/db/database.js';
import { idempotent } from '../platform/idempotency/idempotency.sql.js';
import { findCreditNote, insertCreditNote } from './credit-note.sql.js';
import { partiesNow } from './find-parties.service.js';

export interface CreateCreditNoteInput {
  readonly customerId: string;
  /** Against an invoice: the credit is applied to it at once and must not exceed its open balance. */
  readonly invoiceId?: string | null | undefined;
  readonly issuedOn?: string | undefined;
  readonly lines: readonly LineInput[];
  readonly reason?: string | null | undefined;
  readonly memo?: string | null | undefined;
}

/**
 * Issues a credit note, numbered from its own gapless sequence. Against an invoice it is applied
 * to that invoice; standalone it is customer credit to apply later or refund.
 * Codes: customer_not_found, invoice_not_found, invoice_customer_mismatch, invoice_not_open,
 * credit_exceeds_open_balance, date_invalid, the line codes of createInvoice,
 * idempotency_key_reused.
 */
export async function createCreditNote(
  database: Database,
  actor: Actor,
  input: CreateCreditNoteInput,
  options: { idempotencyKey?: string | undefined } = {},
) {
  return database.transaction((tx) =>
    idempotent(tx, actor, options.idempotencyKey, 'credit_note.create', input, async () => {
      const { db } = tx;
      const customer = await findCustomer(db, actor.orgId, input.customerId);
      if (!customer) throw AppError.notFound('customer', 'customer_id');
      const issuedOn = (
        input.issuedOn
          ? unwrap(parseCalendarDate(input.issuedOn, 'issued_on'))
          : await organizationToday(db, actor.orgId)
      ) as CalendarDate;
      // Locked now, so that a payment recorded meanwhile cannot spend what this credit settles.
      const [invoice] = input.invoiceId
        ? await lockOpenInvoices(db, actor.orgId, [input.invoiceId], issuedOn)
        : [];
      if (input.invoiceId && !invoice) throw AppError.notFound('invoice', 'invoice_id');
      if (invoice && invoice.customer_id !== customer.id) {
        throw new AppError(
          'invalid',
          'invoice_customer_mismatch',
          `Invoice ${invoice.number} belongs to another customer.`,
          'invoice_id',
        );
      }
      if (invoice) requireOpenInvoice(invoice, 'invoice_id');
      const currency = invoice?.currency ?? customer.currency;
      const lines = unwrap(priceLines(input.lines, currency));
      const totals = totalsOf(lines);
      if (totals.totalMinor === 0n)
        throw new AppError(
          'invalid',
          'amount_not_positive',
          'A credit note credits more than zero.',
          'lines',
        );
      if (invoice && totals.totalMinor > invoice.applicable_minor) {
        throw new AppError(
          'conflict',
          'credit_exceeds_open_balance',
          exceedsOpenMessage(invoice, totals.totalMinor, issuedOn),
          'lines',
        );
      }
      const id = newId();
      const number = await takeDocumentNumber(db, actor.orgId, 'credit_note');
      const reason = input.reason?.trim() || null;
      await insertCreditNote(
        db,
        actor.orgId,
        {
          id,
          number,
          customerId: customer.id,
          invoiceId: invoice?.id ?? null,
          currency,
          issuedOn,
          totals,
          reason,
          memo: input.memo?.trim() || null,
          ...(await partiesNow(db, actor.orgId, customer.id)),
        },
        lines,
      );
      await insertJournalEntries(db, actor.orgId, [
        creditNoteIssuedEntry({
          on: issuedOn,
          sourceId: id,
          customerId: customer.id,
          currency,
          description: `Credit note ${number}`,
          subtotalMinor: totals.subtotalMinor,
          taxMinor: totals.taxMinor,
          imported: false,
        }),
      ]);
      if (invoice) {
        await postApplications(
          db,
          actor,
          {
            type: 'credit_note',
            id,
            customerId: customer.id,
            currency,
            availableMinor: totals.totalMinor,
            label: `Credit note ${number}`,
          },
          {
            mode: 'manual',
            requests: [
              { invoiceId: invoice.id, amountMinor: totals.totalMinor, takeDiscount: false },
            ],
          },
          issuedOn,
        );
      }
      await runCreditNoteIssuedHooks(db, actor, { creditNoteId: id, customerId: customer.id });
      const created = (await findCreditNote(db, actor.orgId, id))!;
      await recordAudit(db, actor, [
        {
          action: 'credit_note.issued',
          entityType: 'credit_note',
          entityId: id,
          after: { ...created, lines },
        },
      ]);
      return created;
    }),
  );
}
