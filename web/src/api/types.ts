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

// Collections: the collector's day, the run, letters and one-off e-mails.
export type WorkQueue = Schemas['WorkQueue'];
export type WorkQueueItem = WorkQueue['items'][number];
export type CollectionTask = Schemas['CollectionTask'];
export type CollectionTaskPage = Schemas['CollectionTaskPage'];
export type PromiseToPayPage = Schemas['PromiseToPayPage'];
export type CollectionsRun = Schemas['CollectionsRun'];
export type MessageTemplateList = Schemas['MessageTemplateList'];
export type MessagePreview = Schemas['MessagePreview'];
export type OutboxPage = Schemas['OutboxPage'];
export type OutboxMessage = Schemas['OutboxMessage'];
export type OutboxMessageDetail = Schemas['OutboxMessageDetail'];
// Settings: the organization, users, API tokens and mail (web/src/pages/settings/).
export type Organization = Schemas['Organization'];
export type ApiToken = Schemas['ApiToken'];
export type ApiTokenList = Answer<paths['/api/v1/api-tokens']['get']>;
export type CreatedApiToken =
  paths['/api/v1/api-tokens']['post']['responses'][201]['content']['application/json'];
export type UserDisabledAnswer = Answer<paths['/api/v1/users/{id}/disable']['post']>;
export type PasswordReset = Answer<paths['/api/v1/users/{id}/reset-password']['post']>;
export type OwnPasswordChanged = Answer<paths['/api/v1/me/password']['post']>;
export type MailSettings = Schemas['MailSettings'];
export type MailTestResult = Schemas['MailTestResult'];
// Invoices and credit notes (the clerk's pages).
/** An invoice as GET /invoices/{id} answers it: with its lines and applications. */
export type InvoiceDetail = Schemas['Invoice'];
export type DocumentLine = Schemas['DocumentLine'];
export type Application = Schemas['Application'];
export type CreditNote = Schemas['CreditNote'];
export type CreditNoteList = Answer<paths['/api/v1/credit-notes']['get']>;
export type Customer = Schemas['Customer'];
export type AuditEventList = Answer<paths['/api/v1/audit-events']['get']>;
export type AuditEvent = Schemas['AuditEvent'];
export type NonpaymentReasonList = Schemas['NonpaymentReasonPage'];
/** A payment applied to an invoice, read for its reference. */
export type InvoicePayment = Schemas['Payment'];
/** The body of POST /invoices: a draft's header and lines. */
export type InvoiceDraftBody = NonNullable<
  paths['/api/v1/invoices']['post']['requestBody']
>['content']['application/json'];
export type WriteOffBody = NonNullable<
  paths['/api/v1/invoices/{id}/write-off']['post']['requestBody']
>['content']['application/json'];
export type CreditNoteBody = NonNullable<
  paths['/api/v1/credit-notes']['post']['requestBody']
>['content']['application/json'];
// Customers and the header's search (the customer pages, components/global-search.tsx).
export type Contact = Schemas['Contact'];
export type CustomerListItem = CustomerList['items'][number];
export type SearchResults = Schemas['SearchResults'];
export type TimelinePage = Schemas['TimelinePage'];
export type TimelineEntry = Schemas['TimelineEntry'];
export type PromisePage = Schemas['PromiseToPayPage'];
export type DisputePage = Schemas['DisputePage'];
export type PaymentPlanPage = Schemas['PaymentPlanPage'];
export type CustomerCollectionSettings = Schemas['CustomerCollections'];
// Settings: collection policies, message templates, credit control, aging buckets.
export type CollectionPolicy = Schemas['CollectionPolicy'];
export type CollectionPolicyList = Answer<paths['/api/v1/collection-policies']['get']>;
export type PolicyStep = Schemas['PolicyStep'];
export type PolicyStepAction = PolicyStep['action'];
export type CustomerCollections = Schemas['CustomerCollections'];
export type MessageTemplate = Schemas['MessageTemplate'];
export type CreditControl = Schemas['CreditControl'];
export type AgingBuckets = Schemas['AgingBuckets'];
export type PolicyCustomerPage = Schemas['PolicyCustomerPage'];
// ---------------------------------------------------------------------------------------------
// The collector's actions on a customer (pages/customers/actions).

/** The JSON body an operation takes. */
type RequestBody<
  Operation extends {
    readonly requestBody?: { readonly content: { readonly 'application/json': unknown } };
  },
> = NonNullable<Operation['requestBody']>['content']['application/json'];

export type CollectionsChange = RequestBody<paths['/api/v1/customers/{id}/collections']['put']>;
export type CallLog = RequestBody<paths['/api/v1/customers/{id}/calls']['post']>;
export type CustomerNote = Schemas['CustomerNote'];
export type PromiseToPay = Schemas['PromiseToPay'];
export type PromiseToPayDetail = Schemas['PromiseToPayDetail'];
export type NewPromise = RequestBody<paths['/api/v1/promises']['post']>;
export type Dispute = Schemas['Dispute'];
export type DisputeDetail = Schemas['DisputeDetail'];
export type DisputeDocument = Schemas['DisputeDocument'];
export type NewDispute = RequestBody<paths['/api/v1/disputes']['post']>;
export type DisputeEvidence = RequestBody<paths['/api/v1/disputes/{id}/documents']['post']>;
export type PaymentPlan = Schemas['PaymentPlan'];
export type PaymentPlanDetail = Schemas['PaymentPlanDetail'];
export type NewPaymentPlan = RequestBody<paths['/api/v1/payment-plans']['post']>;
export type AgencyPlacement = Schemas['AgencyPlacement'];
export type AgencyPlacementDetail = Schemas['AgencyPlacementDetail'];
export type AgencyPlacementPage = Schemas['AgencyPlacementPage'];
export type NewAgencyPlacement = RequestBody<paths['/api/v1/agency-placements']['post']>;
export type NonpaymentReason = Schemas['NonpaymentReason'];
export type NewNonpaymentReason = RequestBody<
  paths['/api/v1/invoices/{id}/nonpayment-reasons']['post']
>;
// The manager's dashboard and the reports hub (web/src/pages/dashboard, web/src/pages/reports).
export type Dashboard = Schemas['Dashboard'];
export type DashboardCurrency = Dashboard['currencies'][number];
export type GoalDetail = Schemas['GoalDetail'];
export type DisputeReport = Schemas['DisputeReport'];
export type NonpaymentReasonReport = Schemas['NonpaymentReasonReport'];
export type TrialBalance = Schemas['TrialBalance'];
// Payments and CSV imports (web/src/pages/payments, web/src/pages/imports).
/** A payment; its applications and refunds come with GET /payments/{id} and the write actions. */
export type Payment = Schemas['Payment'];
/** A page of payments, with the cursor of the next. */
export type PaymentList = Answer<paths['/api/v1/payments']['get']>;
export type PaymentApplyResult = Schemas['ApplicationResult'];
export type PaymentRefund = Schemas['Refund'];
/** What POST /imports/{kind} imported; a refused file is an error whose details list its bad rows. */
export type ImportResult = Schemas['ImportResult'];
// Cash application: bank statements and the review queue (web/src/pages/bank).
export type BankLine = Schemas['BankLine'];
export type BankMatch = Schemas['BankMatch'];
export type BankMatchEvidence = Schemas['BankMatchEvidence'];
export type BankLinePage = Schemas['BankLinePage'];
export type BankImportResult = Schemas['BankImportResult'];
export type BankLineOutcome = Schemas['BankLineOutcome'];
export type BankProposal = Schemas['BankProposal'];
export type BankAccountList = Answer<paths['/api/v1/bank/accounts']['get']>;
export type BankRematch = Answer<paths['/api/v1/bank/rematch']['post']>;
export type BankApplyBody = RequestBody<paths['/api/v1/bank/lines/{id}/apply']['post']>;

// Invoicing master data: what invoices say about the seller (web/src/pages/settings/invoicing-page.tsx).
export type SellerDetails = Schemas['SellerDetails'];
export type LogoAnswer = Answer<paths['/api/v1/organization/logo']['put']>;

// Invoices out: issuing sends the invoice, and its documents (web/src/pages/invoices).
export type IssueInvoiceBody = RequestBody<paths['/api/v1/invoices/{id}/issue']['post']>;
/** Where POST /invoices/{id}/send queued the invoice (a 202 answer). */
export type InvoiceSent =
  paths['/api/v1/invoices/{id}/send']['post']['responses'][202]['content']['application/json'];
