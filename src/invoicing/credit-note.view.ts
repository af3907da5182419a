import { Type } from '@sinclair/typebox';
import { formatAmount } from '../core/money.js';
import { Amount, CalendarDateSchema, Currency, Id, ref } from '../platform/http/schemas.js';
import { unappliedOfCreditNote, type CreditNoteRow } from './credit-note.sql.js';
import { DocumentLineSchema, lineView } from './invoice.view.js';

export const CreditNoteSchema = Type.Object(
  {
    id: ref(Id),
    number: Type.String(),
    customer_id: ref(Id),
    customer_ref: Type.Optional(Type.String()),
    invoice_id: Type.Union([ref(Id), Type.Null()]),
    currency: ref(Currency),
    issued_on: ref(CalendarDateSchema),
    subtotal: ref(Amount),
    tax: ref(Amount),
    total: ref(Amount),
    applied: ref(Amount),
    refunded: ref(Amount),
    unapplied: ref(Amount),
    reason: Type.Union([Type.String(), Type.Null()]),
    memo: Type.Union([Type.String(), Type.Null()]),
    origin: Type.String(),
    created_at: Type.String({ format: 'date-time' }),
    lines: Type.Optional(Type.Array(ref(DocumentLineSchema))),
  },
  { $id: 'CreditNote' },
);

export function creditNoteView(
  row: CreditNoteRow & { customer_ref?: string },
  lines?: Parameters<typeof lineView>[0][],
) {
  const money = (minor: bigint) => formatAmount(minor, row.currency);
  return {
    id: row.id,
    number: row.number,
    customer_id: row.customer_id,
    ...(row.customer_ref !== undefined ? { customer_ref: row.customer_ref } : {}),
    invoice_id: row.invoice_id,
    currency: row.currency,
    issued_on: row.issued_on,
    subtotal: money(row.subtotal_minor),
    tax: money(row.tax_minor),
    total: money(row.total_minor),
    applied: money(row.applied_minor),
    refunded: money(row.refunded_minor),
    unapplied: money(unappliedOfCreditNote(row)),
    reason: row.reason,
    memo: row.memo,
    origin: row.origin,
    created_at: new Date(row.created_at).toISOString(),
    ...(lines ? { lines: lines.map((line) => lineView(line, row.currency)) } : {}),
  };
}
