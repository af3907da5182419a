import { Type } from '@sinclair/typebox';
import { parseCalendarDate } from '../core/calendar-date.js';
import { unwrap } from '../core/errors.js';
import { limits } from '../core/limits.js';
import type { RouteContext } from '../platform/http/app.js';
import { actorOf, permit } from '../auth/permit.routes.js';
import {
  Amount,
  CalendarDateSchema,
  Currency,
  errorResponses,
  Id,
  IdParams,
  PageQuery,
  pageOf,
  ref,
} from '../platform/http/schemas.js';
import {
  disputeDetailView,
  disputeDocumentView,
  disputeReportView,
  disputeView,
  planDetailView,
  planView,
  promiseDetailView,
  promiseView,
} from './commitments.view.js';
import {
  addDisputeDocument,
  disputeReasons,
  disputeStatuses,
  getDispute,
  getDisputeDocument,
  getDisputeReport,
  listDisputes,
  openDispute,
  rejectDispute,
  resolveDispute,
} from './manage-disputes.service.js';
import { cancelPlan, createPlan, getPlan, listPlans } from './manage-payment-plans.service.js';
import {
  cancelPromise,
  createPromise,
  getPromise,
  listPromises,
} from './manage-promises.service.js';
import { planStatuses } from './payment-plan.js';
import { promiseStatuses } from './promise.js';

const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) =>
  Type.Union([schema, Type.Null()]);
const Text = Type.String({ maxLength: limits.textLengthMax });
const InvoiceIds = Type.Array(ref(Id), { maxItems: limits.invoicesPerCommitmentMax });

// ---------------------------------------------------------------------------------------------
// Promises

const promiseFields = {
  id: ref(Id),
  customer_id: ref(Id),
  customer_ref: Type.String(),
  amount: ref(Amount),
  currency: ref(Currency),
  made_on: ref(CalendarDateSchema),
  promised_on: ref(CalendarDateSchema),
  grace_ends_on: ref(CalendarDateSchema),
  scope: Type.String({
    enum: ['invoices', 'account'],
    description: 'account: no invoices named, any payment of the customer in the currency counts',
  }),
  invoice_ids: Type.Array(ref(Id)),
  status: Type.String({ enum: [...promiseStatuses] }),
  decided_on: Type.Union([ref(CalendarDateSchema), Type.Null()]),
  notes: Nullable(Type.String()),
  created_by: Type.Union([ref(Id), Type.Null()]),
  created_at: Type.String({ format: 'date-time' }),
};

const PromiseSchema = Type.Object(promiseFields, {
  $id: 'PromiseToPay',
  description:
    'Kept when the payments applied from made_on to promised_on reach the amount; broken when grace_ends_on has passed without that',
});
const PromiseDetailSchema = Type.Object(
  { ...promiseFields, paid: ref(Amount) },
  {
    $id: 'PromiseToPayDetail',
    description: 'A promise with the payments applied in its window so far',
  },
);
const PromisePageSchema = pageOf(ref(PromiseSchema), 'PromiseToPayPage');

const CreatePromiseBody = Type.Object(
  {
    customer_id: ref(Id),
    invoice_ids: Type.Optional(InvoiceIds),
    currency: Type.Optional(ref(Currency)),
    amount: ref(Amount),
    promised_on: ref(CalendarDateSchema),
    made_on: Type.Optional(ref(CalendarDateSchema)),
    notes: Type.Optional(Nullable(Text)),
  },
  { additionalProperties: false },
);

// ---------------------------------------------------------------------------------------------
// Disputes

const disputeFields = {
  id: ref(Id),
  customer_id: ref(Id),
  customer_ref: Type.String(),
  invoice_id: ref(Id),
  invoice_number: Nullable(Type.String()),
  currency: ref(Currency),
  amount: Type.Union([ref(Amount), Type.Null()], {
    description: 'The disputed part; null for the whole invoice',
  }),
  reason: Type.String({ enum: [...disputeReasons] }),
  owner_id: Type.Union([ref(Id), Type.Null()]),
  status: Type.String({ enum: [...disputeStatuses] }),
  opened_on: ref(CalendarDateSchema),
  resolved_on: Type.Union([ref(CalendarDateSchema), Type.Null()]),
  days_to_resolve: Type.Union([Type.Integer(), Type.Null()]),
  resolution_note: Nullable(Type.String()),
  credit_note_id: Type.Union([ref(Id), Type.Null()]),
  notes: Nullable(Type.String()),
  created_by: Type.Union([ref(Id), Type.Null()]),
  created_at: Type.String({ format: 'date-time' }),
};

const DisputeDocumentSchema = Type.Object(
  {
    id: ref(Id),
    file_name: Type.String(),
    content_type: Type.String(),
    size_bytes: Type.Integer(),
    created_by: Type.Union([ref(Id), Type.Null()]),
    created_at: Type.String({ format: 'date-time' }),
  },
  { $id: 'DisputeDocument' },
);
const DisputeSchema = Type.Object(disputeFields, { $id: 'Dispute' });
const DisputeDetailSchema = Type.Object(
  { ...disputeFields, documents: Type.Array(ref(DisputeDocumentSchema)) },
  { $id: 'DisputeDetail' },
);
const DisputePageSchema = pageOf(ref(DisputeSchema), 'DisputePage');

const DisputeReportSchema = Type.Object(
  {
    currencies: Type.Array(
      Type.Object({
        currency: ref(Currency),
        reasons: Type.Array(
          Type.Object({
            reason: Type.String({ enum: [...disputeReasons] }),
            open_count: Type.Integer(),
            open_amount: ref(Amount),
            resolved_count: Type.Integer(),
            rejected_count: Type.Integer(),
            credited_amount: ref(Amount),
            average_days_to_resolve: Type.Union([Type.Number(), Type.Null()], {
              description:
                'Over resolved and rejected disputes, two decimals; null when none is closed',
            }),
          }),
        ),
      }),
    ),
  },
  { $id: 'DisputeReport' },
);

const OpenDisputeBody = Type.Object(
  {
    invoice_id: ref(Id),
    amount: Type.Optional(
      Type.Union([ref(Amount), Type.Null()], {
        description: 'The disputed part; absent or null for the whole invoice',
      }),
    ),
    reason: Type.String({ maxLength: 32, description: disputeReasons.join(', ') }),
    owner_id: Type.Optional(
      Type.Union([ref(Id), Type.Null()], { description: 'Default: the user opening it' }),
    ),
    opened_on: Type.Optional(ref(CalendarDateSchema)),
    notes: Type.Optional(Nullable(Text)),
  },
  { additionalProperties: false },
);

const ResolveDisputeBody = Type.Object(
  {
    credit_note: Type.Optional(
      Type.Boolean({
        description:
          'Issue a credit note against the invoice (needs adjustments.post); default false',
      }),
    ),
    amount: Type.Optional(ref(Amount)),
    resolved_on: Type.Optional(ref(CalendarDateSchema)),
    note: Type.Optional(Nullable(Text)),
  },
  { additionalProperties: false },
);

const RejectDisputeBody = Type.Object(
  { resolved_on: Type.Optional(ref(CalendarDateSchema)), note: Type.Optional(Nullable(Text)) },
  { additionalProperties: false },
);

/** Base64 is 4/3 of the bytes, so the body limit follows the document limit. */
const evidenceBodyBytesMax = Math.ceil((limits.documentBytesMax * 4) / 3) + 64 * 1024;

const EvidenceBody = Type.Object(
  {
    file_name: Type.String({ maxLength: 255 }),
    content_type: Type.String({ maxLength: 255 }),
    content_base64: Type.String({
      description: `The file, base64; at most ${limits.documentBytesMax} bytes once decoded`,
    }),
  },
  { additionalProperties: false },
);

// ---------------------------------------------------------------------------------------------
// Payment plans

const planFields = {
  id: ref(Id),
  customer_id: ref(Id),
  customer_ref: Type.String(),
  currency: ref(Currency),
  total: ref(Amount),
  invoice_ids: Type.Array(ref(Id)),
  starts_on: ref(CalendarDateSchema),
  status: Type.String({ enum: [...planStatuses] }),
  decided_on: Type.Union([ref(CalendarDateSchema), Type.Null()]),
  notes: Nullable(Type.String()),
  created_by: Type.Union([ref(Id), Type.Null()]),
  created_at: Type.String({ format: 'date-time' }),
};

const PlanSchema = Type.Object(planFields, { $id: 'PaymentPlan' });
const PlanDetailSchema = Type.Object(
  {
    ...planFields,
    as_of: ref(CalendarDateSchema),
    paid: ref(Amount),
    remaining: ref(Amount),
    installments: Type.Array(
      Type.Object({
        position: Type.Integer(),
        due_on: ref(CalendarDateSchema),
        grace_ends_on: ref(CalendarDateSchema),
        amount: ref(Amount),
        is_down_payment: Type.Boolean(),
        paid: ref(Amount),
        remaining: ref(Amount),
        state: Type.String({ enum: ['paid', 'due', 'missed', 'upcoming'] }),
      }),
    ),
  },
  {
    $id: 'PaymentPlanDetail',
    description:
      'What was applied to the covered invoices from starts_on, filled into the installments in order, as of as_of',
  },
);
const PlanPageSchema = pageOf(ref(PlanSchema), 'PaymentPlanPage');

const CreatePlanBody = Type.Object(
  {
    customer_id: ref(Id),
    invoice_ids: InvoiceIds,
    starts_on: Type.Optional(ref(CalendarDateSchema)),
    installments: Type.Optional(
      Type.Array(
        Type.Object(
          {
            due_on: ref(CalendarDateSchema),
            amount: ref(Amount),
            down_payment: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false },
        ),
        {
          maxItems: limits.planInstallmentsMax + 1,
          description: 'An explicit schedule summing exactly to what the invoices have open',
        },
      ),
    ),
    installment_count: Type.Optional(
      Type.Integer({ description: 'Or: split evenly into this many installments' }),
    ),
    first_due_on: Type.Optional(ref(CalendarDateSchema)),
    every_days: Type.Optional(
      Type.Integer({ description: 'Days between installments (default: monthly)' }),
    ),
    monthly: Type.Optional(Type.Boolean()),
    down_payment: Type.Optional(ref(Amount)),
    notes: Type.Optional(Nullable(Text)),
  },
  { additionalProperties: false },
);

const ListQuery = (statuses: readonly string[]) => ({
  ...PageQuery,
  status: Type.Optional(Type.String({ enum: [...statuses] })),
  customer_id: Type.Optional(ref(Id)),
});

export const commitmentSchemas = [
  PromiseSchema,
  PromiseDetailSchema,
  PromisePageSchema,
  DisputeDocumentSchema,
  DisputeSchema,
  DisputeDetailSchema,
  DisputePageSchema,
  DisputeReportSchema,
  PlanSchema,
  PlanDetailSchema,
  PlanPageSchema,
];

/** Safe in a quoted header value; the exact name goes in filename* (RFC 6266). */
function contentDisposition(fileName: string): string {
  const plain = fileName.replace(/[^A-Za-z0-9._ -]/g, '_');
  return `attachment; filename="${plain}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

export async function commitmentRoutes({ app, database }: RouteContext) {
  const read = permit(database, 'read');
  const work = permit(database, 'collections.work');

  app.get(
    '/promises',
    {
      preHandler: read,
      schema: {
        tags: ['collections'],
        summary: 'Promises to pay, soonest promised date first',
        querystring: Type.Object(ListQuery(promiseStatuses)),
        response: { 200: ref(PromisePageSchema), ...errorResponses },
      },
    },
    async (request) => {
      const query = request.query;
      const page = await listPromises(database, actorOf(request), {
        status: query.status,
        customerId: query.customer_id,
        limit: query.limit,
        cursor: query.cursor,
      });
      return { items: page.items.map(promiseView), next_cursor: page.nextCursor };
    },
  );

  app.post(
    '/promises',
    {
      preHandler: work,
      schema: {
        tags: ['collections'],
        summary: 'Record a promise to pay, for some invoices or the whole account',
        body: CreatePromiseBody,
        response: { 201: ref(PromiseDetailSchema), ...errorResponses },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const created = await createPromise(database, actorOf(request), {
        customerId: body.customer_id,
        invoiceIds: body.invoice_ids,
        currency: body.currency,
        amount: body.amount,
        promisedOn: body.promised_on,
        madeOn: body.made_on,
        notes: body.notes,
      });
      return reply.status(201).send(promiseDetailView(created));
    },
  );

  app.get(
    '/promises/:id',
    {
      preHandler: read,
      schema: {
        tags: ['collections'],
        summary: 'A promise to pay with what has been paid against it',
        params: IdParams,
        response: { 200: ref(PromiseDetailSchema), ...errorResponses },
      },
    },
    async (request) =>
      promiseDetailView(await getPromise(database, actorOf(request), request.params.id)),
  );

  app.post(
    '/promises/:id/cancel',
    {
      preHandler: work,
      schema: {
        tags: ['collections'],
        summary: 'Withdraw an open promise',
        params: IdParams,
        response: { 200: ref(PromiseDetailSchema), ...errorResponses },
      },
    },
    async (request) =>
      promiseDetailView(await cancelPromise(database, actorOf(request), request.params.id)),
  );

  app.get(
    '/disputes',
    {
      preHandler: read,
      schema: {
        tags: ['collections'],
        summary: 'Disputes, most recently opened first',
        querystring: Type.Object({
          ...ListQuery(disputeStatuses),
          invoice_id: Type.Optional(ref(Id)),
        }),
        response: { 200: ref(DisputePageSchema), ...errorResponses },
      },
    },
    async (request) => {
      const query = request.query;
      const page = await listDisputes(database, actorOf(request), {
        status: query.status,
        customerId: query.customer_id,
        invoiceId: query.invoice_id,
        limit: query.limit,
        cursor: query.cursor,
      });
      return { items: page.items.map(disputeView), next_cursor: page.nextCursor };
    },
  );

  app.post(
    '/disputes',
    {
      preHandler: work,
      schema: {
        tags: ['collections'],
        summary: 'Open a dispute on an invoice or part of it; its follow-up pauses',
        body: OpenDisputeBody,
        response: { 201: ref(DisputeDetailSchema), ...errorResponses },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const opened = await openDispute(database, actorOf(request), {
        invoiceId: body.invoice_id,
        amount: body.amount,
        reason: body.reason,
        ownerId: body.owner_id,
        openedOn: body.opened_on,
        notes: body.notes,
      });
      return reply.status(201).send(disputeDetailView(opened));
    },
  );

  app.get(
    '/disputes/:id',
    {
      preHandler: read,
      schema: {
        tags: ['collections'],
        summary: 'A dispute with its evidence',
        params: IdParams,
        response: { 200: ref(DisputeDetailSchema), ...errorResponses },
      },
    },
    async (request) =>
      disputeDetailView(await getDispute(database, actorOf(request), request.params.id)),
  );

  app.post(
    '/disputes/:id/resolve',
    {
      preHandler: work,
      schema: {
        tags: ['collections'],
        summary:
          'Resolve a dispute, optionally by a credit note against the invoice (needs adjustments.post)',
        params: IdParams,
        body: ResolveDisputeBody,
        response: { 200: ref(DisputeDetailSchema), ...errorResponses },
      },
    },
    async (request) => {
      const body = request.body;
      const resolved = await resolveDispute(database, actorOf(request), request.params.id, {
        creditNote: body.credit_note,
        amount: body.amount,
        resolvedOn: body.resolved_on,
        note: body.note,
      });
      return disputeDetailView(resolved);
    },
  );

  app.post(
    '/disputes/:id/reject',
    {
      preHandler: work,
      schema: {
        tags: ['collections'],
        summary: 'Reject a dispute: the invoice stands',
        params: IdParams,
        body: RejectDisputeBody,
        response: { 200: ref(DisputeDetailSchema), ...errorResponses },
      },
    },
    async (request) => {
      const body = request.body;
      return disputeDetailView(
        await rejectDispute(database, actorOf(request), request.params.id, {
          resolvedOn: body.resolved_on,
          note: body.note,
        }),
      );
    },
  );

  app.post(
    '/disputes/:id/documents',
    {
      preHandler: work,
      bodyLimit: evidenceBodyBytesMax,
      schema: {
        tags: ['collections'],
        summary: 'Add a document of evidence (base64 JSON)',
        params: IdParams,
        body: EvidenceBody,
        response: { 201: ref(DisputeDocumentSchema), ...errorResponses },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const added = await addDisputeDocument(database, actorOf(request), request.params.id, {
        fileName: body.file_name,
        contentType: body.content_type,
        contentBase64: body.content_base64,
      });
      return reply.status(201).send(disputeDocumentView(added));
    },
  );

  app.get(
    '/disputes/:id/documents/:documentId',
    {
      preHandler: read,
      schema: {
        tags: ['collections'],
        summary: 'Download a document of evidence, byte for byte as uploaded',
        params: Type.Object({ id: ref(Id), documentId: ref(Id) }),
        produces: ['application/octet-stream'],
        response: {
          200: Type.Unsafe<Buffer>({
            type: 'string',
            format: 'binary',
            description: 'The content type it was uploaded with',
          }),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const document = await getDisputeDocument(
        database,
        actorOf(request),
        request.params.id,
        request.params.documentId,
      );
      return reply
        .type(document.contentType)
        .header('content-disposition', contentDisposition(document.fileName))
        .send(document.content);
    },
  );

  app.get(
    '/reports/disputes',
    {
      preHandler: read,
      schema: {
        tags: ['reports'],
        summary:
          'Disputes per currency and reason: open count and amount, resolved and rejected, days to resolve',
        querystring: Type.Object({ customer_id: Type.Optional(ref(Id)) }),
        response: { 200: ref(DisputeReportSchema), ...errorResponses },
      },
    },
    async (request) =>
      disputeReportView(
        await getDisputeReport(database, actorOf(request), {
          customerId: request.query.customer_id,
        }),
      ),
  );

  app.get(
    '/payment-plans',
    {
      preHandler: read,
      schema: {
        tags: ['collections'],
        summary: 'Payment plans, newest first',
        querystring: Type.Object(ListQuery(planStatuses)),
        response: { 200: ref(PlanPageSchema), ...errorResponses },
      },
    },
    async (request) => {
      const query = request.query;
      const page = await listPlans(database, actorOf(request), {
        status: query.status,
        customerId: query.customer_id,
        limit: query.limit,
        cursor: query.cursor,
      });
      return { items: page.items.map(planView), next_cursor: page.nextCursor };
    },
  );

  app.post(
    '/payment-plans',
    {
      preHandler: work,
      schema: {
        tags: ['collections'],
        summary:
          'Agree a payment plan over open invoices: an explicit schedule, or an even split with an optional down payment',
        body: CreatePlanBody,
        response: { 201: ref(PlanDetailSchema), ...errorResponses },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const created = await createPlan(database, actorOf(request), {
        customerId: body.customer_id,
        invoiceIds: body.invoice_ids,
        startsOn: body.starts_on,
        notes: body.notes,
        installments: body.installments?.map((item) => ({
          dueOn: item.due_on,
          amount: item.amount,
          downPayment: item.down_payment,
        })),
        installmentCount: body.installment_count,
        firstDueOn: body.first_due_on,
        everyDays: body.every_days,
        monthly: body.monthly,
        downPayment: body.down_payment,
      });
      return reply.status(201).send(planDetailView(created));
    },
  );

  app.get(
    '/payment-plans/:id',
    {
      preHandler: read,
      schema: {
        tags: ['collections'],
        summary:
          'A payment plan with its installments: paid, remaining and state (paid, due, missed, upcoming)',
        params: IdParams,
        querystring: Type.Object({ as_of: Type.Optional(ref(CalendarDateSchema)) }),
        response: { 200: ref(PlanDetailSchema), ...errorResponses },
      },
    },
    async (request) => {
      const asOf =
        request.query.as_of === undefined
          ? undefined
          : unwrap(parseCalendarDate(request.query.as_of, 'as_of'));
      return planDetailView(await getPlan(database, actorOf(request), request.params.id, { asOf }));
    },
  );

  app.post(
    '/payment-plans/:id/cancel',
    {
      preHandler: work,
      schema: {
        tags: ['collections'],
        summary: 'End an active payment plan by agreement; follow-up resumes',
        params: IdParams,
        response: { 200: ref(PlanDetailSchema), ...errorResponses },
      },
    },
    async (request) =>
      planDetailView(await cancelPlan(database, actorOf(request), request.params.id)),
  );
}
