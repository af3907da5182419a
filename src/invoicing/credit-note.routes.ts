import { Type } from '@sinclair/typebox';
import type { Actor } from '../core/actor.js';
import { LineBody, lineInputOf } from './invoice.routes.js';
import type { RouteContext } from '../platform/http/app.js';
import { parseSort } from '../platform/http/app.js';
import { actorOf, permit } from '../auth/permit.routes.js';
import {
  CalendarDateSchema,
  Currency,
  errorResponses,
  IdempotencyHeaders,
  IdParams,
  PageQuery,
  pageOf,
  ref,
  SortQuery,
} from '../platform/http/schemas.js';
import { createCreditNote } from './create-credit-note.service.js';
import { CreditNoteSchema, creditNoteView } from './credit-note.view.js';
import { getCreditNote } from './get-credit-note.service.js';
import { creditNoteSortKeys, listCreditNotes } from './list-credit-notes.service.js';

export async function creditNoteRoutes({ app, database }: RouteContext) {
  async function detail(actor: Actor, id: string) {
    const { creditNote, lines } = await getCreditNote(database, actor, id);
    return creditNoteView(creditNote, lines);
  }

  app.get(
    '/credit-notes',
    {
      preHandler: permit(database, 'read'),
      schema: {
        tags: ['credit notes'],
        summary: 'List credit notes',
        querystring: Type.Object({
          ...PageQuery,
          sort: SortQuery(creditNoteSortKeys),
          customer_id: Type.Optional(Type.String({ format: 'uuid' })),
          invoice_id: Type.Optional(Type.String({ format: 'uuid' })),
          currency: Type.Optional(ref(Currency)),
          issued_from: Type.Optional(ref(CalendarDateSchema)),
          issued_to: Type.Optional(ref(CalendarDateSchema)),
        }),
        response: { 200: pageOf(ref(CreditNoteSchema), 'CreditNotePage'), ...errorResponses },
      },
    },
    async (request) => {
      const q = request.query;
      const sort = parseSort(q.sort, '-issued_on');
      const page = await listCreditNotes(
        database,
        actorOf(request),
        {
          customerId: q.customer_id,
          invoiceId: q.invoice_id,
          currency: q.currency?.toUpperCase(),
          issuedFrom: q.issued_from,
          issuedTo: q.issued_to,
        },
        sort.key,
        { limit: q.limit, cursor: q.cursor, descending: sort.descending },
      );
      return { items: page.items.map((row) => creditNoteView(row)), next_cursor: page.nextCursor };
    },
  );

  app.post(
    '/credit-notes',
    {
      preHandler: permit(database, 'invoices.post'),
      schema: {
        tags: ['credit notes'],
        summary:
          'Issue a credit note, against an invoice (applied to it) or standalone (customer credit)',
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
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const body = request.body;
      const created = await createCreditNote(
        database,
        actor,
        {
          customerId: body.customer_id,
          invoiceId: body.invoice_id,
          issuedOn: body.issued_on,
          reason: body.reason,
          memo: body.memo,
          lines: body.lines.map(lineInputOf),
        },
        { idempotencyKey: request.headers['idempotency-key'] },
      );
      return reply.status(201).send(await detail(actor, created.id));
    },
  );

  app.get(
    '/credit-notes/:id',
    {
      preHandler: permit(database, 'read'),
      schema: {
        tags: ['credit notes'],
        summary: 'Get a credit note',
        params: IdParams,
        response: { 200: ref(CreditNoteSchema), ...errorResponses },
      },
    },
    async (request) => detail(actorOf(request), request.params.id),
  );
}

export const creditNoteSchemas = [CreditNoteSchema];
