import { Type } from '@sinclair/typebox';
import { actorOf, permit } from '../auth/permit.routes.js';
import type { Actor } from '../core/actor.js';
import { AppError } from '../core/errors.js';
import { parseSort, type RouteContext } from '../platform/http/app.js';
import {
  Amount,
  CalendarDateSchema,
  Currency,
  errorResponses,
  IdempotencyHeaders,
  IdParams,
  PageQuery,
  ref,
  SortQuery,
} from '../platform/http/schemas.js';
import { applyBankLine } from './apply-bank-line.service.js';
import { statementImportView } from './bank-line.view.js';
import {
  BankAccountSchema,
  BankImportResultSchema,
  BankLineSchema,
  bankAccountView,
  bankLineView,
  bankQueueSchemas,
  lineStates,
} from './bank-queue.view.js';
import { statementFormats, type StatementFormat } from './formats/bank-statement.js';
import { bankFileLimits } from './formats/bank-statement.js';
import { getBankLine } from './get-bank-line.service.js';
import { importBankStatement } from './import-bank-statement.service.js';
import { bankLineSortKeys, listBankLines } from './list-bank-lines.service.js';
import {
  createBankAccount,
  listBankAccounts,
  updateBankAccount,
} from './manage-bank-accounts.service.js';
import { rematchBankLines } from './rematch-bank-lines.service.js';
import { reverseReturnedPayment } from './reverse-returned-payment.service.js';
import { setAsideBankLine } from './set-aside-bank-line.service.js';
import { undoBankLine } from './undo-bank-line.service.js';

/** The content types a statement file may come as; its format is read from the file itself. */
const statementContentTypes = [
  'application/octet-stream',
  'application/xml',
  'text/xml',
  'application/x-ofx',
  'application/vnd.intu.qfx',
  'text/csv',
];

const CsvMappingBody = Type.Union([
  Type.Record(Type.String(), Type.Unknown(), {
    description:
      'How the bank’s CSV export is laid out: delimiter, hasHeader, dateFormat, decimalSeparator, columns (see the README)',
  }),
  Type.Null(),
]);

const BankLinePage = Type.Object(
  {
    items: Type.Array(ref(BankLineSchema)),
    next_cursor: Type.Union([Type.String(), Type.Null()]),
    counts: Type.Object(
      Object.fromEntries(lineStates.map((state) => [state, Type.Integer()])) as Record<
        (typeof lineStates)[number],
        ReturnType<typeof Type.Integer>
      >,
      { description: 'Lines in each state, whatever the filter' },
    ),
  },
  { $id: 'BankLinePage' },
);

const ApplyBody = Type.Object(
  {
    customer_id: Type.String({ format: 'uuid' }),
    allocations: Type.Array(
      Type.Object(
        { invoice_id: Type.String({ format: 'uuid' }), amount: ref(Amount) },
        { additionalProperties: false },
      ),
      {
        maxItems: 500,
        description:
          'The invoices and amounts to pay; what is left of the line is the customer’s unapplied credit. None: all of it is credit.',
      },
    ),
  },
  { additionalProperties: false },
);

const ReasonBody = Type.Object(
  { reason: Type.String({ maxLength: 500 }) },
  { additionalProperties: false },
);

/** The file's bytes, decoded later in the character set the file declares. */
function fileBody(body: unknown): Buffer {
  if (Buffer.isBuffer(body)) return body;
  throw new AppError(
    'invalid',
    'file_expected',
    'Send the statement file itself as the body (Content-Type: application/octet-stream).',
  );
}

/**
 * Cash application over HTTP: statements in, the review queue, and a person's decisions on its
 * lines. Reading needs `read`; everything that posts or un-posts money, or says where money
 * goes, needs `payments.post`.
 */
export async function bankRoutes({ app, database }: RouteContext) {
  const post = permit(database, 'payments.post');
  for (const type of statementContentTypes) {
    // text/csv is already read as bytes for the CSV imports.
    if (!app.hasContentTypeParser(type))
      app.addContentTypeParser(
        type,
        { parseAs: 'buffer', bodyLimit: bankFileLimits.bytesMax },
        (_request, body, done) => done(null, body),
      );
  }

  async function lineDetail(actor: Actor, id: string) {
    const { line, matches, labels } = await getBankLine(database, actor, id);
    return bankLineView(line, matches, labels);
  }

  app.get(
    '/bank/accounts',
    {
      preHandler: permit(database, 'read'),
      schema: {
        tags: ['bank'],
        summary: 'The organization’s bank accounts, with the CSV mapping saved on each',
        response: {
          200: Type.Object({ items: Type.Array(ref(BankAccountSchema)) }),
          ...errorResponses,
        },
      },
    },
    async (request) => ({
      items: (await listBankAccounts(database, actorOf(request))).map(bankAccountView),
    }),
  );

  app.post(
    '/bank/accounts',
    {
      preHandler: post,
      schema: {
        tags: ['bank'],
        summary: 'Add a bank account (by IBAN or account number), with its CSV mapping',
        body: Type.Object(
          {
            name: Type.String({ maxLength: 200 }),
            iban: Type.Optional(Type.Union([Type.String({ maxLength: 64 }), Type.Null()])),
            account_number: Type.Optional(
              Type.Union([Type.String({ maxLength: 64 }), Type.Null()]),
            ),
            bic: Type.Optional(Type.Union([Type.String({ maxLength: 11 }), Type.Null()])),
            currency: Type.Optional(Type.Union([ref(Currency), Type.Null()])),
            csv_mapping: Type.Optional(CsvMappingBody),
          },
          { additionalProperties: false },
        ),
        response: { 201: ref(BankAccountSchema), ...errorResponses },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const account = await createBankAccount(database, actorOf(request), {
        name: body.name,
        iban: body.iban,
        accountNumber: body.account_number,
        bic: body.bic,
        currency: body.currency,
        csvMapping: body.csv_mapping,
      });
      reply.code(201);
      return bankAccountView(account);
    },
  );

  app.patch(
    '/bank/accounts/:id',
    {
      preHandler: post,
      schema: {
        tags: ['bank'],
        summary: 'Rename a bank account or save its bank’s CSV mapping (null removes it)',
        params: IdParams,
        body: Type.Object(
          {
            name: Type.Optional(Type.String({ maxLength: 200 })),
            csv_mapping: Type.Optional(CsvMappingBody),
          },
          { additionalProperties: false },
        ),
        response: { 200: ref(BankAccountSchema), ...errorResponses },
      },
    },
    async (request) =>
      bankAccountView(
        await updateBankAccount(database, actorOf(request), request.params.id, {
          name: request.body.name,
          csvMapping: request.body.csv_mapping,
        }),
      ),
  );

  app.post(
    '/bank/statements',
    {
      preHandler: post,
      bodyLimit: bankFileLimits.bytesMax,
      schema: {
        tags: ['bank'],
        summary:
          'Import a bank statement (camt.053/054, MT940, BAI2, OFX or mapped CSV) and match its incoming payments',
        description:
          'The body is the file as it came from the bank. Every transaction is stored once (the same file, or an overlapping one, adds nothing twice); a file that cannot be read imports nothing and its error names the line and column or element. With `auto_apply`, the payments the matcher is sure of are posted; the rest wait in the review queue (`GET /bank/lines?state=review`).',
        consumes: statementContentTypes,
        querystring: Type.Object({
          bank_account_id: Type.Optional(
            Type.String({
              format: 'uuid',
              description: 'The account it is for: required for CSV; other formats name theirs',
            }),
          ),
          format: Type.Optional(
            Type.String({
              enum: [...statementFormats],
              description: 'Without it, recognised from the file (CSV must be named)',
            }),
          ),
          auto_apply: Type.Optional(Type.Boolean()),
          dry_run: Type.Optional(
            Type.Boolean({ description: 'Do it all, answer what happened, and keep nothing' }),
          ),
          file_name: Type.Optional(Type.String({ maxLength: 255 })),
        }),
        body: Type.Unsafe<Buffer>({ description: 'The statement file, as bytes' }),
        response: { 200: ref(BankImportResultSchema), ...errorResponses },
      },
    },
    async (request) => {
      const q = request.query;
      const dryRun = q.dry_run === true;
      const result = await importBankStatement(
        database,
        actorOf(request),
        {
          text: fileBody(request.body),
          fileName: q.file_name ?? null,
          format: q.format as StatementFormat | undefined,
          bankAccountId: q.bank_account_id,
        },
        { autoApply: q.auto_apply === true, dryRun },
      );
      return statementImportView(result, dryRun);
    },
  );

  app.get(
    '/bank/lines',
    {
      preHandler: permit(database, 'read'),
      schema: {
        tags: ['bank'],
        summary: 'Bank lines: the review queue (`state=review`), or what became of every line',
        querystring: Type.Object({
          ...PageQuery,
          sort: SortQuery(bankLineSortKeys),
          state: Type.Optional(
            Type.String({
              pattern: `^(${lineStates.join('|')})(,(${lineStates.join('|')}))*$`,
              description: `One or more of ${lineStates.join(', ')}, comma-separated`,
            }),
          ),
          q: Type.Optional(
            Type.String({
              maxLength: 200,
              description:
                'Words of the payer’s name or account, the references or the text, or an amount',
            }),
          ),
          bank_account_id: Type.Optional(Type.String({ format: 'uuid' })),
          file_id: Type.Optional(Type.String({ format: 'uuid' })),
          direction: Type.Optional(Type.String({ enum: ['credit', 'debit'] })),
          currency: Type.Optional(ref(Currency)),
          from: Type.Optional(ref(CalendarDateSchema)),
          to: Type.Optional(ref(CalendarDateSchema)),
        }),
        response: { 200: BankLinePage, ...errorResponses },
      },
    },
    async (request) => {
      const q = request.query;
      const sort = parseSort(q.sort, 'date');
      const { lines, matches, labels, counts } = await listBankLines(
        database,
        actorOf(request),
        {
          states: q.state?.split(','),
          search: q.q,
          bankAccountId: q.bank_account_id,
          fileId: q.file_id,
          direction: q.direction,
          currency: q.currency?.toUpperCase(),
          from: q.from,
          to: q.to,
        },
        sort.key,
        { limit: q.limit, cursor: q.cursor, descending: sort.descending },
      );
      const byState = Object.fromEntries(lineStates.map((state) => [state, 0])) as Record<
        (typeof lineStates)[number],
        number
      >;
      for (const count of counts) byState[count.state as (typeof lineStates)[number]] = count.lines;
      return {
        items: lines.items.map((line) => bankLineView(line, matches, labels)),
        next_cursor: lines.nextCursor,
        counts: byState,
      };
    },
  );

  app.get(
    '/bank/lines/:id',
    {
      preHandler: permit(database, 'read'),
      schema: {
        tags: ['bank'],
        summary: 'One bank line with its evidence, proposals, and what was applied and undone',
        params: IdParams,
        response: { 200: ref(BankLineSchema), ...errorResponses },
      },
    },
    async (request) => lineDetail(actorOf(request), request.params.id),
  );

  app.post(
    '/bank/lines/:id/apply',
    {
      preHandler: post,
      schema: {
        tags: ['bank'],
        summary:
          'Apply a line: confirm a proposal, pick another, split it across invoices, or keep it as the customer’s credit',
        params: IdParams,
        headers: IdempotencyHeaders,
        body: ApplyBody,
        response: { 200: ref(BankLineSchema), ...errorResponses },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      await applyBankLine(
        database,
        actor,
        request.params.id,
        {
          customerId: request.body.customer_id,
          allocations: request.body.allocations.map((allocation) => ({
            invoiceId: allocation.invoice_id,
            amount: allocation.amount,
          })),
        },
        { idempotencyKey: request.headers['idempotency-key'] },
      );
      return lineDetail(actor, request.params.id);
    },
  );

  app.post(
    '/bank/lines/:id/undo',
    {
      preHandler: post,
      schema: {
        tags: ['bank'],
        summary:
          'Undo an applied line: its payment is reversed, the line goes back to review, and that match is never proposed again',
        params: IdParams,
        headers: IdempotencyHeaders,
        body: ReasonBody,
        response: { 200: ref(BankLineSchema), ...errorResponses },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      await undoBankLine(database, actor, request.params.id, request.body, {
        idempotencyKey: request.headers['idempotency-key'],
      });
      return lineDetail(actor, request.params.id);
    },
  );

  app.post(
    '/bank/lines/:id/reverse-payment',
    {
      preHandler: post,
      schema: {
        tags: ['bank'],
        summary:
          'Settle a returned credit: reverse the payment it took back (the proposal’s, or the one named)',
        params: IdParams,
        headers: IdempotencyHeaders,
        body: Type.Object(
          {
            match_id: Type.Optional(
              Type.String({
                format: 'uuid',
                description:
                  'One of the line’s proposals flagged reverse_payment; default: the best',
              }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: ref(BankLineSchema), ...errorResponses },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      await reverseReturnedPayment(
        database,
        actor,
        request.params.id,
        { matchId: request.body.match_id },
        { idempotencyKey: request.headers['idempotency-key'] },
      );
      return lineDetail(actor, request.params.id);
    },
  );

  app.post(
    '/bank/lines/:id/set-aside',
    {
      preHandler: post,
      schema: {
        tags: ['bank'],
        summary:
          'Set a line aside: money that is no customer’s payment (nothing is posted; the matcher leaves it alone)',
        params: IdParams,
        headers: IdempotencyHeaders,
        body: ReasonBody,
        response: { 200: ref(BankLineSchema), ...errorResponses },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      await setAsideBankLine(
        database,
        actor,
        request.params.id,
        { aside: true, reason: request.body.reason },
        { idempotencyKey: request.headers['idempotency-key'] },
      );
      return lineDetail(actor, request.params.id);
    },
  );

  app.post(
    '/bank/lines/:id/return',
    {
      preHandler: post,
      schema: {
        tags: ['bank'],
        summary: 'Bring a line that was set aside back to the review queue',
        params: IdParams,
        headers: IdempotencyHeaders,
        response: { 200: ref(BankLineSchema), ...errorResponses },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      await setAsideBankLine(
        database,
        actor,
        request.params.id,
        { aside: false, reason: '' },
        { idempotencyKey: request.headers['idempotency-key'] },
      );
      return lineDetail(actor, request.params.id);
    },
  );

  app.post(
    '/bank/rematch',
    {
      preHandler: post,
      schema: {
        tags: ['bank'],
        summary:
          'Match again every line waiting for review (after invoices are issued or customers change)',
        body: Type.Object(
          { auto_apply: Type.Optional(Type.Boolean()) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            lines: Type.Integer(),
            applied: Type.Integer(),
            review: Type.Integer(),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const result = await rematchBankLines(database, actorOf(request), {
        autoApply: request.body.auto_apply === true,
      });
      const applied = result.lines.filter((line) => line.match.outcome === 'applied').length;
      return { lines: result.lines.length, applied, review: result.lines.length - applied };
    },
  );
}

export const bankSchemas = [...bankQueueSchemas, BankLinePage];
