import { Type } from '@sinclair/typebox';
import { formatAmount } from '../core/money.js';
import type { applicationsOfSource } from '../ledger/list-applications.service.js';
import { Amount, CalendarDateSchema, Currency, Id, ref } from '../platform/http/schemas.js';
import { paymentMethods } from './payment.js';
import { unappliedOfPayment, type PaymentRow, type refundsOfSource } from './payment.sql.js';

export const PaymentApplicationSchema = Type.Object(
  {
    id: ref(Id),
    invoice_id: ref(Id),
    invoice_number: Type.Union([Type.String(), Type.Null()]),
    source_type: Type.String(),
    amount: ref(Amount),
    applied_on: ref(CalendarDateSchema),
    reversal_id: Type.Union([ref(Id), Type.Null()]),
  },
  { $id: 'PaymentApplication' },
);

export const RefundSchema = Type.Object(
  {
    id: ref(Id),
    source_type: Type.String(),
    source_id: ref(Id),
    refunded_on: ref(CalendarDateSchema),
    amount: ref(Amount),
    currency: ref(Currency),
    method: Type.String(),
    reference: Type.Union([Type.String(), Type.Null()]),
  },
  { $id: 'Refund' },
);

export const PaymentSchema = Type.Object(
  {
    id: ref(Id),
    customer_id: ref(Id),
    customer_ref: Type.Optional(Type.String()),
    status: Type.String({ enum: ['posted', 'reversed'] }),
    received_on: ref(CalendarDateSchema),
    amount: ref(Amount),
    currency: ref(Currency),
    method: Type.String({ enum: [...paymentMethods] }),
    reference: Type.Union([Type.String(), Type.Null()]),
    payer: Type.Union([Type.String(), Type.Null()]),
    memo: Type.Union([Type.String(), Type.Null()]),
    applied: ref(Amount),
    refunded: ref(Amount),
    unapplied: ref(Amount),
    reversed_on: Type.Union([ref(CalendarDateSchema), Type.Null()]),
    origin: Type.String(),
    created_at: Type.String({ format: 'date-time' }),
    applications: Type.Optional(Type.Array(ref(PaymentApplicationSchema))),
    refunds: Type.Optional(Type.Array(ref(RefundSchema))),
  },
  { $id: 'Payment' },
);

type Applications = readonly Awaited<ReturnType<typeof applicationsOfSource>>[number][];
type Refunds = readonly Awaited<ReturnType<typeof refundsOfSource>>[number][];

export function paymentView(
  row: PaymentRow & { customer_ref?: string },
  applications?: Applications,
  refunds?: Refunds,
) {
  const money = (minor: bigint) => formatAmount(minor, row.currency);
  return {
    id: row.id,
    customer_id: row.customer_id,
    ...(row.customer_ref !== undefined ? { customer_ref: row.customer_ref } : {}),
    status: row.reversed_on === null ? 'posted' : 'reversed',
    received_on: row.received_on,
    amount: money(row.amount_minor),
    currency: row.currency,
    method: row.method,
    reference: row.reference,
    payer: row.payer,
    memo: row.memo,
    applied: money(row.applied_minor),
    refunded: money(row.refunded_minor),
    unapplied: money(unappliedOfPayment(row)),
    reversed_on: row.reversed_on,
    origin: row.origin,
    created_at: new Date(row.created_at).toISOString(),
    ...(applications
      ? { applications: applications.map((a) => ({ ...a, amount: money(a.amount_minor) })) }
      : {}),
    ...(refunds
      ? {
          refunds: refunds.map((r) => ({
            id: r.id,
            source_type: r.source_type,
            source_id: r.source_id,
            refunded_on: r.refunded_on,
            amount: money(r.amount_minor),
            currency: r.currency,
            method: r.method,
            reference: r.reference,
          })),
        }
      : {}),
  };
}
