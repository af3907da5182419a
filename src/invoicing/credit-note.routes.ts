import { Type } from '@sinclair/typebox';
import { AppError } from '../core/errors.js';
import { formatAmount } from '../core/money.js';
import { LineBody } from './invoice.routes.js';
import { DocumentLineSchema, lineView } from './invoice.view.js';
import type { RouteContext } from '../platform/http/app.js';
import { parseSort } from '../platform/http/app.js';
import { actorOf, permit } from '../auth/permit.routes.js';
import {
  Amount, CalendarDateSchema, Currency, errorResponses, Id, IdempotencyHeaders, IdParams, PageQuery, pageOf, ref, SortQuery,
} from '../platform/http/schemas.js';
import { createCreditNote } from './create-credit-note.service.js';
import { creditNoteLines, creditNoteSorts, findCreditNote, listCreditNotes, unappliedOfCreditNote, type CreditNoteRow } from './credit-note.sql.js';

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

export function creditNoteView(row: CreditNoteRow & { customer_ref?: string }, lines?: Parameters<typeof lineView>[0][]) {
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

export async function creditNoteRoutes({ app, database }: RouteContext) {
  async function detail(orgId: string, id: string) {
    const note = await findCreditNote(database.db, orgId, id);
    if (!note) throw AppError.notFound('credit_note');
    return creditNoteView(note, await creditNoteLines(database.db, orgId, id));
  }

  app.get('/credit-notes', {
    preHandler: permit(database, 'read'),
    schema: {
      tags: ['credit notes'], summary: 'List credit notes',
      querystring: Type.Object({
        ...PageQuery,
        sort: SortQuery(Object.keys(creditNoteSorts)),
        customer_id: Type.Optional(Type.String({ format: 'uuid' })),
        invoice_id: Type.Optional(Type.String({ format: 'uuid' })),
        currency: Type.Optional(ref(Currency)),
        issued_from: Type.Optional(ref(CalendarDateSchema)),
        issued_to: Type.Optional(ref(CalendarDateSchema)),
      }),
      response: { 200: pageOf(ref(CreditNoteSchema), 'CreditNotePage'), ...errorResponses },
    },
  }, async (request) => {
    const q = request.query;
    const sort = parseSort(q.sort, '-issued_on');
    const page = await listCreditNotes(
      database.db, actorOf(request).orgId,
      { customerId: q.customer_id, invoiceId: q.invoice_id, currency: q.currency?.toUpperCase(), issuedFrom: q.issued_from, issuedTo: q.issued_to },
      creditNoteSorts[sort.key]!, { limit: q.limit, cursor: q.cursor, descending: sort.descending },
    );
    return { items: page.items.map((row) => creditNoteView(row)), next_cursor: page.nextCursor };
  });

  app.post('/credit-notes', {
    preHandler: permit(database, 'invoices.post'),
    schema: {
      tags: ['credit notes'], summary: 'Issue a credit note, against an invoice (applied to it) or standalone (customer credit)',
      headers: IdempotencyHeaders,
      body: Type.Object(
        {
          customer_id: Type.String({ format: 'uuid' }),
          invoice_id: Type.Optional(Type.Union([Type.String({ format: 'uuid' }), Type.Null()])),
          issued_on: Type.Optional(ref(CalendarDateSchema)),
          lines: Type.Array(LineBody, { minItems: 1, maxItems: 500 }),
          reason: Type.Optional(Type.Union([Type.String({ maxLength: 2000 }), Type.Null()])),
          memo: Type.Optional(Type.Union([Type.String({ maxLength: 2000 }), Type.Null()])),
        },
        { additionalProperties: false },
      ),
      response: { 201: ref(CreditNoteSchema), ...errorResponses },
    },
  }, async (request, reply) => {
    const actor = actorOf(request);
    const body = request.body;
    const created = await createCreditNote(
      database, actor,
      {
        customerId: body.customer_id, invoiceId: body.invoice_id, issuedOn: body.issued_on, reason: body.reason, memo: body.memo,
        lines: body.lines.map((line) => ({ description: line.description, quantity: line.quantity, unitPrice: line.unit_price, taxRate: line.tax_rate })),
      },
      { idempotencyKey: request.headers['idempotency-key'] },
    );
    return reply.status(201).send(await detail(actor.orgId, created.id));
  });

  app.get('/credit-notes/:id', {
    preHandler: permit(database, 'read'),
    schema: { tags: ['credit notes'], summary: 'Get a credit note', params: IdParams, response: { 200: ref(CreditNoteSchema), ...errorResponses } },
  }, async (request) => detail(actorOf(request).orgId, request.params.id));
}

export const creditNoteSchemas = [CreditNoteSchema];
