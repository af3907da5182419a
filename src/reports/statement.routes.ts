import { Type, type Static } from '@sinclair/typebox';
import { parseCalendarDate } from '../core/calendar-date.js';
import { unwrap } from '../core/errors.js';
import { BillingAddressSchema } from '../customers/customer.view.js';
import type { RouteContext } from '../platform/http/app.js';
import { actorOf, permit } from '../auth/permit.routes.js';
import {
  Amount,
  CalendarDateSchema,
  Currency,
  errorResponses,
  Id,
  IdParams,
  ref,
} from '../platform/http/schemas.js';
import { getStatement, type StatementRequest } from './get-statement.service.js';
import { statementLineTypes } from './statement.js';
import { getStatementPdf } from './get-statement-pdf.service.js';
import { statementView } from './statement.view.js';

const StatementSchema = Type.Object(
  {
    customer: Type.Object({
      id: ref(Id),
      ref: Type.String(),
      name: Type.String(),
      legal_name: Type.Union([Type.String(), Type.Null()]),
      billing_address: Type.Union([ref(BillingAddressSchema), Type.Null()]),
    }),
    from: ref(CalendarDateSchema),
    to: ref(CalendarDateSchema),
    aging_basis: Type.Union([Type.Literal('due'), Type.Literal('issue')], {
      description: 'What the aging counts days from',
    }),
    aging_buckets: Type.Array(
      Type.Object({
        label: Type.String(),
        from_days: Type.Union([Type.Integer(), Type.Null()]),
        to_days: Type.Union([Type.Integer(), Type.Null()]),
      }),
    ),
    currencies: Type.Array(
      Type.Object({
        currency: ref(Currency),
        opening_balance: ref(Amount),
        lines: Type.Array(
          Type.Object({
            date: ref(CalendarDateSchema),
            type: Type.Union(statementLineTypes.map((type) => Type.Literal(type))),
            document_type: Type.Union([
              Type.Literal('invoice'),
              Type.Literal('credit_note'),
              Type.Literal('payment'),
            ]),
            document_id: ref(Id),
            number: Type.Union([Type.String(), Type.Null()], {
              description: "Invoice or credit-note number, or the payment's reference",
            }),
            description: Type.String(),
            amount: ref(Amount),
            balance: ref(Amount),
          }),
        ),
        closing_balance: ref(Amount),
        aging: Type.Object(
          {
            buckets: Type.Array(ref(Amount), {
              description: 'One figure per bucket, in the order of `aging_buckets`',
            }),
            unapplied: ref(Amount),
            balance: ref(Amount),
          },
          { description: 'The aging as of `to`; its balance is the closing balance' },
        ),
      }),
    ),
  },
  { $id: 'Statement' },
);

const StatementQuery = Type.Object({
  from: Type.Optional(ref(CalendarDateSchema)),
  to: Type.Optional(ref(CalendarDateSchema)),
  currency: Type.Optional(ref(Currency)),
});

export const statementSchemas = [StatementSchema];

function statementRequest(
  customerId: string,
  query: Static<typeof StatementQuery>,
): StatementRequest {
  return {
    customerId,
    from: query.from === undefined ? undefined : unwrap(parseCalendarDate(query.from, 'from')),
    to: query.to === undefined ? undefined : unwrap(parseCalendarDate(query.to, 'to')),
    currency: query.currency,
  };
}

const description =
  'The balance the day before `from`, every event dated from `from` to `to` that changed what the customer owes ' +
  '(invoice +, invoice voided −, credit note −, payment −, early-payment discount −, write-off −, refund +, payment reversed +) ' +
  'with the running balance, the closing balance and the aging as of `to`; one section per currency. ' +
  '`to` defaults to today, `from` to the first day of the month of `to`.';

export async function statementRoutes({ app, database }: RouteContext) {
  const read = permit(database, 'read');

  app.get(
    '/customers/:id/statement',
    {
      preHandler: read,
      schema: {
        tags: ['reports'],
        summary: "A customer's statement of account for a period",
        description,
        params: IdParams,
        querystring: StatementQuery,
        response: { 200: ref(StatementSchema), ...errorResponses },
      },
    },
    async (request) =>
      statementView(
        await getStatement(
          database,
          actorOf(request),
          statementRequest(request.params.id, request.query),
        ),
      ),
  );

  app.get(
    '/customers/:id/statement.pdf',
    {
      preHandler: read,
      schema: {
        tags: ['reports'],
        summary: "A customer's statement of account as a PDF",
        description,
        params: IdParams,
        querystring: StatementQuery,
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
      const pdf = await getStatementPdf(
        database,
        actorOf(request),
        statementRequest(request.params.id, request.query),
      );
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="${pdf.fileName}"`)
        .send(Buffer.from(pdf.content));
    },
  );
}
