-- Collections (issue #5): policies and the daily run, the outbox of e-mail, tasks and notes for
-- collectors, promises to pay, disputes, payment plans, non-payment reasons, agency placements and
-- credit control. Every table is keyed by org_id first, like the ledger (0001).

-- Organization settings for collections: how a new invoice over the credit limit or on hold is
-- treated, where e-mail goes out (an smtp:// URL; without one, SMTP_URL, else kept in the outbox),
-- the sender, and the company details shown in messages.
ALTER TABLE organizations
  ADD COLUMN credit_control text NOT NULL DEFAULT 'warn' CHECK (credit_control IN ('off', 'warn', 'block')),
  ADD COLUMN smtp_url text,
  ADD COLUMN mail_from text,
  ADD COLUMN company_details jsonb NOT NULL DEFAULT '{}'::jsonb,
  ADD COLUMN portal_url text,
  -- The last day the collections run finished for; the scheduler runs every day after it.
  ADD COLUMN collections_run_through date;

CREATE TABLE collection_policies (
  org_id uuid NOT NULL REFERENCES organizations (id),
  id uuid NOT NULL,
  name text NOT NULL,
  steps jsonb NOT NULL,
  is_default boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  archived_at timestamptz,
  PRIMARY KEY (org_id, id)
);
CREATE UNIQUE INDEX collection_policies_default ON collection_policies (org_id) WHERE is_default AND archived_at IS NULL;
CREATE UNIQUE INDEX collection_policies_name ON collection_policies (org_id, lower(name)) WHERE archived_at IS NULL;

-- A customer follows its own policy or the organization's default; a paused customer is left
-- alone until it is resumed (or until paused_until has passed).
ALTER TABLE customers
  ADD COLUMN policy_id uuid,
  ADD COLUMN collections_paused boolean NOT NULL DEFAULT false,
  ADD COLUMN collections_paused_until date,
  ADD COLUMN collections_pause_reason text,
  ADD FOREIGN KEY (org_id, policy_id) REFERENCES collection_policies (org_id, id);

-- Templates for messages and letters, per organization; a key without a row uses the built-in text.
CREATE TABLE message_templates (
  org_id uuid NOT NULL REFERENCES organizations (id),
  key text NOT NULL CHECK (key ~ '^[a-z0-9_]{1,40}$'),
  subject text NOT NULL,
  body_text text NOT NULL,
  body_html text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, key)
);

-- One row per run of the collections for a day; dry runs are not recorded.
CREATE TABLE collection_runs (
  org_id uuid NOT NULL REFERENCES organizations (id),
  id uuid NOT NULL,
  run_on date NOT NULL,
  started_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  summary jsonb NOT NULL DEFAULT '{}'::jsonb,
  triggered_by text NOT NULL CHECK (triggered_by IN ('scheduler', 'cli', 'api')),
  PRIMARY KEY (org_id, id)
);
CREATE INDEX collection_runs_day ON collection_runs (org_id, run_on);

-- Each step done (or skipped because a later one came first) for an invoice: the unique key is
-- what keeps a step from firing twice, whatever the run schedule.
CREATE TABLE collection_steps (
  org_id uuid NOT NULL,
  id uuid NOT NULL,
  run_id uuid NOT NULL,
  customer_id uuid NOT NULL,
  invoice_id uuid NOT NULL,
  policy_id uuid NOT NULL,
  step_key text NOT NULL,
  action text NOT NULL,
  outcome text NOT NULL CHECK (outcome IN ('fired', 'skipped')),
  done_on date NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id),
  UNIQUE (org_id, invoice_id, policy_id, step_key)
);
-- No foreign keys: the run writes a step for every invoice it just read, under the organization's
-- collections lock, and checking two keys per row doubled the cost of writing 100,000 steps.
CREATE INDEX collection_steps_customer ON collection_steps (org_id, customer_id, invoice_id);

-- Late fees and interest charged on an invoice, each as a line of a late-fee invoice. The periods
-- of interest of one invoice never overlap, and the one-off part is charged once.
CREATE TABLE late_charges (
  org_id uuid NOT NULL,
  id uuid NOT NULL,
  invoice_id uuid NOT NULL,
  fee_invoice_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('fee', 'interest', 'compensation')),
  amount_minor bigint NOT NULL CHECK (amount_minor > 0),
  period_from date,
  period_through date,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id),
  FOREIGN KEY (org_id, invoice_id) REFERENCES invoices (org_id, id),
  FOREIGN KEY (org_id, fee_invoice_id) REFERENCES invoices (org_id, id),
  CHECK ((kind = 'interest') = (period_from IS NOT NULL AND period_through IS NOT NULL))
);
CREATE UNIQUE INDEX late_charges_one_off ON late_charges (org_id, invoice_id) WHERE kind <> 'interest';
CREATE UNIQUE INDEX late_charges_interest ON late_charges (org_id, invoice_id, period_from) WHERE kind = 'interest';

-- Messages to customers, written in the same transaction as what caused them and delivered
-- afterwards. status: pending (to send), sending (claimed by a sender), sent, failed (gave up after
-- the attempts), held (no way to send: no SMTP settings or no recipient), uncertain (a sender
-- stopped between handing it to SMTP and recording it: it is not sent again by itself).
CREATE TABLE outbox_messages (
  org_id uuid NOT NULL REFERENCES organizations (id),
  id uuid NOT NULL,
  customer_id uuid,
  run_id uuid,
  kind text NOT NULL,
  template_key text,
  to_addresses text[] NOT NULL,
  reply_to text,
  subject text NOT NULL,
  body_text text NOT NULL,
  body_html text,
  attachments jsonb NOT NULL DEFAULT '[]'::jsonb,
  invoice_ids uuid[] NOT NULL DEFAULT '{}',
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'held', 'uncertain')),
  status_reason text,
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  claimed_at timestamptz,
  sent_at timestamptz,
  smtp_message_id text,
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id)
);
CREATE INDEX outbox_messages_due ON outbox_messages (next_attempt_at) WHERE status = 'pending';
CREATE INDEX outbox_messages_customer ON outbox_messages (org_id, customer_id, created_at);

-- Generated documents kept for printing or evidence: dunning letters, dispute evidence.
CREATE TABLE documents (
  org_id uuid NOT NULL REFERENCES organizations (id),
  id uuid NOT NULL,
  customer_id uuid,
  kind text NOT NULL CHECK (kind IN ('letter', 'evidence', 'agency_file')),
  file_name text NOT NULL,
  content_type text NOT NULL,
  content bytea NOT NULL,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id)
);

CREATE TABLE collection_tasks (
  org_id uuid NOT NULL REFERENCES organizations (id),
  id uuid NOT NULL,
  customer_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('call', 'email', 'letter', 'review', 'escalate')),
  title text NOT NULL,
  assignee_id uuid,
  due_on date NOT NULL,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'cancelled')),
  outcome text,
  notes text,
  invoice_ids uuid[] NOT NULL DEFAULT '{}',
  document_id uuid,
  source text NOT NULL CHECK (source IN ('manual', 'policy', 'promise_broken', 'plan_broken')),
  run_id uuid,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  completed_at timestamptz,
  completed_by uuid,
  PRIMARY KEY (org_id, id),
  FOREIGN KEY (org_id, customer_id) REFERENCES customers (org_id, id)
);
CREATE INDEX collection_tasks_open ON collection_tasks (org_id, assignee_id, due_on) WHERE status = 'open';
CREATE INDEX collection_tasks_customer ON collection_tasks (org_id, customer_id, created_at);

CREATE TABLE customer_notes (
  org_id uuid NOT NULL,
  id uuid NOT NULL,
  customer_id uuid NOT NULL,
  body text NOT NULL,
  author_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id),
  FOREIGN KEY (org_id, customer_id) REFERENCES customers (org_id, id)
);
CREATE INDEX customer_notes_customer ON customer_notes (org_id, customer_id, created_at);

-- A promise to pay an amount by a date, for some invoices (or the account). status moves from
-- open to kept or broken once, decided from the payments applied to the customer's invoices.
CREATE TABLE promises (
  org_id uuid NOT NULL,
  id uuid NOT NULL,
  customer_id uuid NOT NULL,
  amount_minor bigint NOT NULL CHECK (amount_minor > 0),
  currency char(3) NOT NULL,
  promised_on date NOT NULL,
  made_on date NOT NULL,
  invoice_ids uuid[] NOT NULL DEFAULT '{}',
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'kept', 'broken', 'cancelled')),
  decided_on date,
  notes text,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id),
  FOREIGN KEY (org_id, customer_id) REFERENCES customers (org_id, id)
);
CREATE INDEX promises_open ON promises (org_id, customer_id) WHERE status = 'open';

CREATE TABLE disputes (
  org_id uuid NOT NULL,
  id uuid NOT NULL,
  customer_id uuid NOT NULL,
  invoice_id uuid NOT NULL,
  -- The disputed part; NULL for the whole invoice.
  amount_minor bigint CHECK (amount_minor > 0),
  reason text NOT NULL CHECK (reason IN ('pricing', 'quantity', 'damaged', 'not_received', 'duplicate', 'other')),
  owner_id uuid,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved', 'rejected')),
  opened_on date NOT NULL,
  resolved_on date,
  resolution_note text,
  credit_note_id uuid,
  notes text,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id),
  FOREIGN KEY (org_id, invoice_id) REFERENCES invoices (org_id, id)
);
CREATE INDEX disputes_open ON disputes (org_id, invoice_id) WHERE status = 'open';
CREATE INDEX disputes_customer ON disputes (org_id, customer_id);

CREATE TABLE dispute_documents (
  org_id uuid NOT NULL,
  dispute_id uuid NOT NULL,
  document_id uuid NOT NULL,
  PRIMARY KEY (org_id, dispute_id, document_id),
  FOREIGN KEY (org_id, dispute_id) REFERENCES disputes (org_id, id),
  FOREIGN KEY (org_id, document_id) REFERENCES documents (org_id, id)
);

CREATE TABLE payment_plans (
  org_id uuid NOT NULL,
  id uuid NOT NULL,
  customer_id uuid NOT NULL,
  currency char(3) NOT NULL,
  total_minor bigint NOT NULL CHECK (total_minor > 0),
  invoice_ids uuid[] NOT NULL,
  starts_on date NOT NULL,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'completed', 'broken', 'cancelled')),
  decided_on date,
  notes text,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id),
  FOREIGN KEY (org_id, customer_id) REFERENCES customers (org_id, id)
);
CREATE INDEX payment_plans_active ON payment_plans (org_id, customer_id) WHERE status = 'active';

CREATE TABLE payment_plan_installments (
  org_id uuid NOT NULL,
  plan_id uuid NOT NULL,
  position integer NOT NULL CHECK (position >= 1),
  due_on date NOT NULL,
  amount_minor bigint NOT NULL CHECK (amount_minor > 0),
  is_down_payment boolean NOT NULL DEFAULT false,
  PRIMARY KEY (org_id, plan_id, position),
  FOREIGN KEY (org_id, plan_id) REFERENCES payment_plans (org_id, id)
);

-- Why an invoice is not paid, as the collector last heard it; the history stays.
CREATE TABLE nonpayment_reasons (
  org_id uuid NOT NULL,
  id uuid NOT NULL,
  invoice_id uuid NOT NULL,
  reason text NOT NULL CHECK (reason IN ('cash_flow', 'dispute', 'lost_invoice', 'wrong_contact', 'awaiting_approval', 'missing_po', 'bank_error', 'other')),
  note text,
  recorded_by uuid,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id),
  FOREIGN KEY (org_id, invoice_id) REFERENCES invoices (org_id, id)
);
CREATE INDEX nonpayment_reasons_invoice ON nonpayment_reasons (org_id, invoice_id, recorded_at);

-- Accounts handed over to a collection agency or to legal, and what they recovered.
CREATE TABLE agency_placements (
  org_id uuid NOT NULL,
  id uuid NOT NULL,
  customer_id uuid NOT NULL,
  agency text NOT NULL,
  channel text NOT NULL CHECK (channel IN ('agency', 'legal')),
  placed_on date NOT NULL,
  currency char(3) NOT NULL,
  amount_minor bigint NOT NULL CHECK (amount_minor > 0),
  commission_percent numeric(7, 4) NOT NULL CHECK (commission_percent >= 0 AND commission_percent <= 100),
  invoice_ids uuid[] NOT NULL,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'closed', 'recalled')),
  closed_on date,
  notes text,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id),
  FOREIGN KEY (org_id, customer_id) REFERENCES customers (org_id, id)
);
CREATE INDEX agency_placements_active ON agency_placements (org_id, customer_id) WHERE status = 'active';

CREATE TABLE agency_recoveries (
  org_id uuid NOT NULL,
  id uuid NOT NULL,
  placement_id uuid NOT NULL,
  recovered_on date NOT NULL,
  amount_minor bigint NOT NULL CHECK (amount_minor > 0),
  commission_minor bigint NOT NULL CHECK (commission_minor >= 0),
  payment_id uuid NOT NULL,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id),
  FOREIGN KEY (org_id, placement_id) REFERENCES agency_placements (org_id, id),
  FOREIGN KEY (org_id, payment_id) REFERENCES payments (org_id, id)
);
