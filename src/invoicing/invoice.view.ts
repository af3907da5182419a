import { Type } from '@sinclair/typebox';
import { formatAmount } from '../core/money.js';
import { Amount, CalendarDateSchema, Currency, Id, ref } from '../platform/http/schemas.js';
import type { InvoiceRow } from './invoice.sql.js';

const nullable = <T extends ReturnType<typeof ref>>(schema: T) => Type.Union([schema, Type.Null()]);

export const DocumentLineSchema = Type.Object(
  {
    position: Type.Integer(),
    description: Type.String(),
    quantity: Type.String({ description: 'Decimal quantity' }),
    unit_price: ref(Amount),
    tax_rate: Type.String({ description: 'Percent, e.g. "20" or "7.25"' }),
    unit_code: Type.String({ description: 'UN/ECE Recommendation 20, e.g. C62 (one), HUR (hour)' }),
    vat_category: Type.String({ enum: ['S', 'Z', 'E', 'AE', 'K', 'G', 'O'] }),
    exemption_reason: Type.Union([Type.String(), Type.Null()]),
    discount_amount: Type.Union([ref(Amount), Type.Null()], {
      description: 'What the discount took off quantity × unit price; null for none',
    }),
    discount_percent: Type.Union([Type.String(), Type.Null()], {
      description: 'The percent the discount was given as; null when given as an amount',
    }),
    discount_reason: Type.Union([Type.String(), Type.Null()]),
    net: ref(Amount),
    tax: ref(Amount),
  },
  { $id: 'DocumentLine' },
);

export const ApplicationSchema = Type.Object(
  {
    id: ref(Id),
    source_type: Type.String({ enum: ['payment', 'credit_note', 'write_off', 'discount'] }),
    source_id: ref(Id),
    amount: ref(Amount),
    applied_on: ref(CalendarDateSchema),
    reversal_id: nullable(ref(Id)),
  },
  { $id: 'Application' },
);

export const CreditWarningSchema = Type.Object(
  {
    code: Type.String({ enum: ['customer_on_credit_hold', 'credit_limit_exceeded'] }),
    message: Type.String({
      description: 'Names the limit, what the customer owes and the invoice total',
    }),
  },
  { $id: 'CreditWarning' },
);

export const InvoiceSchema = Type.Object(
  {
    id: ref(Id),
    number: Type.Union([Type.String(), Type.Null()], { description: 'Assigned when issued' }),
    customer_id: ref(Id),
    customer_ref: Type.Optional(Type.String()),
    status: Type.String({
      enum: ['draft', 'open', 'partially_paid', 'paid', 'written_off', 'void'],
    }),
    kind: Type.String({ enum: ['standard', 'late_fee'] }),
    currency: ref(Currency),
    issued_on: nullable(ref(CalendarDateSchema)),
    due_on: nullable(ref(CalendarDateSchema)),
    terms: Type.String(),
    discount_on: nullable(ref(CalendarDateSchema)),
    discount: ref(Amount),
    subtotal: ref(Amount),
    tax: ref(Amount),
    total: ref(Amount),
    open: ref(Amount),
    po_number: Type.Union([Type.String(), Type.Null()]),
    memo: Type.Union([Type.String(), Type.Null()]),
    origin: Type.String(),
    created_at: Type.String({ format: 'date-time' }),
    issued_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    voided_on: nullable(ref(CalendarDateSchema)),
    void_reason: Type.Union([Type.String(), Type.Null()]),
    lines: Type.Optional(Type.Array(ref(DocumentLineSchema))),
    applications: Type.Optional(Type.Array(ref(ApplicationSchema))),
    warnings: Type.Optional(
      Type.Array(ref(CreditWarningSchema), {
        description:
          'On a create, change or issue that credit control warned about (customer on hold, or over its credit limit)',
      }),
    ),
    notices: Type.Optional(
      Type.Array(Type.String(), {
        description:
          'On an issue: what else happened, in a sentence each ("Invoice INV-000042 will be e-mailed to ap@example.com with its PDF.")',
      }),
    ),
  },
  { $id: 'Invoice' },
);

/**
 * Credit control's warnings and what issuing did (the e-mail queued) go with the response that
 * caused them; they are not stored.
 */
export function withWarnings<T extends object>(
  view: T,
  warnings: readonly { code: string; message: string }[],
  notices: readonly string[] = [],
) {
  return {
    ...view,
    ...(warnings.length === 0
      ? {}
      : {
          warnings: warnings.map((warning) => ({ code: warning.code, message: warning.message })),
        }),
    ...(notices.length === 0 ? {} : { notices: [...notices] }),
  };
}

export interface LineRow {
  position: number;
  description: string;
  quantity: string;
  unit_price_minor: bigint;
  tax_rate: string;
  net_minor: bigint;
  tax_minor: bigint;
  unit_code: string;
  vat_category: string;
  exemption_reason: string | null;
  discount_minor: bigint;
  discount_percent: string | null;
  discount_reason: string | null;
}

/** numeric(…) comes back padded ("1.500000"): show the shortest form. */
function trimDecimal(value: string): string {
  return value.includes('.') ? value.replace(/0+$/, '').replace(/\.$/, '') : value;
}

export function lineView(line: LineRow, currency: string) {
  return {
    position: line.position,
    description: line.description,
    quantity: trimDecimal(line.quantity),
    unit_price: formatAmount(line.unit_price_minor, currency),
    tax_rate: trimDecimal(line.tax_rate),
    unit_code: line.unit_code,
    vat_category: line.vat_category,
    exemption_reason: line.exemption_reason,
    discount_amount:
      line.discount_minor === 0n ? null : formatAmount(line.discount_minor, currency),
    discount_percent: line.discount_percent === null ? null : trimDecimal(line.discount_percent),
    discount_reason: line.discount_reason,
    net: formatAmount(line.net_minor, currency),
    tax: formatAmount(line.tax_minor, currency),
  };
}

export function applicationView(
  row: {
    id: string;
    source_type: string;
    source_id: string;
    amount_minor: bigint;
    applied_on: string;
    reversal_id: string | null;
  },
  currency: string,
) {
  return {
    id: row.id,
    source_type: row.source_type,
    source_id: row.source_id,
    amount: formatAmount(row.amount_minor, currency),
    applied_on: row.applied_on,
    reversal_id: row.reversal_id,
  };
}

const iso = (value: Date | string | null) =>
  value === null ? null : new Date(value).toISOString();

export function invoiceView(
  row: InvoiceRow & { customer_ref?: string },
  extra: { lines?: LineRow[]; applications?: Parameters<typeof applicationView>[0][] } = {},
) {
  const money = (minor: bigint) => formatAmount(minor, row.currency);
  return {
    id: row.id,
    number: row.number,
    customer_id: row.customer_id,
    ...(row.customer_ref !== undefined ? { customer_ref: row.customer_ref } : {}),
    status: row.status,
    kind: row.kind,
    currency: row.currency,
    issued_on: row.issued_on,
    due_on: row.due_on,
    terms: row.terms_code,
    discount_on: row.discount_on,
    discount: money(row.discount_minor),
    subtotal: money(row.subtotal_minor),
    tax: money(row.tax_minor),
    total: money(row.total_minor),
    open: money(row.open_minor),
    po_number: row.po_number,
    memo: row.memo,
    origin: row.origin,
    created_at: iso(row.created_at)!,
    issued_at: iso(row.issued_at),
    voided_on: row.voided_on,
    void_reason: row.void_reason,
    ...(extra.lines ? { lines: extra.lines.map((line) => lineView(line, row.currency)) } : {}),
    ...(extra.applications
      ? { applications: extra.applications.map((a) => applicationView(a, row.currency)) }
      : {}),
  };
}
