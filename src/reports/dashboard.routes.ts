import { Type } from '@sinclair/typebox';
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
import { dashboardView } from './dashboard.view.js';
import { getDashboard } from './get-dashboard.service.js';

const DashboardSchema = Type.Object(
  {
    as_of: ref(CalendarDateSchema),
    buckets: Type.Array(
      Type.Object({
        label: Type.String(),
        from_days: Type.Union([Type.Integer(), Type.Null()]),
        to_days: Type.Union([Type.Integer(), Type.Null()]),
      }),
      { description: "The organization's due-date aging buckets; the first is Current" },
    ),
    currencies: Type.Array(
      Type.Object({
        currency: ref(Currency),
        receivable: ref(Amount),
        overdue: ref(Amount),
        unapplied: ref(Amount),
        buckets: Type.Array(ref(Amount), { description: 'One figure per bucket, in order' }),
        top_overdue: Type.Array(
          Type.Object({
            customer_id: ref(Id),
            customer_ref: Type.String(),
            customer_name: Type.String(),
            overdue: ref(Amount),
            balance: ref(Amount),
          }),
          { description: 'The five customers owing most past due, largest first' },
        ),
        cash_weeks: Type.Array(
          Type.Object({
            from: ref(CalendarDateSchema),
            to: ref(CalendarDateSchema),
            amount: ref(Amount),
            payments: Type.Integer(),
          }),
          {
            description:
              'Payments received per week (Monday to Sunday), the last twelve weeks up to this one, less those since reversed',
          },
        ),
        payments_today: Type.Object({ amount: ref(Amount), payments: Type.Integer() }),
      }),
    ),
    activity: Type.Object(
      {
        messages_sent: Type.Integer(),
        tasks_done: Type.Integer(),
        promises_made: Type.Integer(),
      },
      { description: "Today's collections work, in the organization's time zone" },
    ),
  },
  { $id: 'Dashboard' },
);

export const dashboardSchemas = [DashboardSchema];

export async function dashboardRoutes({ app, database }: RouteContext) {
  app.get(
    '/reports/dashboard',
    {
      preHandler: permit(database, 'read'),
      schema: {
        tags: ['reports'],
        summary:
          "Today's receivables per currency (aging buckets, overdue, top overdue customers), cash collected per week and today's collections work",
        response: { 200: ref(DashboardSchema), ...errorResponses },
      },
    },
    async (request) => dashboardView(await getDashboard(database, actorOf(request))),
  );
}
