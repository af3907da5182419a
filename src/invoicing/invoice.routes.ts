import { Type } from '@sinclair/typebox';
import type { Actor } from '../core/actor.js';
import { parseCalendarDate } from '../core/calendar-date.js';
import { unwrap } from '../core/errors.js';
import { writeOffInvoice, writeOffReasons } from '../ledger/write-off-invoice.service.js';
import type { RouteContext } from '../platform/http/app.js';
import { parseSort } from '../platform/http/app.js';
import { actorOf, permit } from '../auth/permit.routes.js';
import {
  Amount,
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
import {
  createInvoice,
  deleteDraftInvoice,
  updateDraftInvoice,
  type CreateInvoiceInput,
} from './create-invoice.service.js';
import { getInvoice } from './get-invoice.service.js';
import {
  ApplicationSchema,
  CreditWarningSchema,
  DocumentLineSchema,
  InvoiceSchema,
  invoiceView,
  withWarnings,
} from './invoice.view.js';
import { issueInvoice, voidInvoice } from './issue-invoice.service.js';
import { invoiceSortKeys, listInvoices } from './list-invoices.service.js';
import { invoiceStatuses } from '../ledger/invoice-status.js';

export const LineBody = Type.Object(
  {
    description: Type.String({ minLength: 1, maxLength: 2000 }),
    quantity: Type.String({ pattern: '^[0-9]{1,12}(\\.[0-9]+)?$', examples: ['1', '2.5'] }),
    unit_price: ref(Amount),
    tax_rate: Type.Optional(
      Type.String({
        pattern: '^[0-9]{1,2}(\\.[0-9]+)?$',
        description: 'Percent',
        examples: ['20'],
      }),
    ),
    unit_code: Type.Optional(
      Type.Union([Type.String({ maxLength: 3 }), Type.Null()], {
        description: 'UN/ECE Recommendation 20 unit: C62 (one, the default), HUR (hour), DAY, KGM…',
      }),
    ),
    vat_category: Type.Optional(
      Type.Union([Type.String({ enum: ['S', 'Z', 'E', 'AE', 'K', 'G', 'O'] }), Type.Null()], {
        description:
          'S standard, Z zero rated, E exempt, AE reverse charge, K intra-community, G export, O not subject to VAT. Default: S when taxed, Z when not',
      }),
    ),
    exemption_reason: Type.Optional(
      Type.Union([Type.String({ maxLength: 2000 }), Type.Null()], {
        description: 'Why no VAT is charged; required for E, AE, K, G and O',
      }),
    ),
    discount_amount: Type.Optional(
      Type.Union([ref(Amount), Type.Null()], {
        description:
          'Taken off quantity × unit price; at most the line. With discount_percent, it must be what the percent takes off',
      }),
    ),
    discount_percent: Type.Optional(
      Type.Union(
        [
          Type.String({ pattern: '^[0-9]{1,3}(\\.[0-9]+)?$', examples: ['10', '12.5'] }),
          Type.Null(),
        ],
        { description: 'Percent of quantity × unit price taken off, rounded half up; at most 100' },
      ),
    ),
    discount_reason: Type.Optional(
      Type.Union([Type.String({ maxLength: 2000 }), Type.Null()], {
        description:
          'Why the discount is given; printed and sent in the e-invoice. Default "Discount"',
      }),
    ),
  },
  { additionalProperties: false },
);

/** A line as the API takes it, in the shape document-math reads. */
export function lineInputOf(line: {
  description: string;
  quantity: string;
  unit_price: string;
  tax_rate?: string | undefined;
  unit_code?: string | null | undefined;
  vat_category?: string | null | undefined;
  exemption_reason?: string | null | undefined;
  discount_amount?: string | null | undefined;
  discount_percent?: string | null | undefined;
  discount_reason?: string | null | undefined;
}) {
  return {
    description: line.description,
    quantity: line.quantity,
    unitPrice: line.unit_price,
    taxRate: line.tax_rate,
    unitCode: line.unit_code,
    vatCategory: line.vat_category,
    exemptionReason: line.exemption_reason,
    discountAmount: line.discount_amount,
    discountPercent: line.discount_percent,
    discountReason: line.discount_reason,
  };
}

const DraftFields = {
  customer_id: Type.String({ format: 'uuid' }),
  currency: Type.Optional(ref(Currency)),
  issued_on: Type.Optional(Type.Union([ref(CalendarDateSchema), Type.Null()])),
  due_on: Type.Optional(
    Type.Union([ref(CalendarDateSchema), Type.Null()], { description: 'Default: from the terms' }),
  ),
  terms: Type.Optional(Type.String({ description: "Default: the customer's terms" })),
  po_number: Type.Optional(Type.Union([Type.String({ maxLength: 100 }), Type.Null()])),
  memo: Type.Optional(Type.Union([Type.String({ maxLength: 2000 }), Type.Null()])),
  lines: Type.Array(LineBody, { minItems: 1, maxItems: 500 }),
  issue: Type.Optional(Type.Boolean({ description: 'Issue at once instead of leaving a draft' })),
  send: Type.Optional(
    Type.Boolean({
      description:
        "With issue: e-mail the invoice with its PDF to the customer's billing contacts (default true)",
    }),
  ),
};

type DraftBody = Partial<{
  customer_id: string;
  currency: string;
  issued_on: string | null;
  due_on: string | null;
  terms: string;
  po_number: string | null;
  memo: string | null;
  issue: boolean;
  send: boolean;
  lines: Parameters<typeof lineInputOf>[0][];
}>;

function draftInput(body: DraftBody): Partial<CreateInvoiceInput> {
  const input: Record<string, unknown> = {};
  if (body.customer_id !== undefined) input.customerId = body.customer_id;
  if (body.currency !== undefined) input.currency = body.currency;
  if (body.issued_on !== undefined) input.issuedOn = body.issued_on;
  if (body.due_on !== undefined) input.dueOn = body.due_on;
  if (body.terms !== undefined) input.terms = body.terms;
  if (body.po_number !== undefined) input.poNumber = body.po_number;
  if (body.memo !== undefined) input.memo = body.memo;
  if (body.issue !== undefined) input.issue = body.issue;
  // A person issuing an invoice sends it, unless they say not to.
  if (body.issue) input.send = body.send ?? true;
  if (body.lines !== undefined) {
    input.lines = body.lines.map(lineInputOf);
  }
  return input as Partial<CreateInvoiceInput>;
}

const dateField = (value: string | undefined, field: string) =>
  value === undefined ? undefined : unwrap(parseCalendarDate(value, field));

export async function invoiceRoutes({ app, database }: RouteContext) {
  const read = permit(database, 'read');
  const draft = permit(database, 'invoices.draft');
  const post = permit(database, 'invoices.post');

  async function detail(actor: Actor, id: string) {
    const { invoice, lines, applications } = await getInvoice(database, actor, id);
    return invoiceView(invoice, { lines, applications });
  }

  app.get(
    '/invoices',
    {
      preHandler: read,
      schema: {
        tags: ['invoices'],
        summary: 'List invoices',
        querystring: Type.Object({
          ...PageQuery,
          sort: SortQuery(invoiceSortKeys),
          customer_id: Type.Optional(Type.String({ format: 'uuid' })),
          status: Type.Optional(
            Type.String({
              pattern: `^(${invoiceStatuses.join('|')})(,(${invoiceStatuses.join('|')}))*$`,
              description: 'Comma-separated statuses',
            }),
          ),
          currency: Type.Optional(ref(Currency)),
          number: Type.Optional(Type.String()),
          issued_from: Type.Optional(ref(CalendarDateSchema)),
          issued_to: Type.Optional(ref(CalendarDateSchema)),
          due_from: Type.Optional(ref(CalendarDateSchema)),
          due_to: Type.Optional(ref(CalendarDateSchema)),
        }),
        response: { 200: pageOf(ref(InvoiceSchema), 'InvoicePage'), ...errorResponses },
      },
    },
    async (request) => {
      const q = request.query;
      const sort = parseSort(q.sort, '-created_at');
      const page = await listInvoices(
        database,
        actorOf(request),
        {
          customerId: q.customer_id,
          status: q.status?.split(','),
          currency: q.currency?.toUpperCase(),
          number: q.number,
          issuedFrom: dateField(q.issued_from, 'issued_from'),
          issuedTo: dateField(q.issued_to, 'issued_to'),
          dueFrom: dateField(q.due_from, 'due_from'),
          dueTo: dateField(q.due_to, 'due_to'),
        },
        sort.key,
        { limit: q.limit, cursor: q.cursor, descending: sort.descending },
      );
      return { items: page.items.map((row) => invoiceView(row)), next_cursor: page.nextCursor };
    },
  );

  app.post(
    '/invoices',
    {
      preHandler: draft,
      schema: {
        tags: ['invoices'],
        summary: 'Create a draft invoice (or issue it at once with issue: true)',
        description:
          'Credit control: a customer on credit hold or over its credit limit adds `warnings`; with issue: true in block mode the request is refused (409, customer_on_credit_hold or credit_limit_exceeded) and nothing is written.',
        body: Type.Object(DraftFields, { additionalProperties: false }),
        response: { 201: ref(InvoiceSchema), ...errorResponses },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      if (request.body.issue) await post(request, reply);
      const created = await createInvoice(
        database,
        actor,
        draftInput(request.body) as CreateInvoiceInput,
      );
      return reply
        .status(201)
        .send(withWarnings(await detail(actor, created.id), created.warnings, created.notices));
    },
  );

  app.get(
    '/invoices/:id',
    {
      preHandler: read,
      schema: {
        tags: ['invoices'],
        summary: 'Get an invoice with its lines and applications',
        params: IdParams,
        response: { 200: ref(InvoiceSchema), ...errorResponses },
      },
    },
    async (request) => detail(actorOf(request), request.params.id),
  );

  app.patch(
    '/invoices/:id',
    {
      preHandler: draft,
      schema: {
        tags: ['invoices'],
        summary: 'Change a draft invoice',
        params: IdParams,
        body: Type.Partial(Type.Object(DraftFields), { additionalProperties: false }),
        response: { 200: ref(InvoiceSchema), ...errorResponses },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      if (request.body.issue) await post(request, reply);
      const updated = await updateDraftInvoice(
        database,
        actor,
        request.params.id,
        draftInput(request.body),
      );
      return withWarnings(
        await detail(actor, request.params.id),
        updated.warnings,
        updated.notices,
      );
    },
  );

  app.delete(
    '/invoices/:id',
    {
      preHandler: draft,
      schema: {
        tags: ['invoices'],
        summary: 'Delete a draft invoice',
        params: IdParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await deleteDraftInvoice(database, actorOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/invoices/:id/issue',
    {
      preHandler: post,
      schema: {
        tags: ['invoices'],
        summary:
          'Issue a draft: assigns the next number, fixes the dates and e-mails it to the customer unless send is false',
        params: IdParams,
        body: Type.Optional(
          Type.Object(
            {
              issued_on: Type.Optional(ref(CalendarDateSchema)),
              send: Type.Optional(
                Type.Boolean({
                  description:
                    "E-mail the invoice with its PDF to the customer's billing contacts (default true)",
                }),
              ),
            },
            { additionalProperties: false },
          ),
        ),
        response: { 200: ref(InvoiceSchema), ...errorResponses },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const issued = await issueInvoice(database, actor, request.params.id, {
        issuedOn: dateField(request.body?.issued_on, 'issued_on'),
        send: request.body?.send ?? true,
      });
      return withWarnings(await detail(actor, request.params.id), issued.warnings, issued.notices);
    },
  );

  app.post(
    '/invoices/:id/void',
    {
      preHandler: post,
      schema: {
        tags: ['invoices'],
        summary: 'Void an issued invoice with nothing applied',
        params: IdParams,
        body: Type.Object(
          {
            reason: Type.String({ minLength: 1, maxLength: 2000 }),
            voided_on: Type.Optional(ref(CalendarDateSchema)),
          },
          { additionalProperties: false },
        ),
        response: { 200: ref(InvoiceSchema), ...errorResponses },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      await voidInvoice(database, actor, request.params.id, {
        reason: request.body.reason,
        voidedOn: dateField(request.body.voided_on, 'voided_on'),
      });
      return detail(actor, request.params.id);
    },
  );

  app.post(
    '/invoices/:id/write-off',
    {
      preHandler: permit(database, 'adjustments.post'),
      schema: {
        tags: ['invoices'],
        summary: 'Write off all or part of the open balance',
        params: IdParams,
        headers: IdempotencyHeaders,
        body: Type.Object(
          {
            reason: Type.String({ enum: [...writeOffReasons] }),
            amount: Type.Optional(ref(Amount)),
            memo: Type.Optional(Type.Union([Type.String({ maxLength: 2000 }), Type.Null()])),
            written_off_on: Type.Optional(ref(CalendarDateSchema)),
          },
          { additionalProperties: false },
        ),
        response: { 200: ref(InvoiceSchema), ...errorResponses },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const body = request.body;
      await writeOffInvoice(
        database,
        actor,
        request.params.id,
        {
          reason: body.reason,
          amount: body.amount,
          memo: body.memo,
          writtenOffOn: body.written_off_on,
        },
        { idempotencyKey: request.headers['idempotency-key'] },
      );
      return detail(actor, request.params.id);
    },
  );
}

export const invoiceSchemas = [
  DocumentLineSchema,
  ApplicationSchema,
  CreditWarningSchema,
  InvoiceSchema,
];
