import { Type } from '@sinclair/typebox';
import { parseCalendarDate } from '../core/calendar-date.js';
import { unwrap } from '../core/errors.js';
import { organizationToday } from '../organizations/find-organization.service.js';
import type { RouteContext } from '../platform/http/app.js';
import { actorOf, permit } from '../auth/permit.routes.js';
import {
  Amount,
  CalendarDateSchema,
  Currency,
  errorResponses,
  ref,
} from '../platform/http/schemas.js';
import { ReportScopeQuery } from './report-scope-query.js';
import { getKpis } from './get-kpis.service.js';
import { monthStartBefore } from './kpi.js';
import { kpiAmounts, ratioKpis, type KpiAmountKey, type RatioKpiKey } from './kpi-registry.js';
import { kpiReportView } from './kpi.view.js';

const Ratio = Type.Union([Type.Number(), Type.Null()], {
  description: 'Rounded half-up to two decimals; null where the denominator is zero',
});

const amountFields = Object.fromEntries(
  kpiAmounts.map((amount) => [amount.key, ref(Amount)]),
) as Record<KpiAmountKey, ReturnType<typeof ref<typeof Amount>>>;
const ratioFields = Object.fromEntries(ratioKpis.map((kpi) => [kpi.key, Ratio])) as Record<
  RatioKpiKey,
  typeof Ratio
>;

// The fields of kpisView, in its order: the period, then the KPI registry's amounts and ratios.
const kpiFields = {
  from: ref(CalendarDateSchema),
  to: ref(CalendarDateSchema),
  days: Type.Integer(),
  ...amountFields,
  ...ratioFields,
};

const KpisSchema = Type.Object(
  {
    from: ref(CalendarDateSchema),
    to: ref(CalendarDateSchema),
    currencies: Type.Array(
      Type.Object({
        currency: ref(Currency),
        ...kpiFields,
        months: Type.Optional(Type.Array(Type.Object(kpiFields))),
      }),
    ),
  },
  { $id: 'Kpis' },
);

export const kpiSchemas = [KpisSchema];

export async function kpiRoutes({ app, database }: RouteContext) {
  app.get(
    '/reports/kpis',
    {
      preHandler: permit(database, 'read'),
      schema: {
        tags: ['reports'],
        summary: 'Collection KPIs over a period, per currency (definitions in docs/kpis.md)',
        querystring: Type.Object({
          from: Type.Optional(ref(CalendarDateSchema)),
          to: Type.Optional(ref(CalendarDateSchema)),
          monthly: Type.Optional(
            Type.Boolean({ description: 'Also each calendar month of the period' }),
          ),
          ...ReportScopeQuery,
        }),
        response: { 200: ref(KpisSchema), ...errorResponses },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const query = request.query;
      const to =
        query.to === undefined
          ? await organizationToday(database.db, actor.orgId)
          : unwrap(parseCalendarDate(query.to, 'to'));
      // By default the twelve months up to and including the month of `to`.
      const from =
        query.from === undefined
          ? monthStartBefore(to, 11)
          : unwrap(parseCalendarDate(query.from, 'from'));
      const report = await getKpis(database, actor, {
        from,
        to,
        monthly: query.monthly,
        customerId: query.customer_id,
        customerRef: query.customer_ref,
        collectorId: query.collector_id,
        tag: query.tag,
        currency: query.currency,
      });
      return kpiReportView(report);
    },
  );
}
