import { Type } from '@sinclair/typebox';
import type { RouteContext } from '../platform/http/app.js';
import { actorOf, permit } from '../auth/permit.routes.js';
import {
  Amount,
  CalendarDateSchema,
  Currency,
  errorResponses,
  Id,
  IdempotencyHeaders,
  IdParams,
  PageQuery,
  pageOf,
  ref,
} from '../platform/http/schemas.js';
import { placementChannels, placementStatuses } from './agency.js';
import { agencyFileCsv, agencyFileName } from './agency-file.js';
import { placementDetailView, placementView, recoveryView } from './agency.view.js';
import {
  closePlacement,
  getAgencyFile,
  getPlacement,
  listPlacements,
  placeInvoices,
  recallPlacement,
  recordRecovery,
} from './manage-placements.service.js';

const placementFields = {
  id: ref(Id),
  customer_id: ref(Id),
  customer_ref: Type.String(),
  customer_name: Type.String(),
  agency: Type.String(),
  channel: Type.String({ enum: [...placementChannels] }),
  placed_on: ref(CalendarDateSchema),
  currency: ref(Currency),
  amount: ref(Amount),
  commission_percent: Type.String({
    description: 'Percent of each recovery the agency keeps, e.g. "25" or "17.5"',
  }),
  invoice_ids: Type.Array(ref(Id)),
  status: Type.String({ enum: [...placementStatuses] }),
  closed_on: Type.Union([ref(CalendarDateSchema), Type.Null()]),
  notes: Type.Union([Type.String(), Type.Null()]),
  created_by: Type.Union([ref(Id), Type.Null()]),
  created_at: Type.String({ format: 'date-time' }),
  recovered: ref(Amount),
  commission: ref(Amount),
  open: Type.Unsafe<string>({ $ref: 'Amount#', description: 'Still open on the placed invoices' }),
};

const PlacementSchema = Type.Object(placementFields, {
  $id: 'AgencyPlacement',
  description:
    'Invoices handed to a collection agency or to legal: amount is their open total on placed_on',
});

const RecoverySchema = Type.Object(
  {
    id: ref(Id),
    recovered_on: ref(CalendarDateSchema),
    amount: ref(Amount),
    commission: Type.Unsafe<string>({
      $ref: 'Amount#',
      description: 'amount × commission_percent ÷ 100, rounded half-up to the minor unit',
    }),
    net: ref(Amount),
    payment_id: ref(Id),
    created_at: Type.String({ format: 'date-time' }),
  },
  { $id: 'AgencyRecovery' },
);

const PlacementDetailSchema = Type.Object(
  {
    ...placementFields,
    invoices: Type.Array(
      Type.Object({
        id: ref(Id),
        number: Type.Union([Type.String(), Type.Null()]),
        issued_on: Type.Union([ref(CalendarDateSchema), Type.Null()]),
        due_on: Type.Union([ref(CalendarDateSchema), Type.Null()]),
        total: ref(Amount),
        open: ref(Amount),
        status: Type.String(),
      }),
    ),
    recoveries: Type.Array(ref(RecoverySchema)),
  },
  { $id: 'AgencyPlacementDetail' },
);

const PlacementPageSchema = pageOf(ref(PlacementSchema), 'AgencyPlacementPage');

const RecordedRecoverySchema = Type.Object(
  { recovery: ref(RecoverySchema), placement: ref(PlacementDetailSchema) },
  { $id: 'AgencyRecoveryRecorded' },
);

const PlaceBody = Type.Object(
  {
    customer_id: ref(Id),
    agency: Type.String({ maxLength: 200, description: 'The agency or lawyer' }),
    // Checked by the service rather than by an enum, so that the API and the CLI answer alike.
    channel: Type.Optional(
      Type.String({ maxLength: 16, description: 'agency (default) or legal' }),
    ),
    placed_on: Type.Optional(
      Type.String({ maxLength: 32, description: 'YYYY-MM-DD, today or earlier (default today)' }),
    ),
    commission_percent: Type.String({
      maxLength: 20,
      description: 'Percent of recoveries, 0 to 100, up to four decimals',
    }),
    invoice_ids: Type.Optional(
      Type.Array(ref(Id), {
        description: 'The invoices to place: open, of the customer, in one currency',
      }),
    ),
    all_overdue: Type.Optional(
      Type.Boolean({
        description: 'Place every open invoice past due on placed_on that is not already placed',
      }),
    ),
    currency: Type.Optional(ref(Currency)),
    notes: Type.Optional(Type.Union([Type.String({ maxLength: 2000 }), Type.Null()])),
  },
  { additionalProperties: false },
);

const RecoveryBody = Type.Object(
  {
    amount: Type.String({
      maxLength: 40,
      description: 'Gross amount recovered, before commission, in major units',
    }),
    recovered_on: Type.Optional(
      Type.String({ maxLength: 32, description: 'YYYY-MM-DD (default today)' }),
    ),
    reference: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
  },
  { additionalProperties: false },
);

const EndBody = Type.Optional(
  Type.Object(
    {
      on: Type.Optional(Type.String({ maxLength: 32, description: 'YYYY-MM-DD (default today)' })),
      reason: Type.Optional(Type.Union([Type.String({ maxLength: 2000 }), Type.Null()])),
    },
    { additionalProperties: false },
  ),
);

export const agencySchemas = [
  PlacementSchema,
  RecoverySchema,
  PlacementDetailSchema,
  PlacementPageSchema,
  RecordedRecoverySchema,
];

export async function agencyRoutes({ app, database }: RouteContext) {
  const read = permit(database, 'read');
  const manage = permit(database, 'collections.manage');
  const tags = ['collections'];

  app.get(
    '/agency-placements',
    {
      preHandler: read,
      schema: {
        tags,
        summary: 'Agency and legal placements, latest first',
        querystring: Type.Object({
          ...PageQuery,
          customer_id: Type.Optional(Type.String({ maxLength: 64 })),
          status: Type.Optional(
            Type.String({ maxLength: 16, description: 'active, closed or recalled' }),
          ),
        }),
        response: { 200: ref(PlacementPageSchema), ...errorResponses },
      },
    },
    async (request) => {
      const query = request.query;
      const page = await listPlacements(database, actorOf(request), {
        customerId: query.customer_id,
        status: query.status,
        limit: query.limit,
        cursor: query.cursor,
      });
      return { items: page.items.map(placementView), next_cursor: page.nextCursor };
    },
  );

  app.post(
    '/agency-placements',
    {
      preHandler: manage,
      schema: {
        tags,
        summary: 'Hand invoices over to a collection agency or to legal',
        body: PlaceBody,
        response: { 201: ref(PlacementDetailSchema), ...errorResponses },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const created = await placeInvoices(database, actorOf(request), {
        customerId: body.customer_id,
        agency: body.agency,
        channel: body.channel,
        placedOn: body.placed_on,
        commissionPercent: body.commission_percent,
        invoiceIds: body.invoice_ids,
        allOverdue: body.all_overdue,
        currency: body.currency,
        notes: body.notes,
      });
      return reply.status(201).send(placementDetailView(created));
    },
  );

  app.get(
    '/agency-placements/:id',
    {
      preHandler: read,
      schema: {
        tags,
        summary: 'A placement with its invoices and recoveries',
        params: IdParams,
        response: { 200: ref(PlacementDetailSchema), ...errorResponses },
      },
    },
    async (request) =>
      placementDetailView(await getPlacement(database, actorOf(request), request.params.id)),
  );

  app.post(
    '/agency-placements/:id/recoveries',
    {
      preHandler: [manage, permit(database, 'payments.post')],
      schema: {
        tags,
        summary:
          'Record money the agency recovered: a payment applied to the placed invoices oldest first, and the commission',
        params: IdParams,
        headers: IdempotencyHeaders,
        body: RecoveryBody,
        response: { 201: ref(RecordedRecoverySchema), ...errorResponses },
      },
    },
    async (request, reply) => {
      const recorded = await recordRecovery(
        database,
        actorOf(request),
        request.params.id,
        {
          amount: request.body.amount,
          recoveredOn: request.body.recovered_on,
          reference: request.body.reference,
        },
        { idempotencyKey: request.headers['idempotency-key'] },
      );
      return reply.status(201).send({
        recovery: recoveryView(recorded.recovery, recorded.placement.placement.currency),
        placement: placementDetailView(recorded.placement),
      });
    },
  );

  app.post(
    '/agency-placements/:id/close',
    {
      preHandler: manage,
      schema: {
        tags,
        summary:
          'Close a placement: all recovered, or the agency gave up (what is open stays open)',
        params: IdParams,
        body: EndBody,
        response: { 200: ref(PlacementDetailSchema), ...errorResponses },
      },
    },
    async (request) =>
      placementDetailView(
        await closePlacement(database, actorOf(request), request.params.id, request.body ?? {}),
      ),
  );

  app.post(
    '/agency-placements/:id/recall',
    {
      preHandler: manage,
      schema: {
        tags,
        summary:
          'Take the invoices back from the agency: the collections run follows them up again',
        params: IdParams,
        body: EndBody,
        response: { 200: ref(PlacementDetailSchema), ...errorResponses },
      },
    },
    async (request) =>
      placementDetailView(
        await recallPlacement(database, actorOf(request), request.params.id, request.body ?? {}),
      ),
  );

  app.get(
    '/agency-placements/:id/file.csv',
    {
      preHandler: read,
      schema: {
        tags,
        summary:
          'The file for the agency: debtor details, the placed invoices and the contact history, as CSV',
        description:
          'One table; the first column, record, is invoice (one row per placed invoice) or history (one row per e-mail sent, task ' +
          'completed or note, oldest first). Every row repeats the placement and the debtor.',
        params: IdParams,
        querystring: Type.Object({
          as_of: Type.Optional(
            Type.String({
              maxLength: 32,
              description: 'Days overdue are counted to this date (default today)',
            }),
          ),
        }),
        produces: ['text/csv'],
        response: { 200: Type.String({ description: 'text/csv' }), ...errorResponses },
      },
    },
    async (request, reply) => {
      const file = await getAgencyFile(database, actorOf(request), request.params.id, {
        asOf: request.query.as_of,
      });
      reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${agencyFileName(file)}"`);
      return agencyFileCsv(file);
    },
  );
}
