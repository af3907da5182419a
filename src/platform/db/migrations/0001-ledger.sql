-- The A/R ledger. Every table carries org_id and every key starts with it, so one tenant's rows
-- can never be reached through another's keys and the schema can later be distributed by org_id.
-- Money is bigint minor units with a char(3) ISO 4217 currency; calendar dates are `date`.

CREATE TABLE organizations (
  id uuid PRIMARY KEY,
  slug text NOT NULL UNIQUE,
  name text NOT NULL,
  base_currency char(3) NOT NULL,
  time_zone text NOT NULL DEFAULT 'UTC',
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE users (
  org_id uuid NOT NULL REFERENCES organizations (id),
  id uuid NOT NULL,
  email text NOT NULL,
  name text NOT NULL,
  role text NOT NULL CHECK (role IN ('owner', 'admin', 'accountant', 'collector', 'sales', 'viewer')),
  password_hash text,
  created_at timestamptz NOT NULL DEFAULT now(),
  disabled_at timestamptz,
  PRIMARY KEY (org_id, id),
  UNIQUE (org_id, email)
);

CREATE TABLE api_tokens (
  org_id uuid NOT NULL,
  id uuid NOT NULL,
  user_id uuid NOT NULL,
  name text NOT NULL,
  token_prefix text NOT NULL,
  token_hash text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz,
  PRIMARY KEY (org_id, id),
  FOREIGN KEY (org_id, user_id) REFERENCES users (org_id, id)
);

CREATE TABLE sessions (
  org_id uuid NOT NULL,
  id uuid NOT NULL,
  user_id uuid NOT NULL,
  token_hash text NOT NULL UNIQUE,
  csrf_token text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  PRIMARY KEY (org_id, id),
  FOREIGN KEY (org_id, user_id) REFERENCES users (org_id, id)
);

CREATE TABLE customers (
  org_id uuid NOT NULL REFERENCES organizations (id),
  id uuid NOT NULL,
  ref text NOT NULL,
  name text NOT NULL,
  legal_name text,
  tax_id text,
  billing_address jsonb,
  currency char(3) NOT NULL,
  terms_code text NOT NULL,
  credit_limit_minor bigint CHECK (credit_limit_minor >= 0),
  credit_hold boolean NOT NULL DEFAULT false,
  tags text[] NOT NULL DEFAULT '{}',
  notes text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id),
  UNIQUE (org_id, ref)
);
CREATE INDEX customers_name ON customers (org_id, name);

CREATE TABLE contacts (
  org_id uuid NOT NULL,
  id uuid NOT NULL,
  customer_id uuid NOT NULL,
  name text NOT NULL,
  email text,
  phone text,
  role text NOT NULL CHECK (role IN ('accounts_payable', 'billing', 'primary', 'other')),
  receives_reminders boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id),
  FOREIGN KEY (org_id, customer_id) REFERENCES customers (org_id, id) ON DELETE CASCADE
);
CREATE INDEX contacts_customer ON contacts (org_id, customer_id);

-- Gapless document numbers: the counter row is locked and advanced in the transaction that
-- issues the document, so a rolled-back issue gives its number back.
CREATE TABLE document_sequences (
  org_id uuid NOT NULL REFERENCES organizations (id),
  kind text NOT NULL CHECK (kind IN ('invoice', 'credit_note')),
  prefix text NOT NULL,
  next_number bigint NOT NULL CHECK (next_number >= 1),
  PRIMARY KEY (org_id, kind)
);

-- `status` is the lifecycle and the balance in one: draft, then open / partially_paid / paid /
-- written_off as applications arrive, or void. `open_minor` caches total minus applications; it
-- is recomputed in the transaction of every application and checked against the derivation.
CREATE TABLE invoices (
  org_id uuid NOT NULL,
  id uuid NOT NULL,
  customer_id uuid NOT NULL,
  number text,
  status text NOT NULL CHECK (status IN ('draft', 'open', 'partially_paid', 'paid', 'written_off', 'void')),
  kind text NOT NULL DEFAULT 'standard' CHECK (kind IN ('standard', 'late_fee')),
  currency char(3) NOT NULL,
  issued_on date,
  due_on date,
  terms_code text NOT NULL,
  discount_on date,
  discount_minor bigint NOT NULL DEFAULT 0 CHECK (discount_minor >= 0),
  subtotal_minor bigint NOT NULL CHECK (subtotal_minor >= 0),
  tax_minor bigint NOT NULL CHECK (tax_minor >= 0),
  total_minor bigint NOT NULL CHECK (total_minor >= 0),
  open_minor bigint NOT NULL CHECK (open_minor >= 0 AND open_minor <= total_minor),
  po_number text,
  memo text,
  origin text NOT NULL DEFAULT 'api' CHECK (origin IN ('api', 'import', 'demo')),
  created_at timestamptz NOT NULL DEFAULT now(),
  issued_at timestamptz,
  voided_at timestamptz,
  voided_on date,
  void_reason text,
  PRIMARY KEY (org_id, id),
  FOREIGN KEY (org_id, customer_id) REFERENCES customers (org_id, id),
  UNIQUE (org_id, number),
  CHECK (status = 'draft' OR (number IS NOT NULL AND issued_on IS NOT NULL AND due_on IS NOT NULL)),
  CHECK (subtotal_minor + tax_minor = total_minor)
);
CREATE INDEX invoices_customer ON invoices (org_id, customer_id, issued_on);
CREATE INDEX invoices_issued ON invoices (org_id, issued_on);
CREATE INDEX invoices_open_due ON invoices (org_id, due_on) WHERE open_minor > 0;

CREATE TABLE invoice_lines (
  org_id uuid NOT NULL,
  invoice_id uuid NOT NULL,
  position integer NOT NULL,
  description text NOT NULL,
  quantity numeric(24, 6) NOT NULL CHECK (quantity > 0),
  unit_price_minor bigint NOT NULL CHECK (unit_price_minor >= 0),
  tax_rate numeric(9, 4) NOT NULL CHECK (tax_rate >= 0 AND tax_rate < 100),
  net_minor bigint NOT NULL,
  tax_minor bigint NOT NULL,
  PRIMARY KEY (org_id, invoice_id, position),
  FOREIGN KEY (org_id, invoice_id) REFERENCES invoices (org_id, id) ON DELETE CASCADE
);

CREATE TABLE credit_notes (
  org_id uuid NOT NULL,
  id uuid NOT NULL,
  number text NOT NULL,
  customer_id uuid NOT NULL,
  invoice_id uuid,
  currency char(3) NOT NULL,
  issued_on date NOT NULL,
  subtotal_minor bigint NOT NULL CHECK (subtotal_minor >= 0),
  tax_minor bigint NOT NULL CHECK (tax_minor >= 0),
  total_minor bigint NOT NULL CHECK (total_minor > 0),
  reason text,
  memo text,
  origin text NOT NULL DEFAULT 'api' CHECK (origin IN ('api', 'import', 'demo')),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id),
  UNIQUE (org_id, number),
  FOREIGN KEY (org_id, customer_id) REFERENCES customers (org_id, id),
  FOREIGN KEY (org_id, invoice_id) REFERENCES invoices (org_id, id),
  CHECK (subtotal_minor + tax_minor = total_minor)
);
CREATE INDEX credit_notes_customer ON credit_notes (org_id, customer_id, issued_on);
CREATE INDEX credit_notes_issued ON credit_notes (org_id, issued_on);

CREATE TABLE credit_note_lines (
  org_id uuid NOT NULL,
  credit_note_id uuid NOT NULL,
  position integer NOT NULL,
  description text NOT NULL,
  quantity numeric(24, 6) NOT NULL CHECK (quantity > 0),
  unit_price_minor bigint NOT NULL CHECK (unit_price_minor >= 0),
  tax_rate numeric(9, 4) NOT NULL CHECK (tax_rate >= 0 AND tax_rate < 100),
  net_minor bigint NOT NULL,
  tax_minor bigint NOT NULL,
  PRIMARY KEY (org_id, credit_note_id, position),
  FOREIGN KEY (org_id, credit_note_id) REFERENCES credit_notes (org_id, id)
);

CREATE TABLE payments (
  org_id uuid NOT NULL,
  id uuid NOT NULL,
  customer_id uuid NOT NULL,
  received_on date NOT NULL,
  amount_minor bigint NOT NULL CHECK (amount_minor > 0),
  currency char(3) NOT NULL,
  method text NOT NULL CHECK (method IN ('bank_transfer', 'card', 'cheque', 'cash', 'direct_debit', 'other')),
  reference text,
  payer text,
  memo text,
  origin text NOT NULL DEFAULT 'api' CHECK (origin IN ('api', 'import', 'demo')),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id),
  FOREIGN KEY (org_id, customer_id) REFERENCES customers (org_id, id)
);
CREATE INDEX payments_customer ON payments (org_id, customer_id, received_on);
CREATE INDEX payments_received ON payments (org_id, received_on);
CREATE INDEX payments_reference ON payments (org_id, reference);

-- A reversal (a bounced cheque, a charge-back) is its own record: the payment row never changes.
CREATE TABLE payment_reversals (
  org_id uuid NOT NULL,
  id uuid NOT NULL,
  payment_id uuid NOT NULL,
  reversed_on date NOT NULL,
  reason text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id),
  UNIQUE (org_id, payment_id),
  FOREIGN KEY (org_id, payment_id) REFERENCES payments (org_id, id)
);

CREATE TABLE refunds (
  org_id uuid NOT NULL,
  id uuid NOT NULL,
  customer_id uuid NOT NULL,
  source_type text NOT NULL CHECK (source_type IN ('payment', 'credit_note')),
  source_id uuid NOT NULL,
  refunded_on date NOT NULL,
  amount_minor bigint NOT NULL CHECK (amount_minor > 0),
  currency char(3) NOT NULL,
  method text NOT NULL,
  reference text,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id),
  FOREIGN KEY (org_id, customer_id) REFERENCES customers (org_id, id)
);
CREATE INDEX refunds_source ON refunds (org_id, source_id);
CREATE INDEX refunds_customer ON refunds (org_id, customer_id, refunded_on);

CREATE TABLE write_offs (
  org_id uuid NOT NULL,
  id uuid NOT NULL,
  customer_id uuid NOT NULL,
  invoice_id uuid NOT NULL,
  written_off_on date NOT NULL,
  amount_minor bigint NOT NULL CHECK (amount_minor > 0),
  currency char(3) NOT NULL,
  reason text NOT NULL CHECK (reason IN ('bad_debt', 'small_balance', 'other')),
  memo text,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id),
  FOREIGN KEY (org_id, invoice_id) REFERENCES invoices (org_id, id)
);
CREATE INDEX write_offs_invoice ON write_offs (org_id, invoice_id);
CREATE INDEX write_offs_date ON write_offs (org_id, written_off_on);

-- Applications: money from a source (payment, credit note, write-off, early-payment discount)
-- to a target invoice, dated. Append-only: un-applying, and reversing a payment, append negative
-- rows. The balance of an invoice as of D is its total minus the applications dated on or before D.
CREATE TABLE applications (
  org_id uuid NOT NULL,
  id uuid NOT NULL,
  customer_id uuid NOT NULL,
  invoice_id uuid NOT NULL,
  source_type text NOT NULL CHECK (source_type IN ('payment', 'credit_note', 'write_off', 'discount')),
  source_id uuid NOT NULL,
  amount_minor bigint NOT NULL CHECK (amount_minor <> 0),
  currency char(3) NOT NULL,
  applied_on date NOT NULL,
  reversal_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id),
  FOREIGN KEY (org_id, invoice_id) REFERENCES invoices (org_id, id)
);
CREATE INDEX applications_invoice ON applications (org_id, invoice_id, applied_on);
CREATE INDEX applications_source ON applications (org_id, source_id);
CREATE INDEX applications_customer ON applications (org_id, customer_id, applied_on);

-- The general-ledger side: every financial event posts one balanced entry.
CREATE TABLE journal_entries (
  org_id uuid NOT NULL,
  id uuid NOT NULL,
  entry_on date NOT NULL,
  source_type text NOT NULL,
  source_id uuid NOT NULL,
  description text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id)
);
CREATE INDEX journal_entries_source ON journal_entries (org_id, source_id);
CREATE INDEX journal_entries_date ON journal_entries (org_id, entry_on);

CREATE TABLE journal_lines (
  org_id uuid NOT NULL,
  entry_id uuid NOT NULL,
  line_number smallint NOT NULL,
  account text NOT NULL,
  customer_id uuid,
  currency char(3) NOT NULL,
  debit_minor bigint NOT NULL CHECK (debit_minor >= 0),
  credit_minor bigint NOT NULL CHECK (credit_minor >= 0),
  PRIMARY KEY (org_id, entry_id, line_number),
  FOREIGN KEY (org_id, entry_id) REFERENCES journal_entries (org_id, id),
  CHECK ((debit_minor = 0) <> (credit_minor = 0))
);
CREATE INDEX journal_lines_account ON journal_lines (org_id, account, currency);

CREATE TABLE audit_events (
  org_id uuid NOT NULL,
  id uuid NOT NULL,
  at timestamptz NOT NULL DEFAULT now(),
  actor_type text NOT NULL CHECK (actor_type IN ('user', 'token', 'system', 'cli')),
  actor_id text,
  actor_name text NOT NULL,
  action text NOT NULL,
  entity_type text NOT NULL,
  entity_id uuid,
  before jsonb,
  after jsonb,
  PRIMARY KEY (org_id, id)
);
CREATE INDEX audit_events_entity ON audit_events (org_id, entity_id);
CREATE INDEX audit_events_at ON audit_events (org_id, at);

-- A money-moving request's key, the hash of its canonical input and its first result, written in
-- the same transaction as the effect so that a retry either finds the result or finds nothing.
CREATE TABLE idempotency_keys (
  org_id uuid NOT NULL REFERENCES organizations (id),
  key text NOT NULL,
  operation text NOT NULL,
  request_hash text NOT NULL,
  result jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, key)
);

-- Posted rows are immutable, and the database enforces it so that the rule does not rest on review.
CREATE FUNCTION refuse_change_to_posted_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'rows of % are immutable once posted', TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
END $$;

CREATE TRIGGER credit_notes_immutable BEFORE UPDATE OR DELETE ON credit_notes
  FOR EACH ROW EXECUTE FUNCTION refuse_change_to_posted_row();
CREATE TRIGGER credit_note_lines_immutable BEFORE UPDATE OR DELETE ON credit_note_lines
  FOR EACH ROW EXECUTE FUNCTION refuse_change_to_posted_row();
CREATE TRIGGER payments_immutable BEFORE UPDATE OR DELETE ON payments
  FOR EACH ROW EXECUTE FUNCTION refuse_change_to_posted_row();
CREATE TRIGGER payment_reversals_immutable BEFORE UPDATE OR DELETE ON payment_reversals
  FOR EACH ROW EXECUTE FUNCTION refuse_change_to_posted_row();
CREATE TRIGGER refunds_immutable BEFORE UPDATE OR DELETE ON refunds
  FOR EACH ROW EXECUTE FUNCTION refuse_change_to_posted_row();
CREATE TRIGGER write_offs_immutable BEFORE UPDATE OR DELETE ON write_offs
  FOR EACH ROW EXECUTE FUNCTION refuse_change_to_posted_row();
CREATE TRIGGER applications_immutable BEFORE UPDATE OR DELETE ON applications
  FOR EACH ROW EXECUTE FUNCTION refuse_change_to_posted_row();
CREATE TRIGGER journal_entries_immutable BEFORE UPDATE OR DELETE ON journal_entries
  FOR EACH ROW EXECUTE FUNCTION refuse_change_to_posted_row();
CREATE TRIGGER journal_lines_immutable BEFORE UPDATE OR DELETE ON journal_lines
  FOR EACH ROW EXECUTE FUNCTION refuse_change_to_posted_row();
CREATE TRIGGER audit_events_immutable BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION refuse_change_to_posted_row();

-- An issued invoice may only move its status along the balance, be voided, and have its cached
-- open balance recomputed; everything it says to the customer stays as issued.
CREATE FUNCTION guard_issued_invoice() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF OLD.status <> 'draft' THEN
      RAISE EXCEPTION 'issued invoice % cannot be deleted', OLD.number USING ERRCODE = 'restrict_violation';
    END IF;
    RETURN OLD;
  END IF;
  IF OLD.status = 'draft' THEN
    RETURN NEW;
  END IF;
  IF OLD.status = 'void' OR NEW.status = 'draft'
     OR (to_jsonb(OLD) - ARRAY['status', 'open_minor', 'voided_at', 'voided_on', 'void_reason'])
        IS DISTINCT FROM (to_jsonb(NEW) - ARRAY['status', 'open_minor', 'voided_at', 'voided_on', 'void_reason']) THEN
    RAISE EXCEPTION 'issued invoice % is immutable', OLD.number USING ERRCODE = 'restrict_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER invoices_guard BEFORE UPDATE OR DELETE ON invoices
  FOR EACH ROW EXECUTE FUNCTION guard_issued_invoice();

CREATE FUNCTION guard_issued_invoice_line() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  parent_status text;
BEGIN
  SELECT status INTO parent_status FROM invoices WHERE org_id = OLD.org_id AND id = OLD.invoice_id;
  IF parent_status IS NOT NULL AND parent_status <> 'draft' THEN
    RAISE EXCEPTION 'lines of an issued invoice are immutable' USING ERRCODE = 'restrict_violation';
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER invoice_lines_guard BEFORE UPDATE OR DELETE ON invoice_lines
  FOR EACH ROW EXECUTE FUNCTION guard_issued_invoice_line();
