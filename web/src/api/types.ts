/**
 * The web app's names for the shapes of the API's answers it reads. Every one is taken from
 * schema.gen.ts, which `npm run api-types` generates from the OpenAPI document at
 * /api/openapi.json: none is written by hand, so a route that changes its answer changes these
 * types, and the pages that read it stop compiling where they no longer fit. Amounts are decimal
 * strings in major units, formatted for the reader by format/money.ts: the app never does
 * arithmetic on money.
 */
import type { components, paths } from './schema.gen';

type Schemas = components['schemas'];

/** The JSON body of an operation's 200 answer. */
type Answer<
  Operation extends {
    readonly responses: {
      readonly 200: { readonly content: { readonly 'application/json': unknown } };
    };
  },
> = Operation['responses'][200]['content']['application/json'];

export type Amount = Schemas['Amount'];
export type CalendarDate = Schemas['CalendarDate'];

export type Me = Schemas['Me'];
export type LoginResponse = Answer<paths['/api/v1/auth/login']['post']>;

/** A page of customers, with the cursor of the next. */
export type CustomerList = Answer<paths['/api/v1/customers']['get']>;

/** A page of invoices, with the cursor of the next. */
export type InvoiceList = Answer<paths['/api/v1/invoices']['get']>;
export type Invoice = InvoiceList['items'][number];

export type User = Schemas['User'];
export type UserList = Answer<paths['/api/v1/users']['get']>;
export type PersonList = Answer<paths['/api/v1/people']['get']>;

export type AgingBucket = Schemas['AgingBucket'];
export type Aging = Schemas['Aging'];
/** One currency of the aging: a row per customer and the totals. */
export type AgingCurrency = Aging['currencies'][number];
export type AgingCustomerRow = AgingCurrency['customers'][number];
/** A row's figures: one amount per bucket, in the order of the buckets, then unapplied and balance. */
export type AgingFigures = AgingCurrency['totals'];
export type AgingItem = NonNullable<Aging['items']>[number];

export type Kpis = Schemas['Kpis'];
/** The figures of one period; ratios are numbers rounded to two decimals, null without data. */
export type KpiFigures = NonNullable<Kpis['currencies'][number]['months']>[number];

export type Goal = Schemas['Goal'];
export type GoalPage = Schemas['GoalPage'];

export type Statement = Schemas['Statement'];
export type StatementLine = Statement['currencies'][number]['lines'][number];

// Payments and CSV imports (web/src/pages/payments, web/src/pages/imports).
/** A payment; its applications and refunds come with GET /payments/{id} and the write actions. */
export type Payment = Schemas['Payment'];
/** A page of payments, with the cursor of the next. */
export type PaymentList = Answer<paths['/api/v1/payments']['get']>;
export type PaymentApplyResult = Schemas['ApplicationResult'];
export type PaymentRefund = Schemas['Refund'];
/** What POST /imports/{kind} imported; a refused file is an error whose details list its bad rows. */
export type ImportResult = Schemas['ImportResult'];
