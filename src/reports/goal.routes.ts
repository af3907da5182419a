import { Type } from '@sinclair/typebox';
import { parseCalendarDate } from '../core/calendar-date.js';
import { unwrap } from '../core/errors.js';
import type { RouteContext } from '../platform/http/app.js';
import { actorOf, permit } from '../auth/permit.routes.js';
import {
  CalendarDateSchema,
  Currency,
  errorResponses,
  Id,
  IdParams,
  PageQuery,
  pageOf,
  ref,
} from '../platform/http/schemas.js';
import { goalMetrics, goalStatuses, moneyGoalMetrics } from './goal.js';
import { kpiDirections, kpiUnits } from './kpi-registry.js';
import { goalDetailView, goalView } from './goal.view.js';
import { archiveGoal, createGoal, getGoal, listGoals, updateGoal } from './manage-goals.service.js';

const Figure = Type.Union([Type.String(), Type.Null()], {
  description:
    'A decimal string in the unit of the metric (days, percent or times with two decimals, or an amount of the currency); null without data',
});

const goalFields = {
  id: ref(Id),
  name: Type.String({ description: 'As given, or derived from the metric, target and deadline' }),
  metric: Type.String({ enum: [...goalMetrics] }),
  unit: Type.String({ enum: [...kpiUnits] }),
  currency: ref(Currency),
  target: Type.String(),
  direction: Type.String({ enum: [...kpiDirections] }),
  owner_id: ref(Id),
  owner_name: Type.Union([Type.String(), Type.Null()]),
  starts_on: ref(CalendarDateSchema),
  deadline: ref(CalendarDateSchema),
  scope: Type.String({ enum: ['organization', 'customer', 'collector', 'tag'] }),
  customer_id: Type.Union([ref(Id), Type.Null()]),
  collector_id: Type.Union([ref(Id), Type.Null()]),
  tag: Type.Union([Type.String(), Type.Null()]),
  window_days: Type.Integer({
    description: 'The figure on a date D is the KPI over [D − window_days + 1, D]',
  }),
  created_by: Type.Union([ref(Id), Type.Null()]),
  created_at: Type.String({ format: 'date-time' }),
  archived_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  evaluated_on: ref(CalendarDateSchema),
  status: Type.String({ enum: [...goalStatuses] }),
  status_reason: Type.Union([
    Type.String({ enum: ['figure_unavailable', 'baseline_unavailable', 'no_trend_yet'] }),
    Type.Null(),
  ]),
  baseline: Figure,
  figure: Figure,
  expected: Type.Union([Type.String(), Type.Null()], {
    description: 'Where a straight line from the baseline to the target stands on evaluated_on',
  }),
  progress_percent: Type.Union([Type.Number(), Type.Null()], {
    description: 'Share of the way from the baseline to the target, 0 to 100',
  }),
};

const GoalSchema = Type.Object(goalFields, { $id: 'Goal' });
const GoalDetailSchema = Type.Object(
  {
    ...goalFields,
    history: Type.Array(Type.Object({ as_of: ref(CalendarDateSchema), figure: Figure })),
  },
  {
    $id: 'GoalDetail',
    description:
      'A goal with the history of its figure: on its start, each month end since, and evaluated_on',
  },
);
const GoalPageSchema = pageOf(ref(GoalSchema), 'GoalPage');

const metricDescription = `One of ${goalMetrics.join(', ')}`;

const CreateGoalBody = Type.Object(
  {
    name: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
    // Checked by the service rather than by an enum, so that the API and the CLI answer alike.
    metric: Type.String({ maxLength: 64, description: metricDescription }),
    target: Type.String({
      maxLength: 40,
      description: `Days, percent or times for a ratio (at most two decimals); an amount in major units for ${moneyGoalMetrics.join(' or ')}`,
    }),
    direction: Type.Optional(
      Type.String({
        maxLength: 16,
        description: 'at_most or at_least (default: the better side of the metric)',
      }),
    ),
    currency: Type.Optional(ref(Currency)),
    owner_id: ref(Id),
    starts_on: Type.Optional(ref(CalendarDateSchema)),
    deadline: Type.String({ maxLength: 32, description: 'YYYY-MM-DD, after starts_on' }),
    customer_id: Type.Optional(ref(Id)),
    collector_id: Type.Optional(ref(Id)),
    tag: Type.Optional(Type.String({ maxLength: 64 })),
    window_days: Type.Optional(Type.Integer({ description: 'Default 90, from 7 to 366' })),
  },
  { additionalProperties: false },
);

const UpdateGoalBody = Type.Object(
  {
    name: Type.Optional(
      Type.Union([Type.String({ maxLength: 200 }), Type.Null()], {
        description: 'null: back to the derived name',
      }),
    ),
    target: Type.Optional(Type.String({ maxLength: 40 })),
    deadline: Type.Optional(Type.String({ maxLength: 32 })),
    owner_id: Type.Optional(ref(Id)),
    direction: Type.Optional(Type.String({ maxLength: 16 })),
  },
  { additionalProperties: false },
);

const AsOfQuery = {
  // Evaluate as if today were this date (default: today in the organization's time zone).
  as_of: Type.Optional(ref(CalendarDateSchema)),
};

export const goalSchemas = [GoalSchema, GoalDetailSchema, GoalPageSchema];

export async function goalRoutes({ app, database }: RouteContext) {
  const read = permit(database, 'read');
  const manage = permit(database, 'settings.manage');
  const asOf = (text: string | undefined) =>
    text === undefined ? undefined : unwrap(parseCalendarDate(text, 'as_of'));

  app.get(
    '/goals',
    {
      preHandler: read,
      schema: {
        tags: ['goals'],
        summary: 'Goals with their status and figure, soonest deadline first',
        querystring: Type.Object({
          ...PageQuery,
          ...AsOfQuery,
          owner_id: Type.Optional(ref(Id)),
          include_archived: Type.Optional(Type.Boolean()),
        }),
        response: { 200: ref(GoalPageSchema), ...errorResponses },
      },
    },
    async (request) => {
      const query = request.query;
      const page = await listGoals(database, actorOf(request), {
        ownerId: query.owner_id,
        includeArchived: query.include_archived,
        asOf: asOf(query.as_of),
        limit: query.limit,
        cursor: query.cursor,
      });
      return { items: page.items.map(goalView), next_cursor: page.nextCursor };
    },
  );

  app.post(
    '/goals',
    {
      preHandler: manage,
      schema: {
        tags: ['goals'],
        summary: 'Set a goal',
        body: CreateGoalBody,
        response: { 201: ref(GoalDetailSchema), ...errorResponses },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const created = await createGoal(database, actorOf(request), {
        name: body.name,
        metric: body.metric,
        target: body.target,
        direction: body.direction,
        currency: body.currency,
        ownerId: body.owner_id,
        startsOn: body.starts_on,
        deadline: body.deadline,
        customerId: body.customer_id,
        collectorId: body.collector_id,
        tag: body.tag,
        windowDays: body.window_days,
      });
      return reply.status(201).send(goalDetailView(created));
    },
  );

  app.get(
    '/goals/:id',
    {
      preHandler: read,
      schema: {
        tags: ['goals'],
        summary: 'A goal with its status, progress and history',
        params: IdParams,
        querystring: Type.Object(AsOfQuery),
        response: { 200: ref(GoalDetailSchema), ...errorResponses },
      },
    },
    async (request) =>
      goalDetailView(
        await getGoal(database, actorOf(request), request.params.id, {
          asOf: asOf(request.query.as_of),
        }),
      ),
  );

  app.patch(
    '/goals/:id',
    {
      preHandler: manage,
      schema: {
        tags: ['goals'],
        summary: "Change a goal's name, target, deadline, owner or direction",
        params: IdParams,
        body: UpdateGoalBody,
        response: { 200: ref(GoalDetailSchema), ...errorResponses },
      },
    },
    async (request) => {
      const body = request.body;
      const updated = await updateGoal(database, actorOf(request), request.params.id, {
        name: body.name,
        target: body.target,
        deadline: body.deadline,
        ownerId: body.owner_id,
        direction: body.direction,
      });
      return goalDetailView(updated);
    },
  );

  app.delete(
    '/goals/:id',
    {
      preHandler: manage,
      schema: {
        tags: ['goals'],
        summary: 'Archive a goal',
        params: IdParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await archiveGoal(database, actorOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
}
