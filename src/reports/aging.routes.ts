import { Type, type Static } from '@sinclair/typebox';
import { parseCalendarDate } from '../core/calendar-date.js';
import { unwrap } from '../core/errors.js';
import { formatAmount } from '../core/money.js';
import { findOrganization } from '../organizations/find-organization.service.js';
import type { RouteContext } from '../platform/http/app.js';
import { actorOf, permit } from '../auth/permit.routes.js';
import {
  Amount,
  CalendarDateSchema,
  Currency,
  errorResponses,
  Id,
  ref,
} from '../platform/http/schemas.js';
import { agingBoundsMax, agingDaysMax, parseAgingBasis } from './aging.js';
import { agingView } from './aging.view.js';
import { ReportScopeQuery } from './report-scope-query.js';
import { agingDetailCsv, agingSummaryCsv } from './aging-csv.js';
import { agingPdf } from './aging-pdf.js';
import { getAgingBuckets, setAgingBuckets } from './aging-settings.service.js';
import { getAging, type AgingRequest } from './get-aging.service.js';

const AgingBucketSchema = Type.Object(
  {
    label: Type.String(),
    from_days: Type.Union([Type.Integer(), Type.Null()]),
    to_days: Type.Union([Type.Integer(), Type.Null()]),
  },
  { $id: 'AgingBucket' },
);

const agingFigures = {
  buckets: Type.Array(ref(Amount), {
    description: 'One figure per bucket, in the order of `buckets`',
  }),
  unapplied: ref(Amount),
  balance: ref(Amount),
};

const AgingSchema = Type.Object(
  {
    as_of: ref(CalendarDateSchema),
    basis: Type.Union([Type.Literal('due'), Type.Literal('issue')]),
    buckets: Type.Array(ref(AgingBucketSchema)),
    currencies: Type.Array(
      Type.Object({
        currency: ref(Currency),
        customers: Type.Array(
          Type.Object({
            customer_id: ref(Id),
            customer_ref: Type.String(),
            customer_name: Type.String(),
            ...agingFigures,
          }),
        ),
        totals: Type.Object(agingFigures),
      }),
    ),
    items: Type.Optional(
      Type.Array(
        Type.Object({
          customer_id: ref(Id),
          customer_ref: Type.String(),
          type: Type.Union([
            Type.Literal('invoice'),
            Type.Literal('payment'),
            Type.Literal('credit_note'),
          ]),
          id: ref(Id),
          number: Type.Union([Type.String(), Type.Null()]),
          currency: ref(Currency),
          document_date: ref(CalendarDateSchema),
          due_date: Type.Union([ref(CalendarDateSchema), Type.Null()]),
          age_days: Type.Union([Type.Integer(), Type.Null()]),
          bucket: Type.String({ description: 'The bucket label, or "unapplied" for credit' }),
          total: ref(Amount),
          balance: ref(Amount),
        }),
      ),
    ),
  },
  { $id: 'Aging' },
);

const AgingQuery = Type.Object({
  as_of: Type.Optional(ref(CalendarDateSchema)),
  basis: Type.Optional(Type.String({ description: '"due" (default) or "issue"' })),
  ...ReportScopeQuery,
  detail: Type.Optional(Type.Boolean({ description: 'Also list every open item' })),
});

const BoundsSchema = Type.Array(Type.Integer({ minimum: 0, maximum: agingDaysMax }), {
  minItems: 1,
  maxItems: agingBoundsMax,
});

const AgingBucketsSchema = Type.Object(
  {
    bounds: Type.Object({ due: BoundsSchema, issue: BoundsSchema }),
    buckets: Type.Object({
      due: Type.Array(ref(AgingBucketSchema)),
      issue: Type.Array(ref(AgingBucketSchema)),
    }),
  },
  { $id: 'AgingBuckets' },
);

export const agingSchemas = [AgingBucketSchema, AgingSchema, AgingBucketsSchema];

function agingRequest(query: Static<typeof AgingQuery>): AgingRequest {
  return {
    asOf: query.as_of === undefined ? undefined : unwrap(parseCalendarDate(query.as_of, 'as_of')),
    basis: unwrap(parseAgingBasis(query.basis)),
    customerId: query.customer_id,
    customerRef: query.customer_ref,
    collectorId: query.collector_id,
    tag: query.tag,
    currency: query.currency,
    detail: query.detail,
  };
}

export async function agingRoutes({ app, database }: RouteContext) {
  const read = permit(database, 'read');

  app.get(
    '/reports/aging',
    {
      preHandler: read,
      schema: {
        tags: ['reports'],
        summary: 'Aging as of a date, per customer and currency',
        description:
          'What was issued on or before `as_of` less what was applied on or before it, aged to `as_of` by due date (default) or issue date. ' +
          'Unapplied credit is its own negative column; every customer balance is the sum of its columns, and the totals tie out to the A/R control account as of that date.',
        querystring: AgingQuery,
        response: { 200: ref(AgingSchema), ...errorResponses },
      },
    },
    async (request) =>
      agingView(await getAging(database, actorOf(request), agingRequest(request.query))),
  );

  app.get(
    '/reports/aging.csv',
    {
      preHandler: read,
      schema: {
        tags: ['reports'],
        summary: 'Aging as CSV: the summary, or every open item with detail=true',
        querystring: AgingQuery,
        produces: ['text/csv'],
        response: { 200: Type.String({ description: 'text/csv' }), ...errorResponses },
      },
    },
    async (request, reply) => {
      const report = await getAging(database, actorOf(request), agingRequest(request.query));
      const name = `aging-${report.asOf}${report.items ? '-detail' : ''}.csv`;
      reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${name}"`);
      return report.items ? agingDetailCsv(report) : agingSummaryCsv(report);
    },
  );

  app.get(
    '/reports/aging.pdf',
    {
      preHandler: read,
      schema: {
        tags: ['reports'],
        summary: 'Aging as a PDF: the summary, and every open item with detail=true',
        querystring: AgingQuery,
        produces: ['application/pdf'],
        response: {
          200: Type.Unsafe<Buffer>({
            type: 'string',
            format: 'binary',
            description: 'application/pdf',
          }),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const report = await getAging(database, actorOf(request), agingRequest(request.query));
      const organization = await findOrganization(database.db, actorOf(request).orgId);
      const pdf = await agingPdf(report, { organizationName: organization?.name ?? '' });
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="aging-${report.asOf}.pdf"`)
        .send(pdf);
    },
  );

  app.get(
    '/settings/aging-buckets',
    {
      preHandler: read,
      schema: {
        tags: ['settings'],
        summary: "The organization's aging buckets, per basis",
        response: { 200: ref(AgingBucketsSchema), ...errorResponses },
      },
    },
    async (request) => {
      const settings = await getAgingBuckets(database, actorOf(request));
      return bucketsView(settings);
    },
  );

  app.put(
    '/settings/aging-buckets',
    {
      preHandler: permit(database, 'settings.manage'),
      schema: {
        tags: ['settings'],
        summary: 'Set the aging buckets',
        description:
          'Inclusive upper bounds in days of every bucket but the last. Under the due basis the first bound is 0 (Current). null restores the defaults.',
        // Null first: with the coercion Fastify's validator does, null would otherwise become [0].
        body: Type.Object({
          due: Type.Optional(Type.Union([Type.Null(), BoundsSchema])),
          issue: Type.Optional(Type.Union([Type.Null(), BoundsSchema])),
        }),
        response: { 200: ref(AgingBucketsSchema), ...errorResponses },
      },
    },
    async (request) => bucketsView(await setAgingBuckets(database, actorOf(request), request.body)),
  );
}

function bucketsView(settings: Awaited<ReturnType<typeof getAgingBuckets>>) {
  const view = (buckets: typeof settings.buckets.due) =>
    buckets.map((b) => ({ label: b.label, from_days: b.fromDays, to_days: b.toDays }));
  return {
    bounds: { due: [...settings.bounds.due], issue: [...settings.bounds.issue] },
    buckets: { due: view(settings.buckets.due), issue: view(settings.buckets.issue) },
  };
}
