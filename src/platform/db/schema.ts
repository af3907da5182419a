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
  created_at: Timestamp;
  updated_at: Timestamp;
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

export interface SchemaMigrationsTable {
  version: string;
  applied_at: Timestamp;
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
  journal_entries: JournalEntriesTable;
  journal_lines: JournalLinesTable;
  audit_events: AuditEventsTable;
  idempotency_keys: IdempotencyKeysTable;
  goals: GoalsTable;
  schema_migrations: SchemaMigrationsTable;
}

export type TableName = keyof Schema;
