import { Type } from '@sinclair/typebox';
import type { Actor } from '../core/actor.js';
import { formatAmount } from '../core/money.js';
import type { RouteContext } from '../platform/http/app.js';
import { parseSort } from '../platform/http/app.js';
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
  SortQuery,
} from '../platform/http/schemas.js';
import { applyUnapplied } from './apply-unapplied.service.js';
import { getPayment } from './get-payment.service.js';
import { listPayments, paymentSortKeys } from './list-payments.service.js';
import { paymentMethods } from './payment.js';
import {
  PaymentApplicationSchema,
  PaymentSchema,
  paymentView,
  RefundSchema,
} from './payment.view.js';
import { recordPayment } from './record-payment.service.js';
import { refundUnapplied } from './refund-unapplied.service.js';
import { reversePayment } from './reverse-payment.service.js';

const ApplicationResultSchema = Type.Object(
  {
    source_type: Type.String(),
    source_id: ref(Id),
    currency: ref(Currency),
    applied_on: ref(CalendarDateSchema),
    applied: ref(Amount),
    unapplied: ref(Amount),
    applications: Type.Array(
      Type.Object({ invoice_id: ref(Id), amount: ref(Amount), discount: ref(Amount) }),
    ),
  },
  { $id: 'ApplicationResult' },
);

const ApplicationsBody = {
  apply: Type.Optional(
    Type.String({
      enum: ['oldest_first', 'none'],
      description: 'oldest_first spreads the money over open invoices',
    }),
  ),
  applications: Type.Optional(
    Type.Array(
      Type.Object(
        {
          invoice_id: Type.String({ format: 'uuid' }),
          amount: ref(Amount),
          take_discount: Type.Optional(
            Type.Boolean({
              description:
                'Default true: take the early-payment discount when this settles the invoice net of it',
            }),
          ),
        },
        { additionalProperties: false },
      ),
      { maxItems: 1000 },
    ),
  ),
};

type ApplicationsInput =
  { invoice_id: string; amount: string; take_discount?: boolean }[] | undefined;
const applicationsOf = (items: ApplicationsInput) =>
  items?.map((item) => ({
    invoiceId: item.invoice_id,
    amount: item.amount,
    takeDiscount: item.take_discount,
  }));

function applicationResultView(result: Awaited<ReturnType<typeof applyUnapplied>>) {
  const money = (minor: bigint) => formatAmount(minor, result.currency);
  return {
    source_type: result.sourceType,
    source_id: result.sourceId,
    currency: result.currency,
    applied_on: result.appliedOn,
    applied: money(result.appliedMinor),
    unapplied: money(result.unappliedMinor),
    applications: result.applications.map((a) => ({
      invoice_id: a.invoiceId,
      amount: money(a.amountMinor),
      discount: money(a.discountMinor),
    })),
  };
}

function refundView(refund: Awaited<ReturnType<typeof refundUnapplied>>) {
  return {
    id: refund.id,
    source_type: refund.sourceType,
    source_id: refund.sourceId,
    refunded_on: refund.refundedOn,
    amount: formatAmount(refund.amountMinor, refund.currency),
    currency: refund.currency,
    method: refund.method,
    reference: refund.reference,
  };
}

const RefundBody = Type.Object(
  {
    amount: Type.Optional(ref(Amount)),
    refunded_on: Type.Optional(ref(CalendarDateSchema)),
    method: Type.Optional(Type.String({ enum: [...paymentMethods] })),
    reference: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
  },
  { additionalProperties: false },
);

const ApplyBody = Type.Object(
  { ...ApplicationsBody, applied_on: Type.Optional(ref(CalendarDateSchema)) },
  { additionalProperties: false },
);

export async function paymentRoutes({ app, database }: RouteContext) {
  const post = permit(database, 'payments.post');
  async function detail(actor: Actor, id: string) {
    const { payment, applications, refunds } = await getPayment(database, actor, id);
    return paymentView(payment, applications, refunds);
  }

  app.get(
    '/payments',
    {
      preHandler: permit(database, 'read'),
      schema: {
        tags: ['payments'],
        summary: 'List payments',
        querystring: Type.Object({
          ...PageQuery,
          sort: SortQuery(paymentSortKeys),
          customer_id: Type.Optional(Type.String({ format: 'uuid' })),
          currency: Type.Optional(ref(Currency)),
          reference: Type.Optional(Type.String()),
          received_from: Type.Optional(ref(CalendarDateSchema)),
          received_to: Type.Optional(ref(CalendarDateSchema)),
          unapplied: Type.Optional(
            Type.Boolean({
              description: 'true: only payments with unapplied money left (to apply or refund)',
            }),
          ),
        }),
        response: { 200: pageOf(ref(PaymentSchema), 'PaymentPage'), ...errorResponses },
      },
    },
    async (request) => {
      const q = request.query;
      const sort = parseSort(q.sort, '-received_on');
      const page = await listPayments(
        database,
        actorOf(request),
        {
          customerId: q.customer_id,
          currency: q.currency?.toUpperCase(),
          reference: q.reference,
          receivedFrom: q.received_from,
          receivedTo: q.received_to,
          withUnapplied: q.unapplied === true,
        },
        sort.key,
        { limit: q.limit, cursor: q.cursor, descending: sort.descending },
      );
      return { items: page.items.map((row) => paymentView(row)), next_cursor: page.nextCursor };
    },
  );

  app.post(
    '/payments',
    {
      preHandler: post,
      schema: {
        tags: ['payments'],
        summary:
          'Record a payment and apply it (by hand or oldest first); the rest stays as customer credit',
        headers: IdempotencyHeaders,
        body: Type.Object(
          {
            customer_id: Type.String({ format: 'uuid' }),
            amount: ref(Amount),
            currency: Type.Optional(ref(Currency)),
            received_on: Type.Optional(ref(CalendarDateSchema)),
            method: Type.Optional(Type.String({ enum: [...paymentMethods] })),
            reference: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
            payer: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
            memo: Type.Optional(Type.Union([Type.String({ maxLength: 2000 }), Type.Null()])),
            ...ApplicationsBody,
          },
          { additionalProperties: false },
        ),
        response: { 201: ref(PaymentSchema), ...errorResponses },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const body = request.body;
      const payment = await recordPayment(
        database,
        actor,
        {
          customerId: body.customer_id,
          amount: body.amount,
          currency: body.currency,
          receivedOn: body.received_on,
          method: body.method,
          reference: body.reference,
          payer: body.payer,
          memo: body.memo,
          apply: body.apply as 'oldest_first' | 'none' | undefined,
          applications: applicationsOf(body.applications),
        },
        { idempotencyKey: request.headers['idempotency-key'] },
      );
      // From what the transaction wrote: a new payment has no refunds, and reading it back would
      // cost three more round trips.
      return reply.status(201).send(paymentView(payment, payment.applications, []));
    },
  );

  app.get(
    '/payments/:id',
    {
      preHandler: permit(database, 'read'),
      schema: {
        tags: ['payments'],
        summary: 'Get a payment with its applications and refunds',
        params: IdParams,
        response: { 200: ref(PaymentSchema), ...errorResponses },
      },
    },
    async (request) => detail(actorOf(request), request.params.id),
  );

  for (const [path, sourceType, tag] of [
    ['/payments/:id', 'payment', 'payments'],
    ['/credit-notes/:id', 'credit_note', 'credit notes'],
  ] as const) {
    app.post(
      `${path}/apply`,
      {
        preHandler: post,
        schema: {
          tags: [tag],
          summary: `Apply what is left of the ${sourceType.replace('_', ' ')} to invoices`,
          params: IdParams,
          headers: IdempotencyHeaders,
          body: ApplyBody,
          response: { 200: ref(ApplicationResultSchema), ...errorResponses },
        },
      },
      async (request) => {
        const result = await applyUnapplied(
          database,
          actorOf(request),
          {
            sourceType,
            sourceId: request.params.id,
            apply: request.body.apply === 'oldest_first' ? 'oldest_first' : undefined,
            applications: applicationsOf(request.body.applications),
            appliedOn: request.body.applied_on,
          },
          { idempotencyKey: request.headers['idempotency-key'] },
        );
        return applicationResultView(result);
      },
    );

    app.post(
      `${path}/refund`,
      {
        preHandler: post,
        schema: {
          tags: [tag],
          summary: `Refund unapplied credit of the ${sourceType.replace('_', ' ')}`,
          params: IdParams,
          headers: IdempotencyHeaders,
          body: RefundBody,
          response: { 201: ref(RefundSchema), ...errorResponses },
        },
      },
      async (request, reply) => {
        const body = request.body;
        const refund = await refundUnapplied(
          database,
          actorOf(request),
          {
            sourceType,
            sourceId: request.params.id,
            amount: body.amount,
            refundedOn: body.refunded_on,
            method: body.method,
            reference: body.reference,
          },
          { idempotencyKey: request.headers['idempotency-key'] },
        );
        return reply.status(201).send(refundView(refund));
      },
    );
  }

  app.post(
    '/payments/:id/reverse',
    {
      preHandler: post,
      schema: {
        tags: ['payments'],
        summary: 'Reverse a payment (bounced cheque, charge-back): re-opens what it paid',
        params: IdParams,
        headers: IdempotencyHeaders,
        body: Type.Object(
          {
            reason: Type.String({ minLength: 1, maxLength: 2000 }),
            reversed_on: Type.Optional(ref(CalendarDateSchema)),
          },
          { additionalProperties: false },
        ),
        response: { 200: ref(PaymentSchema), ...errorResponses },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      await reversePayment(
        database,
        actor,
        request.params.id,
        { reason: request.body.reason, reversedOn: request.body.reversed_on },
        { idempotencyKey: request.headers['idempotency-key'] },
      );
      return detail(actor, request.params.id);
    },
  );
}

export const paymentSchemas = [
  PaymentApplicationSchema,
  RefundSchema,
  PaymentSchema,
  ApplicationResultSchema,
];
