-- Cash application (issue #14): bank statements come in as files, each transaction a bank line;
-- the matcher proposes or applies payments from the incoming ones. Keyed by org_id first, like
-- every table.

-- The organization's own accounts that statements are for. A statement names its account by IBAN
-- or by number; a CSV export names none, so its account and its column mapping are saved here.
CREATE TABLE bank_accounts (
  org_id uuid NOT NULL REFERENCES organizations (id),
  id uuid NOT NULL,
  name text NOT NULL,
  iban text,
  account_number text,
  bic text,
  currency char(3),
  csv_mapping jsonb,
  created_at timestamptz NOT NULL DEFAULT settle_now(),
  PRIMARY KEY (org_id, id),
  CHECK (iban IS NOT NULL OR account_number IS NOT NULL)
);
CREATE UNIQUE INDEX bank_accounts_iban ON bank_accounts (org_id, iban) WHERE iban IS NOT NULL;
CREATE UNIQUE INDEX bank_accounts_number ON bank_accounts (org_id, account_number)
  WHERE iban IS NULL AND account_number IS NOT NULL;

-- One row per file imported, found again by its hash: a file imported twice is the same file.
CREATE TABLE bank_files (
  org_id uuid NOT NULL REFERENCES organizations (id),
  id uuid NOT NULL,
  sha256 text NOT NULL,
  file_name text,
  format text NOT NULL CHECK (format IN ('camt.053', 'camt.054', 'mt940', 'bai2', 'ofx', 'csv')),
  version text,
  statements int4 NOT NULL,
  lines int4 NOT NULL,
  lines_added int4 NOT NULL,
  warnings jsonb NOT NULL DEFAULT '[]'::jsonb,
  imported_by uuid,
  imported_at timestamptz NOT NULL DEFAULT settle_now(),
  PRIMARY KEY (org_id, id),
  UNIQUE (org_id, sha256)
);

-- A bank transaction. `dedupe_key` says which transaction of the account it is whatever file it
-- came in (a camt.054 in the day, the camt.053 at night, overlapping statements); `occurrence`
-- counts identical transactions within one file, so that two genuine identical lines both count
-- while the same two seen again in another file add nothing (bank-line-key.ts).
CREATE TABLE bank_lines (
  org_id uuid NOT NULL REFERENCES organizations (id),
  id uuid NOT NULL,
  bank_account_id uuid NOT NULL,
  file_id uuid NOT NULL,
  position int4 NOT NULL,
  dedupe_key text NOT NULL,
  occurrence int4 NOT NULL CHECK (occurrence >= 1),
  value_date date,
  booking_date date,
  amount_minor bigint NOT NULL CHECK (amount_minor > 0),
  currency char(3) NOT NULL,
  direction text NOT NULL CHECK (direction IN ('credit', 'debit')),
  status text NOT NULL CHECK (status IN ('booked', 'pending', 'info')),
  reversal boolean NOT NULL,
  payer_name text,
  payer_account text,
  payer_bic text,
  ref text NOT NULL,
  refs jsonb NOT NULL,
  remittance jsonb NOT NULL,
  transaction_code text,
  additional_info text,
  -- What became of it: waiting for the matcher or a person, applied (a payment exists), or not
  -- for matching at all (a debit, a pending or informational line, one a person set aside).
  state text NOT NULL CHECK (state IN ('unmatched', 'review', 'applied', 'ignored')),
  payment_id uuid,
  created_at timestamptz NOT NULL DEFAULT settle_now(),
  PRIMARY KEY (org_id, id),
  UNIQUE (org_id, bank_account_id, dedupe_key, occurrence),
  FOREIGN KEY (org_id, bank_account_id) REFERENCES bank_accounts (org_id, id),
  FOREIGN KEY (org_id, file_id) REFERENCES bank_files (org_id, id),
  FOREIGN KEY (org_id, payment_id) REFERENCES payments (org_id, id)
);
CREATE INDEX bank_lines_state ON bank_lines (org_id, state, booking_date) WHERE state IN ('unmatched', 'review');
CREATE INDEX bank_lines_file ON bank_lines (org_id, file_id, position);

ALTER TABLE payments DROP CONSTRAINT payments_origin_check;
ALTER TABLE payments ADD CONSTRAINT payments_origin_check CHECK (origin IN ('api', 'import', 'demo', 'bank'));

-- What the matcher proposed or applied for a line, with its evidence as data (kind, detail,
-- weight) and the engine's version. An applied match is never changed: undoing it reverses its
-- payment and marks it undone; proposals are replaced each time the line is matched again.
CREATE TABLE bank_matches (
  org_id uuid NOT NULL REFERENCES organizations (id),
  id uuid NOT NULL,
  bank_line_id uuid NOT NULL,
  rank int4 NOT NULL,
  customer_id uuid NOT NULL,
  allocations jsonb NOT NULL,
  unapplied_minor bigint NOT NULL CHECK (unapplied_minor >= 0),
  confidence numeric(4, 3) NOT NULL,
  basis text NOT NULL CHECK (basis IN ('reference', 'payer', 'weak', 'person')),
  evidence jsonb NOT NULL,
  flags jsonb NOT NULL DEFAULT '[]'::jsonb,
  engine_version text NOT NULL,
  state text NOT NULL CHECK (state IN ('proposed', 'applied', 'undone')),
  applied_by text,
  payment_id uuid,
  created_at timestamptz NOT NULL DEFAULT settle_now(),
  undone_at timestamptz,
  PRIMARY KEY (org_id, id),
  FOREIGN KEY (org_id, bank_line_id) REFERENCES bank_lines (org_id, id),
  FOREIGN KEY (org_id, customer_id) REFERENCES customers (org_id, id),
  FOREIGN KEY (org_id, payment_id) REFERENCES payments (org_id, id)
);
CREATE INDEX bank_matches_line ON bank_matches (org_id, bank_line_id, rank);
-- One applied match per line at a time: a second apply of the same line (two people, two runs)
-- fails on this index instead of posting the money twice.
CREATE UNIQUE INDEX bank_matches_applied ON bank_matches (org_id, bank_line_id) WHERE state = 'applied';

-- Pairs a person undid: the engine never proposes them for that line again.
CREATE TABLE bank_match_rejections (
  org_id uuid NOT NULL REFERENCES organizations (id),
  bank_line_id uuid NOT NULL,
  -- A customer or one of its invoices.
  target_id uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT settle_now(),
  PRIMARY KEY (org_id, bank_line_id, target_id)
);

-- What confirmations and reference-backed applications taught: this account paid for this
-- customer, under this name. An account with several customers identifies none of them alone.
CREATE TABLE bank_payer_accounts (
  org_id uuid NOT NULL REFERENCES organizations (id),
  account text NOT NULL,
  customer_id uuid NOT NULL,
  confirmations int4 NOT NULL DEFAULT 1,
  last_line_id uuid,
  created_at timestamptz NOT NULL DEFAULT settle_now(),
  PRIMARY KEY (org_id, account, customer_id),
  FOREIGN KEY (org_id, customer_id) REFERENCES customers (org_id, id)
);
CREATE TABLE bank_payer_names (
  org_id uuid NOT NULL REFERENCES organizations (id),
  name text NOT NULL,
  customer_id uuid NOT NULL,
  confirmations int4 NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT settle_now(),
  PRIMARY KEY (org_id, name, customer_id),
  FOREIGN KEY (org_id, customer_id) REFERENCES customers (org_id, id)
);
