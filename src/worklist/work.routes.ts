import { Type } from '@sinclair/typebox';
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
import { addCustomerNote, listCustomerNotes, noteView } from './customer-notes.service.js';
import { getTimeline, timelineEntryView } from './get-timeline.service.js';
import { logCall } from './log-call.service.js';
import { getWorkQueue, workQueueView } from './get-work-queue.service.js';
import {
  cancelTask,
  completeTask,
  createTask,
  getTask,
  listTasks,
  updateTask,
} from './manage-tasks.service.js';
import {
  getNonpaymentReasonReport,
  listNonpaymentReasons,
  nonpaymentReasonReportView,
  nonpaymentReasonView,
  nonpaymentReasons,
  recordNonpaymentReason,
} from './nonpayment-reasons.service.js';
import { taskKinds, taskOutcomes, taskSources, taskStatuses, taskView } from './task.js';
import { timelineTypes } from './timeline.js';
import { scoreFactors } from './work-queue.js';

const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) =>
  Type.Union([schema, Type.Null()]);
const Instant = Type.String({ format: 'date-time' });

const WorkQueueSchema = Type.Object(
  {
    as_of: ref(CalendarDateSchema),
    total: Type.Integer({ description: 'Accounts in the queue; items are the first `limit`' }),
    items: Type.Array(
      Type.Object({
        rank: Type.Integer({ description: '1 is the account to work first' }),
        customer: Type.Object({ id: ref(Id), ref: Type.String(), name: Type.String() }),
        collector_id: Type.Union([ref(Id), Type.Null()]),
        currency: ref(Currency),
        score: Type.Number({
          description: "The sum of the reasons' points; see the README for the weights",
        }),
        paused: Type.Boolean({
          description:
            'Collections are paused for the customer: ranked after every account that is not',
        }),
        reasons: Type.Array(
          Type.Object({
            factor: Type.String({ enum: [...scoreFactors, 'paused'] }),
            points: Type.Number(),
            text: Type.String({
              examples: [
                'EUR 12,400.00 overdue',
                'oldest 64 days overdue',
                '2 broken promises in the last year',
              ],
            }),
          }),
          {
            description:
              'Why the account ranks where it does, most points first (paused first, with no points)',
          },
        ),
        overdue: ref(Amount),
        open: ref(Amount),
        oldest_overdue_days: Type.Integer(),
        open_task_count: Type.Integer(),
        open_tasks: Type.Array(
          Type.Object({
            id: ref(Id),
            kind: Type.String(),
            title: Type.String(),
            due_on: ref(CalendarDateSchema),
            assignee_id: Type.Union([ref(Id), Type.Null()]),
          }),
          { description: 'Soonest due first, at most 10' },
        ),
        last_contact: Type.Union(
          [
            Type.Object({
              at: Instant,
              type: Type.String({ enum: ['message', 'task'] }),
              description: Type.String(),
            }),
            Type.Null(),
          ],
          { description: 'The latest e-mail sent or task done, on or before as_of' },
        ),
      }),
    ),
  },
  { $id: 'WorkQueue' },
);

const TaskSchema = Type.Object(
  {
    id: ref(Id),
    customer_id: ref(Id),
    customer_ref: Type.String(),
    customer_name: Type.String(),
    kind: Type.String({ enum: [...taskKinds] }),
    title: Type.String(),
    assignee_id: Type.Union([ref(Id), Type.Null()]),
    assignee_name: Nullable(Type.String()),
    due_on: ref(CalendarDateSchema),
    status: Type.String({ enum: [...taskStatuses] }),
    outcome: Type.Union([Type.String({ enum: [...taskOutcomes] }), Type.Null()]),
    notes: Nullable(Type.String()),
    invoice_ids: Type.Array(ref(Id)),
    source: Type.String({ enum: [...taskSources] }),
    created_by: Type.Union([ref(Id), Type.Null()]),
    created_at: Instant,
    completed_at: Type.Union([Instant, Type.Null()]),
    completed_by: Type.Union([ref(Id), Type.Null()]),
    document_id: Type.Union([ref(Id), Type.Null()], {
      description:
        'A letter task: its dunning letter, downloaded as GET /tasks/{id}/letter.pdf; otherwise null',
    }),
    run_id: Type.Union([ref(Id), Type.Null()], {
      description: 'The collections run that made the task; null for a task added by a person',
    }),
  },
  { $id: 'CollectionTask' },
);
const TaskPageSchema = pageOf(ref(TaskSchema), 'CollectionTaskPage');

const NoteSchema = Type.Object(
  {
    id: ref(Id),
    customer_id: ref(Id),
    body: Type.String(),
    author_id: Type.Union([ref(Id), Type.Null()]),
    author_name: Nullable(Type.String()),
    created_at: Instant,
  },
  { $id: 'CustomerNote' },
);
const NotePageSchema = pageOf(ref(NoteSchema), 'CustomerNotePage');

const TimelineEntrySchema = Type.Object(
  {
    at: Instant,
    type: Type.String({ enum: [...timelineTypes] }),
    summary: Type.String(),
    refs: Type.Record(Type.String(), Type.Union([Type.String(), Type.Array(Type.String())]), {
      description:
        'Ids of what the entry is about: message_id, task_id, note_id, invoice_id, invoice_ids, …',
    }),
  },
  { $id: 'TimelineEntry' },
);
const TimelinePageSchema = pageOf(ref(TimelineEntrySchema), 'TimelinePage');

const NonpaymentReasonSchema = Type.Object(
  {
    id: ref(Id),
    invoice_id: ref(Id),
    reason: Type.String({ enum: [...nonpaymentReasons] }),
    note: Nullable(Type.String()),
    recorded_by: Type.Union([ref(Id), Type.Null()]),
    recorded_by_name: Nullable(Type.String()),
    recorded_at: Instant,
  },
  { $id: 'NonpaymentReason' },
);
const NonpaymentReasonPageSchema = pageOf(ref(NonpaymentReasonSchema), 'NonpaymentReasonPage');

const NonpaymentReasonReportSchema = Type.Object(
  {
    as_of: ref(CalendarDateSchema),
    rows: Type.Array(
      Type.Object({
        reason: Type.String({ enum: [...nonpaymentReasons] }),
        currency: ref(Currency),
        invoices: Type.Integer({
          description: 'Invoices open on as_of whose latest reason by then is this one',
        }),
        open: ref(Amount),
      }),
    ),
  },
  { $id: 'NonpaymentReasonReport' },
);

const CreateTaskBody = Type.Object(
  {
    customer_id: ref(Id),
    // Checked by the service rather than by an enum, so that the API and the CLI answer alike.
    kind: Type.String({ maxLength: 32, description: taskKinds.join(', ') }),
    due_on: Type.String({ maxLength: 32, description: 'YYYY-MM-DD' }),
    title: Type.Optional(
      Nullable(
        Type.String({
          maxLength: 400,
          description: "Default: from the kind, e.g. 'Call the customer'",
        }),
      ),
    ),
    assignee_id: Type.Optional(
      Type.Union([ref(Id), Type.Null()], {
        description: "Default: the customer's collector; null: nobody",
      }),
    ),
    notes: Type.Optional(Nullable(Type.String({ maxLength: 4000 }))),
    invoice_ids: Type.Optional(Type.Array(ref(Id), { maxItems: 1000 })),
  },
  { additionalProperties: false },
);

const UpdateTaskBody = Type.Object(
  {
    assignee_id: Type.Optional(Type.Union([ref(Id), Type.Null()], { description: 'null: nobody' })),
    due_on: Type.Optional(Type.String({ maxLength: 32 })),
    title: Type.Optional(Type.String({ maxLength: 400 })),
    notes: Type.Optional(Nullable(Type.String({ maxLength: 4000 }))),
  },
  { additionalProperties: false },
);

const CompleteTaskBody = Type.Object(
  {
    outcome: Type.Optional(
      Nullable(
        Type.String({
          maxLength: 32,
          description: `Required for a call: ${taskOutcomes.join(', ')}`,
        }),
      ),
    ),
    notes: Type.Optional(
      Nullable(
        Type.String({ maxLength: 4000, description: "Replaces the task's notes when given" }),
      ),
    ),
  },
  { additionalProperties: false },
);

export const workSchemas = [
  WorkQueueSchema,
  TaskSchema,
  TaskPageSchema,
  NoteSchema,
  NotePageSchema,
  TimelineEntrySchema,
  TimelinePageSchema,
  NonpaymentReasonSchema,
  NonpaymentReasonPageSchema,
  NonpaymentReasonReportSchema,
];

/** The collector's work: the queue, tasks, notes, the customer timeline and non-payment reasons. */
export async function workRoutes(context: RouteContext) {
  await queueAndTaskRoutes(context);
  await customerWorkRoutes(context);
  await nonpaymentReasonRoutes(context);
}

async function queueAndTaskRoutes({ app, database }: RouteContext) {
  const read = permit(database, 'read');
  const work = permit(database, 'collections.work');

  app.get(
    '/work-queue',
    {
      preHandler: read,
      schema: {
        tags: ['collections'],
        summary: 'Which accounts to work first on a day, ranked by an explainable score',
        querystring: Type.Object({
          collector_id: Type.Optional(ref(Id)),
          as_of: Type.Optional(ref(CalendarDateSchema)),
          limit: PageQuery.limit,
        }),
        response: { 200: ref(WorkQueueSchema), ...errorResponses },
      },
    },
    async (request) => {
      const query = request.query;
      return workQueueView(
        await getWorkQueue(database, actorOf(request), {
          collectorId: query.collector_id,
          asOf: query.as_of,
          limit: query.limit,
        }),
      );
    },
  );

  app.get(
    '/tasks',
    {
      preHandler: read,
      schema: {
        tags: ['collections'],
        summary: 'Tasks, soonest due first',
        querystring: Type.Object({
          ...PageQuery,
          assignee_id: Type.Optional(ref(Id)),
          status: Type.Optional(Type.String({ enum: [...taskStatuses] })),
          customer_id: Type.Optional(ref(Id)),
          due_on_before: Type.Optional(ref(CalendarDateSchema)),
        }),
        response: { 200: ref(TaskPageSchema), ...errorResponses },
      },
    },
    async (request) => {
      const query = request.query;
      const page = await listTasks(database, actorOf(request), {
        assigneeId: query.assignee_id,
        status: query.status,
        customerId: query.customer_id,
        dueOnBefore: query.due_on_before,
        limit: query.limit,
        cursor: query.cursor,
      });
      return { items: page.items.map(taskView), next_cursor: page.nextCursor };
    },
  );

  app.post(
    '/tasks',
    {
      preHandler: work,
      schema: {
        tags: ['collections'],
        summary: 'Add a task on a customer',
        body: CreateTaskBody,
        response: { 201: ref(TaskSchema), ...errorResponses },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const created = await createTask(database, actorOf(request), {
        customerId: body.customer_id,
        kind: body.kind,
        dueOn: body.due_on,
        title: body.title,
        assigneeId: body.assignee_id,
        notes: body.notes,
        invoiceIds: body.invoice_ids,
      });
      return reply.status(201).send(taskView(created));
    },
  );

  app.get(
    '/tasks/:id',
    {
      preHandler: read,
      schema: {
        tags: ['collections'],
        summary: 'A task',
        params: IdParams,
        response: { 200: ref(TaskSchema), ...errorResponses },
      },
    },
    async (request) => taskView(await getTask(database, actorOf(request), request.params.id)),
  );

  app.patch(
    '/tasks/:id',
    {
      preHandler: work,
      schema: {
        tags: ['collections'],
        summary: "Change an open task's assignee, due date, title or notes",
        params: IdParams,
        body: UpdateTaskBody,
        response: { 200: ref(TaskSchema), ...errorResponses },
      },
    },
    async (request) => {
      const body = request.body;
      return taskView(
        await updateTask(database, actorOf(request), request.params.id, {
          assigneeId: body.assignee_id,
          dueOn: body.due_on,
          title: body.title,
          notes: body.notes,
        }),
      );
    },
  );

  app.post(
    '/tasks/:id/complete',
    {
      preHandler: work,
      schema: {
        tags: ['collections'],
        summary: 'Mark a task done, with its outcome (required for a call)',
        params: IdParams,
        body: CompleteTaskBody,
        response: { 200: ref(TaskSchema), ...errorResponses },
      },
    },
    async (request) =>
      taskView(
        await completeTask(database, actorOf(request), request.params.id, {
          outcome: request.body.outcome,
          notes: request.body.notes,
        }),
      ),
  );

  app.post(
    '/tasks/:id/cancel',
    {
      preHandler: work,
      schema: {
        tags: ['collections'],
        summary: 'Cancel an open task',
        params: IdParams,
        response: { 200: ref(TaskSchema), ...errorResponses },
      },
    },
    async (request) => taskView(await cancelTask(database, actorOf(request), request.params.id)),
  );
}

async function customerWorkRoutes({ app, database }: RouteContext) {
  const read = permit(database, 'read');
  const work = permit(database, 'collections.work');

  app.get(
    '/customers/:id/notes',
    {
      preHandler: read,
      schema: {
        tags: ['collections'],
        summary: "A customer's notes, newest first",
        params: IdParams,
        querystring: Type.Object(PageQuery),
        response: { 200: ref(NotePageSchema), ...errorResponses },
      },
    },
    async (request) => {
      const page = await listCustomerNotes(database, actorOf(request), request.params.id, {
        limit: request.query.limit,
        cursor: request.query.cursor,
      });
      return { items: page.items.map(noteView), next_cursor: page.nextCursor };
    },
  );

  app.post(
    '/customers/:id/notes',
    {
      preHandler: work,
      schema: {
        tags: ['collections'],
        summary: 'Write a note on a customer',
        params: IdParams,
        body: Type.Object(
          { body: Type.String({ maxLength: 4000 }) },
          { additionalProperties: false },
        ),
        response: { 201: ref(NoteSchema), ...errorResponses },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          noteView(
            await addCustomerNote(database, actorOf(request), request.params.id, request.body.body),
          ),
        ),
  );

  app.post(
    '/customers/:id/calls',
    {
      preHandler: work,
      schema: {
        tags: ['collections'],
        summary:
          "Log a call made today with its outcome: a call task, done at once, on the customer's timeline",
        params: IdParams,
        body: Type.Object(
          {
            // Checked by the service rather than by an enum, so that the error names the codes.
            outcome: Type.String({ maxLength: 32, description: taskOutcomes.join(', ') }),
            notes: Type.Optional(Nullable(Type.String({ maxLength: 4000 }))),
          },
          { additionalProperties: false },
        ),
        response: { 201: ref(TaskSchema), ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(
        taskView(
          await logCall(database, actorOf(request), request.params.id, {
            outcome: request.body.outcome,
            notes: request.body.notes,
          }),
        ),
      ),
  );

  app.get(
    '/customers/:id/timeline',
    {
      preHandler: read,
      schema: {
        tags: ['collections'],
        summary: "Everything that happened on a customer's account, newest first",
        params: IdParams,
        querystring: Type.Object({
          ...PageQuery,
          before: Type.Optional(
            Type.String({
              maxLength: 40,
              description: 'Only entries before this instant (ISO 8601)',
            }),
          ),
        }),
        response: { 200: ref(TimelinePageSchema), ...errorResponses },
      },
    },
    async (request) => {
      const query = request.query;
      const page = await getTimeline(database, actorOf(request), request.params.id, {
        limit: query.limit,
        before: query.before,
        cursor: query.cursor,
      });
      return { items: page.items.map(timelineEntryView), next_cursor: page.nextCursor };
    },
  );
}

async function nonpaymentReasonRoutes({ app, database }: RouteContext) {
  const read = permit(database, 'read');
  const work = permit(database, 'collections.work');

  app.post(
    '/invoices/:id/nonpayment-reasons',
    {
      preHandler: work,
      schema: {
        tags: ['collections'],
        summary: 'Record why an invoice is not paid',
        params: IdParams,
        body: Type.Object(
          {
            // Checked by the service, so that the error names the codes.
            reason: Type.String({ maxLength: 32, description: nonpaymentReasons.join(', ') }),
            note: Type.Optional(Nullable(Type.String({ maxLength: 4000 }))),
          },
          { additionalProperties: false },
        ),
        response: { 201: ref(NonpaymentReasonSchema), ...errorResponses },
      },
    },
    async (request, reply) => {
      const record = await recordNonpaymentReason(database, actorOf(request), request.params.id, {
        reason: request.body.reason,
        note: request.body.note,
      });
      return reply.status(201).send(nonpaymentReasonView(record));
    },
  );

  app.get(
    '/invoices/:id/nonpayment-reasons',
    {
      preHandler: read,
      schema: {
        tags: ['collections'],
        summary: "An invoice's non-payment reasons, the latest (the one that counts) first",
        params: IdParams,
        querystring: Type.Object(PageQuery),
        response: { 200: ref(NonpaymentReasonPageSchema), ...errorResponses },
      },
    },
    async (request) => {
      const page = await listNonpaymentReasons(database, actorOf(request), request.params.id, {
        limit: request.query.limit,
        cursor: request.query.cursor,
      });
      return { items: page.items.map(nonpaymentReasonView), next_cursor: page.nextCursor };
    },
  );

  app.get(
    '/reports/nonpayment-reasons',
    {
      preHandler: read,
      schema: {
        tags: ['collections'],
        summary: 'Open invoices by their latest non-payment reason, per currency, as of a date',
        querystring: Type.Object({ as_of: Type.Optional(ref(CalendarDateSchema)) }),
        response: { 200: ref(NonpaymentReasonReportSchema), ...errorResponses },
      },
    },
    async (request) =>
      nonpaymentReasonReportView(
        await getNonpaymentReasonReport(database, actorOf(request), { asOf: request.query.as_of }),
      ),
  );
}
