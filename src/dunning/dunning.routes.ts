import { Type } from '@sinclair/typebox';
import { parseCalendarDate } from '../core/calendar-date.js';
import { unwrap } from '../core/errors.js';
import type { RouteContext } from '../platform/http/app.js';
import { actorOf, permit } from '../auth/permit.routes.js';
import {
  CalendarDateSchema,
  errorResponses,
  Id,
  IdParams,
  PageQuery,
  pageOf,
  ref,
} from '../platform/http/schemas.js';
import { listPolicyCustomers } from './list-policy-customers.service.js';
import {
  getCustomerCollections,
  updateCustomerCollections,
  type CustomerCollections,
} from './customer-collections.service.js';
import { deliverAllDue } from '../messaging/deliver-outbox.service.js';
import {
  archivePolicy,
  createPolicy,
  getPolicy,
  listPolicies,
  updatePolicy,
  type StoredPolicy,
} from './manage-policies.service.js';
import { policyStepsToJson, type StepJson } from './policy-json.js';
import { getTaskLetter } from './get-task-letter.service.js';
import { runCollections, type RunResult } from './run-collections.service.js';

// Steps are checked by policyFromJson, which names the wrong field; the schema only fixes the shape.
const StepSchema = Type.Object(
  {
    key: Type.String({ description: 'Stable key: what was done is recorded against it' }),
    offset_days: Type.Integer({ description: 'Days from the due date, negative before it' }),
    action: Type.Object(
      {
        type: Type.String({
          enum: ['email', 'statement', 'task', 'letter', 'late_fee', 'credit_hold', 'handover'],
        }),
        template: Type.Optional(
          Type.String({ description: 'email and letter: the message template key' }),
        ),
        kind: Type.Optional(Type.String({ description: 'task: call, review, email or escalate' })),
        to: Type.Optional(Type.String({ description: 'handover: agency or legal' })),
        charge: Type.Optional(
          Type.Object(
            {
              kind: Type.String({
                enum: ['fixed', 'percentage', 'monthly_interest', 'statutory_uk', 'statutory_eu'],
              }),
              amount: Type.Optional(
                Type.String({ description: 'fixed: in major units of each invoice’s currency' }),
              ),
              percent: Type.Optional(
                Type.String({
                  description: 'percentage of the open balance, or per month for monthly_interest',
                }),
              ),
              reference_rate: Type.Optional(
                Type.String({
                  description:
                    'statutory: the Bank of England base rate or the ECB reference rate, in percent',
                }),
              ),
            },
            { additionalProperties: false },
          ),
        ),
      },
      { additionalProperties: false },
    ),
    conditions: Type.Optional(
      Type.Object(
        {
          overdue_at_least: Type.Optional(
            Type.String({
              description:
                'Only when the invoice has at least this overdue, in major units of its currency',
            }),
          ),
          tags_any: Type.Optional(Type.Array(Type.String())),
          no_active_promise: Type.Optional(Type.Boolean()),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { $id: 'PolicyStep', additionalProperties: false },
);

const PolicySchema = Type.Object(
  {
    id: ref(Id),
    name: Type.String(),
    is_default: Type.Boolean(),
    steps: Type.Array(ref(StepSchema)),
    created_at: Type.String({ format: 'date-time' }),
    updated_at: Type.String({ format: 'date-time' }),
    archived_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  },
  { $id: 'CollectionPolicy' },
);

const CustomerCollectionsSchema = Type.Object(
  {
    customer_id: ref(Id),
    policy_id: Type.Union([ref(Id), Type.Null()], {
      description: 'null: the organization’s default policy',
    }),
    policy_name: Type.String(),
    paused: Type.Boolean(),
    paused_until: Type.Union([ref(CalendarDateSchema), Type.Null()], {
      description: 'The day follow-up resumes by itself',
    }),
    pause_reason: Type.Union([Type.String(), Type.Null()]),
  },
  { $id: 'CustomerCollections' },
);

const RunSchema = Type.Object(
  {
    run_id: Type.Union([ref(Id), Type.Null()], { description: 'null for a dry run' }),
    run_on: ref(CalendarDateSchema),
    dry_run: Type.Boolean(),
    description: Type.String({
      description: 'What the run does, e.g. "14 reminders, 3 calls, 1 late fee"',
    }),
    summary: Type.Record(Type.String(), Type.Integer()),
    messages_queued: Type.Integer(),
    letters: Type.Array(
      Type.Object({
        task_id: ref(Id),
        customer_id: ref(Id),
        customer_name: Type.String(),
      }),
      {
        description:
          'The dunning letters the run wrote, each with the task to post it: GET /tasks/{task_id}/letter.pdf',
      },
    ),
    actions: Type.Array(
      Type.Object({
        customer_ref: Type.String(),
        step: Type.String(),
        action: Type.String(),
        invoices: Type.Array(Type.String()),
      }),
    ),
  },
  { $id: 'CollectionsRun' },
);

const PolicyCustomerSchema = Type.Object(
  {
    id: ref(Id),
    ref: Type.String(),
    name: Type.String(),
    assigned: Type.Boolean({
      description: 'false: the customer has no policy of its own and follows the default',
    }),
  },
  { $id: 'PolicyCustomer' },
);
const PolicyCustomerPageSchema = pageOf(ref(PolicyCustomerSchema), 'PolicyCustomerPage');

export const collectionsSchemas = [
  StepSchema,
  PolicySchema,
  CustomerCollectionsSchema,
  RunSchema,
  PolicyCustomerSchema,
  PolicyCustomerPageSchema,
];

function policyView(stored: StoredPolicy) {
  return {
    id: stored.id,
    name: stored.policy.name,
    is_default: stored.isDefault,
    steps: policyStepsToJson(stored.policy),
    created_at: stored.createdAt.toISOString(),
    updated_at: stored.updatedAt.toISOString(),
    archived_at: stored.archivedAt?.toISOString() ?? null,
  };
}

function customerCollectionsView(settings: CustomerCollections) {
  return {
    customer_id: settings.customerId,
    policy_id: settings.policyId,
    policy_name: settings.policyName,
    paused: settings.paused,
    paused_until: settings.pausedUntil,
    pause_reason: settings.pauseReason,
  };
}

export function runView(result: RunResult) {
  return {
    run_id: result.runId,
    run_on: result.runOn,
    dry_run: result.dryRun,
    description: result.description,
    summary: { ...result.summary },
    messages_queued: result.messagesQueued,
    letters: result.letters.map((letter) => ({
      task_id: letter.taskId,
      customer_id: letter.customerId,
      customer_name: letter.customerName,
    })),
    actions: result.actions.map((action) => ({
      customer_ref: action.customerRef,
      step: action.step,
      action: action.action,
      invoices: [...action.invoices],
    })),
  };
}

const PolicyBody = Type.Object(
  {
    name: Type.String({ maxLength: 200 }),
    steps: Type.Array(ref(StepSchema), { maxItems: 100 }),
    is_default: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export async function collectionsRoutes({ app, database }: RouteContext) {
  const read = permit(database, 'read');
  const manage = permit(database, 'collections.manage');
  const work = permit(database, 'collections.work');

  app.get(
    '/collection-policies',
    {
      preHandler: read,
      schema: {
        tags: ['collections'],
        summary: 'Collection policies, the default first',
        response: { 200: Type.Object({ items: Type.Array(ref(PolicySchema)) }), ...errorResponses },
      },
    },
    async (request) => ({
      items: (await listPolicies(database, actorOf(request))).map(policyView),
    }),
  );

  app.post(
    '/collection-policies',
    {
      preHandler: manage,
      schema: {
        tags: ['collections'],
        summary: 'Create a policy',
        body: PolicyBody,
        response: { 201: ref(PolicySchema), ...errorResponses },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const created = await createPolicy(database, actorOf(request), {
        name: body.name,
        steps: body.steps as StepJson[],
        isDefault: body.is_default,
      });
      return reply.status(201).send(policyView(created));
    },
  );

  app.get(
    '/collection-policies/:id',
    {
      preHandler: read,
      schema: {
        tags: ['collections'],
        summary: 'A policy',
        params: IdParams,
        response: { 200: ref(PolicySchema), ...errorResponses },
      },
    },
    async (request) => policyView(await getPolicy(database, actorOf(request), request.params.id)),
  );

  app.patch(
    '/collection-policies/:id',
    {
      preHandler: manage,
      schema: {
        tags: ['collections'],
        summary: 'Rename a policy, change its steps, or make it the default',
        params: IdParams,
        body: Type.Partial(PolicyBody),
        response: { 200: ref(PolicySchema), ...errorResponses },
      },
    },
    async (request) => {
      const body = request.body;
      return policyView(
        await updatePolicy(database, actorOf(request), request.params.id, {
          name: body.name,
          steps: body.steps as StepJson[] | undefined,
          isDefault: body.is_default,
        }),
      );
    },
  );

  app.get(
    '/collection-policies/:id/customers',
    {
      preHandler: read,
      schema: {
        tags: ['collections'],
        summary:
          'The customers a policy follows up, by name (for the default: also those without a policy of their own)',
        params: IdParams,
        querystring: Type.Object(PageQuery),
        response: { 200: ref(PolicyCustomerPageSchema), ...errorResponses },
      },
    },
    async (request) => {
      const page = await listPolicyCustomers(database, actorOf(request), request.params.id, {
        limit: request.query.limit,
        cursor: request.query.cursor,
      });
      return { items: page.items, next_cursor: page.nextCursor };
    },
  );

  app.post(
    '/collection-policies/:id/archive',
    {
      preHandler: manage,
      schema: {
        tags: ['collections'],
        summary: 'Archive a policy no customer follows',
        params: IdParams,
        response: { 200: ref(PolicySchema), ...errorResponses },
      },
    },
    async (request) =>
      policyView(await archivePolicy(database, actorOf(request), request.params.id)),
  );

  app.get(
    '/customers/:id/collections',
    {
      preHandler: read,
      schema: {
        tags: ['collections'],
        summary: "A customer's policy and pause",
        params: IdParams,
        response: { 200: ref(CustomerCollectionsSchema), ...errorResponses },
      },
    },
    async (request) =>
      customerCollectionsView(
        await getCustomerCollections(database, actorOf(request), request.params.id),
      ),
  );

  app.put(
    '/customers/:id/collections',
    {
      preHandler: work,
      schema: {
        tags: ['collections'],
        summary: 'Assign a policy to a customer, or pause and resume its follow-up',
        params: IdParams,
        body: Type.Object(
          {
            policy_id: Type.Optional(Type.Union([ref(Id), Type.Null()])),
            paused: Type.Optional(Type.Boolean()),
            paused_until: Type.Optional(Type.Union([Type.String({ maxLength: 32 }), Type.Null()])),
            pause_reason: Type.Optional(Type.Union([Type.String(), Type.Null()])),
          },
          { additionalProperties: false },
        ),
        response: { 200: ref(CustomerCollectionsSchema), ...errorResponses },
      },
    },
    async (request) => {
      const body = request.body;
      return customerCollectionsView(
        await updateCustomerCollections(database, actorOf(request), request.params.id, {
          policyId: body.policy_id,
          paused: body.paused,
          pausedUntil: body.paused_until,
          pauseReason: body.pause_reason,
        }),
      );
    },
  );

  const DateBody = Type.Object(
    {
      date: Type.Optional(
        Type.String({ maxLength: 32, description: 'The day to run for (default: today)' }),
      ),
      dry_run: Type.Optional(Type.Boolean()),
    },
    { additionalProperties: false },
  );
  const dateOf = (text: string | undefined) =>
    text === undefined ? undefined : unwrap(parseCalendarDate(text, 'date'));

  app.get(
    '/collections/preview',
    {
      preHandler: read,
      schema: {
        tags: ['collections'],
        summary: 'What the collections run will do on a day, without doing it',
        querystring: Type.Object({ date: Type.Optional(Type.String({ maxLength: 32 })) }),
        response: { 200: ref(RunSchema), ...errorResponses },
      },
    },
    async (request) =>
      runView(
        await runCollections(database, actorOf(request), {
          today: dateOf(request.query.date),
          dryRun: true,
          triggeredBy: 'api',
        }),
      ),
  );

  app.post(
    '/collections/runs',
    {
      preHandler: manage,
      schema: {
        tags: ['collections'],
        summary:
          'Run the collections for a day now (idempotent: steps already done are not done again), then deliver the messages',
        body: DateBody,
        response: { 200: ref(RunSchema), ...errorResponses },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const result = await runCollections(database, actor, {
        today: dateOf(request.body.date),
        dryRun: request.body.dry_run,
        triggeredBy: 'api',
      });
      if (!result.dryRun) await deliverAllDue(database, { orgId: actor.orgId });
      return runView(result);
    },
  );

  app.get(
    '/tasks/:id/letter.pdf',
    {
      preHandler: read,
      schema: {
        tags: ['collections'],
        summary: 'The dunning letter of a letter task, as the PDF to print and post',
        params: IdParams,
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
      const letter = await getTaskLetter(database, actorOf(request), request.params.id);
      const name = letter.fileName.replace(/[^A-Za-z0-9._-]/g, '_');
      return reply
        .type(letter.contentType)
        .header('content-disposition', `attachment; filename="${name}"`)
        .send(Buffer.from(letter.content));
    },
  );
}
