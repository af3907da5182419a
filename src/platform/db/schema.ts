import type { ColumnType, Generated } from 'kysely';

/**
 * The database as Kysely sees it. int8 columns arrive as `bigint` and `date` columns as
 * `YYYY-MM-DD` strings (see type-parsers.ts); numeric columns arrive as decimal strings.
 */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type DateColumn = string;
type Json = ColumnType<unknown, string | null, string | null>;

export interface OrganizationsTable {
  id: string;
  slug: string;
  name: string;
  base_currency: string;
  time_zone: Generated<string>;
  created_at: Timestamp;
  aging_due_bounds: number[] | null;
  aging_issue_bounds: number[] | null;
  credit_control: Generated<string>;
  smtp_url: string | null;
  mail_from: string | null;
  company_details: ColumnType<unknown, string | undefined, string>;
  portal_url: string | null;
  collections_run_through: DateColumn | null;
  legal_name: string | null;
  address: Json | null;
  vat_id: string | null;
  registration_id: string | null;
  electronic_address_scheme: string | null;
  electronic_address_id: string | null;
  payment_accounts: ColumnType<unknown, string | undefined, string>;
  logo_document_id: string | null;
  invoice_footer: string | null;
}

export interface UsersTable {
  org_id: string;
  id: string;
  email: string;
  name: string;
  role: string;
  password_hash: string | null;
  created_at: Timestamp;
  disabled_at: Date | null;
  kind: Generated<'person' | 'service'>;
  created_by: string | null;
}

export interface ApiTokensTable {
  org_id: string;
  id: string;
  user_id: string;
  name: string;
  token_prefix: string;
  token_hash: string;
  created_at: Timestamp;
  revoked_at: Date | null;
  created_by: string | null;
}

export interface SessionsTable {
  org_id: string;
  id: string;
  user_id: string;
  token_hash: string;
  csrf_token: string;
  created_at: Timestamp;
  expires_at: Date;
}

export interface CustomersTable {
  org_id: string;
  id: string;
  ref: string;
  name: string;
  legal_name: string | null;
  tax_id: string | null;
  billing_address: Json;
  currency: string;
  terms_code: string;
  credit_limit_minor: bigint | null;
  credit_hold: Generated<boolean>;
  tags: ColumnType<string[], string[] | undefined, string[]>;
  notes: string | null;
  collector_id: string | null;
  policy_id: string | null;
  collections_paused: Generated<boolean>;
  collections_paused_until: DateColumn | null;
  collections_pause_reason: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  registration_id: string | null;
  electronic_address_scheme: string | null;
  electronic_address_id: string | null;
  buyer_reference: string | null;
  send_ubl: Generated<boolean>;
}

export interface ContactsTable {
  org_id: string;
  id: string;
  customer_id: string;
  name: string;
  email: string | null;
  phone: string | null;
  role: string;
  receives_reminders: boolean;
  created_at: Timestamp;
}

export interface DocumentSequencesTable {
  org_id: string;
  kind: string;
  prefix: string;
  next_number: bigint;
}

export interface InvoicesTable {
  org_id: string;
  id: string;
  customer_id: string;
  number: string | null;
  status: string;
  kind: Generated<string>;
  currency: string;
  issued_on: DateColumn | null;
  due_on: DateColumn | null;
  terms_code: string;
  discount_on: DateColumn | null;
  discount_minor: bigint;
  subtotal_minor: bigint;
  tax_minor: bigint;
  total_minor: bigint;
  open_minor: bigint;
  po_number: string | null;
  memo: string | null;
  origin: Generated<string>;
  created_at: Timestamp;
  issued_at: Date | null;
  voided_at: Date | null;
  voided_on: DateColumn | null;
  void_reason: string | null;
  /** The parties as they were at issue (IssuedDocument's seller and buyer, snake_case JSON). */
  seller: ColumnType<unknown, string | undefined, string>;
  buyer: ColumnType<unknown, string | undefined, string>;
}

export interface DocumentLinesColumns {
  org_id: string;
  position: number;
  description: string;
  quantity: ColumnType<string, string, string>;
  unit_price_minor: bigint;
  tax_rate: ColumnType<string, string, string>;
  net_minor: bigint;
  tax_minor: bigint;
  unit_code: Generated<string>;
  vat_category: string;
  exemption_reason: string | null;
  discount_minor: Generated<bigint>;
  /** Percent, numeric(7,4), read as a string; null when the discount was given as an amount. */
  discount_percent: string | null;
  discount_reason: string | null;
}

export interface InvoiceLinesTable extends DocumentLinesColumns {
  invoice_id: string;
}

export interface CreditNoteLinesTable extends DocumentLinesColumns {
  credit_note_id: string;
}

export interface CreditNotesTable {
  org_id: string;
  id: string;
  number: string;
  customer_id: string;
  invoice_id: string | null;
  currency: string;
  issued_on: DateColumn;
  subtotal_minor: bigint;
  tax_minor: bigint;
  total_minor: bigint;
  reason: string | null;
  memo: string | null;
  origin: Generated<string>;
  created_at: Timestamp;
  seller: ColumnType<unknown, string | undefined, string>;
  buyer: ColumnType<unknown, string | undefined, string>;
}

export interface PaymentsTable {
  org_id: string;
  id: string;
  customer_id: string;
  received_on: DateColumn;
  amount_minor: bigint;
  currency: string;
  method: string;
  reference: string | null;
  payer: string | null;
  memo: string | null;
  origin: Generated<string>;
  created_at: Timestamp;
}

export interface PaymentReversalsTable {
  org_id: string;
  id: string;
  payment_id: string;
  reversed_on: DateColumn;
  reason: string;
  created_at: Timestamp;
}

export interface RefundsTable {
  org_id: string;
  id: string;
  customer_id: string;
  source_type: string;
  source_id: string;
  refunded_on: DateColumn;
  amount_minor: bigint;
  currency: string;
  method: string;
  reference: string | null;
  created_at: Timestamp;
}

export interface WriteOffsTable {
  org_id: string;
  id: string;
  customer_id: string;
  invoice_id: string;
  written_off_on: DateColumn;
  amount_minor: bigint;
  currency: string;
  reason: string;
  memo: string | null;
  created_at: Timestamp;
}

export interface ApplicationsTable {
  org_id: string;
  id: string;
  customer_id: string;
  invoice_id: string;
  source_type: string;
  source_id: string;
  amount_minor: bigint;
  currency: string;
  applied_on: DateColumn;
  reversal_id: string | null;
  created_at: Timestamp;
}

export interface JournalEntriesTable {
  org_id: string;
  id: string;
  entry_on: DateColumn;
  source_type: string;
  source_id: string;
  description: string;
  created_at: Timestamp;
}

export interface JournalLinesTable {
  org_id: string;
  entry_id: string;
  line_number: number;
  account: string;
  customer_id: string | null;
  currency: string;
  debit_minor: bigint;
  credit_minor: bigint;
}

export interface AuditEventsTable {
  org_id: string;
  id: string;
  at: Timestamp;
  actor_type: string;
  actor_id: string | null;
  actor_name: string;
  action: string;
  entity_type: string;
  entity_id: string | null;
  before: Json;
  after: Json;
}

export interface IdempotencyKeysTable {
  org_id: string;
  key: string;
  operation: string;
  request_hash: string;
  result: Json;
  created_at: Timestamp;
}

/** Derived (0003): the non-zero balance steps of each invoice, payment and credit note. */
export interface BalancePeriodsTable {
  org_id: string;
  item_id: string;
  item_type: 'invoice' | 'payment' | 'credit_note';
  customer_id: string;
  currency: string;
  document_on: DateColumn;
  due_on: DateColumn | null;
  valid_from: DateColumn;
  valid_to: DateColumn | null;
  span_class: number | null;
  balance_minor: bigint;
}

/** Derived (0023, numeric since 0024): the journal's debits and credits per account, currency and day, in slots. */
export interface AccountDayTotalsTable {
  org_id: string;
  currency: string;
  account: string;
  day: DateColumn;
  slot: number;
  debit_minor: bigint;
  credit_minor: bigint;
}

/** Derived (0023, numeric since 0024): the changes of open invoice balances and unapplied credit per day, in slots. */
export interface SubledgerDayTotalsTable {
  org_id: string;
  currency: string;
  day: DateColumn;
  slot: number;
  open_minor: bigint;
  unapplied_minor: bigint;
}

/** Derived (0026): the KPIs' credit sales, write-offs, payments and past-due changes per day, in slots. */
export interface KpiDayTotalsTable {
  org_id: string;
  currency: string;
  day: DateColumn;
  slot: number;
  sales_minor: bigint;
  sales_events: bigint;
  written_off_minor: bigint;
  paid_minor: bigint;
  paid_day_weighted_minor: bigint;
  activity_events: bigint;
  past_due_minor: bigint;
  over_90_minor: bigint;
}

/** 0006: a target for one KPI; the figures are computed, never stored (src/reports/goal.ts). */
export interface GoalsTable {
  org_id: string;
  id: string;
  name: string | null;
  metric: string;
  currency: string;
  direction: string;
  /** numeric(14,2): a decimal string; set for ratio metrics. */
  target_value: string | null;
  /** Set for total_overdue. */
  target_minor: bigint | null;
  owner_id: string;
  starts_on: DateColumn;
  deadline: DateColumn;
  scope: string;
  customer_id: string | null;
  collector_id: string | null;
  tag: string | null;
  window_days: number;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  archived_at: Date | null;
}

/** 0008: collections (issue #5). */
export interface CollectionPoliciesTable {
  org_id: string;
  id: string;
  name: string;
  steps: ColumnType<unknown, string, string>;
  is_default: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
  archived_at: Date | null;
}

export interface MessageTemplatesTable {
  org_id: string;
  key: string;
  subject: string;
  body_text: string;
  body_html: string;
  updated_at: Timestamp;
}

export interface CollectionRunsTable {
  org_id: string;
  id: string;
  run_on: DateColumn;
  started_at: Timestamp;
  finished_at: Date | null;
  summary: ColumnType<unknown, string | undefined, string>;
  triggered_by: string;
}

export interface CollectionStepsTable {
  org_id: string;
  id: string;
  run_id: string;
  customer_id: string;
  invoice_id: string;
  policy_id: string;
  step_key: string;
  action: string;
  outcome: string;
  done_on: DateColumn;
  created_at: Timestamp;
}

export interface LateChargesTable {
  org_id: string;
  id: string;
  invoice_id: string;
  fee_invoice_id: string;
  kind: string;
  amount_minor: bigint;
  period_from: DateColumn | null;
  period_through: DateColumn | null;
  created_at: Timestamp;
}

export interface OutboxMessagesTable {
  org_id: string;
  id: string;
  customer_id: string | null;
  run_id: string | null;
  kind: string;
  template_key: string | null;
  to_addresses: string[];
  reply_to: string | null;
  subject: string;
  body_text: string | null;
  body_html: string | null;
  /** [{ document_id, file_name, content_type }]: the bytes stay in documents. */
  attachments: ColumnType<unknown, string | undefined, string>;
  invoice_ids: ColumnType<string[], string[] | undefined, string[]>;
  status: Generated<string>;
  status_reason: string | null;
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  claimed_at: Date | null;
  sent_at: Date | null;
  smtp_message_id: string | null;
  last_error: string | null;
  created_at: Timestamp;
  /** The message's context as JSON (amounts as strings), to render it again when it is sent. */
  render_context: unknown | null;
}

export interface RenderingQueueTable {
  org_id: string;
  source_type: 'invoice' | 'credit_note';
  source_id: string;
  queued_at: Generated<Timestamp>;
  attempts: Generated<number>;
  last_error: string | null;
}

export interface DocumentRenderingsTable {
  org_id: string;
  source_type: 'invoice' | 'credit_note';
  source_id: string;
  document_id: string;
  sha256: string;
  rendered_at: Timestamp;
}

export interface DocumentsTable {
  org_id: string;
  id: string;
  customer_id: string | null;
  kind: string;
  file_name: string;
  content_type: string;
  content: Uint8Array;
  created_by: string | null;
  created_at: Timestamp;
}

export interface CollectionTasksTable {
  org_id: string;
  id: string;
  customer_id: string;
  kind: string;
  title: string;
  assignee_id: string | null;
  due_on: DateColumn;
  status: Generated<string>;
  outcome: string | null;
  notes: string | null;
  invoice_ids: ColumnType<string[], string[] | undefined, string[]>;
  document_id: string | null;
  source: string;
  run_id: string | null;
  created_by: string | null;
  created_at: Timestamp;
  completed_at: Date | null;
  completed_by: string | null;
}

export interface CustomerNotesTable {
  org_id: string;
  id: string;
  customer_id: string;
  body: string;
  author_id: string | null;
  created_at: Timestamp;
}

export interface PromisesTable {
  org_id: string;
  id: string;
  customer_id: string;
  amount_minor: bigint;
  currency: string;
  promised_on: DateColumn;
  made_on: DateColumn;
  invoice_ids: ColumnType<string[], string[] | undefined, string[]>;
  status: Generated<string>;
  decided_on: DateColumn | null;
  notes: string | null;
  created_by: string | null;
  created_at: Timestamp;
}

export interface DisputesTable {
  org_id: string;
  id: string;
  customer_id: string;
  invoice_id: string;
  amount_minor: bigint | null;
  reason: string;
  owner_id: string | null;
  status: Generated<string>;
  opened_on: DateColumn;
  resolved_on: DateColumn | null;
  resolution_note: string | null;
  credit_note_id: string | null;
  notes: string | null;
  created_by: string | null;
  created_at: Timestamp;
}

export interface DisputeDocumentsTable {
  org_id: string;
  dispute_id: string;
  document_id: string;
}

export interface PaymentPlansTable {
  org_id: string;
  id: string;
  customer_id: string;
  currency: string;
  total_minor: bigint;
  invoice_ids: string[];
  starts_on: DateColumn;
  status: Generated<string>;
  decided_on: DateColumn | null;
  notes: string | null;
  created_by: string | null;
  created_at: Timestamp;
}

export interface PaymentPlanInstallmentsTable {
  org_id: string;
  plan_id: string;
  position: number;
  due_on: DateColumn;
  amount_minor: bigint;
  is_down_payment: Generated<boolean>;
}

export interface NonpaymentReasonsTable {
  org_id: string;
  id: string;
  invoice_id: string;
  reason: string;
  note: string | null;
  recorded_by: string | null;
  recorded_at: Timestamp;
}

export interface AgencyPlacementsTable {
  org_id: string;
  id: string;
  customer_id: string;
  agency: string;
  channel: string;
  placed_on: DateColumn;
  currency: string;
  amount_minor: bigint;
  /** numeric(7,4): a decimal string. */
  commission_percent: string;
  invoice_ids: string[];
  status: Generated<string>;
  closed_on: DateColumn | null;
  notes: string | null;
  created_by: string | null;
  created_at: Timestamp;
}

export interface AgencyRecoveriesTable {
  org_id: string;
  id: string;
  placement_id: string;
  recovered_on: DateColumn;
  amount_minor: bigint;
  commission_minor: bigint;
  payment_id: string;
  created_by: string | null;
  created_at: Timestamp;
}

export interface RateLimitCountersTable {
  key: string;
  window_started_at: Date;
  count: number;
}

export interface SchemaMigrationsTable {
  version: string;
  applied_at: Timestamp;
}

export interface BankAccountsTable {
  org_id: string;
  id: string;
  name: string;
  iban: string | null;
  account_number: string | null;
  bic: string | null;
  currency: string | null;
  csv_mapping: Json;
  created_at: Timestamp;
}

export interface BankFilesTable {
  org_id: string;
  id: string;
  sha256: string;
  file_name: string | null;
  format: string;
  version: string | null;
  statements: number;
  lines: number;
  lines_added: number;
  warnings: Json;
  imported_by: string | null;
  imported_at: Timestamp;
  auto_apply: Generated<boolean>;
}

export interface BankRematchMarksTable {
  org_id: string;
  last_event_id: string | null;
  rematched_at: Timestamp;
}

export interface BankLinesTable {
  org_id: string;
  id: string;
  bank_account_id: string;
  file_id: string;
  position: number;
  dedupe_key: string;
  occurrence: number;
  value_date: DateColumn | null;
  booking_date: DateColumn | null;
  amount_minor: bigint;
  currency: string;
  direction: string;
  status: string;
  reversal: boolean;
  payer_name: string | null;
  payer_account: string | null;
  payer_bic: string | null;
  ref: string;
  refs: Json;
  remittance: Json;
  transaction_code: string | null;
  additional_info: string | null;
  state: string;
  payment_id: string | null;
  aside_reason: string | null;
  created_at: Timestamp;
}

export interface BankMatchesTable {
  org_id: string;
  id: string;
  bank_line_id: string;
  rank: number;
  customer_id: string;
  allocations: Json;
  unapplied_minor: bigint;
  confidence: ColumnType<string, string | number, string | number>;
  basis: string;
  evidence: Json;
  flags: Json;
  engine_version: string;
  state: string;
  applied_by: string | null;
  payment_id: string | null;
  created_at: Timestamp;
  undone_at: Date | null;
  undone_by: string | null;
  undo_reason: string | null;
}

export interface BankMatchRejectionsTable {
  org_id: string;
  bank_line_id: string;
  target_id: string;
  created_at: Timestamp;
}

export interface BankPayerAccountsTable {
  org_id: string;
  account: string;
  customer_id: string;
  confirmations: Generated<number>;
  last_line_id: string | null;
  created_at: Timestamp;
}

export interface BankPayerNamesTable {
  org_id: string;
  name: string;
  customer_id: string;
  confirmations: Generated<number>;
  created_at: Timestamp;
}

export interface Schema {
  organizations: OrganizationsTable;
  users: UsersTable;
  api_tokens: ApiTokensTable;
  sessions: SessionsTable;
  customers: CustomersTable;
  contacts: ContactsTable;
  document_sequences: DocumentSequencesTable;
  invoices: InvoicesTable;
  invoice_lines: InvoiceLinesTable;
  credit_notes: CreditNotesTable;
  credit_note_lines: CreditNoteLinesTable;
  payments: PaymentsTable;
  payment_reversals: PaymentReversalsTable;
  refunds: RefundsTable;
  write_offs: WriteOffsTable;
  applications: ApplicationsTable;
  balance_periods: BalancePeriodsTable;
  account_day_totals: AccountDayTotalsTable;
  subledger_day_totals: SubledgerDayTotalsTable;
  kpi_day_totals: KpiDayTotalsTable;
  journal_entries: JournalEntriesTable;
  journal_lines: JournalLinesTable;
  audit_events: AuditEventsTable;
  idempotency_keys: IdempotencyKeysTable;
  goals: GoalsTable;
  collection_policies: CollectionPoliciesTable;
  message_templates: MessageTemplatesTable;
  collection_runs: CollectionRunsTable;
  collection_steps: CollectionStepsTable;
  late_charges: LateChargesTable;
  outbox_messages: OutboxMessagesTable;
  documents: DocumentsTable;
  document_renderings: DocumentRenderingsTable;
  rendering_queue: RenderingQueueTable;
  collection_tasks: CollectionTasksTable;
  customer_notes: CustomerNotesTable;
  promises: PromisesTable;
  disputes: DisputesTable;
  dispute_documents: DisputeDocumentsTable;
  payment_plans: PaymentPlansTable;
  payment_plan_installments: PaymentPlanInstallmentsTable;
  nonpayment_reasons: NonpaymentReasonsTable;
  agency_placements: AgencyPlacementsTable;
  agency_recoveries: AgencyRecoveriesTable;
  schema_migrations: SchemaMigrationsTable;
  rate_limit_counters: RateLimitCountersTable;
  bank_accounts: BankAccountsTable;
  bank_files: BankFilesTable;
  bank_rematch_marks: BankRematchMarksTable;
  bank_lines: BankLinesTable;
  bank_matches: BankMatchesTable;
  bank_match_rejections: BankMatchRejectionsTable;
  bank_payer_accounts: BankPayerAccountsTable;
  bank_payer_names: BankPayerNamesTable;
}

export type TableName = keyof Schema;
