import { Type } from '@sinclair/typebox';
import { formatAmount } from '../core/money.js';
import type { RouteContext } from '../platform/http/app.js';
import { actorOf, permit } from '../auth/permit.routes.js';
import {
  Amount,
  CalendarDateSchema,
  Currency,
  errorResponses,
  ref,
} from '../platform/http/schemas.js';
import { listAuditEvents } from './list-audit-events.service.js';
import { getTrialBalance } from './trial-balance.service.js';
import { parseCalendarDate } from '../core/calendar-date.js';
import { unwrap } from '../core/errors.js';

const TrialBalanceSchema = Type.Object(
  {
    as_of: ref(CalendarDateSchema),
    currencies: Type.Array(
      Type.Object({
        currency: ref(Currency),
        accounts: Type.Array(
          Type.Object({
            account: Type.String(),
            name: Type.String(),
            debit: ref(Amount),
            credit: ref(Amount),
            balance: ref(Amount),
          }),
        ),
        debit: ref(Amount),
        credit: ref(Amount),
        receivables_control: ref(Amount),
        open_invoices: ref(Amount),
        unapplied_credit: ref(Amount),
        difference: ref(Amount),
      }),
    ),
  },
  { $id: 'TrialBalance' },
);

const AuditEventSchema = Type.Object(
  {
    id: Type.String(),
    at: Type.String({ format: 'date-time' }),
    actor_type: Type.String(),
    actor_id: Type.Union([Type.String(), Type.Null()]),
    actor_name: Type.String(),
    action: Type.String(),
    entity_type: Type.String(),
    entity_id: Type.Union([Type.String(), Type.Null()]),
    before: Type.Any(),
    after: Type.Any(),
  },
  { $id: 'AuditEvent' },
);

export async function ledgerRoutes({ app, database }: RouteContext) {
  app.get(
    '/reports/trial-balance',
    {
      preHandler: permit(database, 'read'),
      schema: {
        tags: ['reports'],
        summary: 'Trial balance and the A/R control tie-out, per currency',
        querystring: Type.Object({ as_of: Type.Optional(ref(CalendarDateSchema)) }),
        response: { 200: ref(TrialBalanceSchema), ...errorResponses },
      },
    },
    async (request) => {
      const asOf = request.query.as_of
        ? unwrap(parseCalendarDate(request.query.as_of, 'as_of'))
        : undefined;
      const balance = await getTrialBalance(database, actorOf(request), asOf);
      return {
        as_of: balance.asOf,
        currencies: balance.currencies.map((c) => {
          const money = (minor: bigint) => formatAmount(minor, c.currency);
          return {
            currency: c.currency,
            accounts: c.accounts.map((a) => ({
              account: a.account,
              name: a.name,
              debit: money(a.debitMinor),
              credit: money(a.creditMinor),
              balance: money(a.balanceMinor),
            })),
            debit: money(c.debitMinor),
            credit: money(c.creditMinor),
            receivables_control: money(c.receivablesControlMinor),
            open_invoices: money(c.openInvoicesMinor),
            unapplied_credit: money(c.unappliedCreditMinor),
            difference: money(c.differenceMinor),
          };
        }),
      };
    },
  );

  app.get(
    '/audit-events',
    {
      preHandler: permit(database, 'users.manage'),
      schema: {
        tags: ['audit'],
        summary: 'The audit log, newest first',
        querystring: Type.Object({
          entity_id: Type.Optional(Type.String({ format: 'uuid' })),
          entity_type: Type.Optional(
            Type.String({ maxLength: 64, description: 'invoice, payment, goal, …' }),
          ),
          action: Type.Optional(Type.String({ maxLength: 64, description: 'create, issue, …' })),
          actor_id: Type.Optional(
            Type.String({ maxLength: 64, description: 'The user who acted' }),
          ),
          from: Type.Optional(ref(CalendarDateSchema)),
          to: Type.Optional(ref(CalendarDateSchema)),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
          cursor: Type.Optional(
            Type.String({ format: 'uuid', description: 'next_cursor of the previous page' }),
          ),
        }),
        response: {
          200: Type.Object({
            items: Type.Array(ref(AuditEventSchema)),
            next_cursor: Type.Union([Type.String(), Type.Null()]),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const query = request.query;
      const date = (text: string | undefined, field: string) =>
        text === undefined ? undefined : unwrap(parseCalendarDate(text, field));
      const page = await listAuditEvents(database, actorOf(request), {
        entityId: query.entity_id,
        entityType: query.entity_type,
        action: query.action,
        actorId: query.actor_id,
        from: date(query.from, 'from'),
        to: date(query.to, 'to'),
        cursor: query.cursor,
        limit: query.limit,
      });
      return {
        items: page.items.map((row) => ({ ...row, at: new Date(row.at).toISOString() })),
        next_cursor: page.nextCursor,
      };
    },
  );
}

export const ledgerSchemas = [TrialBalanceSchema, AuditEventSchema];
